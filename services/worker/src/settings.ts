import type { ActivitiesSettings } from '@e2a/activities';
import { effectiveAiMode, type WorkerConfig } from '@e2a/config';

/** The activities' settings from the worker's parsed config: activities never read configuration themselves. */
export function activitiesSettingsFrom(config: WorkerConfig): ActivitiesSettings {
  return {
    aiMode: effectiveAiMode(config),
    aiProviderBaseUrl: config.AI_PROVIDER_BASE_URL,
    aiModel: config.AI_MODEL,
    aiApiKey: config.AI_API_KEY,
    aiTimeoutSeconds: config.AI_TIMEOUT_SECONDS,
    aiRetryMaxAttempts: config.AI_RETRY_MAX_ATTEMPTS,
    aiMaxDailyTokens: config.AI_MAX_DAILY_TOKENS,
    aiMinConfidence: config.AI_MIN_CONFIDENCE,
    aiMinSuccessProbability: config.AI_MIN_SUCCESS_PROBABILITY,
    lowConfidenceBlockThreshold: config.LOW_CONFIDENCE_BLOCK_THRESHOLD,
    aiBreakerFailureThreshold: config.AI_BREAKER_FAILURE_THRESHOLD,
    aiBreakerResetSeconds: config.AI_BREAKER_RESET_SECONDS,
    maxResolutionAttempts: config.OCTUP_MAX_RESOLUTION_ATTEMPTS,
    evaluationChunkSize: config.EVALUATION_CHUNK_SIZE,
    maxConcurrentEvaluations: config.WORKER_MAX_CONCURRENT_EVALUATIONS,
    partnerApiTimeoutSeconds: config.PARTNER_API_TIMEOUT_SECONDS,
    resolutionRetryMinutes: config.RESOLUTION_RETRY_MINUTES,
  };
}
