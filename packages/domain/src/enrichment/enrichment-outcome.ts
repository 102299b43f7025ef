import { REASON_CODES, isReasonCode } from '../exceptions/reason-codes';
import {
  HIGH_CONFIDENCE_THRESHOLD,
  MAX_ENRICHMENT_RETRIES,
  decideRetry,
  reprocessReason,
  type EnrichmentCandidate,
  type EnrichmentStatus,
  type ReprocessReason,
} from './enrichment-policy';

// Domain reference §8: what one pass over a record runs, and what its result means for the record.

export type EnrichmentRecordOutcome = 'completed' | 'low_confidence' | 'retry' | 'exhausted' | 'not_due';

/** Stage statuses that need no further work. */
const DONE: readonly EnrichmentStatus[] = ['COMPLETED', 'SKIPPED'];
export const isStageDone = (status: EnrichmentStatus): boolean => DONE.includes(status);

export const isHighConfidence = (confidence: number | null): boolean =>
  (confidence ?? 0) >= HIGH_CONFIDENCE_THRESHOLD;

export interface StoredEnrichmentState {
  needsManualReview: boolean;
  nextRetryAt: Date | null;
}

/** A record waiting for a person, or for a retry time still ahead, is not processed now. */
export const isEnrichmentDue = (state: StoredEnrichmentState, asOf: Date): boolean =>
  !state.needsManualReview && !(state.nextRetryAt && state.nextRetryAt > asOf);

/** The outcome a record already processed under the same attempt key reports (a retried activity). */
export function storedEnrichmentOutcome(
  state: StoredEnrichmentState & { aiConfidence: number | null },
): EnrichmentRecordOutcome {
  if (state.needsManualReview) return 'exhausted';
  if (state.nextRetryAt) return 'retry';
  return isHighConfidence(state.aiConfidence) ? 'completed' : 'low_confidence';
}

/** Order analysis runs until it is done; classification also re-runs whenever §8 says the record needs it. */
export function enrichmentStagesToRun(
  status: { order_analysis: EnrichmentStatus; classification: EnrichmentStatus },
  reason: ReprocessReason | null,
): { isOrderAnalysisRun: boolean; isClassificationRun: boolean } {
  return {
    isOrderAnalysisRun: !isStageDone(status.order_analysis),
    isClassificationRun: reason !== null || !isStageDone(status.classification),
  };
}

/** Automation runs only on a confident classification of an exception still active and not blocked. */
export const shouldAutomateEnrichment = (
  confidence: number | null,
  exception: { isActive: boolean; isResolutionBlocked: boolean },
): boolean => isHighConfidence(confidence) && exception.isActive && !exception.isResolutionBlocked;

export interface EnrichmentPassResult {
  /** A stage threw, or classification left the rule-based NULL confidence. */
  hasFailed: boolean;
  retryCountBefore: number;
  confidence: number | null;
  reason: ReprocessReason | null;
  asOf: Date;
}

export interface EnrichmentOutcome {
  outcome: Exclude<EnrichmentRecordOutcome, 'not_due'>;
  retryCount: number;
  nextRetryAt: Date | null;
}

/**
 * A failure schedules the next retry or exhausts the record; a confident answer completes it; a low-confidence
 * answer is complete but spends a retry when it was a §8 reprocessing of a stale record.
 */
export function enrichmentOutcome(pass: EnrichmentPassResult): EnrichmentOutcome {
  if (pass.hasFailed) {
    const decision = decideRetry(pass.retryCountBefore, pass.asOf);
    return decision.kind === 'retry'
      ? { outcome: 'retry', retryCount: decision.retryCount, nextRetryAt: decision.nextRetryAt }
      : { outcome: 'exhausted', retryCount: decision.retryCount, nextRetryAt: null };
  }
  if (isHighConfidence(pass.confidence)) {
    return { outcome: 'completed', retryCount: pass.retryCountBefore, nextRetryAt: null };
  }
  if (pass.reason !== 'low_confidence_stale') {
    return { outcome: 'low_confidence', retryCount: pass.retryCountBefore, nextRetryAt: null };
  }
  const retryCount = Math.min(MAX_ENRICHMENT_RETRIES, pass.retryCountBefore + 1);
  return {
    outcome: retryCount >= MAX_ENRICHMENT_RETRIES ? 'exhausted' : 'low_confidence',
    retryCount,
    nextRetryAt: null,
  };
}

/** The errors kept on a record: the newest `limit`. */
export const recentEnrichmentErrors = (
  stored: readonly string[],
  added: readonly string[],
  limit = 10,
): string[] => [...stored, ...added].slice(-limit);

/** Alert dedupe key for a record that exhausted its retries: one alert per record, ever. */
export const manualReviewAlertKey = (tenant: string, exceptionId: string) =>
  `enrichment_manual_review:${tenant}:exception:${exceptionId}`;

export const manualReviewAlertMessage = (exceptionId: string) =>
  `Exception ${exceptionId} exhausted ${MAX_ENRICHMENT_RETRIES} enrichment retries; manual review required`;

/** Why a record is in the backlog: a §8 reprocessing reason, else a failed stage; null when it is not. */
export function enrichmentBacklogReason(
  record: Omit<EnrichmentCandidate, 'needsManualReview'>,
  hasFailedStage: boolean,
  asOf: Date,
): ReprocessReason | 'failed_stage' | null {
  return (
    reprocessReason({ ...record, needsManualReview: false }, asOf) ?? (hasFailedStage ? 'failed_stage' : null)
  );
}

export type AutomationStageDecision =
  | { kind: 'not_auto_resolvable' }
  | { kind: 'decided'; attempts: number }
  | { kind: 'awaiting_first_attempt' };

/**
 * The automation stage only records that a resolution decision exists: exception management makes (and counts)
 * the attempts. Codes that cannot auto-resolve skip the stage; a code that can waits for its first attempt.
 */
export function automationStageDecision(exception: {
  reasonCode: string;
  status: string;
  resolutionAttempts: number;
  isResolutionBlocked: boolean;
}): AutomationStageDecision {
  const isAutoResolvable =
    isReasonCode(exception.reasonCode) && REASON_CODES[exception.reasonCode].autoResolvable;
  if (!isAutoResolvable) return { kind: 'not_auto_resolvable' };
  if (exception.resolutionAttempts > 0 || exception.isResolutionBlocked || exception.status === 'RESOLVED') {
    return { kind: 'decided', attempts: exception.resolutionAttempts };
  }
  return { kind: 'awaiting_first_attempt' };
}
