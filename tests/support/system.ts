import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { ActivitiesSettings } from '@e2a/activities';
import { testActivitiesSettings } from './settings';
import { apiConfigSchema, gatewayConfigSchema } from '@e2a/config';
import { createApiApp } from '@e2a/api';
import { createGatewayApp } from '@e2a/gateway';
import { closeServer, listen } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { createE2aWorker } from '@e2a/worker';
import { createTestDatabase, createTestTenant, type TestDatabase } from './db';
import { createTestRedis, deleteKeys, type TestRedis } from './redis';
import { createLocalEnvironment } from './temporal';

export interface TestSystem {
  db: TestDatabase;
  redis: TestRedis;
  env: TestWorkflowEnvironment;
  worker: Worker;
  gatewayUrl: string;
  apiUrl: string;
  taskQueue: string;
  tenant: { name: string; webhookSecret: string; apiKey: string };
  stop: () => Promise<void>;
}

/**
 * The whole system in one test process: a migrated database of its own, the machine's Redis, a real Temporal dev
 * server, the worker with every workflow and activity, and the gateway and API on free ports.
 */
export async function startTestSystem(
  suite: string,
  options: { tenant: string; settings?: Partial<ActivitiesSettings>; env?: Record<string, string> },
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

  const worker = await createE2aWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: {
      db: db.db,
      redis,
      logger,
      metrics: createMetricsRegistry('worker'),
      now: () => new Date(),
      settings: testActivitiesSettings({ evaluationChunkSize: 500, ...options.settings }),
    },
  });
  const workerRun = worker.run();

  const gateway = await listen(
    createGatewayApp({
      db: db.db,
      redis,
      config: gatewayConfigSchema.parse(baseEnv),
      logger,
      metrics: createMetricsRegistry('gateway'),
    }),
    0,
    '127.0.0.1',
  );
  const api = await listen(
    createApiApp({
      db: db.db,
      redis,
      temporal: env.client,
      config: apiConfigSchema.parse(baseEnv),
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
    stop: async () => {
      await Promise.all(servers.map(closeServer));
      worker.shutdown();
      await workerRun;
      await env.teardown();
      await redis.quit();
      await db.destroy();
    },
  };
}
