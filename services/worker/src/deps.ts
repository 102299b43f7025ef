import { createClient } from 'redis';
import type { WorkerConfig } from '@e2a/config';
import { createChangeFeed, createDb, withApplicationName } from '@e2a/db';
import type { ActivityDeps } from '@e2a/activities';
import type { Logger } from '@e2a/telemetry';
import type { Registry } from 'prom-client';
import { activitiesSettingsFrom } from './settings';

/** Opens the worker's Postgres pool and Redis connection; `close` releases both. */
export async function createActivityDeps(
  config: WorkerConfig,
  logger: Logger,
  metrics: Registry,
): Promise<{ deps: ActivityDeps; close: () => Promise<void> }> {
  const databaseUrl = withApplicationName(config.DATABASE_URL, 'e2a-worker');
  const { db } = createDb(databaseUrl, { max: config.WORKER_DATABASE_POOL_SIZE }, (error) =>
    logger.warn({ err: error }, 'postgres connection lost'),
  );
  const redis = createClient({ url: config.REDIS_URL });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
  await redis.connect();
  // One LISTEN connection for the whole process: the shard monitors' waits hear new events through it.
  const changes = createChangeFeed(databaseUrl, (error) =>
    logger.warn({ err: error }, 'postgres notification listener lost'),
  );
  return {
    deps: {
      db,
      redis,
      logger,
      metrics,
      settings: activitiesSettingsFrom(config),
      now: () => new Date(),
      changes,
    },
    close: async () => {
      await changes.close();
      await redis.quit().catch(() => undefined);
      await db.destroy();
    },
  };
}
