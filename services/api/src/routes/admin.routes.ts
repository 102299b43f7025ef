import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { dlqStats } from '@e2a/db';
import { dlqReplayRequestSchema, dlqReplaySummarySchema, tenantIdSchema } from '@e2a/domain';
import { HttpError, parseOrThrow } from '@e2a/http';
import {
  DLQ_REPLAY_WORKFLOW,
  dlqReplaySearchAttributes,
  dlqReplayWorkflowId,
  type DlqReplayInput,
  type DlqReplayResult,
} from '@e2a/workflows/contracts';
import type { ApiDeps } from '../app';
import { requireAdmin } from '../middleware/auth';
import { ErrorBodySchema, openApiRegistry } from '../openapi';

const statsQuerySchema = z.object({ tenant: tenantIdSchema.optional() });

const replayRequestSchema = dlqReplayRequestSchema.meta({ id: 'DlqReplayRequest' });

const dlqStatsSchema = z
  .object({
    total: z.number().int(),
    byStatus: z.object({ PENDING: z.number().int(), REPLAYED: z.number().int(), FAILED: z.number().int() }),
    byKind: z.array(z.object({ kind: z.string(), status: z.string(), count: z.number().int() })),
    due: z.number().int(),
    oldestPendingAt: z.string().nullable(),
  })
  .meta({ id: 'DlqStats' });

const replaySummarySchema = dlqReplaySummarySchema.meta({ id: 'DlqReplaySummary' });

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
  summary:
    'Replay due DLQ entries (or the given ids) through the dlqReplayWorkflow in the worker; replaying an event never stores it twice',
  tags: ['admin'],
  security: [{ adminApiKey: [] }],
  request: { body: { content: { 'application/json': { schema: replayRequestSchema } } } },
  responses: {
    200: {
      description: 'What was replayed',
      content: { 'application/json': { schema: replaySummarySchema } },
    },
    ...adminErrors,
    503: {
      description: 'The replay workflow failed (Postgres away during its retries)',
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
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

  // The replay runs in the worker (the one process that composes activities): started here through its contract.
  router.post('/admin/replay', async (req, res) => {
    const body: DlqReplayInput = parseOrThrow(replayRequestSchema, req.body ?? {}, 'body');
    try {
      const summary: DlqReplayResult = await deps.temporal.workflow.execute(DLQ_REPLAY_WORKFLOW, {
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        workflowId: dlqReplayWorkflowId(body.tenant, randomUUID()),
        args: [body],
        typedSearchAttributes: dlqReplaySearchAttributes(body.tenant),
      });
      res.json(summary);
    } catch (error) {
      if (error instanceof WorkflowFailedError) {
        throw new HttpError('unavailable', `DLQ replay failed: ${error.cause?.message ?? error.message}`);
      }
      throw error;
    }
  });
  return router;
}
