import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { ActivitiesSettings } from '@e2a/activities';
import { testActivitiesSettings } from './settings';
import { apiConfigSchema, gatewayConfigSchema } from '@e2a/config';
import { createApiApp } from '@e2a/api';
import { createGatewayApp, createTenantSecretCache, watchTenantChanges } from '@e2a/gateway';
import type { Registry } from 'prom-client';
import { closeServer, listen } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { createE2aWorker, provisionAtStartUp } from '@e2a/worker';
import { createChangeFeed } from '@e2a/db';
import { createTestDatabase, createTestTenant, type TestDatabase } from './db';
import { createTestRedis, deleteKeys, type TestRedis } from './redis';
import { createLocalEnvironment } from './temporal';

/** For a suite's beforeAll: bundling the workflows and starting a dev server take minutes on a busy 2-core machine. */
export const SYSTEM_START_TIMEOUT_MS = 300_000;

export interface TestSystem {
  db: TestDatabase;
  redis: TestRedis;
  env: TestWorkflowEnvironment;
  worker: Worker;
  gatewayUrl: string;
  apiUrl: string;
  taskQueue: string;
  tenant: { name: string; webhookSecret: string; apiKey: string };
  /** The worker's metrics (tenant_reconciler_repairs_total, ...). */
  workerMetrics: Registry;
  adminApiKey: string;
  stop: () => Promise<void>;
}

/**
 * The whole system in one test process: a migrated database of its own, the machine's Redis, a real Temporal dev
 * server, the worker with every workflow and activity, and the gateway and API on free ports.
 */
export async function startTestSystem(
  suite: string,
  options: {
    tenant: string;
    settings?: Partial<ActivitiesSettings>;
    env?: Record<string, string>;
    /** Poll interval of the real-time monitors that tenant provisioning starts. */
    realtimePollSeconds?: number;
    /** What the worker does at start-up: tenant-reconciler schedule, every tenant's schedules and monitors. */
    provisionAtStartUp?: boolean;
  },
): Promise<TestSystem> {
  const logger = createLogger({ service: `test-${suite}`, level: 'warn' });
  const db = await createTestDatabase(suite);
  const redis = await createTestRedis();
  // The suite's database is new; so must be its tenant's Redis state (idempotency fast path, rate limits, budgets).
  await deleteKeys(redis, `*${options.tenant}*`);
  const tenant = await createTestTenant(db.db, options.tenant);
  const env = await createLocalEnvironment();
  const taskQueue = `e2a-${suite}`;
  const baseEnv = { DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, ...options.env };

  const workerMetrics = createMetricsRegistry('worker');
  // The shard monitors wake on the gateway's NOTIFY, as in the worker process.
  const changes = createChangeFeed(db.url, (error) =>
    logger.warn({ err: error }, 'notification listener lost'),
  );
  const worker = await createE2aWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ...(options.realtimePollSeconds !== undefined
      ? { realtimePollSeconds: options.realtimePollSeconds }
      : {}),
    deps: {
      db: db.db,
      redis,
      logger,
      metrics: workerMetrics,
      now: () => new Date(),
      settings: testActivitiesSettings({ evaluationChunkSize: 500, ...options.settings }),
      changes,
    },
  });
  const workerRun = worker.run();
  if (options.provisionAtStartUp) {
    await provisionAtStartUp(env.client, db.db, {
      taskQueue,
      applySchedules: true,
      startMonitors: true,
      ...(options.realtimePollSeconds !== undefined
        ? { realtimePollSeconds: options.realtimePollSeconds }
        : {}),
      logger,
    });
  }

  const gatewayConfig = gatewayConfigSchema.parse(baseEnv);
  const secrets = createTenantSecretCache(db.db, { ttlMs: gatewayConfig.TENANT_CACHE_TTL_SECONDS * 1000 });
  const tenantChanges = watchTenantChanges(secrets, db.url, logger);
  const apiConfig = apiConfigSchema.parse(baseEnv);
  const gateway = await listen(
    createGatewayApp({
      db: db.db,
      redis,
      config: gatewayConfig,
      logger,
      metrics: createMetricsRegistry('gateway'),
      secrets,
    }),
    0,
    '127.0.0.1',
  );
  const api = await listen(
    createApiApp({
      db: db.db,
      redis,
      temporal: env.client,
      config: apiConfig,
      logger,
      metrics: createMetricsRegistry('api'),
    }),
    0,
    '127.0.0.1',
  );

  const servers: Server[] = [gateway.server, api.server];
  return {
    db,
    redis,
    env,
    worker,
    gatewayUrl: `http://127.0.0.1:${gateway.port}`,
    apiUrl: `http://127.0.0.1:${api.port}`,
    taskQueue,
    tenant,
    workerMetrics,
    adminApiKey: apiConfig.ADMIN_API_KEY,
    stop: async () => {
      await Promise.all(servers.map(closeServer));
      await tenantChanges.close();
      worker.shutdown();
      await workerRun;
      await changes.close();
      await env.teardown();
      await redis.quit();
      await db.destroy();
    },
  };
}
