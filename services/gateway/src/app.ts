import express, { type Express } from 'express';
import type { GatewayConfig } from '@e2a/config';
import { databaseIdentity, pingDatabase, type Db } from '@e2a/db';
import { errorHandler, notFoundHandler, requestContext } from '@e2a/http';
import type { Logger } from '@e2a/telemetry';
import type { Registry } from 'prom-client';
import type { RedisClientType } from 'redis';
import { createGroupCommitter } from './ingest/group-commit';
import { createOrdersNotifier } from './ingest/orders-notifier';
import { createIdempotencyStore } from './ingest/idempotency';
import { createIngestMetrics } from './ingest/ingest-metrics';
import { createIngestRouter } from './ingest/ingest.router';
import { createRateLimiter } from './ingest/rate-limiter';
import { createTenantSecretCache, type TenantSecretCache } from './ingest/tenant-secrets';

export interface GatewayDeps {
  db: Db;
  redis: RedisClientType;
  config: GatewayConfig;
  logger: Logger;
  metrics: Registry;
  now?: () => Date;
  /** The tenant credential cache; pass one watched by `watchTenantChanges` so changes apply at once. */
  secrets?: TenantSecretCache;
  /** A span per request whose traceparent is stored on the orders it touches (`startTracing` enabled). */
  isTracingEnabled?: boolean;
}

/** At most one NOTIFY per tenant per this interval: the monitors evaluate in rounds of ≥ 1 s anyway. */
const ORDERS_NOTIFY_INTERVAL_MS = 100;

/** The webhook gateway: ingest routes, health, readiness and metrics. */
export function createGatewayApp(deps: GatewayDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requestContext({ logger: deps.logger, isTracingEnabled: deps.isTracingEnabled ?? false }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/ready', async (_req, res) => {
    const [database, redis] = await Promise.all([
      pingDatabase(deps.db).then(
        () => 'ok',
        () => 'unavailable',
      ),
      deps.redis.isReady
        ? deps.redis.ping().then(
            () => 'ok',
            () => 'unavailable',
          )
        : Promise.resolve('unavailable'),
    ]);
    const ready = database === 'ok' && redis === 'ok';
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not_ready', checks: { database, redis } });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.contentType);
    res.send(await deps.metrics.metrics());
  });

  const now = deps.now ?? (() => new Date());
  const ordersNotifier = createOrdersNotifier(deps.db, {
    minIntervalMs: ORDERS_NOTIFY_INTERVAL_MS,
    onError: (error) => deps.logger.warn({ err: error }, 'notifying the real-time monitors failed'),
  });
  app.use(
    createIngestRouter({
      config: deps.config,
      logger: deps.logger,
      now,
      metrics: createIngestMetrics(deps.metrics),
      secrets:
        deps.secrets ??
        createTenantSecretCache(deps.db, { ttlMs: deps.config.TENANT_CACHE_TTL_SECONDS * 1000 }),
      rateLimiter: createRateLimiter(deps.redis, {
        ratePerSecond: deps.config.RATE_LIMIT_PER_TENANT_PER_SECOND,
        burst: deps.config.RATE_LIMIT_BURST,
      }),
      idempotency: createIdempotencyStore(deps.redis, deps.config.IDEMPOTENCY_TTL_SECONDS, () =>
        databaseIdentity(deps.db),
      ),
      committer: createGroupCommitter(deps.db, {
        // Never more commits than pool connections minus one, kept for readiness checks and tenant lookups.
        maxConcurrentCommits: Math.max(
          1,
          Math.min(deps.config.INGEST_MAX_CONCURRENT_COMMITS, deps.config.GATEWAY_DATABASE_POOL_SIZE - 1),
        ),
        maxEventsPerCommit: deps.config.INGEST_GROUP_COMMIT_MAX_EVENTS,
        onCommitted: (tenants) => ordersNotifier.notify(tenants),
      }),
    }),
  );

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
