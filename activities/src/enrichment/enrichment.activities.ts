import { Context } from '@temporalio/activity';
import {
  countBacklog,
  ensureEnrichmentStates,
  findClassifiedException,
  findEnrichmentCandidateIds,
  findEnrichmentRecord,
  insertAlerts,
  loadEnrichmentCounts,
  markEnrichmentStagesStarted,
  recordEnrichmentProcessingMs,
  saveEnrichmentAttempt,
} from '@e2a/db';
import {
  ACTIVE_EXCEPTION_STATUSES,
  computeEnrichmentHealth,
  enrichmentOutcome,
  enrichmentStagesToRun,
  evaluateEnrichmentAlerts,
  healthStatus,
  isEnrichmentDue,
  isStageDone,
  manualReviewAlertKey,
  manualReviewAlertMessage,
  recentEnrichmentErrors,
  reprocessReason,
  shouldAutomateEnrichment,
  storedEnrichmentOutcome,
  type EnrichmentAlert,
  type EnrichmentHealthFigures,
  type EnrichmentRecordOutcome,
  type HealthStatus,
} from '@e2a/domain';
import type { ActivityDeps } from '../deps';
import { isolateEach } from '../shared/quarantine';
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

export type { EnrichmentRecordOutcome } from '@e2a/domain';

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

/** Records of one chunk processed at the same time (stage calls are I/O bound: LLM, Postgres). */
const RECORD_CONCURRENCY = 8;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

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
    const row = await findEnrichmentRecord(db, tenant, exceptionId);
    if (!row) return { exceptionId, outcome: 'not_due', retryCount: 0, nextRetryAt: null, errors: [] };

    const stored = { needsManualReview: row.needs_manual_review, nextRetryAt: row.next_retry_at };
    // A retried activity: this record was already processed under this key, report what was stored.
    if (row.last_attempt_key === attemptKey) {
      return {
        exceptionId,
        outcome: storedEnrichmentOutcome({ ...stored, aiConfidence: row.ai_confidence }),
        retryCount: row.retry_count,
        nextRetryAt: row.next_retry_at?.toISOString() ?? null,
        errors: [],
      };
    }
    if (!isEnrichmentDue(stored, asOf)) {
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
    const stagesToRun = enrichmentStagesToRun(status, reason);
    await markEnrichmentStagesStarted(db, tenant, exceptionId, stagesToRun);
    if (stagesToRun.isClassificationRun) status.automation = 'PENDING';

    const errors: string[] = [];
    const stamp = asOf.toISOString();
    let failed = false;
    if (stagesToRun.isOrderAnalysisRun) {
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
    if (!failed && stagesToRun.isClassificationRun) {
      try {
        status.classification = (await stages.classifyException(tenant, exceptionId)).status;
      } catch (error) {
        status.classification = 'FAILED';
        errors.push(`${stamp} classification: ${errorText(error)}`);
        failed = true;
      }
    }
    if (!failed) {
      const fresh = await findClassifiedException(db, tenant, exceptionId);
      confidence = fresh.ai_confidence;
      exceptionState = fresh;
      // NULL confidence is the rule-based fallback, never a completed classification (§6, §8).
      if (fresh.ai_confidence === null || fresh.ai_label === null) {
        status.classification = 'FAILED';
        errors.push(`${stamp} classification: ai_confidence or ai_label is NULL after classification`);
        failed = true;
      }
    }
    if (!failed && !isStageDone(status.automation)) {
      const isActive = (ACTIVE_EXCEPTION_STATUSES as readonly string[]).includes(
        exceptionState?.status ?? '',
      );
      const exception = { isActive, isResolutionBlocked: Boolean(exceptionState?.resolution_blocked) };
      if (shouldAutomateEnrichment(confidence, exception)) {
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

    const { outcome, retryCount, nextRetryAt } = enrichmentOutcome({
      hasFailed: failed,
      retryCountBefore: row.retry_count,
      confidence,
      reason,
      asOf,
    });
    const lastErrors = recentEnrichmentErrors(row.last_errors ?? [], errors);
    await db.transaction().execute((trx) =>
      saveEnrichmentAttempt(trx, tenant, exceptionId, {
        status,
        retryCount,
        nextRetryAt,
        attemptedAt: asOf,
        attemptKey,
        lastErrors,
        needsManualReview: outcome === 'exhausted',
      }),
    );
    if (outcome === 'exhausted') {
      await insertAlerts(db, [
        {
          tenant,
          kind: 'enrichment_manual_review',
          severity: 'WARNING',
          message: manualReviewAlertMessage(exceptionId),
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
      await ensureEnrichmentStates(db, input.tenant, input.exceptionIds);
      // Records are independent: a few at a time, so one slow AI call does not hold the whole chunk; a record
      // that fails with a data error outside its stages (which record their own failures) is quarantined.
      let done = 0;
      const { outputs: records } = await isolateEach(deps, {
        tenant: input.tenant,
        kind: 'enrichment',
        records: input.exceptionIds,
        keyOf: (exceptionId) => exceptionId,
        concurrency: RECORD_CONCURRENCY,
        run: async (exceptionId) => {
          const recordStarted = performance.now();
          const result = await processRecord(input.tenant, exceptionId, input.attemptKey, asOf);
          if (result.outcome !== 'not_due') {
            const processingMs = Math.round(performance.now() - recordStarted);
            await recordEnrichmentProcessingMs(db, input.tenant, exceptionId, processingMs);
          }
          done += 1;
          heartbeat(done);
          return result;
        },
      });
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
