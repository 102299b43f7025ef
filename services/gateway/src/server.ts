import type { Server } from 'node:http';
import { createClient } from 'redis';
import { tracingOptions, type GatewayConfig } from '@e2a/config';
import { createDb, withApplicationName } from '@e2a/db';
import { closeServer, listen } from '@e2a/http';
import { createLogger, createMetricsRegistry, startTracing, type Logger } from '@e2a/telemetry';
import { createGatewayApp } from './app';
import type { RedisClient } from './ingest/redis-guard';
import { createTenantSecretCache, watchTenantChanges } from './ingest/tenant-secrets';

/**
 * A Redis client that fails fast while disconnected (no offline queue), so a Redis outage degrades the
 * gateway to database-only idempotency instead of stalling requests.
 */
export function createGatewayRedis(url: string, logger: Logger): RedisClient {
  const redis = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) },
  });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
  return redis;
}

/** Quits politely when connected; a client still retrying a dead Redis is destroyed instead of awaited. */
export async function closeRedis(redis: RedisClient): Promise<void> {
  try {
    if (redis.isReady) await redis.quit();
    else if (redis.isOpen) redis.destroy();
  } catch {
    // already closed
  }
}

export interface RunningGateway {
  server: Server;
  port: number;
  stop: () => Promise<void>;
}

/** Boots the gateway on the configured port: pool with a short connect timeout, Redis, app. */
export async function startGateway(config: GatewayConfig, logger?: Logger): Promise<RunningGateway> {
  const log = logger ?? createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  const tracing = startTracing(tracingOptions(config, 'gateway'));
  const metrics = createMetricsRegistry('gateway');
  const databaseUrl = withApplicationName(config.DATABASE_URL, 'e2a-gateway');
  const { db } = createDb(
    databaseUrl,
    { max: config.GATEWAY_DATABASE_POOL_SIZE, connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS },
    (error) => log.warn({ err: error }, 'postgres connection lost'),
  );
  const redis = createGatewayRedis(config.REDIS_URL, log);
  // The gateway starts without Redis: idempotency falls back to Postgres, rate limiting opens.
  const connecting = redis.connect().catch((error: unknown) => {
    log.warn({ err: error }, 'redis unavailable at start');
  });
  await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);

  const secrets = createTenantSecretCache(db, { ttlMs: config.TENANT_CACHE_TTL_SECONDS * 1000 });
  const tenantChanges = watchTenantChanges(secrets, databaseUrl, log);
  const app = createGatewayApp({
    db,
    redis,
    config,
    logger: log,
    metrics,
    secrets,
    isTracingEnabled: tracing.isEnabled,
  });
  const { server, port } = await listen(app, config.GATEWAY_PORT, config.GATEWAY_HOST);
  log.info({ port }, 'gateway listening');
  return {
    server,
    port,
    stop: async () => {
      await closeServer(server);
      await tenantChanges.close();
      await closeRedis(redis);
      await db.destroy();
      await tracing.shutdown();
    },
  };
}
