import { ApplicationFailure } from '@temporalio/common';
import { Counter } from 'prom-client';
import {
  claimDueOrders,
  claimLookbackOrders,
  countOrdersPerHour,
  findTenantSlaSources,
  listReportedExceptions,
  markOrdersEvaluated,
  resolveSettledWindows,
  upsertCompletenessChecks,
  upsertDetectedExceptions,
  upsertProcessingStages,
  type ClaimedOrderRow,
  type CompletenessRow,
  type ExceptionCandidate,
  type StageRow,
  type WindowMet,
  type WindowScan,
  type Db,
} from '@e2a/db';
import {
  SLA_BREACH_TABLE,
  SLA_WINDOWS,
  checkOrderCompleteness,
  classifyWmsException,
  detectOrderProblems,
  effectiveSlaPolicy,
  evaluateOrderSla,
  volumeHourKey,
  type OrderTimeline,
  type SlaPolicy,
} from '@e2a/domain';
import { linksFromTraceparents, tracer } from '@e2a/telemetry';
import type { Registry } from 'prom-client';
import type { Transaction } from 'kysely';
import type { Database } from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { createConcurrencyLimit } from '../shared/concurrency';
import { histogram } from '../shared/metrics';
import { isolateRecords } from '../shared/quarantine';

export interface EvaluateDueOrdersInput {
  tenant: string;
  chunkSize?: number;
  /** The evaluation instant (ISO); the workflow passes its deterministic clock so tests can skip time. */
  asOf?: string;
  /**
   * Evaluate no earlier than the activity's own clock (the real-time path). The workflow read `asOf` before this
   * activity was scheduled, so events committed in between (and an SLA policy that took effect in between) would
   * otherwise be judged as of an instant before they arrived. A skipped-ahead workflow clock still wins.
   */
  isNotBeforeNow?: boolean;
}

export interface ScheduledPassChunkInput {
  tenant: string;
  lookbackHours: number;
  chunkSize?: number;
  afterOrderId?: string | null;
  asOf?: string;
}

export interface EvaluationChunkResult {
  ordersEvaluated: number;
  breachesDetected: number;
  exceptionsCreated: number;
  exceptionsUpdated: number;
  exceptionsAutoResolved: number;
  problemsDetected: number;
  /** Ids of exceptions this chunk created, for the prompt hand-off to exception management. */
  createdExceptionIds: string[];
  /** Orders with an `order_created` payload the AI order analysis has not looked at (empty without AI). */
  aiOrderAnalysisCandidates: string[];
  /** Orders set aside in `quarantined_records` (kind `order_evaluation`) after a data error; the rest went on. */
  ordersQuarantined: number;
  /** True when the chunk was full, so more orders may be due right now. */
  hasMore: boolean;
}

export interface ScheduledPassChunkResult extends EvaluationChunkResult {
  nextCursor: string | null;
}

const STAGE_DEPENDENCIES: Record<string, string[]> = {
  pick: [],
  pack: ['pick'],
  ship: ['pack'],
  delivery: ['ship'],
};

function breachCounter(metrics: Registry): Counter<'tenant' | 'reason_code'> {
  const existing = metrics.getSingleMetric('sla_breaches_total');
  if (existing) return existing as Counter<'tenant' | 'reason_code'>;
  return new Counter({
    name: 'sla_breaches_total',
    help: 'SLA breaches that created an exception, by tenant and reason code',
    labelNames: ['tenant', 'reason_code'],
    registers: [metrics],
  });
}

/** Seconds from a window's deadline to the evaluation that raised its exception (alerted on: infra/observability). */
const detectionLag = (metrics: Registry) =>
  histogram(
    metrics,
    'sla_breach_detection_lag_seconds',
    'Seconds from an SLA deadline to the evaluation that created its exception, by reason code',
    ['reason_code'],
    [1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
  );

function problemCounter(metrics: Registry): Counter<'tenant' | 'reason_code'> {
  const existing = metrics.getSingleMetric('order_problems_detected_total');
  if (existing) return existing as Counter<'tenant' | 'reason_code'>;
  return new Counter({
    name: 'order_problems_detected_total',
    help: 'Order problems (domain reference §5) that created an exception, by tenant and reason code',
    labelNames: ['tenant', 'reason_code'],
    registers: [metrics],
  });
}

function timelineOf(row: ClaimedOrderRow): OrderTimeline {
  return {
    orderId: row.order_id,
    paidAt: row.paid_at,
    pickCompletedAt: row.pick_completed_at,
    packCompletedAt: row.pack_completed_at,
    handoffAt: row.handoff_at,
    deliveredAt: row.delivered_at,
    cancelledAt: row.cancelled_at,
    serviceLevel: row.service_level,
    isOversized: row.is_oversized,
    isHazmat: row.is_hazmat,
    isFragile: row.is_fragile,
  };
}

interface TenantSettings {
  policy: SlaPolicy;
  timezone: string;
}

/** The tenant's SLA policy and holidays in effect at the evaluation instant (versions with effective_from ≤ at). */
async function loadTenantSettings(db: Db, tenant: string, at: Date): Promise<TenantSettings> {
  const sources = await findTenantSlaSources(db, tenant, at);
  if (!sources) throw ApplicationFailure.nonRetryable(`Unknown tenant "${tenant}"`, 'UnknownTenant');
  try {
    return { policy: effectiveSlaPolicy(sources), timezone: sources.timezone };
  } catch (error) {
    throw ApplicationFailure.nonRetryable(
      `Tenant "${tenant}" has an invalid sla_policy: ${error instanceof Error ? error.message : String(error)}`,
      'InvalidSlaPolicy',
    );
  }
}

const emptyResult = (): EvaluationChunkResult => ({
  ordersEvaluated: 0,
  breachesDetected: 0,
  exceptionsCreated: 0,
  exceptionsUpdated: 0,
  exceptionsAutoResolved: 0,
  problemsDetected: 0,
  createdExceptionIds: [],
  aiOrderAnalysisCandidates: [],
  ordersQuarantined: 0,
  hasMore: false,
});

function mergeResults(results: EvaluationChunkResult[]): EvaluationChunkResult {
  const merged = emptyResult();
  for (const result of results) {
    merged.ordersEvaluated += result.ordersEvaluated;
    merged.breachesDetected += result.breachesDetected;
    merged.exceptionsCreated += result.exceptionsCreated;
    merged.exceptionsUpdated += result.exceptionsUpdated;
    merged.exceptionsAutoResolved += result.exceptionsAutoResolved;
    merged.problemsDetected += result.problemsDetected;
    merged.createdExceptionIds.push(...result.createdExceptionIds);
    merged.aiOrderAnalysisCandidates.push(...result.aiOrderAnalysisCandidates);
  }
  return merged;
}

/**
 * Evaluates the claimed chunk set-based; on a data error (an order whose dates Postgres cannot take, a payload that
 * breaks a rule) it evaluates one order at a time and quarantines the ones that fail, so one bad order never
 * stalls its tenant. Quarantined orders are skipped by later claims until an operator replays them.
 */
function evaluateIsolated(
  trx: Transaction<Database>,
  deps: ActivityDeps,
  tenant: string,
  settings: TenantSettings,
  rows: ClaimedOrderRow[],
  now: Date,
): Promise<EvaluationChunkResult> {
  // The span links to the ingest requests that flagged these orders (their stored traceparents): the gateway's
  // trace and the workflow's meet here, across the database hand-off.
  const links = linksFromTraceparents(
    rows.filter((row) => row.needs_evaluation).map((row) => row.traceparent),
  );
  return tracer().startActiveSpan(
    'sla.evaluate_orders',
    { links, attributes: { 'e2a.tenant': tenant, 'e2a.orders': rows.length } },
    async (span) => {
      try {
        const { outputs, quarantined } = await isolateRecords(deps, {
          tenant,
          kind: 'order_evaluation',
          records: rows,
          keyOf: (row) => row.order_id,
          trx,
          run: (chunk) => evaluateClaimed(trx, deps, tenant, settings, chunk, now),
        });
        return { ...mergeResults(outputs), ordersQuarantined: quarantined.length };
      } finally {
        span.end();
      }
    },
  );
}

/** Evaluates claimed (locked) orders and writes every outcome set-based, in the caller's transaction. */
async function evaluateClaimed(
  trx: Transaction<Database>,
  deps: ActivityDeps,
  tenant: string,
  settings: TenantSettings,
  rows: ClaimedOrderRow[],
  now: Date,
): Promise<EvaluationChunkResult> {
  const result = emptyResult();
  if (rows.length === 0) return result;
  const isAiOrderAnalysisOn = deps.settings.aiMode === 'smart' || deps.settings.aiMode === 'full';

  const hourKeys = new Set<string>();
  for (const row of rows) {
    for (const start of [row.paid_at, row.pick_completed_at, row.pack_completed_at, row.handoff_at]) {
      if (start) hourKeys.add(volumeHourKey(start, settings.timezone));
    }
  }
  const ordersPerHour = await countOrdersPerHour(
    trx,
    tenant,
    settings.timezone,
    [...hourKeys].map((key) => new Date(key)),
  );
  const environment = { policy: settings.policy, timezone: settings.timezone, ordersPerHour, now };

  const candidates: ExceptionCandidate[] = [];
  const windowsMet: WindowMet[] = [];
  const arrivedScans: WindowScan[] = [];
  const skippedScans: Array<WindowScan & { reason_code: string }> = [];
  const stages: StageRow[] = [];
  const checks: CompletenessRow[] = [];
  const evaluated: Array<{ order_id: string; next_deadline_at: string | null }> = [];

  for (const row of rows) {
    const evaluation = evaluateOrderSla(timelineOf(row), environment);
    result.breachesDetected += evaluation.breaches.length;
    for (const breach of evaluation.breaches) {
      candidates.push({
        order_id: row.order_id,
        reason_code: breach.reasonCode,
        severity: breach.severity,
        priority: breach.priority,
        context: { ...breach.context },
      });
    }
    for (const scan of evaluation.arrivedScans) {
      arrivedScans.push({
        order_id: row.order_id,
        window: scan.window,
        at: scan.at.toISOString(),
      });
    }
    for (const scan of evaluation.skippedScans) {
      skippedScans.push({
        order_id: row.order_id,
        reason_code: SLA_BREACH_TABLE[scan.window].reasonCode,
        window: scan.window,
        at: scan.at.toISOString(),
      });
    }
    for (const window of evaluation.windows) {
      if (window.status === 'COMPLETED' && window.startedAt && window.endedAt && window.deadlineAt) {
        windowsMet.push({
          order_id: row.order_id,
          reason_code: SLA_BREACH_TABLE[window.window].reasonCode,
          window: window.window,
          context: {
            ended_at: window.endedAt.toISOString(),
            actual_minutes: window.actualMinutes,
            sla_minutes: window.slaMinutes,
            delay_minutes:
              window.actualMinutes !== null && window.slaMinutes !== null
                ? Math.round((window.actualMinutes - window.slaMinutes) * 100) / 100
                : null,
          },
        });
      }
      stages.push({
        order_id: row.order_id,
        stage_name: window.window,
        status: window.status,
        depends_on: STAGE_DEPENDENCIES[window.window] ?? [],
        started_at: window.startedAt?.toISOString() ?? null,
        completed_at: window.endedAt?.toISOString() ?? null,
        stage_data: {
          sla_minutes: window.slaMinutes,
          deadline_at: window.deadlineAt?.toISOString() ?? null,
          actual_minutes: window.actualMinutes,
          breached: window.isBreached,
          ...(window.isScanMissing ? { scan_missing: true } : {}),
          multipliers: window.multipliers,
        },
      });
    }
    for (const check of checkOrderCompleteness({
      orderCreatedAt: row.order_created_at,
      paidAt: row.paid_at,
      pickCompletedAt: row.pick_completed_at,
      packCompletedAt: row.pack_completed_at,
      handoffAt: row.handoff_at,
      deliveredAt: row.delivered_at,
      orderData: row.order_data,
    })) {
      checks.push({
        order_id: row.order_id,
        check_name: check.checkName,
        passed: check.passed,
        details: check.details,
      });
    }
    if (row.order_created_at && row.order_data && isAiOrderAnalysisOn && !row.ai_analyzed_at) {
      result.aiOrderAnalysisCandidates.push(row.order_id);
    }
    if (row.order_created_at && row.order_data) {
      const problems = detectOrderProblems(row.order_data, now);
      result.problemsDetected += problems.length;
      for (const problem of problems) {
        candidates.push({
          order_id: row.order_id,
          reason_code: problem.reasonCode,
          severity: problem.severity,
          priority: null,
          context: { source: 'order_problem', field: problem.field, reason: problem.reason },
        });
      }
    }
    evaluated.push({
      order_id: row.order_id,
      next_deadline_at: evaluation.nextDeadlineAt?.toISOString() ?? null,
    });
  }

  // WMS-reported exceptions (`exception_reported` + `exception_reason`) become exceptions of their own.
  for (const reported of await listReportedExceptions(
    trx,
    tenant,
    rows.map((row) => row.order_id),
  )) {
    const { reasonCode, severity } = classifyWmsException(reported.exception_reason);
    candidates.push({
      order_id: reported.order_id,
      reason_code: reasonCode,
      severity,
      priority: null,
      context: {
        source: 'wms_exception_reported',
        exception_reason: reported.exception_reason,
        event_id: reported.event_id,
        reported_at: new Date(reported.occurred_at).toISOString(),
      },
    });
  }

  // One row per (order, reason code) per statement: an SLA breach wins over the same code from an order problem
  // (DELIVERY_DELAY can come from both), as one active exception per code is all the database allows.
  const seen = new Set<string>();
  const unique = candidates.filter((candidate) => {
    const key = `${candidate.order_id}\u0000${candidate.reason_code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const upserted = await upsertDetectedExceptions(trx, tenant, unique, deps.settings.maxResolutionAttempts);
  result.exceptionsAutoResolved = await resolveSettledWindows(trx, tenant, {
    windowsMet,
    arrivedScans,
    skippedScans,
  });
  await upsertProcessingStages(trx, tenant, stages);
  await upsertCompletenessChecks(trx, tenant, checks);
  await markOrdersEvaluated(trx, tenant, now, evaluated);

  result.ordersEvaluated = rows.length;
  result.exceptionsCreated = upserted.created.length;
  result.exceptionsUpdated = upserted.updatedCount;
  result.createdExceptionIds = upserted.created.map((created) => created.id);

  const slaCodes = new Set<string>(SLA_WINDOWS.map((window) => SLA_BREACH_TABLE[window].reasonCode));
  slaCodes.add(SLA_BREACH_TABLE.missing_scan.reasonCode);
  const breaches = breachCounter(deps.metrics);
  const problems = problemCounter(deps.metrics);
  const lag = detectionLag(deps.metrics);
  const deadlines = new Map(
    unique.map((c) => [`${c.order_id}\u0000${c.reason_code}`, c.context.deadline_at]),
  );
  const problemOrders = new Set(
    unique
      .filter((c) => c.context.source === 'order_problem')
      .map((c) => `${c.order_id}\u0000${c.reason_code}`),
  );
  for (const created of upserted.created) {
    if (problemOrders.has(`${created.order_id}\u0000${created.reason_code}`)) {
      problems.inc({ tenant, reason_code: created.reason_code });
    } else if (slaCodes.has(created.reason_code)) {
      breaches.inc({ tenant, reason_code: created.reason_code });
      const deadline = deadlines.get(`${created.order_id}\u0000${created.reason_code}`);
      if (typeof deadline === 'string')
        lag.observe(
          { reason_code: created.reason_code },
          Math.max(0, (now.getTime() - Date.parse(deadline)) / 1000),
        );
    }
  }
  return result;
}

/** The SLA evaluation activities: the real-time chunk and the scheduled pass, over the same engine. */
export function createSlaActivities(deps: ActivityDeps) {
  const chunkSizeOf = (requested: number | undefined) =>
    Math.max(1, Math.min(requested ?? deps.settings.evaluationChunkSize, 50_000));
  const clockOf = (asOf: string | undefined) => (asOf ? new Date(asOf) : deps.now());
  // Every shard's lanes share the process's memory: a multi-tenant backlog must not hold all their chunks at once.
  const withEvaluationSlot = createConcurrencyLimit(deps.settings.maxConcurrentEvaluations);

  return {
    /** Claims orders with new events or a passed deadline (FOR UPDATE SKIP LOCKED) and evaluates them. */
    async evaluateDueOrders(input: EvaluateDueOrdersInput): Promise<EvaluationChunkResult> {
      const asOf = clockOf(input.asOf);
      return withEvaluationSlot(async () => {
        // Read once the slot is ours: what was committed while the chunk waited for it is judged as of now too.
        const now = input.isNotBeforeNow ? new Date(Math.max(asOf.getTime(), deps.now().getTime())) : asOf;
        const settings = await loadTenantSettings(deps.db, input.tenant, now);
        const limit = chunkSizeOf(input.chunkSize);
        return deps.db.transaction().execute(async (trx) => {
          const rows = await claimDueOrders(trx, input.tenant, now, limit);
          const result = await evaluateIsolated(trx, deps, input.tenant, settings, rows, now);
          return { ...result, hasMore: rows.length === limit };
        });
      });
    },

    /** One keyset page of the scheduled pass over the lookback; idempotent, so re-running it changes nothing. */
    async evaluateLookbackChunk(input: ScheduledPassChunkInput): Promise<ScheduledPassChunkResult> {
      const now = clockOf(input.asOf);
      const settings = await loadTenantSettings(deps.db, input.tenant, now);
      const limit = chunkSizeOf(input.chunkSize);
      const since = new Date(now.getTime() - input.lookbackHours * 3_600_000);
      return withEvaluationSlot(() =>
        deps.db.transaction().execute(async (trx) => {
          const rows = await claimLookbackOrders(trx, input.tenant, since, input.afterOrderId ?? null, limit);
          const result = await evaluateIsolated(trx, deps, input.tenant, settings, rows, now);
          const last = rows[rows.length - 1];
          const hasMore = rows.length === limit;
          return { ...result, hasMore, nextCursor: hasMore && last ? last.order_id : null };
        }),
      );
    },
  };
}

export type SlaActivities = ReturnType<typeof createSlaActivities>;
