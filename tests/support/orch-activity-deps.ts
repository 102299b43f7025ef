import type { ActivityDeps, ActivitiesSettings } from '@e2a/activities';
import type { Db } from '@e2a/db';
import { Registry, createLogger } from '@e2a/telemetry';
import type { TestRedis } from './redis';

/** Settings as the worker's config defaults would produce them (AI in fallback: no key). */
export const orchTestSettings: ActivitiesSettings = {
  aiMode: 'fallback',
  aiProviderBaseUrl: 'http://127.0.0.1:1/v1',
  aiModel: 'test-model',
  aiApiKey: undefined,
  aiTimeoutSeconds: 3,
  aiRetryMaxAttempts: 2,
  aiMaxDailyTokens: 200000,
  aiMinConfidence: 0.55,
  aiMinSuccessProbability: 0.6,
  lowConfidenceBlockThreshold: 0.3,
  aiBreakerFailureThreshold: 5,
  aiBreakerResetSeconds: 60,
  maxResolutionAttempts: 2,
  evaluationChunkSize: 2000,
  partnerApiTimeoutSeconds: 5,
  resolutionRetryMinutes: 0,
};

export function orchActivityDeps(db: Db, redis: TestRedis, now: () => Date = () => new Date()): ActivityDeps {
  return {
    db,
    redis,
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: new Registry(),
    settings: orchTestSettings,
    now,
  };
}
