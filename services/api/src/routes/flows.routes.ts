import { Router } from 'express';
import { z } from 'zod';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  FLOW_NAMES,
  FLOW_RUNS,
  manualFlowRunStart,
  manualRunWindow,
  type FlowName,
  type FlowRunParams,
} from '@e2a/workflows/contracts';
import { HttpError, parseOrThrow } from '@e2a/http';
import type { ApiDeps } from '../app';
import { requireTenant, tenantOf } from '../middleware/auth';
import { registerTenantPath } from '../openapi';

// Runs a flow now for the caller's tenant: the same workflow types and ids the schedules and the CLI use.

const FlowParamsSchema = z.object({ flow: z.enum(FLOW_NAMES) });

const paramSchemas = {
  lookback_hours: z
    .number()
    .positive()
    .max(24 * 90)
    .optional(),
  chunk_size: z.number().int().min(1).max(50_000).optional(),
  analysis_hours: z
    .number()
    .positive()
    .max(24 * 90)
    .optional(),
  exception_ids: z
    .array(z.string().regex(/^[1-9][0-9]{0,17}$/, 'must be exception ids'))
    .min(1)
    .max(1000)
    .optional(),
  batch_size: z.number().int().min(1).max(10_000).optional(),
};

/** Body schema per flow: optionally the tenant, plus only the parameters that flow accepts. */
function bodySchemaFor(flow: FlowName) {
  const accepted = Object.fromEntries(FLOW_RUNS[flow].params.map((name) => [name, paramSchemas[name]]));
  return z.strictObject({ tenant: z.string().min(1).max(64).optional(), ...accepted });
}

const FlowRunBodySchema = z.object({ tenant: z.string().optional(), ...paramSchemas }).meta({
  id: 'FlowRunRequest',
  description:
    'The parameters the flow accepts; the tenant is the authenticated caller (a tenant given here must be the caller)',
});
const FlowRunResultSchema = z.object({ workflow_id: z.string(), run_id: z.string() }).meta({ id: 'FlowRun' });

registerTenantPath({
  method: 'post',
  path: '/api/flows/{flow}/run',
  summary: 'Start a flow now for the caller’s tenant',
  request: {
    params: FlowParamsSchema,
    body: { content: { 'application/json': { schema: FlowRunBodySchema } } },
  },
  responses: {
    202: {
      description: 'Started (or the run already started within this minute, by the API or the CLI)',
      content: { 'application/json': { schema: FlowRunResultSchema } },
    },
  },
});

export function createFlowsRouter(deps: Pick<ApiDeps, 'db' | 'temporal' | 'config' | 'now'>): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.post('/api/flows/:flow/run', requireTenant(deps.db, deps.config.ADMIN_API_KEY), async (req, res) => {
    const tenant = tenantOf(req);
    const { flow } = parseOrThrow(FlowParamsSchema, req.params, 'path');
    const body = parseOrThrow(bodySchemaFor(flow), req.body ?? {}, 'body') as {
      tenant?: string;
    } & FlowRunParams;
    if (body.tenant !== undefined && body.tenant !== tenant.name) {
      throw new HttpError('forbidden', 'A flow can only be run for the authenticated tenant', [
        { path: 'body.tenant', rule: 'must equal X-Tenant-Id' },
      ]);
    }
    // The same run the CLI starts in this minute: one window per minute, a second start joins the running run.
    const start = manualFlowRunStart(flow, tenant.name, body, manualRunWindow(now()));
    const workflowId = start.options.workflowId;
    try {
      const handle = await deps.temporal.workflow.start(start.workflowType, {
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        ...start.options,
      });
      res.status(202).json({ workflow_id: handle.workflowId, run_id: handle.firstExecutionRunId });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new HttpError('conflict', `Flow ${flow} already ran as ${workflowId}; try again next minute`, [
          { path: 'path.flow', rule: 'one manual run per tenant and minute' },
        ]);
      }
      throw error;
    }
  });
  return router;
}
