import { Router } from 'express';
import { z } from 'zod';
import { listBreakers } from '@e2a/circuit-breaker';
import { countExceptionOverview, countQuarantined, dlqStats, loadEnrichmentCounts } from '@e2a/db';
import {
  SLA_BREACH_TABLE,
  SLA_WINDOWS,
  computeEnrichmentHealth,
  evaluateEnrichmentAlerts,
  healthStatus,
} from '@e2a/domain';
import type { ApiDeps } from '../app';
import { requireTenant, tenantOf } from '../middleware/auth';
import { registerTenantPath } from '../openapi';

// The console's Overview in one call. Every number is what another endpoint returns for the same question:
// GET /exceptions with the filter in `filters`, GET /api/enrichment/health, GET /api/circuit-breakers,
// GET /admin/dlq/stats?tenant= (tests/integration/console/overview.api.test.ts checks each).

const DAY_MS = 24 * 60 * 60 * 1000;

const Count = z.object({
  count: z.number().int(),
  filters: z
    .record(z.string(), z.string())
    .meta({ description: 'GET /exceptions query that lists exactly these exceptions' }),
});

const OverviewSchema = z
  .object({
    tenant: z.string(),
    as_of: z.string(),
    open_exceptions: Count.extend({
      by_reason_code: z.record(z.string(), Count),
      by_severity: z.record(z.string(), Count),
    }),
    breaches_last_24h: z.object({
      since: z.string(),
      count: z.number().int(),
      by_stage: z.array(Count.extend({ stage: z.enum(SLA_WINDOWS), reason_code: z.string() })),
    }),
    awaiting_approval: Count,
    escalated: Count,
    blocked: Count,
    automation_rate: z.number().meta({ description: 'Percent, as GET /api/enrichment/health figures' }),
    enrichment: z.object({
      status: z.string(),
      completeness: z.number(),
      quality: z.number(),
      failure_rate: z.number(),
      backlog: z.number(),
      alerts: z.number().int(),
    }),
    circuit_breakers: z.array(z.object({ name: z.string(), state: z.enum(['closed', 'open', 'half_open']) })),
    dlq: z.object({ pending: z.number().int(), failed: z.number().int(), due: z.number().int() }),
    quarantined: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'null while the quarantine does not exist' }),
  })
  .meta({ id: 'Overview' });

registerTenantPath({
  method: 'get',
  path: '/api/overview',
  summary: 'The operator console’s Overview numbers, each with the exception-list filter behind it',
  responses: {
    200: { description: 'Overview', content: { 'application/json': { schema: OverviewSchema } } },
  },
});

export function createOverviewRouter(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const breakerOptions = {
    failureThreshold: deps.config.AI_BREAKER_FAILURE_THRESHOLD,
    resetSeconds: deps.config.AI_BREAKER_RESET_SECONDS,
  };

  router.get('/api/overview', requireTenant(deps.db, deps.config.ADMIN_API_KEY), async (req, res) => {
    const tenant = tenantOf(req).name;
    const asOf = now();
    const since = new Date(asOf.getTime() - DAY_MS).toISOString();
    const [counts, enrichmentCounts, breakers, dlq, quarantined] = await Promise.all([
      countExceptionOverview(deps.db, tenant, new Date(since)),
      loadEnrichmentCounts(deps.db, tenant, asOf),
      listBreakers(deps.redis, breakerOptions, asOf),
      dlqStats(deps.db, { tenant, now: asOf }),
      countQuarantined(deps.db, tenant),
    ]);
    const figures = computeEnrichmentHealth(enrichmentCounts);
    const alerts = evaluateEnrichmentAlerts(figures);
    const active = { active: 'true' };
    const keyed = (values: Record<string, number>, filter: string) =>
      Object.fromEntries(
        Object.entries(values).map(([key, count]) => [key, { count, filters: { ...active, [filter]: key } }]),
      );
    const stages = SLA_WINDOWS.map((stage) => {
      const reasonCode = SLA_BREACH_TABLE[stage].reasonCode;
      return {
        stage,
        reason_code: reasonCode,
        count: counts.createdSinceByReasonCode[reasonCode] ?? 0,
        filters: { reason_code: reasonCode, created_after: since },
      };
    });
    res.json({
      tenant,
      as_of: asOf.toISOString(),
      open_exceptions: {
        count: counts.open,
        filters: active,
        by_reason_code: keyed(counts.openByReasonCode, 'reason_code'),
        by_severity: keyed(counts.openBySeverity, 'severity'),
      },
      breaches_last_24h: {
        since,
        count: stages.reduce((sum, stage) => sum + stage.count, 0),
        by_stage: stages,
      },
      awaiting_approval: { count: counts.awaitingApproval, filters: { awaiting_approval: 'true' } },
      escalated: { count: counts.escalated, filters: { escalated: 'true' } },
      blocked: { count: counts.blocked, filters: { blocked: 'true' } },
      automation_rate: figures.automationRate,
      enrichment: {
        status: healthStatus(alerts),
        completeness: figures.completeness,
        quality: figures.quality,
        failure_rate: figures.failureRate,
        backlog: figures.backlog,
        alerts: alerts.length,
      },
      circuit_breakers: breakers.map((breaker) => ({ name: breaker.name, state: breaker.state })),
      dlq: { pending: dlq.byStatus.PENDING, failed: dlq.byStatus.FAILED, due: dlq.due },
      quarantined,
    });
  });
  return router;
}
