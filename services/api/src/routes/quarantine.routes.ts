import { Router } from 'express';
import { z } from 'zod';
import {
  discardQuarantinedRecord,
  listQuarantinedRecords,
  quarantinedRecordView,
  replayQuarantinedRecord,
  type QuarantineActionResult,
} from '@e2a/db';
import { QUARANTINE_KINDS, tenantIdSchema } from '@e2a/domain';
import { HttpError, parseOrThrow } from '@e2a/http';
import type { ApiDeps } from '../app';
import { requireAdmin } from '../middleware/auth';
import { ErrorBodySchema, openApiRegistry } from '../openapi';

export const quarantineListQuerySchema = z
  .object({
    tenant: tenantIdSchema.optional(),
    kind: z.enum(QUARANTINE_KINDS).optional(),
    status: z.enum(['open', 'replayed', 'discarded']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric quarantine id') });

const QuarantinedRecordSchema = z
  .object({
    id: z.string(),
    tenant: z.string(),
    kind: z.string(),
    record_key: z.string(),
    error_class: z.string(),
    error_message: z.string(),
    attempts: z.number().int(),
    workflow_id: z.string().nullable(),
    run_id: z.string().nullable(),
    activity_type: z.string().nullable(),
    status: z.enum(['open', 'replayed', 'discarded']),
    first_seen_at: z.string(),
    last_seen_at: z.string(),
    closed_at: z.string().nullable(),
  })
  .meta({ id: 'QuarantinedRecord' });

const QuarantineActionSchema = z
  .object({
    outcome: z.enum(['replayed', 'discarded']),
    record: QuarantinedRecordSchema,
  })
  .meta({ id: 'QuarantineAction' });

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBodySchema } },
});
const adminErrors = {
  401: errorResponse('Admin API key required'),
  422: errorResponse('Validation failed (the details name the field and rule)'),
};
openApiRegistry.registerPath({
  method: 'get',
  path: '/admin/quarantine',
  summary: 'Quarantined records (newest first): what failed with a data error, where and how often',
  tags: ['admin'],
  security: [{ adminApiKey: [] }],
  request: { query: quarantineListQuerySchema },
  responses: {
    200: {
      description: 'Quarantined records',
      content: { 'application/json': { schema: z.object({ records: z.array(QuarantinedRecordSchema) }) } },
    },
    ...adminErrors,
  },
});
for (const action of ['replay', 'discard'] as const) {
  openApiRegistry.registerPath({
    method: 'post',
    path: `/admin/quarantine/{id}/${action}`,
    summary:
      action === 'replay'
        ? 'Release an open quarantined record so its pass takes it again through the same code (an order within seconds); failing again quarantines it anew'
        : 'Close an open quarantined record without processing it',
    tags: ['admin'],
    security: [{ adminApiKey: [] }],
    request: { params: idParams },
    responses: {
      200: {
        description: 'What happened',
        content: { 'application/json': { schema: QuarantineActionSchema } },
      },
      404: errorResponse('No quarantined record with this id'),
      409: errorResponse('The record is not open any more (already replayed or discarded)'),
      ...adminErrors,
    },
  });
}

function answer(result: QuarantineActionResult, id: string) {
  if (result.outcome === 'not_found') {
    throw new HttpError('not_found', `No quarantined record ${id}`, [{ path: 'id', rule: 'exists' }]);
  }
  if (result.outcome === 'not_open') {
    throw new HttpError('conflict', `Quarantined record ${id} is ${result.record.status}, not open`, [
      { path: 'id', rule: 'open' },
    ]);
  }
  return { outcome: result.outcome, record: quarantinedRecordView(result.record) };
}

/** `GET /admin/quarantine`, `POST /admin/quarantine/{id}/replay|discard`, guarded by the admin key. */
export function createQuarantineRouter(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.use('/admin/quarantine', requireAdmin(deps.config.ADMIN_API_KEY));

  router.get('/admin/quarantine', async (req, res) => {
    const query = parseOrThrow(quarantineListQuerySchema, req.query, 'query');
    const rows = await listQuarantinedRecords(deps.db, query);
    res.json({ records: rows.map(quarantinedRecordView) });
  });

  router.post('/admin/quarantine/:id/replay', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const result = await replayQuarantinedRecord(deps.db, id, now());
    res.json(answer(result, id));
  });

  router.post('/admin/quarantine/:id/discard', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    res.json(answer(await discardQuarantinedRecord(deps.db, id, now()), id));
  });
  return router;
}
