import { sql } from 'kysely';
import {
  HIGH_CONFIDENCE_THRESHOLD,
  LOW_CONFIDENCE_REPROCESS_AFTER_HOURS,
  MAX_ENRICHMENT_RETRIES,
  type EnrichmentCounts,
} from '@e2a/domain';
import type { Db } from './connection';
import { notQuarantined } from './quarantine.repository';

// Set-based reads of the enrichment pipeline's state (domain reference §8); the API, metrics and activities share them.

/** §8: confidence or label NULL, or low confidence older than 24 h with retries left. `e` is the exception row. */
const needsReprocessing = (asOf: Date) => sql<boolean>`(
  e.ai_confidence IS NULL
  OR e.ai_label IS NULL
  OR (e.ai_confidence < ${HIGH_CONFIDENCE_THRESHOLD}
      AND e.updated_at < ${asOf}::timestamptz - make_interval(hours => ${LOW_CONFIDENCE_REPROCESS_AFTER_HOURS})
      AND e.enrichment_retry_count < ${MAX_ENRICHMENT_RETRIES})
)`;

const hasFailedStage = sql<boolean>`(s.order_analysis = 'FAILED' OR s.classification = 'FAILED' OR s.automation = 'FAILED')`;

/** Exceptions that need enrichment now: §8 criteria or a failed stage, due, not waiting for manual review. */
export async function findEnrichmentCandidateIds(
  db: Db,
  input: { tenant: string; asOf: Date; limit: number; excludeAttemptPrefix?: string },
): Promise<string[]> {
  const exclude = input.excludeAttemptPrefix
    ? sql`AND (s.last_attempt_key IS NULL OR s.last_attempt_key NOT LIKE ${`${input.excludeAttemptPrefix}%`})`
    : sql``;
  const result = await sql<{ id: string }>`
    SELECT e.id::text AS id
    FROM exceptions e
    LEFT JOIN enrichment_state s
      ON s.tenant = e.tenant AND s.record_type = 'exception' AND s.record_id = e.id::text
    WHERE e.tenant = ${input.tenant}
      AND COALESCE(s.needs_manual_review, false) = false
      AND (s.next_retry_at IS NULL OR s.next_retry_at <= ${input.asOf})
      AND (${needsReprocessing(input.asOf)} OR COALESCE(${hasFailedStage}, false))
      AND ${notQuarantined('enrichment', sql.ref('e.tenant'), sql.ref('e.id'))}
      ${exclude}
    ORDER BY e.created_at, e.id
    LIMIT ${input.limit}`.execute(db);
  return result.rows.map((row) => row.id);
}

/** The figures the §8 formulas take, over all of the tenant's exceptions. */
export async function loadEnrichmentCounts(db: Db, tenant: string, asOf: Date): Promise<EnrichmentCounts> {
  const exceptions = await sql<{
    total: string;
    classified: string;
    high_confidence: string;
    auto_resolved: string;
    average_confidence: number | null;
  }>`
    SELECT
      count(*) AS total,
      count(*) FILTER (WHERE e.ai_label IS NOT NULL AND e.ai_confidence IS NOT NULL) AS classified,
      count(*) FILTER (WHERE e.ai_confidence >= ${HIGH_CONFIDENCE_THRESHOLD}) AS high_confidence,
      count(*) FILTER (
        WHERE e.status IN ('RESOLVED', 'CLOSED')
          AND EXISTS (SELECT 1 FROM resolution_attempts r WHERE r.exception_id = e.id AND r.status = 'SUCCEEDED')
      ) AS auto_resolved,
      avg(e.ai_confidence) AS average_confidence
    FROM exceptions e
    WHERE e.tenant = ${tenant}`.execute(db);
  const states = await sql<{ attempts: string; failed: string }>`
    SELECT
      count(*) FILTER (WHERE s.last_attempt_at IS NOT NULL) AS attempts,
      count(*) FILTER (WHERE s.last_attempt_at IS NOT NULL AND (${hasFailedStage} OR s.needs_manual_review)) AS failed
    FROM enrichment_state s
    WHERE s.tenant = ${tenant}`.execute(db);
  const backlog = await countBacklog(db, tenant, asOf);
  const row = exceptions.rows[0];
  const stateRow = states.rows[0];
  return {
    total: Number(row?.total ?? 0),
    classified: Number(row?.classified ?? 0),
    highConfidence: Number(row?.high_confidence ?? 0),
    autoResolved: Number(row?.auto_resolved ?? 0),
    averageConfidence: Number(row?.average_confidence ?? 0),
    attempts: Number(stateRow?.attempts ?? 0),
    failedAttempts: Number(stateRow?.failed ?? 0),
    backlog: backlog.backlog,
  };
}

export interface EnrichmentBacklog {
  /** Records needing reprocessing (§8) that are not waiting for manual review. */
  backlog: number;
  /** Of those, due now (no retry scheduled in the future). */
  dueNow: number;
  /** Of those, waiting for a scheduled retry. */
  scheduledRetries: number;
  needsManualReview: number;
  byReason: {
    ai_confidence_null: number;
    ai_label_null: number;
    low_confidence_stale: number;
    failed_stage: number;
  };
  oldestCreatedAt: Date | null;
  nextRetryAt: Date | null;
}

export async function countBacklog(db: Db, tenant: string, asOf: Date): Promise<EnrichmentBacklog> {
  const result = await sql<{
    backlog: string;
    due_now: string;
    scheduled: string;
    manual_review: string;
    confidence_null: string;
    label_null: string;
    low_stale: string;
    failed_stage: string;
    oldest: Date | null;
    next_retry_at: Date | null;
  }>`
    WITH records AS (
      SELECT e.*, s.next_retry_at, COALESCE(s.needs_manual_review, false) AS manual_review,
             COALESCE(${hasFailedStage}, false) AS failed_stage,
             ${needsReprocessing(asOf)} AS needs_reprocessing
      FROM exceptions e
      LEFT JOIN enrichment_state s
        ON s.tenant = e.tenant AND s.record_type = 'exception' AND s.record_id = e.id::text
      WHERE e.tenant = ${tenant}
    ), pending AS (
      SELECT * FROM records WHERE NOT manual_review AND (needs_reprocessing OR failed_stage)
    )
    SELECT
      (SELECT count(*) FROM pending) AS backlog,
      (SELECT count(*) FROM pending WHERE next_retry_at IS NULL OR next_retry_at <= ${asOf}) AS due_now,
      (SELECT count(*) FROM pending WHERE next_retry_at > ${asOf}) AS scheduled,
      (SELECT count(*) FROM records WHERE manual_review) AS manual_review,
      (SELECT count(*) FROM pending WHERE ai_confidence IS NULL) AS confidence_null,
      (SELECT count(*) FROM pending WHERE ai_confidence IS NOT NULL AND ai_label IS NULL) AS label_null,
      (SELECT count(*) FROM pending WHERE ai_confidence IS NOT NULL AND ai_label IS NOT NULL AND needs_reprocessing) AS low_stale,
      (SELECT count(*) FROM pending WHERE NOT needs_reprocessing) AS failed_stage,
      (SELECT min(created_at) FROM pending) AS oldest,
      (SELECT min(next_retry_at) FROM pending WHERE next_retry_at > ${asOf}) AS next_retry_at`.execute(db);
  const row = result.rows[0];
  return {
    backlog: Number(row?.backlog ?? 0),
    dueNow: Number(row?.due_now ?? 0),
    scheduledRetries: Number(row?.scheduled ?? 0),
    needsManualReview: Number(row?.manual_review ?? 0),
    byReason: {
      ai_confidence_null: Number(row?.confidence_null ?? 0),
      ai_label_null: Number(row?.label_null ?? 0),
      low_confidence_stale: Number(row?.low_stale ?? 0),
      failed_stage: Number(row?.failed_stage ?? 0),
    },
    oldestCreatedAt: row?.oldest ?? null,
    nextRetryAt: row?.next_retry_at ?? null,
  };
}

export interface EnrichmentReport {
  from: Date;
  to: Date;
  recordsAttempted: number;
  recordsCompleted: number;
  recordsFailed: number;
  recordsNeedingManualReview: number;
  averageProcessingMs: number | null;
  stages: Record<'order_analysis' | 'classification' | 'automation', Record<string, number>>;
  runs: { workflowId: string; runId: string; status: string; finishedAt: Date; result: unknown }[];
}

/** What enrichment did between `from` and `to` (the "overnight" report). */
export async function loadEnrichmentReport(
  db: Db,
  tenant: string,
  from: Date,
  to: Date,
): Promise<EnrichmentReport> {
  const totals = await sql<{
    attempted: string;
    completed: string;
    failed: string;
    manual_review: string;
    avg_ms: number | null;
  }>`
    SELECT
      count(*) AS attempted,
      count(*) FILTER (WHERE NOT ${hasFailedStage} AND NOT s.needs_manual_review
                         AND s.classification = 'COMPLETED') AS completed,
      count(*) FILTER (WHERE ${hasFailedStage} OR s.needs_manual_review) AS failed,
      count(*) FILTER (WHERE s.needs_manual_review) AS manual_review,
      avg(s.processing_ms)::float8 AS avg_ms
    FROM enrichment_state s
    WHERE s.tenant = ${tenant} AND s.last_attempt_at >= ${from} AND s.last_attempt_at < ${to}`.execute(db);
  const stageRows = await sql<{ stage: string; status: string; n: string }>`
    SELECT stage, status, count(*) AS n
    FROM enrichment_state s,
      LATERAL (VALUES ('order_analysis', s.order_analysis), ('classification', s.classification),
                      ('automation', s.automation)) AS v(stage, status)
    WHERE s.tenant = ${tenant} AND s.last_attempt_at >= ${from} AND s.last_attempt_at < ${to}
    GROUP BY stage, status`.execute(db);
  const stages: EnrichmentReport['stages'] = { order_analysis: {}, classification: {}, automation: {} };
  for (const row of stageRows.rows) {
    stages[row.stage as keyof typeof stages][row.status] = Number(row.n);
  }
  const runs = await db
    .selectFrom('flow_runs')
    .select(['workflow_id', 'run_id', 'status', 'finished_at', 'result'])
    .where('tenant', '=', tenant)
    .where('flow', '=', 'enrichment')
    .where('finished_at', '>=', from)
    .where('finished_at', '<', to)
    .orderBy('finished_at', 'desc')
    .limit(50)
    .execute();
  const row = totals.rows[0];
  return {
    from,
    to,
    recordsAttempted: Number(row?.attempted ?? 0),
    recordsCompleted: Number(row?.completed ?? 0),
    recordsFailed: Number(row?.failed ?? 0),
    recordsNeedingManualReview: Number(row?.manual_review ?? 0),
    averageProcessingMs: row?.avg_ms === null || row?.avg_ms === undefined ? null : Number(row.avg_ms),
    stages,
    runs: runs.map((run) => ({
      workflowId: run.workflow_id,
      runId: run.run_id,
      status: run.status,
      finishedAt: run.finished_at,
      result: run.result,
    })),
  };
}

export interface NewAlert {
  tenant: string;
  kind: string;
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  message: string;
  data?: Record<string, unknown>;
  dedupeKey: string;
}

/** Inserts alerts once per dedupe key; returns how many were new. */
export async function insertAlerts(db: Db, alerts: NewAlert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const inserted = await db
    .insertInto('alerts')
    .values(
      alerts.map((alert) => ({
        tenant: alert.tenant,
        kind: alert.kind,
        severity: alert.severity,
        message: alert.message,
        data: JSON.stringify(alert.data ?? {}),
        dedupe_key: alert.dedupeKey,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}
