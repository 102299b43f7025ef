import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { listBreakers, readBreaker, resetBreaker } from '@e2a/circuit-breaker';
import {
  blockExceptionResolution,
  findExceptionResolutionState,
  listResolutionAttempts,
  resetExceptionResolution,
  type ExceptionResolutionRow,
} from '@e2a/db';
import { isReasonCode, needsApproval } from '@e2a/domain';
import { HttpError, parseOrThrow } from '@e2a/http';
import {
  APPROVE_RESOLUTION_UPDATE,
  REJECT_RESOLUTION_UPDATE,
  exceptionResolutionWorkflowId,
  type ExceptionResolutionResult,
} from '@e2a/workflows/contracts';
import type { ApiDeps } from '../app';
import { requireAdmin, requireTenant, tenantOf } from '../middleware/auth';
import { openApiRegistry, registerTenantPath } from '../openapi';

const ExceptionIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric exception id') });
const BlockBody = z.object({ reason: z.string().trim().min(1).max(500) });
const DecisionBody = z.object({
  approver: z.string().trim().min(1).max(200),
  note: z.string().max(1000).optional(),
});
const BreakerParams = z.object({ name: z.string().regex(/^[a-z0-9_-]{1,64}$/i, 'must be a breaker name') });

const ExceptionResolutionState = z
  .object({
    id: z.string(),
    resolution_attempts: z.number().int(),
    max_resolution_attempts: z.number().int(),
    resolution_blocked: z.boolean(),
    resolution_block_reason: z.string().nullable(),
    last_resolution_attempt_at: z.string().nullable(),
  })
  .meta({ id: 'ExceptionResolutionState' });
const ResolutionAttempt = z
  .object({
    attempt_number: z.number().int(),
    status: z.string(),
    workflow_id: z.string().nullable(),
    run_id: z.string().nullable(),
    analysis: z.unknown(),
    actions: z.array(z.unknown()),
    outcome: z.unknown(),
    error: z.string().nullable(),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    decision_source: z.enum(['ai', 'playbook', 'human']).nullable().meta({
      description: 'Who decided: the model (within the playbook), the tenant playbook, or a person',
    }),
    evidence: z.unknown().meta({
      description: 'What the success checks found after the actions (resolved attempts carry the proof)',
    }),
  })
  .meta({ id: 'ResolutionAttempt' });
const BreakerStatus = z
  .object({
    name: z.string(),
    state: z.enum(['closed', 'open', 'half_open']),
    failure_count: z.number(),
    failure_threshold: z.number(),
    reset_timeout_seconds: z.number(),
    opened_at: z.string().nullable(),
    last_failure_at: z.string().nullable(),
    last_error: z.string().nullable(),
  })
  .meta({ id: 'CircuitBreaker' });
const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

registerTenantPath({
  method: 'post',
  path: '/exceptions/{id}/block',
  summary: 'Block automated resolution with a custom reason',
  request: { params: ExceptionIdParams, body: { content: { 'application/json': { schema: BlockBody } } } },
  responses: { 200: json(ExceptionResolutionState, 'Blocked') },
});
registerTenantPath({
  method: 'post',
  path: '/exceptions/{id}/reset-resolution',
  summary: 'Clear attempts, blocked flag, reason and last-attempt time',
  request: { params: ExceptionIdParams },
  responses: { 200: json(ExceptionResolutionState, 'Reset') },
});
registerTenantPath({
  method: 'get',
  path: '/exceptions/{id}/attempts',
  summary: 'Automated resolution attempts of one exception',
  request: { params: ExceptionIdParams },
  responses: {
    200: json(
      z.object({ exception: ExceptionResolutionState, attempts: z.array(ResolutionAttempt) }),
      'Attempts',
    ),
  },
});
for (const decision of ['approve', 'reject'] as const) {
  registerTenantPath({
    method: 'post',
    path: `/exceptions/{id}/${decision}`,
    summary: `${decision === 'approve' ? 'Approve' : 'Reject'} the pending resolution (Temporal Update)`,
    request: {
      params: ExceptionIdParams,
      body: { content: { 'application/json': { schema: DecisionBody } } },
    },
    responses: {
      200: json(z.object({ result: z.record(z.string(), z.unknown()) }), 'The resolution outcome'),
      409: json(z.object({ error: z.unknown() }), 'No pending approval or already decided'),
    },
  });
}
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/circuit-breakers',
  summary: 'Circuit breaker states (shared by every worker through Redis)',
  security: [{ tenantApiKey: [] }],
  responses: { 200: json(z.object({ circuit_breakers: z.array(BreakerStatus) }), 'Breakers') },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/circuit-breakers/{name}/reset',
  summary: 'Close a breaker (admin key, or a tenant key with X-Tenant-Id)',
  security: [{ tenantApiKey: [] }],
  request: { params: BreakerParams },
  responses: { 200: json(z.object({ circuit_breaker: BreakerStatus }), 'Reset') },
});

/** A tenant key with X-Tenant-Id, or the admin key: breakers are shared infrastructure. */
function requireTenantOrAdmin(deps: ApiDeps): RequestHandler {
  const tenant = requireTenant(deps.db, deps.config.ADMIN_API_KEY);
  const admin = requireAdmin(deps.config.ADMIN_API_KEY);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.header('x-tenant-id')) return tenant(req, res, next);
    return admin(req, res, next);
  };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function createResolutionRouter(deps: ApiDeps): Router {
  const router = Router();
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const breakerOptions = {
    failureThreshold: deps.config.AI_BREAKER_FAILURE_THRESHOLD,
    resetSeconds: deps.config.AI_BREAKER_RESET_SECONDS,
  };

  async function loadState(tenant: string, id: string): Promise<ExceptionResolutionRow> {
    const row = await findExceptionResolutionState(db, tenant, id);
    if (!row)
      throw new HttpError('not_found', `Exception ${id} not found`, [
        { path: 'id', rule: 'must exist for this tenant' },
      ]);
    return row;
  }
  const present = (row: ExceptionResolutionRow) => ({
    id: row.id,
    resolution_attempts: row.resolution_attempts,
    max_resolution_attempts: row.max_resolution_attempts,
    resolution_blocked: row.resolution_blocked,
    resolution_block_reason: row.resolution_block_reason,
    last_resolution_attempt_at: iso(row.last_resolution_attempt_at),
  });

  router.post('/exceptions/:id/block', requireTenant(db, deps.config.ADMIN_API_KEY), async (req, res) => {
    const tenant = tenantOf(req).name;
    const { id } = parseOrThrow(ExceptionIdParams, req.params, 'params');
    const { reason } = parseOrThrow(BlockBody, req.body ?? {});
    await loadState(tenant, id);
    await blockExceptionResolution(db, tenant, id, reason, now());
    res.json(present(await loadState(tenant, id)));
  });

  router.post(
    '/exceptions/:id/reset-resolution',
    requireTenant(db, deps.config.ADMIN_API_KEY),
    async (req, res) => {
      const tenant = tenantOf(req).name;
      const { id } = parseOrThrow(ExceptionIdParams, req.params, 'params');
      await loadState(tenant, id);
      await resetExceptionResolution(db, tenant, id, now());
      res.json(present(await loadState(tenant, id)));
    },
  );

  router.get('/exceptions/:id/attempts', requireTenant(db, deps.config.ADMIN_API_KEY), async (req, res) => {
    const tenant = tenantOf(req).name;
    const { id } = parseOrThrow(ExceptionIdParams, req.params, 'params');
    const exception = await loadState(tenant, id);
    const attempts = await listResolutionAttempts(db, tenant, id);
    res.json({
      exception: present(exception),
      attempts: attempts.map((attempt) => ({
        attempt_number: attempt.attempt_number,
        status: attempt.status,
        workflow_id: attempt.workflow_id,
        run_id: attempt.run_id,
        analysis: attempt.analysis,
        actions: attempt.actions,
        outcome: attempt.outcome,
        error: attempt.error,
        decision_source: attempt.decision_source,
        evidence: attempt.evidence,
        started_at: iso(attempt.started_at),
        finished_at: iso(attempt.finished_at),
      })),
    });
  });

  for (const [path, update] of [
    ['approve', APPROVE_RESOLUTION_UPDATE],
    ['reject', REJECT_RESOLUTION_UPDATE],
  ] as const) {
    router.post(`/exceptions/:id/${path}`, requireTenant(db, deps.config.ADMIN_API_KEY), async (req, res) => {
      const tenant = tenantOf(req).name;
      const { id } = parseOrThrow(ExceptionIdParams, req.params, 'params');
      const decision = parseOrThrow(DecisionBody, req.body ?? {});
      const exception = await loadState(tenant, id);
      // The reason-code table or the tenant's playbook (approval_status PENDING) asks for a person's decision.
      const isApprovalCode = isReasonCode(exception.reason_code) && needsApproval(exception.reason_code);
      if (!isApprovalCode && exception.approval_status === null) {
        throw new HttpError('conflict', `Exception ${id} (${exception.reason_code}) does not need approval`, [
          { path: 'id', rule: 'reason code must need approval' },
        ]);
      }
      const handle = deps.temporal.workflow.getHandle(exceptionResolutionWorkflowId(tenant, id));
      try {
        const result = await handle.executeUpdate<ExceptionResolutionResult, [typeof decision]>(update, {
          args: [decision],
        });
        res.json({ result });
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw new HttpError('conflict', `Exception ${id} has no pending approval`, [
            { path: 'id', rule: 'must await approval' },
          ]);
        if (error instanceof WorkflowUpdateFailedError) {
          const cause = (error.cause as Error | undefined)?.message ?? error.message;
          throw new HttpError('conflict', cause, [{ path: 'id', rule: 'must await approval' }]);
        }
        throw error;
      }
    });
  }

  router.get('/api/circuit-breakers', requireTenantOrAdmin(deps), async (_req, res) => {
    res.json({ circuit_breakers: await listBreakers(deps.redis, breakerOptions, now()) });
  });
  router.post('/api/circuit-breakers/:name/reset', requireTenantOrAdmin(deps), async (req, res) => {
    const { name } = parseOrThrow(BreakerParams, req.params, 'params');
    await resetBreaker(deps.redis, name);
    res.json({ circuit_breaker: await readBreaker(deps.redis, name, breakerOptions, now()) });
  });

  return router;
}
