import express from 'express';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadWorkerConfig } from '@e2a/config';
import { listen, closeServer } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { registerEnrichmentMetrics } from '@e2a/metrics';
import { applySchedules, ensureRealtimeMonitors } from '@e2a/schedules';
import { createActivityDeps } from './deps';
import { createE2aWorker } from './worker';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL, mixin: activityLogFields });
  const metrics = createMetricsRegistry('worker');
  Runtime.install({
    logger: {
      log: (level, message, meta) => logger[level.toLowerCase() as 'info']({ ...meta }, message),
      trace: (message, meta) => logger.trace(meta ?? {}, message),
      debug: (message, meta) => logger.debug(meta ?? {}, message),
      info: (message, meta) => logger.info(meta ?? {}, message),
      warn: (message, meta) => logger.warn(meta ?? {}, message),
      error: (message, meta) => logger.error(meta ?? {}, message),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });

  const { deps, close } = await createActivityDeps(config, logger, metrics);
  registerEnrichmentMetrics(metrics, { db: deps.db, now: deps.now });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createE2aWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    ...(config.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } } : {}),
    shutdownGraceTime: `${config.WORKER_SHUTDOWN_GRACE_SECONDS}s`,
  });

  const app = express();
  app.get('/health', (_req, res) => {
    res.json({
      status: worker.getState() === 'RUNNING' ? 'ok' : worker.getState().toLowerCase(),
      service: 'worker',
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.contentType);
    res.send(await metrics.metrics());
  });
  const { server, port } = await listen(app, config.WORKER_METRICS_PORT, '0.0.0.0');
  logger.info(
    { port, taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS },
    'worker started',
  );

  // One client for start-up work: schedules (docs/schedules.md) and the real-time monitors, one per tenant.
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  try {
    const tenants = await deps.db
      .selectFrom('tenants')
      .select(['name', 'timezone'])
      .orderBy('name')
      .execute();
    if (config.APPLY_SCHEDULES_ON_START) {
      // A failure is logged and the worker still runs: schedules can be applied later with `e2a schedules apply`.
      await applySchedules(client, tenants, { taskQueue: config.TEMPORAL_TASK_QUEUE }).then(
        (applied) => logger.info({ schedules: applied.length, tenants: tenants.length }, 'schedules applied'),
        (error: unknown) => logger.error({ err: error }, 'applying schedules failed'),
      );
    }
    if (config.REALTIME_MONITORS_ON_START) {
      const monitors = await ensureRealtimeMonitors(client, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        tenants: tenants.map((tenant) => tenant.name),
        pollSeconds: config.REALTIME_POLL_SECONDS,
      });
      logger.info({ monitors: monitors.length }, 'real-time order monitors running');
    }
  } finally {
    await clientConnection.close();
  }

  // SIGTERM: the SDK stops polling, lets in-flight activities finish within the grace time, then run() resolves.
  const runPromise = worker.run();
  await runPromise;
  await closeServer(server);
  await connection.close();
  await close();
  logger.info('worker stopped');
}

/** Inside an activity, every log line names its workflow, run and activity (outside one, nothing is added). */
function activityLogFields(): Record<string, unknown> {
  try {
    const { info } = Context.current();
    return {
      workflowId: info.workflowExecution?.workflowId,
      runId: info.workflowExecution?.runId,
      workflowType: info.workflowType,
      activityType: info.activityType,
      attempt: info.attempt,
    };
  } catch {
    return {};
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
