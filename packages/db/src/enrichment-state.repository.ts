import { sql } from 'kysely';
import type { EnrichmentStatus } from '@e2a/domain';
import type { Db } from './connection';

// One exception's enrichment record (`enrichment_state`, record_type 'exception') as the pipeline reads and writes it.

const updateStateOf = (db: Db, tenant: string, exceptionId: string) =>
  db
    .updateTable('enrichment_state')
    .where('tenant', '=', tenant)
    .where('record_type', '=', 'exception')
    .where('record_id', '=', exceptionId);

/** Creates the missing state rows of a chunk (all stages PENDING). */
export async function ensureEnrichmentStates(
  db: Db,
  tenant: string,
  exceptionIds: readonly string[],
): Promise<void> {
  await sql`
    INSERT INTO enrichment_state (tenant, record_type, record_id)
    SELECT ${tenant}, 'exception', id::text
    FROM exceptions
    WHERE tenant = ${tenant} AND id = ANY(${exceptionIds as string[]}::bigint[])
    ON CONFLICT (tenant, record_type, record_id) DO NOTHING`.execute(db);
}

export interface EnrichmentRecord {
  order_id: string;
  ai_label: string | null;
  ai_confidence: number | null;
  updated_at: Date;
  enrichment_retry_count: number;
  order_analysis: EnrichmentStatus;
  classification: EnrichmentStatus;
  automation: EnrichmentStatus;
  retry_count: number;
  next_retry_at: Date | null;
  needs_manual_review: boolean;
  last_attempt_key: string | null;
  last_errors: string[];
}

/** The exception and its enrichment state; undefined when either is missing. */
export async function findEnrichmentRecord(
  db: Db,
  tenant: string,
  exceptionId: string,
): Promise<EnrichmentRecord | undefined> {
  const result = await sql<EnrichmentRecord>`
    SELECT e.order_id, e.ai_label, e.ai_confidence, e.updated_at, e.enrichment_retry_count,
           s.order_analysis, s.classification, s.automation, s.retry_count, s.next_retry_at,
           s.needs_manual_review, s.last_attempt_key, s.last_errors
    FROM exceptions e
    JOIN enrichment_state s
      ON s.tenant = e.tenant AND s.record_type = 'exception' AND s.record_id = e.id::text
    WHERE e.tenant = ${tenant} AND e.id = ${exceptionId}`.execute(db);
  return result.rows[0];
}

/** Marks the stages about to run IN_PROGRESS; a classification re-run puts automation back to PENDING. */
export async function markEnrichmentStagesStarted(
  db: Db,
  tenant: string,
  exceptionId: string,
  stages: { isOrderAnalysisRun: boolean; isClassificationRun: boolean },
): Promise<void> {
  await updateStateOf(db, tenant, exceptionId)
    .set({
      ...(stages.isOrderAnalysisRun ? { order_analysis: 'IN_PROGRESS' } : {}),
      ...(stages.isClassificationRun ? { classification: 'IN_PROGRESS', automation: 'PENDING' } : {}),
      updated_at: sql<Date>`now()`,
    })
    .execute();
}

/** What classification left on the exception, and whether automation may still act on it. */
export async function findClassifiedException(db: Db, tenant: string, exceptionId: string) {
  return db
    .selectFrom('exceptions')
    .select(['ai_label', 'ai_confidence', 'status', 'resolution_blocked'])
    .where('tenant', '=', tenant)
    .where('id', '=', exceptionId)
    .executeTakeFirstOrThrow();
}

export interface EnrichmentAttempt {
  status: {
    order_analysis: EnrichmentStatus;
    classification: EnrichmentStatus;
    automation: EnrichmentStatus;
  };
  retryCount: number;
  nextRetryAt: Date | null;
  attemptedAt: Date;
  attemptKey: string;
  lastErrors: string[];
  needsManualReview: boolean;
}

/** Stores one pass's stage statuses, retry schedule and errors, and the retry count on the exception. */
export async function saveEnrichmentAttempt(
  trx: Db,
  tenant: string,
  exceptionId: string,
  attempt: EnrichmentAttempt,
): Promise<void> {
  await updateStateOf(trx, tenant, exceptionId)
    .set({
      order_analysis: attempt.status.order_analysis,
      classification: attempt.status.classification,
      automation: attempt.status.automation,
      retry_count: attempt.retryCount,
      next_retry_at: attempt.nextRetryAt,
      last_attempt_at: attempt.attemptedAt,
      last_attempt_key: attempt.attemptKey,
      last_errors: JSON.stringify(attempt.lastErrors),
      needs_manual_review: attempt.needsManualReview,
      updated_at: sql<Date>`now()`,
    })
    .execute();
  await trx
    .updateTable('exceptions')
    .set({ enrichment_retry_count: attempt.retryCount })
    .where('tenant', '=', tenant)
    .where('id', '=', exceptionId)
    .execute();
}

export async function recordEnrichmentProcessingMs(
  db: Db,
  tenant: string,
  exceptionId: string,
  processingMs: number,
): Promise<void> {
  await updateStateOf(db, tenant, exceptionId).set({ processing_ms: processingMs }).execute();
}

/** The rule-based classification: label = reason code and a note, confidence left NULL (§6, §8). */
export async function applyRuleBasedClassification(
  db: Db,
  tenant: string,
  exceptionId: string,
  opsNote: string,
): Promise<void> {
  await db
    .updateTable('exceptions')
    .set({
      ai_label: sql<string>`COALESCE(ai_label, reason_code)`,
      ops_note: sql<string>`COALESCE(ops_note, ${opsNote})`,
      updated_at: sql<Date>`now()`,
    })
    .where('tenant', '=', tenant)
    .where('id', '=', exceptionId)
    .execute();
}

export async function findOrderPayload(
  db: Db,
  tenant: string,
  orderId: string,
): Promise<Record<string, unknown> | null | undefined> {
  const order = await db
    .selectFrom('orders')
    .select(['order_id', 'order_data'])
    .where('tenant', '=', tenant)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return order?.order_data;
}

/** The tenant's newest unacknowledged enrichment alerts. */
export async function listOpenEnrichmentAlerts(db: Db, tenant: string, limit: number) {
  return db
    .selectFrom('alerts')
    .select(['kind', 'severity', 'message', 'created_at'])
    .where('tenant', '=', tenant)
    .where('kind', 'like', 'enrichment_%')
    .where('acknowledged_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export interface EnrichmentBacklogRow {
  id: string;
  order_id: string;
  reason_code: string;
  ai_label: string | null;
  ai_confidence: number | null;
  enrichment_retry_count: number;
  updated_at: Date;
  created_at: Date;
  next_retry_at: Date | null;
  needs_manual_review: boolean | null;
  failed_stage: boolean;
}

/** Every exception not waiting for manual review with its enrichment state, oldest first. */
export async function listEnrichmentBacklogRows(db: Db, tenant: string): Promise<EnrichmentBacklogRow[]> {
  const result = await sql<EnrichmentBacklogRow>`
    SELECT e.id::text AS id, e.order_id, e.reason_code, e.ai_label, e.ai_confidence, e.enrichment_retry_count,
           e.updated_at, e.created_at, s.next_retry_at, s.needs_manual_review,
           COALESCE(s.order_analysis = 'FAILED' OR s.classification = 'FAILED' OR s.automation = 'FAILED', false)
             AS failed_stage
    FROM exceptions e
    LEFT JOIN enrichment_state s
      ON s.tenant = e.tenant AND s.record_type = 'exception' AND s.record_id = e.id::text
    WHERE e.tenant = ${tenant} AND COALESCE(s.needs_manual_review, false) = false
    ORDER BY e.created_at, e.id`.execute(db);
  return result.rows;
}
