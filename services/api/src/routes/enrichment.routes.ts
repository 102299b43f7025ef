import { Router, type Request } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import {
  countBacklog,
  listEnrichmentBacklogRows,
  listOpenEnrichmentAlerts,
  loadEnrichmentCounts,
  loadEnrichmentReport,
} from '@e2a/db';
import {
  ENRICHMENT_ALERT_THRESHOLDS,
  computeEnrichmentHealth,
  evaluateEnrichmentAlerts,
  healthStatus,
  enrichmentBacklogReason,
} from '@e2a/domain';
import { HttpError, parseOrThrow } from '@e2a/http';
import {
  ENRICHMENT_WORKFLOW,
  enrichmentWorkflowId,
  flowSearchAttributes,
  manualRunWindow,
} from '@e2a/workflows/contracts';
import type { ApiDeps } from '../app';
import { requireTenant, tenantOf } from '../middleware/auth';
import { registerTenantPath } from '../openapi';

const TenantParams = z.object({
  tenant: z.string().meta({ description: 'Tenant name; must be the caller' }),
});
const ReportQuery = z.object({
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(168)
    .default(24)
    .meta({ description: 'Report period, hours back' }),
});
const BacklogQuery = z.object({
  limit: z.coerce.number().int().min(0).max(500).default(50).meta({ description: 'Records listed' }),
});
const ProcessBody = z
  .object({ batchSize: z.number().int().min(1).max(1000).optional() })
  .strict()
  .default({});

const HealthFigures = z.object({
  total: z.number(),
  classificationRate: z.number(),
  highConfidenceRate: z.number(),
  automationRate: z.number(),
  averageConfidence: z.number(),
  completeness: z.number(),
  quality: z.number(),
  failureRate: z.number(),
  backlog: z.number(),
});
const Alert = z.object({
  kind: z.string(),
  severity: z.enum(['WARNING', 'CRITICAL']),
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
});
const HealthResponse = z
  .object({
    tenant: z.string(),
    asOf: z.string(),
    status: z.enum(['healthy', 'warning', 'critical']),
    figures: HealthFigures,
    alerts: z.array(Alert),
    thresholds: z.record(z.string(), z.number()),
    recentAlerts: z.array(
      z.object({ kind: z.string(), severity: z.string(), message: z.string(), createdAt: z.string() }),
    ),
  })
  .meta({ id: 'EnrichmentHealth' });
const ReportResponse = z
  .object({ tenant: z.string(), from: z.string(), to: z.string() })
  .passthrough()
  .meta({ id: 'EnrichmentReport' });
const BacklogResponse = z
  .object({ tenant: z.string(), backlog: z.number() })
  .passthrough()
  .meta({ id: 'EnrichmentBacklog' });
const ProcessResponse = z
  .object({ workflowId: z.string(), runId: z.string(), alreadyRunning: z.boolean() })
  .meta({ id: 'EnrichmentProcessStarted' });

registerTenantPath({
  method: 'get',
  path: '/api/enrichment/health/{tenant}',
  summary: 'Enrichment completeness, quality, backlog and failure rate with §8 alert thresholds',
  request: { params: TenantParams },
  responses: { 200: { description: 'Health', content: { 'application/json': { schema: HealthResponse } } } },
});
registerTenantPath({
  method: 'get',
  path: '/api/enrichment/report/{tenant}',
  summary: 'What enrichment did over the last hours (default 24): records, stage statuses, runs',
  request: { params: TenantParams, query: ReportQuery },
  responses: { 200: { description: 'Report', content: { 'application/json': { schema: ReportResponse } } } },
});
registerTenantPath({
  method: 'get',
  path: '/api/enrichment/backlog/{tenant}',
  summary: 'Records awaiting enrichment, by reason, with scheduled retries and manual-review count',
  request: { params: TenantParams, query: BacklogQuery },
  responses: {
    200: { description: 'Backlog', content: { 'application/json': { schema: BacklogResponse } } },
  },
});
registerTenantPath({
  method: 'post',
  path: '/api/enrichment/process/{tenant}',
  summary: 'Starts enrichmentWorkflow now (idempotent per tenant and minute)',
  request: {
    params: TenantParams,
    body: { required: false, content: { 'application/json': { schema: ProcessBody } } },
  },
  responses: {
    202: { description: 'Started', content: { 'application/json': { schema: ProcessResponse } } },
    200: {
      description: 'Already running for this minute',
      content: { 'application/json': { schema: ProcessResponse } },
    },
  },
});

/** The path tenant must be the authenticated one: a tenant key never reads another tenant. */
function pathTenant(req: Request): string {
  const tenant = tenantOf(req).name;
  if (req.params.tenant !== tenant) {
    throw new HttpError('forbidden', 'The path tenant must be the authenticated tenant', [
      { path: 'path.tenant', rule: 'must equal X-Tenant-Id' },
    ]);
  }
  return tenant;
}

export function createEnrichmentRouter(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const auth = requireTenant(deps.db, deps.config.ADMIN_API_KEY);

  router.get('/api/enrichment/health/:tenant', auth, async (req, res) => {
    const tenant = pathTenant(req);
    const asOf = now();
    const figures = computeEnrichmentHealth(await loadEnrichmentCounts(deps.db, tenant, asOf));
    const alerts = evaluateEnrichmentAlerts(figures);
    const recent = await listOpenEnrichmentAlerts(deps.db, tenant, 20);
    res.json({
      tenant,
      asOf: asOf.toISOString(),
      status: healthStatus(alerts),
      figures,
      alerts,
      thresholds: ENRICHMENT_ALERT_THRESHOLDS,
      recentAlerts: recent.map((alert) => ({
        kind: alert.kind,
        severity: alert.severity,
        message: alert.message,
        createdAt: alert.created_at.toISOString(),
      })),
    });
  });

  router.get('/api/enrichment/report/:tenant', auth, async (req, res) => {
    const tenant = pathTenant(req);
    const { hours } = parseOrThrow(ReportQuery, req.query, 'query');
    const to = now();
    const from = new Date(to.getTime() - hours * 3_600_000);
    const report = await loadEnrichmentReport(deps.db, tenant, from, to);
    res.json({
      tenant,
      ...report,
      from: from.toISOString(),
      to: to.toISOString(),
      runs: report.runs.map((run) => ({ ...run, finishedAt: run.finishedAt.toISOString() })),
    });
  });

  router.get('/api/enrichment/backlog/:tenant', auth, async (req, res) => {
    const tenant = pathTenant(req);
    const { limit } = parseOrThrow(BacklogQuery, req.query, 'query');
    const asOf = now();
    const backlog = await countBacklog(deps.db, tenant, asOf);
    const rows = await listEnrichmentBacklogRows(deps.db, tenant);
    const items = rows
      .map((row) => ({
        row,
        reason: enrichmentBacklogReason(
          {
            aiLabel: row.ai_label,
            aiConfidence: row.ai_confidence,
            updatedAt: row.updated_at,
            enrichmentRetryCount: row.enrichment_retry_count,
          },
          row.failed_stage,
          asOf,
        ),
      }))
      .filter((item) => item.reason !== null)
      .slice(0, limit)
      .map(({ row, reason }) => ({
        exceptionId: row.id,
        orderId: row.order_id,
        reasonCode: row.reason_code,
        aiConfidence: row.ai_confidence,
        retryCount: row.enrichment_retry_count,
        nextRetryAt: row.next_retry_at?.toISOString() ?? null,
        reason,
      }));
    res.json({
      tenant,
      asOf: asOf.toISOString(),
      ...backlog,
      oldestCreatedAt: backlog.oldestCreatedAt?.toISOString() ?? null,
      nextRetryAt: backlog.nextRetryAt?.toISOString() ?? null,
      items,
    });
  });

  router.post('/api/enrichment/process/:tenant', auth, async (req, res) => {
    const tenant = pathTenant(req);
    const body = parseOrThrow(ProcessBody, req.body ?? {}, 'body');
    // The window `POST /api/flows/enrichment/run` and `e2a flows run enrichment` use: the same minute, the same run.
    const workflowId = enrichmentWorkflowId(tenant, manualRunWindow(now()));
    try {
      const handle = await deps.temporal.workflow.start(ENRICHMENT_WORKFLOW, {
        workflowId,
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [{ tenant, ...(body.batchSize ? { batchSize: body.batchSize } : {}) }],
        typedSearchAttributes: flowSearchAttributes(tenant, 'enrichment'),
      });
      res.status(202).json({ workflowId, runId: handle.firstExecutionRunId, alreadyRunning: false });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const description = await deps.temporal.workflow.getHandle(workflowId).describe();
      res.status(200).json({ workflowId, runId: description.runId, alreadyRunning: true });
    }
  });

  return router;
}
