import express, { type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Client } from '@temporalio/client';
import type { ApiConfig } from '@e2a/config';
import { pingDatabase, type Db } from '@e2a/db';
import { errorHandler, notFoundHandler, requestContext } from '@e2a/http';
import type { Logger } from '@e2a/telemetry';
import type { Registry } from 'prom-client';
import type { RedisClientType } from 'redis';
import { buildOpenApiDocument } from './openapi';
import { DEFAULT_CONSOLE_DIR, createConsoleRouter } from './console-static';
import { createExceptionsRouter } from './routes/exceptions.routes';
import { createFlowsRouter } from './routes/flows.routes';
import { createInvoicesRouter } from './routes/invoices.routes';
import { createAdminRouter } from './routes/admin.routes';
import { createQuarantineRouter } from './routes/quarantine.routes';
import { createEnrichmentRouter } from './routes/enrichment.routes';
import { registerDlqMetrics, registerEnrichmentMetrics } from '@e2a/metrics';
import { registerBreakerMetrics } from '@e2a/circuit-breaker';
import { createResolutionRouter } from './routes/resolution.routes';
import { createOrdersRouter } from './routes/orders.routes';
import { createOverviewRouter } from './routes/overview.routes';
import { createTenantsRouter } from './routes/tenants.routes';
import { createTenantSettingsRouter } from './routes/tenant-settings.routes';
import { createNotificationsRouter } from './routes/notifications.routes';

export interface ApiDeps {
  db: Db;
  redis: RedisClientType;
  temporal: Client;
  config: ApiConfig;
  logger: Logger;
  metrics: Registry;
  now?: () => Date;
  /** A server span per request; workflows it starts continue the trace (`startTracing` enabled). */
  isTracingEnabled?: boolean;
}

type Check = 'ok' | 'unavailable';
const READY_TIMEOUT_MS = 2_000;

const checkDatabase = (db: Db): Promise<Check> =>
  pingDatabase(db).then(
    () => 'ok',
    () => 'unavailable',
  );

const checkRedis = async (redis: ApiDeps['redis']): Promise<Check> => {
  if (!redis.isReady) return 'unavailable';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve('unavailable'), READY_TIMEOUT_MS);
  });
  const ping = redis.ping().then(
    (): Check => 'ok',
    (): Check => 'unavailable',
  );
  return Promise.race([ping, timeout]).finally(() => clearTimeout(timer));
};

const checkTemporal = (temporal: Client): Promise<Check> =>
  temporal.connection
    .withDeadline(Date.now() + READY_TIMEOUT_MS, () => temporal.connection.workflowService.getSystemInfo({}))
    .then(
      () => 'ok',
      () => 'unavailable',
    );

export function createApiApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext({ logger: deps.logger, isTracingEnabled: deps.isTracingEnabled ?? false }));
  app.use(express.json({ limit: '1mb' }));

  app.get('/health', async (_req, res) => {
    const database = await checkDatabase(deps.db);
    res
      .status(database === 'ok' ? 200 : 503)
      .json({ status: database === 'ok' ? 'ok' : 'degraded', service: 'api', checks: { database } });
  });
  // Ready to serve every route: Postgres, Redis and the Temporal server all answer.
  app.get('/ready', async (_req, res) => {
    const [database, redis, temporal] = await Promise.all([
      checkDatabase(deps.db),
      checkRedis(deps.redis),
      checkTemporal(deps.temporal),
    ]);
    const ready = database === 'ok' && redis === 'ok' && temporal === 'ok';
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not_ready', service: 'api', checks: { database, redis, temporal } });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.contentType);
    res.send(await deps.metrics.metrics());
  });

  // Area routers (each registers its OpenAPI paths when its module loads).
  app.use(createExceptionsRouter(deps));
  app.use(createFlowsRouter(deps));
  app.use(createInvoicesRouter(deps));
  app.use(createTenantsRouter(deps));
  app.use(createAdminRouter(deps));
  app.use(createQuarantineRouter(deps));
  app.use(createTenantSettingsRouter(deps));
  app.use(createNotificationsRouter(deps));
  registerEnrichmentMetrics(deps.metrics, { db: deps.db, ...(deps.now ? { now: deps.now } : {}) });
  registerDlqMetrics(deps.metrics, { db: deps.db, ...(deps.now ? { now: deps.now } : {}) });
  registerBreakerMetrics(deps.metrics, deps.redis, {
    failureThreshold: deps.config.AI_BREAKER_FAILURE_THRESHOLD,
    resetSeconds: deps.config.AI_BREAKER_RESET_SECONDS,
  });
  app.use(createEnrichmentRouter(deps));
  app.use(createResolutionRouter(deps));
  app.use(createOrdersRouter(deps));
  app.use(createOverviewRouter(deps));

  const document = buildOpenApiDocument(deps.config.PUBLIC_API_URL);
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use(
    createConsoleRouter(deps.config.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR, {
      temporal_ui_url: deps.config.TEMPORAL_UI_URL,
      temporal_namespace: deps.config.TEMPORAL_NAMESPACE,
    }),
  );
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'E²A API' }));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
