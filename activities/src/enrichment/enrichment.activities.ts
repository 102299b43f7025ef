import { Context } from '@temporalio/activity';
import { countBacklog, findEnrichmentCandidateIds, insertAlerts, loadEnrichmentCounts, sql } from '@e2a/db';
import {
  ACTIVE_EXCEPTION_STATUSES,
  HIGH_CONFIDENCE_THRESHOLD,
  MAX_ENRICHMENT_RETRIES,
  computeEnrichmentHealth,
  decideRetry,
  evaluateEnrichmentAlerts,
  healthStatus,
  reprocessReason,
  type EnrichmentAlert,
  type EnrichmentHealthFigures,
  type EnrichmentStatus,
  type HealthStatus,
} from '@e2a/domain';
import type { ActivityDeps } from '../deps';
import { createRuleBasedEnrichmentStages, type EnrichmentStages } from './enrichment-stages';

export interface FindEnrichmentCandidatesInput {
  tenant: string;
  /** Workflow time (ISO); activities judge "due" against it so runs are reproducible. */
  asOf: string;
  limit: number;
  /** Records already attempted by this run (attempt keys start with it) are not picked again. */
  excludeAttemptPrefix?: string;
}

export interface RunEnrichmentBatchInput {
  tenant: string;
  exceptionIds: string[];
  /** Made in the workflow; a retried activity skips records it already processed under this key. */
  attemptKey: string;
  asOf: string;
}

export type EnrichmentRecordOutcome = 'completed' | 'low_confidence' | 'retry' | 'exhausted' | 'not_due';

export interface EnrichmentRecordResult {
  exceptionId: string;
  outcome: EnrichmentRecordOutcome;
  retryCount: number;
  nextRetryAt: string | null;
  errors: string[];
}

export interface RunEnrichmentBatchResult {
  records: EnrichmentRecordResult[];
  processingMs: number;
}

export interface EnrichmentHealthResult {
  tenant: string;
  status: HealthStatus;
  figures: EnrichmentHealthFigures;
  alerts: EnrichmentAlert[];
  newAlerts: number;
}

const MAX_STORED_ERRORS = 10;
/** Records of one chunk processed at the same time (stage calls are I/O bound: LLM, Postgres). */
const RECORD_CONCURRENCY = 8;
const DONE: readonly string[] = ['COMPLETED', 'SKIPPED'];
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/** Alert dedupe key for a record that exhausted its retries: one alert per record, ever. */
export const manualReviewAlertKey = (tenant: string, exceptionId: string) =>
  `enrichment_manual_review:${tenant}:exception:${exceptionId}`;

export function createEnrichmentActivities(
  deps: ActivityDeps,
  stages: EnrichmentStages = createRuleBasedEnrichmentStages(deps),
) {
  const { db } = deps;

  async function processRecord(
    tenant: string,
    exceptionId: string,
    attemptKey: string,
    asOf: Date,
  ): Promise<EnrichmentRecordResult> {
    const row = await sql<{
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
    }>`
      SELECT e.order_id, e.ai_label, e.ai_confidence, e.updated_at, e.enrichment_retry_count,
             s.order_analysis, s.classification, s.automation, s.retry_count, s.next_retry_at,
             s.needs_manual_review, s.last_attempt_key, s.last_errors
      FROM exceptions e
      JOIN enrichment_state s
        ON s.tenant = e.tenant AND s.record_type = 'exception' AND s.record_id = e.id::text
      WHERE e.tenant = ${tenant} AND e.id = ${exceptionId}`
      .execute(db)
      .then((result) => result.rows[0]);
    if (!row) return { exceptionId, outcome: 'not_due', retryCount: 0, nextRetryAt: null, errors: [] };

    // A retried activity: this record was already processed under this key, report what was stored.
    if (row.last_attempt_key === attemptKey) {
      const outcome: EnrichmentRecordOutcome = row.needs_manual_review
        ? 'exhausted'
        : row.next_retry_at
          ? 'retry'
          : (row.ai_confidence ?? 0) >= HIGH_CONFIDENCE_THRESHOLD
            ? 'completed'
            : 'low_confidence';
      return {
        exceptionId,
        outcome,
        retryCount: row.retry_count,
        nextRetryAt: row.next_retry_at?.toISOString() ?? null,
        errors: [],
      };
    }
    if (row.needs_manual_review || (row.next_retry_at && row.next_retry_at > asOf)) {
      return {
        exceptionId,
        outcome: 'not_due',
        retryCount: row.retry_count,
        nextRetryAt: row.next_retry_at?.toISOString() ?? null,
        errors: [],
      };
    }

    const reason = reprocessReason(
      {
        aiLabel: row.ai_label,
        aiConfidence: row.ai_confidence,
        updatedAt: row.updated_at,
        enrichmentRetryCount: row.enrichment_retry_count,
        needsManualReview: row.needs_manual_review,
      },
      asOf,
    );
    const status = {
      order_analysis: row.order_analysis,
      classification: row.classification,
      automation: row.automation,
    };
    const runOrderAnalysis = !DONE.includes(status.order_analysis);
    const runClassification = reason !== null || !DONE.includes(status.classification);
    await db
      .updateTable('enrichment_state')
      .set({
        ...(runOrderAnalysis ? { order_analysis: 'IN_PROGRESS' } : {}),
        ...(runClassification ? { classification: 'IN_PROGRESS', automation: 'PENDING' } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('tenant', '=', tenant)
      .where('record_type', '=', 'exception')
      .where('record_id', '=', exceptionId)
      .execute();
    if (runClassification) status.automation = 'PENDING';

    const errors: string[] = [];
    const stamp = asOf.toISOString();
    let failed = false;
    if (runOrderAnalysis) {
      try {
        status.order_analysis = (await stages.analyzeOrder(tenant, row.order_id)).status;
      } catch (error) {
        status.order_analysis = 'FAILED';
        errors.push(`${stamp} order_analysis: ${errorText(error)}`);
        failed = true;
      }
    }
    let confidence = row.ai_confidence;
    let exceptionState: { status: string; resolution_blocked: boolean } | undefined;
    if (!failed && runClassification) {
      try {
        status.classification = (await stages.classifyException(tenant, exceptionId)).status;
      } catch (error) {
        status.classification = 'FAILED';
        errors.push(`${stamp} classification: ${errorText(error)}`);
        failed = true;
      }
    }
    if (!failed) {
      const fresh = await db
        .selectFrom('exceptions')
        .select(['ai_label', 'ai_confidence', 'status', 'resolution_blocked'])
        .where('tenant', '=', tenant)
        .where('id', '=', exceptionId)
        .executeTakeFirstOrThrow();
      confidence = fresh.ai_confidence;
      exceptionState = fresh;
      // NULL confidence is the rule-based fallback, never a completed classification (§6, §8).
      if (fresh.ai_confidence === null || fresh.ai_label === null) {
        status.classification = 'FAILED';
        errors.push(`${stamp} classification: ai_confidence or ai_label is NULL after classification`);
        failed = true;
      }
    }
    if (!failed && !DONE.includes(status.automation)) {
      const isActive = (ACTIVE_EXCEPTION_STATUSES as readonly string[]).includes(
        exceptionState?.status ?? '',
      );
      if ((confidence ?? 0) >= HIGH_CONFIDENCE_THRESHOLD && isActive && !exceptionState?.resolution_blocked) {
        try {
          status.automation = (await stages.automateException(tenant, exceptionId)).status;
        } catch (error) {
          status.automation = 'FAILED';
          errors.push(`${stamp} automation: ${errorText(error)}`);
          failed = true;
        }
      } else {
        status.automation = 'SKIPPED';
      }
    }

    let outcome: EnrichmentRecordOutcome;
    let retryCount = row.retry_count;
    let nextRetryAt: Date | null = null;
    if (failed) {
      const decision = decideRetry(row.retry_count, asOf);
      retryCount = decision.retryCount;
      if (decision.kind === 'retry') {
        outcome = 'retry';
        nextRetryAt = decision.nextRetryAt;
      } else {
        outcome = 'exhausted';
      }
    } else if ((confidence ?? 0) >= HIGH_CONFIDENCE_THRESHOLD) {
      outcome = 'completed';
    } else {
      // A low-confidence answer is complete but spends a retry when it was a §8 reprocessing of a stale record.
      outcome = 'low_confidence';
      if (reason === 'low_confidence_stale') {
        retryCount = Math.min(MAX_ENRICHMENT_RETRIES, row.retry_count + 1);
        if (retryCount >= MAX_ENRICHMENT_RETRIES) outcome = 'exhausted';
      }
    }

    const lastErrors = [...(row.last_errors ?? []), ...errors].slice(-MAX_STORED_ERRORS);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('enrichment_state')
        .set({
          order_analysis: status.order_analysis,
          classification: status.classification,
          automation: status.automation,
          retry_count: retryCount,
          next_retry_at: nextRetryAt,
          last_attempt_at: asOf,
          last_attempt_key: attemptKey,
          last_errors: JSON.stringify(lastErrors),
          needs_manual_review: outcome === 'exhausted',
          updated_at: sql<Date>`now()`,
        })
        .where('tenant', '=', tenant)
        .where('record_type', '=', 'exception')
        .where('record_id', '=', exceptionId)
        .execute();
      await trx
        .updateTable('exceptions')
        .set({ enrichment_retry_count: retryCount })
        .where('tenant', '=', tenant)
        .where('id', '=', exceptionId)
        .execute();
    });
    if (outcome === 'exhausted') {
      await insertAlerts(db, [
        {
          tenant,
          kind: 'enrichment_manual_review',
          severity: 'WARNING',
          message: `Exception ${exceptionId} exhausted ${MAX_ENRICHMENT_RETRIES} enrichment retries; manual review required`,
          data: {
            record_type: 'exception',
            record_id: exceptionId,
            retry_count: retryCount,
            last_errors: lastErrors,
          },
          dedupeKey: manualReviewAlertKey(tenant, exceptionId),
        },
      ]);
    }
    return { exceptionId, outcome, retryCount, nextRetryAt: nextRetryAt?.toISOString() ?? null, errors };
  }

  return {
    /** §8 candidates that are due now, oldest first. */
    async findEnrichmentCandidates(input: FindEnrichmentCandidatesInput): Promise<string[]> {
      return findEnrichmentCandidateIds(db, {
        tenant: input.tenant,
        asOf: new Date(input.asOf),
        limit: input.limit,
        ...(input.excludeAttemptPrefix ? { excludeAttemptPrefix: input.excludeAttemptPrefix } : {}),
      });
    },

    /** Runs the stages for a chunk of exceptions and persists each record's state, retry schedule and errors. */
    async runEnrichmentBatch(input: RunEnrichmentBatchInput): Promise<RunEnrichmentBatchResult> {
      const started = performance.now();
      const asOf = new Date(input.asOf);
      if (input.exceptionIds.length === 0) return { records: [], processingMs: 0 };
      await sql`
        INSERT INTO enrichment_state (tenant, record_type, record_id)
        SELECT ${input.tenant}, 'exception', id::text
        FROM exceptions
        WHERE tenant = ${input.tenant} AND id = ANY(${input.exceptionIds}::bigint[])
        ON CONFLICT (tenant, record_type, record_id) DO NOTHING`.execute(db);
      // Records are independent: a few at a time, so one slow AI call does not hold the whole chunk.
      const records: EnrichmentRecordResult[] = new Array(input.exceptionIds.length);
      let next = 0;
      let done = 0;
      const lane = async () => {
        while (next < input.exceptionIds.length) {
          const index = next++;
          const exceptionId = input.exceptionIds[index]!;
          const recordStarted = performance.now();
          const result = await processRecord(input.tenant, exceptionId, input.attemptKey, asOf);
          if (result.outcome !== 'not_due') {
            await db
              .updateTable('enrichment_state')
              .set({ processing_ms: Math.round(performance.now() - recordStarted) })
              .where('tenant', '=', input.tenant)
              .where('record_type', '=', 'exception')
              .where('record_id', '=', exceptionId)
              .execute();
          }
          records[index] = result;
          done += 1;
          heartbeat(done);
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(RECORD_CONCURRENCY, input.exceptionIds.length) }, lane),
      );
      return { records, processingMs: Math.round(performance.now() - started) };
    },

    /** §8 figures and thresholds; alerts are stored once per tenant, kind, severity and day. */
    async evaluateEnrichmentHealth(input: { tenant: string; asOf: string }): Promise<EnrichmentHealthResult> {
      const asOf = new Date(input.asOf);
      const figures = computeEnrichmentHealth(await loadEnrichmentCounts(db, input.tenant, asOf));
      const alerts = evaluateEnrichmentAlerts(figures);
      const day = input.asOf.slice(0, 10);
      const newAlerts = await insertAlerts(
        db,
        alerts.map((alert) => ({
          tenant: input.tenant,
          kind: alert.kind,
          severity: alert.severity,
          message: alert.message,
          data: { value: alert.value, threshold: alert.threshold, figures },
          dedupeKey: `${alert.kind}:${input.tenant}:${alert.severity}:${day}`,
        })),
      );
      return { tenant: input.tenant, status: healthStatus(alerts), figures, alerts, newAlerts };
    },

    async countEnrichmentBacklog(input: { tenant: string; asOf: string }) {
      const backlog = await countBacklog(db, input.tenant, new Date(input.asOf));
      return {
        backlog: backlog.backlog,
        dueNow: backlog.dueNow,
        needsManualReview: backlog.needsManualReview,
      };
    },
  };
}

function heartbeat(progress: number): void {
  try {
    Context.current().heartbeat(progress);
  } catch {
    // Called outside an activity (direct tests): nothing to heartbeat to.
  }
}

export type EnrichmentActivities = ReturnType<typeof createEnrichmentActivities>;
