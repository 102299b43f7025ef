import { getHeapStatistics } from 'node:v8';
import express from 'express';
import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { loadWorkerConfig, temporalConnectionOptions, tracingOptions } from '@e2a/config';
import { listen, closeServer } from '@e2a/http';
import { createLogger, createMetricsRegistry, startTracing } from '@e2a/telemetry';
import { registerDlqMetrics, registerEnrichmentMetrics } from '@e2a/metrics';
import { registerBreakerMetrics } from '@e2a/circuit-breaker';
import { createActivityDeps } from './deps';
import {
  createE2aWorker,
  tracingClientInterceptors,
  workflowInterceptorModules,
  workflowsPath,
} from './worker';
import { installTemporalRuntime } from './runtime';
import { createWorkerSupervisor } from './worker-supervisor';
import { provisionAtStartUp } from './start-up';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL, mixin: activityLogFields });
  const metrics = createMetricsRegistry('worker');
  const runtime = await installTemporalRuntime(logger, 'worker');
  const tracing = startTracing(tracingOptions(config, 'worker'));

  const { deps, close } = await createActivityDeps(config, logger, metrics);
  registerEnrichmentMetrics(metrics, { db: deps.db, now: deps.now });
  registerDlqMetrics(metrics, { db: deps.db, now: deps.now });
  registerBreakerMetrics(metrics, deps.redis, {
    failureThreshold: config.AI_BREAKER_FAILURE_THRESHOLD,
    resetSeconds: config.AI_BREAKER_RESET_SECONDS,
  });
  // Bundled once per process, so a worker rebuilt after a Temporal outage does not run webpack again.
  const workflowBundle = config.WORKFLOW_BUNDLE_PATH
    ? { codePath: config.WORKFLOW_BUNDLE_PATH }
    : {
        code: (
          await bundleWorkflowCode({
            workflowsPath: workflowsPath(),
            workflowInterceptorModules: workflowInterceptorModules(),
            logger: Runtime.instance().logger,
          })
        ).code,
      };
  // The Temporal server may be down at start or restart later: the supervisor keeps a worker running and rebuilds it.
  const supervisor = createWorkerSupervisor({
    connection: temporalConnectionOptions(config),
    logger,
    createWorker: (connection) =>
      createE2aWorker({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        deps,
        maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
        maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
        workflowBundle,
        shutdownGraceTime: `${config.WORKER_SHUTDOWN_GRACE_SECONDS}s`,
        realtimePollSeconds: config.REALTIME_POLL_SECONDS,
        tracing,
      }),
    // Start-up work (start-up.ts), retried by the supervisor until the server accepts it.
    onFirstConnect: (connection) =>
      provisionAtStartUp(
        new Client({
          connection,
          namespace: config.TEMPORAL_NAMESPACE,
          interceptors: tracingClientInterceptors(),
        }),
        deps.db,
        {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          applySchedules: config.APPLY_SCHEDULES_ON_START,
          startMonitors: config.REALTIME_MONITORS_ON_START,
          realtimePollSeconds: config.REALTIME_POLL_SECONDS,
          logger,
        },
      ),
  });

  const app = express();
  // 503 unless the Temporal worker is running and the server answers: a worker that cannot poll is not healthy.
  app.get('/health', (_req, res) => {
    const health = supervisor.health();
    res.status(health.isHealthy ? 200 : 503).json({
      status: health.isHealthy ? 'ok' : health.state === 'RUNNING' ? 'degraded' : health.state.toLowerCase(),
      service: 'worker',
      checks: { worker: health.state, temporal: health.temporal },
      restarts: health.restarts,
      last_error: health.lastError,
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
    {
      port,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      address: config.TEMPORAL_ADDRESS,
      // The launch flags' effect (infra/runtime-flags.ts): what an operator checks against the memory budget.
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
      databasePoolSize: config.WORKER_DATABASE_POOL_SIZE,
    },
    'worker started',
  );

  // SIGTERM: the SDK stops polling, lets in-flight activities finish within the grace time, then run() resolves.
  await supervisor.run();
  await closeServer(server);
  await close();
  await tracing.shutdown();
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
