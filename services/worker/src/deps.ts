import { createClient } from 'redis';
import type { WorkerConfig } from '@e2a/config';
import { effectiveAiMode } from '@e2a/config';
import { createDb } from '@e2a/db';
import type { ActivityDeps, ActivitiesSettings } from '@e2a/activities';
import type { Logger } from '@e2a/telemetry';
import type { Registry } from 'prom-client';

export function activitiesSettings(config: WorkerConfig): ActivitiesSettings {
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
    partnerApiTimeoutSeconds: config.PARTNER_API_TIMEOUT_SECONDS,
  };
}

/** Opens the worker's Postgres pool and Redis connection; `close` releases both. */
export async function createActivityDeps(
  config: WorkerConfig,
  logger: Logger,
  metrics: Registry,
): Promise<{ deps: ActivityDeps; close: () => Promise<void> }> {
  const { db } = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const redis = createClient({ url: config.REDIS_URL });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
  await redis.connect();
  return {
    deps: { db, redis, logger, metrics, settings: activitiesSettings(config), now: () => new Date() },
    close: async () => {
      await redis.quit().catch(() => undefined);
      await db.destroy();
    },
  };
}
