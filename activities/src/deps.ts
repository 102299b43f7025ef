import type { ChangeFeed, Db } from '@e2a/db';
import type { Logger } from '@e2a/telemetry';
import type { Registry } from 'prom-client';
import type { RedisClientType } from 'redis';

export type RedisClient = RedisClientType;

/** Settings activities need, parsed by the worker's config module and passed in (activities never read env). */
export interface ActivitiesSettings {
  aiMode: 'smart' | 'full' | 'fallback' | 'disabled';
  aiProviderBaseUrl: string;
  aiModel: string;
  aiApiKey: string | undefined;
  aiTimeoutSeconds: number;
  aiRetryMaxAttempts: number;
  aiMaxDailyTokens: number;
  aiMinConfidence: number;
  aiMinSuccessProbability: number;
  lowConfidenceBlockThreshold: number;
  aiBreakerFailureThreshold: number;
  aiBreakerResetSeconds: number;
  maxResolutionAttempts: number;
  evaluationChunkSize: number;
  /** Evaluation chunks in flight at once in this process (each holds its orders in memory); unset: no cap. */
  maxConcurrentEvaluations?: number;
  partnerApiTimeoutSeconds: number;
  /** Minimum minutes between two automated resolution attempts on one exception (0 = no spacing). */
  resolutionRetryMinutes: number;
}

/** Dependencies injected into every activity factory; tests build these against real Postgres and Redis. */
export interface ActivityDeps {
  db: Db;
  redis: RedisClient;
  logger: Logger;
  metrics: Registry;
  settings: ActivitiesSettings;
  /** The clock activities use; tests inject a fixed one. */
  now: () => Date;
  /** Postgres NOTIFY of new events and tenant changes (one LISTEN per process); without it shard waits poll. */
  changes?: ChangeFeed;
}
