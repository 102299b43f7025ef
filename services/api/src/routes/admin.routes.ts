import { Router } from 'express';
import { z } from 'zod';
import {
  activityReplayHandlers,
  createActivities,
  replayDlqEntries,
  activitiesSettingsFrom,
} from '@e2a/activities';
import { dlqStats } from '@e2a/db';
import { tenantIdSchema } from '@e2a/domain';
import { parseOrThrow } from '@e2a/http';
import type { ApiDeps } from '../app';
import { requireAdmin } from '../middleware/auth';
import { ErrorBodySchema, openApiRegistry } from '../openapi';

const statsQuerySchema = z.object({ tenant: tenantIdSchema.optional() });

export const replayRequestSchema = z
  .object({
    tenant: tenantIdSchema.optional(),
    kind: z.enum(['event', 'activity']).optional(),
    ids: z.array(z.string().regex(/^\d+$/, 'must be a numeric DLQ id')).max(1000).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

const dlqStatsSchema = z
  .object({
    total: z.number().int(),
    byStatus: z.object({ PENDING: z.number().int(), REPLAYED: z.number().int(), FAILED: z.number().int() }),
    byKind: z.array(z.object({ kind: z.string(), status: z.string(), count: z.number().int() })),
    due: z.number().int(),
    oldestPendingAt: z.string().nullable(),
  })
  .meta({ id: 'DlqStats' });

const replaySummarySchema = z
  .object({
    claimed: z.number().int(),
    replayed: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        tenant: z.string().nullable(),
        outcome: z.enum(['replayed', 'failed']),
        eventStatus: z.enum(['accepted', 'duplicate']).optional(),
        error: z.string().optional(),
        nextAttemptAt: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'DlqReplaySummary' });

openApiRegistry.registerComponent('securitySchemes', 'adminApiKey', {
  type: 'http',
  scheme: 'bearer',
  description: 'The admin API key (ADMIN_API_KEY)',
});
const adminErrors = {
  401: {
    description: 'Admin API key required',
    content: { 'application/json': { schema: ErrorBodySchema } },
  },
  422: { description: 'Validation failed', content: { 'application/json': { schema: ErrorBodySchema } } },
};
openApiRegistry.registerPath({
  method: 'get',
  path: '/admin/dlq/stats',
  summary: 'Dead-letter queue counts by kind and status, and how many entries are due for replay',
  tags: ['admin'],
  security: [{ adminApiKey: [] }],
  request: { query: statsQuerySchema },
  responses: {
    200: { description: 'DLQ statistics', content: { 'application/json': { schema: dlqStatsSchema } } },
    ...adminErrors,
  },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/admin/replay',
  summary: 'Replay due DLQ entries (or the given ids); replaying an event never stores it twice',
  tags: ['admin'],
  security: [{ adminApiKey: [] }],
  request: { body: { content: { 'application/json': { schema: replayRequestSchema } } } },
  responses: {
    200: {
      description: 'What was replayed',
      content: { 'application/json': { schema: replaySummarySchema } },
    },
    ...adminErrors,
  },
});

/** `GET /admin/dlq/stats` and `POST /admin/replay`, guarded by the admin key. */
export function createAdminRouter(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.use('/admin', requireAdmin(deps.config.ADMIN_API_KEY));

  router.get('/admin/dlq/stats', async (req, res) => {
    const query = parseOrThrow(statsQuerySchema, req.query, 'query');
    res.json(await dlqStats(deps.db, { now: now(), ...(query.tenant ? { tenant: query.tenant } : {}) }));
  });

  router.post('/admin/replay', async (req, res) => {
    const body = parseOrThrow(replayRequestSchema, req.body ?? {}, 'body');
    const activities = createActivities({
      db: deps.db,
      redis: deps.redis,
      logger: deps.logger,
      metrics: deps.metrics,
      settings: activitiesSettingsFrom(deps.config),
      now,
    });
    const summary = await replayDlqEntries(deps.db, {
      now: now(),
      limit: body.limit,
      ...(body.tenant ? { tenant: body.tenant } : {}),
      ...(body.kind ? { kind: body.kind } : {}),
      ...(body.ids ? { ids: body.ids } : {}),
      handlers: activityReplayHandlers(activities),
    });
    res.json(summary);
  });
  return router;
}
