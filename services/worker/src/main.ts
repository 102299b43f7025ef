import express from 'express';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadWorkerConfig, temporalConnectionOptions } from '@e2a/config';
import { listen, closeServer } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { registerEnrichmentMetrics } from '@e2a/metrics';
import { createActivityDeps } from './deps';
import { createE2aWorker } from './worker';
import { installTemporalRuntime } from './runtime';
import { provisionAtStartUp } from './start-up';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL, mixin: activityLogFields });
  const metrics = createMetricsRegistry('worker');
  const runtime = await installTemporalRuntime(logger, 'worker');

  const { deps, close } = await createActivityDeps(config, logger, metrics);
  registerEnrichmentMetrics(metrics, { db: deps.db, now: deps.now });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
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
    realtimePollSeconds: config.REALTIME_POLL_SECONDS,
  });

  const app = express();
  app.get('/health', (_req, res) => {
    res.json({
      status: worker.getState() === 'RUNNING' ? 'ok' : worker.getState().toLowerCase(),
      service: 'worker',
    });
  });
  app.get('/metrics', async (_req, res) => {
    // Ours (prom-client) and the Temporal SDK's (`temporal_…`) on one endpoint: one scrape target per worker.
    const [own, sdk] = await Promise.all([metrics.metrics(), runtime.scrapeSdkMetrics()]);
    res.setHeader('Content-Type', metrics.contentType);
    res.send(`${own}\n${sdk}`);
  });
  const { server, port } = await listen(app, config.WORKER_METRICS_PORT, '0.0.0.0');
  logger.info(
    { port, taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS },
    'worker started',
  );

  // One client for start-up work (start-up.ts).
  const clientConnection = await Connection.connect(temporalConnectionOptions(config));
  try {
    await provisionAtStartUp(
      new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }),
      deps.db,
      {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        applySchedules: config.APPLY_SCHEDULES_ON_START,
        startMonitors: config.REALTIME_MONITORS_ON_START,
        realtimePollSeconds: config.REALTIME_POLL_SECONDS,
        logger,
      },
    );
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
