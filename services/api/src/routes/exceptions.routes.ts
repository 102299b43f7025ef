import { Router } from 'express';
import { z } from 'zod';
import {
  EXCEPTION_SORT_FIELDS,
  findException,
  listExceptions,
  listOrderEvents,
  listResolutionAttempts,
  summarizeExceptions,
  updateException,
  type ExceptionView,
} from '@e2a/db';
import {
  EXCEPTION_STATUSES,
  REASON_CODE_LIST,
  SEVERITIES,
  isResolvingStatus,
  isValidStatusTransition,
  type ExceptionStatus,
} from '@e2a/domain';
import { HttpError, parseOrThrow, validationFailed } from '@e2a/http';
import type { ApiDeps } from '../app';
import { requireTenant, tenantOf } from '../middleware/auth';
import { registerTenantPath } from '../openapi';

// Exceptions of the caller's tenant: list with filters, detail with timeline, forward-only edits, summary.

const booleanQuery = z.enum(['true', 'false'], { message: 'must be true or false' });
const asBoolean = (value: 'true' | 'false' | undefined) =>
  value === undefined ? undefined : value === 'true';

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be ISO-8601 with an offset or Z' });

export const ExceptionListQuerySchema = z.strictObject({
  status: z.enum(EXCEPTION_STATUSES).optional(),
  reason_code: z.enum(REASON_CODE_LIST as [string, ...string[]]).optional(),
  severity: z.enum(SEVERITIES).optional(),
  order_id: z.string().min(1).max(128).optional(),
  created_after: isoDateTime.optional(),
  created_before: isoDateTime.optional(),
  active: booleanQuery
    .optional()
    .meta({ description: 'OPEN, ACKNOWLEDGED or IN_PROGRESS (true) or not (false)' }),
  awaiting_approval: booleanQuery.optional().meta({ description: 'active and waiting for approve/reject' }),
  escalated: booleanQuery.optional().meta({ description: 'active and escalated at least once' }),
  blocked: booleanQuery.optional().meta({ description: 'automated resolution blocked' }),
  sort: z.enum(EXCEPTION_SORT_FIELDS).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});

const ExceptionIdParamsSchema = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'must be a positive integer id'),
});

export const ExceptionPatchSchema = z
  .strictObject({
    status: z.enum(EXCEPTION_STATUSES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    ops_note: z.string().max(2000).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'must change at least one of status, severity, ops_note',
  })
  .meta({ id: 'ExceptionPatch' });

const MultiplierSchema = z.object({ name: z.string(), value: z.number() });

export const BreachContextSchema = z
  .object({
    window: z.enum(['pick', 'pack', 'ship', 'delivery']),
    started_at: z.string(),
    deadline_at: z.string(),
    ended_at: z.string().nullable(),
    actual_minutes: z.number(),
    sla_minutes: z.number(),
    delay_minutes: z.number(),
    multipliers: z.array(MultiplierSchema),
  })
  .meta({ id: 'BreachContext' });

export const ExceptionSchema = z
  .object({
    id: z.string(),
    order_id: z.string(),
    reason_code: z.string(),
    status: z.enum(EXCEPTION_STATUSES),
    severity: z.enum(SEVERITIES),
    priority: z.number().int().nullable(),
    ai_label: z.string().nullable(),
    ai_confidence: z.number().nullable(),
    ops_note: z.string().nullable(),
    client_note: z.string().nullable(),
    context_data: z.record(z.string(), z.unknown()),
    correlation_id: z.string().nullable(),
    resolution_attempts: z.number().int(),
    max_resolution_attempts: z.number().int(),
    last_resolution_attempt_at: z.string().nullable(),
    resolution_blocked: z.boolean(),
    resolution_block_reason: z.string().nullable(),
    escalation_level: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .meta({ id: 'Exception' });

const ExceptionPageSchema = z
  .object({
    items: z.array(ExceptionSchema),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    has_next: z.boolean(),
  })
  .meta({ id: 'ExceptionPage' });

const TimelineEventSchema = z.object({
  source: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  occurred_at: z.string(),
  received_at: z.string(),
  correlation_id: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

const ResolutionAttemptSchema = z.object({
  id: z.string(),
  attempt_number: z.number().int(),
  status: z.string(),
  actions: z.unknown(),
  outcome: z.unknown(),
  error: z.string().nullable(),
  decision_source: z
    .enum(['ai', 'playbook', 'human'])
    .nullable()
    .meta({ description: 'Who decided: the model (within the playbook), the tenant playbook, or a person' }),
  evidence: z.unknown().meta({ description: 'What the success checks found after the actions' }),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});

const ExceptionDetailSchema = ExceptionSchema.extend({
  breach_context: BreachContextSchema.nullable(),
  timeline: z.array(TimelineEventSchema),
  resolution_attempt_history: z.array(ResolutionAttemptSchema),
}).meta({ id: 'ExceptionDetail' });

const ExceptionSummarySchema = z
  .object({
    total: z.number().int(),
    active: z.number().int(),
    blocked: z.number().int(),
    created_last_24h: z.number().int(),
    avg_resolution_minutes: z.number().nullable(),
    oldest_active_created_at: z.string().nullable(),
    by_status: z.record(z.string(), z.number().int()),
    by_severity: z.record(z.string(), z.number().int()),
    by_reason_code: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'ExceptionSummary' });

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function present(row: ExceptionView) {
  return {
    id: String(row.id),
    order_id: row.order_id,
    reason_code: row.reason_code,
    status: row.status,
    severity: row.severity,
    priority: row.priority,
    ai_label: row.ai_label,
    ai_confidence: row.ai_confidence,
    ops_note: row.ops_note,
    client_note: row.client_note,
    context_data: row.context_data,
    correlation_id: row.correlation_id,
    resolution_attempts: row.resolution_attempts,
    max_resolution_attempts: row.max_resolution_attempts,
    last_resolution_attempt_at: iso(row.last_resolution_attempt_at),
    resolution_blocked: row.resolution_blocked,
    resolution_block_reason: row.resolution_block_reason,
    escalation_level: row.escalation_level,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    resolved_at: iso(row.resolved_at),
  };
}

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

registerTenantPath({
  method: 'get',
  path: '/exceptions',
  summary: 'List the tenant’s exceptions (newest first unless sorted), filtered, one page',
  request: { query: ExceptionListQuerySchema },
  responses: { 200: json(ExceptionPageSchema, 'A page of exceptions') },
});
registerTenantPath({
  method: 'get',
  path: '/exceptions/stats/summary',
  summary: 'Counts by status, severity and reason code',
  responses: { 200: json(ExceptionSummarySchema, 'Summary') },
});
registerTenantPath({
  method: 'get',
  path: '/exceptions/{id}',
  summary: 'One exception with the order’s event timeline, breach context and resolution attempts',
  request: { params: ExceptionIdParamsSchema },
  responses: { 200: json(ExceptionDetailSchema, 'The exception') },
});
registerTenantPath({
  method: 'patch',
  path: '/exceptions/{id}',
  summary: 'Change status (forward only), severity or the ops note',
  request: {
    params: ExceptionIdParamsSchema,
    body: { content: { 'application/json': { schema: ExceptionPatchSchema } } },
  },
  responses: {
    200: json(ExceptionSchema, 'The updated exception'),
    409: json(
      z.object({ error: z.object({ code: z.literal('invalid_transition') }) }),
      'Backward status change',
    ),
  },
});

export function createExceptionsRouter(deps: Pick<ApiDeps, 'db' | 'config'>): Router {
  const router = Router();
  router.use('/exceptions', requireTenant(deps.db, deps.config.ADMIN_API_KEY));

  router.get('/exceptions', async (req, res) => {
    const tenant = tenantOf(req);
    const query = parseOrThrow(ExceptionListQuerySchema, req.query, 'query');
    if (query.created_after && query.created_before && query.created_after >= query.created_before) {
      throw validationFailed([{ path: 'query.created_after', rule: 'must be before created_before' }]);
    }
    const offset = (query.page - 1) * query.page_size;
    const { items, total } = await listExceptions(
      deps.db,
      tenant.name,
      {
        status: query.status,
        reasonCode: query.reason_code,
        severity: query.severity,
        orderId: query.order_id,
        createdAfter: query.created_after ? new Date(query.created_after) : undefined,
        createdBefore: query.created_before ? new Date(query.created_before) : undefined,
        active: asBoolean(query.active),
        awaitingApproval: asBoolean(query.awaiting_approval),
        escalated: asBoolean(query.escalated),
        blocked: asBoolean(query.blocked),
      },
      { offset, limit: query.page_size },
      { field: query.sort, direction: query.order },
    );
    res.json({
      items: items.map(present),
      total,
      page: query.page,
      page_size: query.page_size,
      has_next: offset + items.length < total,
    });
  });

  router.get('/exceptions/stats/summary', async (req, res) => {
    const summary = await summarizeExceptions(deps.db, tenantOf(req).name);
    res.json({ ...summary, oldest_active_created_at: iso(summary.oldest_active_created_at) });
  });

  router.get('/exceptions/:id', async (req, res) => {
    const tenant = tenantOf(req);
    const { id } = parseOrThrow(ExceptionIdParamsSchema, req.params, 'path');
    const row = await findException(deps.db, tenant.name, id);
    if (!row) throw new HttpError('not_found', `Exception ${id} not found`);
    const [events, attempts] = await Promise.all([
      listOrderEvents(deps.db, tenant.name, row.order_id),
      listResolutionAttempts(deps.db, tenant.name, id),
    ]);
    const breach = BreachContextSchema.safeParse(row.context_data);
    res.json({
      ...present(row),
      breach_context: breach.success ? breach.data : null,
      timeline: events.map((event) => ({
        source: event.source,
        event_id: event.event_id,
        event_type: event.event_type,
        occurred_at: event.occurred_at.toISOString(),
        received_at: event.received_at.toISOString(),
        correlation_id: event.correlation_id,
        payload: event.payload,
      })),
      resolution_attempt_history: attempts.map((attempt) => ({
        id: String(attempt.id),
        attempt_number: attempt.attempt_number,
        status: attempt.status,
        actions: attempt.actions,
        outcome: attempt.outcome,
        error: attempt.error,
        decision_source: attempt.decision_source,
        evidence: attempt.evidence,
        started_at: attempt.started_at.toISOString(),
        finished_at: iso(attempt.finished_at),
      })),
    });
  });

  router.patch('/exceptions/:id', async (req, res) => {
    const tenant = tenantOf(req);
    const { id } = parseOrThrow(ExceptionIdParamsSchema, req.params, 'path');
    const body = parseOrThrow(ExceptionPatchSchema, req.body ?? {}, 'body');
    const current = await findException(deps.db, tenant.name, id);
    if (!current) throw new HttpError('not_found', `Exception ${id} not found`);
    const from = current.status as ExceptionStatus;
    if (body.status && !isValidStatusTransition(from, body.status)) {
      throw new HttpError('invalid_transition', `Cannot move an exception from ${from} to ${body.status}`, [
        { path: 'body.status', rule: `must not go backwards from ${from}` },
      ]);
    }
    const updated = await updateException(deps.db, tenant.name, id, from, {
      status: body.status,
      severity: body.severity,
      opsNote: body.ops_note,
      isResolving: body.status !== undefined && body.status !== from && isResolvingStatus(body.status),
    });
    if (!updated) {
      throw new HttpError('conflict', `Exception ${id} changed status meanwhile; reload and retry`, [
        { path: 'body.status', rule: 'status changed concurrently' },
      ]);
    }
    res.json(present(updated));
  });

  return router;
}
