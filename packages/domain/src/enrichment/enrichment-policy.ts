// Domain reference §8: which records need enrichment again, and when the next retry is due.

export const ENRICHMENT_STAGES = ['order_analysis', 'classification', 'automation'] as const;
export type EnrichmentStage = (typeof ENRICHMENT_STAGES)[number];

export const ENRICHMENT_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SKIPPED'] as const;
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

/** Delays before retry 1..5 (seconds): 1 min, 5 min, 15 min, 1 h, 4 h. */
export const ENRICHMENT_RETRY_DELAYS_SECONDS = [60, 300, 900, 3600, 14_400] as const;
export const MAX_ENRICHMENT_RETRIES = ENRICHMENT_RETRY_DELAYS_SECONDS.length;
/** Confidence at or above which a classification counts as high quality. */
export const HIGH_CONFIDENCE_THRESHOLD = 0.7;
/** A low-confidence record is reprocessed only once it is older than this. */
export const LOW_CONFIDENCE_REPROCESS_AFTER_HOURS = 24;

export interface EnrichmentCandidate {
  aiLabel: string | null;
  aiConfidence: number | null;
  updatedAt: Date;
  enrichmentRetryCount: number;
  needsManualReview: boolean;
}

export type ReprocessReason = 'ai_confidence_null' | 'ai_label_null' | 'low_confidence_stale';

/** Why a record needs reprocessing (§8), or null when it does not. Manual-review records wait for a human. */
export function reprocessReason(record: EnrichmentCandidate, now: Date): ReprocessReason | null {
  if (record.needsManualReview) return null;
  if (record.aiConfidence === null) return 'ai_confidence_null';
  if (record.aiLabel === null) return 'ai_label_null';
  const ageMs = now.getTime() - record.updatedAt.getTime();
  if (
    record.aiConfidence < HIGH_CONFIDENCE_THRESHOLD &&
    ageMs > LOW_CONFIDENCE_REPROCESS_AFTER_HOURS * 3_600_000 &&
    record.enrichmentRetryCount < MAX_ENRICHMENT_RETRIES
  ) {
    return 'low_confidence_stale';
  }
  return null;
}

export type RetryDecision =
  | { kind: 'retry'; retryCount: number; delaySeconds: number; nextRetryAt: Date }
  | { kind: 'exhausted'; retryCount: number };

/**
 * What follows a failed attempt. `retryCountBefore` is the retries already spent; the record gets retry
 * number `retryCountBefore + 1` after its delay, or goes to manual review once all five are spent.
 */
export function decideRetry(retryCountBefore: number, failedAt: Date): RetryDecision {
  if (retryCountBefore >= MAX_ENRICHMENT_RETRIES) {
    return { kind: 'exhausted', retryCount: MAX_ENRICHMENT_RETRIES };
  }
  const delaySeconds = ENRICHMENT_RETRY_DELAYS_SECONDS[Math.max(0, retryCountBefore)] ?? 14_400;
  return {
    kind: 'retry',
    retryCount: retryCountBefore + 1,
    delaySeconds,
    nextRetryAt: new Date(failedAt.getTime() + delaySeconds * 1000),
  };
}
