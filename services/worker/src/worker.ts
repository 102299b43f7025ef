import { Client } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, createTenantProvisioningActivities, type ActivityDeps } from '@e2a/activities';
import { startTracing, type Tracing } from '@e2a/telemetry';
import { dlqActivityInterceptor } from './dlq.interceptor';
import { createTenantRuntime } from './tenant-runtime';

export interface E2aWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Sticky-cache size: each cached run keeps its workflow state in memory (the SDK's default scales with RAM). */
  maxCachedWorkflows?: number;
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Poll interval of the real-time monitors that tenant provisioning starts. */
  realtimePollSeconds?: number;
  /** Where workflow and activity spans go (`startTracing`); without it they are dropped. */
  tracing?: Pick<Tracing, 'resource' | 'spanProcessor'>;
}

/** The workflows' source entry, for bundling in development and at build time; a bundled worker never resolves it. */
export const workflowsPath = (): string => require.resolve('@e2a/workflows');

/**
 * Workflow interceptors bundled with every workflow bundle: OpenTelemetry spans inside the sandbox, continuing the
 * trace of whoever started the workflow. Always bundled, so one prebuilt bundle serves tracing on and off.
 */
export const workflowInterceptorModules = (): string[] => [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/** Client interceptors that put the caller's trace context into workflow start headers (API, CLI, worker). */
export const tracingClientInterceptors = () => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] });

/**
 * The one composition root: every workflow (bundled from @e2a/workflows) and every activity; tenant provisioning
 * gets a Temporal client over the worker's own connection.
 */
export function createE2aWorker(options: E2aWorkerOptions): Promise<Worker> {
  const client = new Client({
    connection: options.connection,
    namespace: options.namespace,
    interceptors: tracingClientInterceptors(),
  });
  // The workflow interceptors export spans through this sink; with tracing off it drops them.
  const tracing = options.tracing ?? startTracing({ service: 'worker' });
  const tenantRuntime = createTenantRuntime(client, {
    taskQueue: options.taskQueue,
    ...(options.realtimePollSeconds !== undefined
      ? { realtimePollSeconds: options.realtimePollSeconds }
      : {}),
  });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: workflowsPath() }),
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
    activities: {
      ...createActivities(options.deps),
      ...createTenantProvisioningActivities(options.deps, tenantRuntime),
    },
    interceptors: {
      activity: [
        dlqActivityInterceptor(options.deps.db, options.deps.logger),
        (context) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(context),
          outbound: new OpenTelemetryActivityOutboundInterceptor(context),
        }),
      ],
      // Only read when the worker bundles for itself; a prebuilt bundle carries them (build-workflow-bundle.ts).
      ...(options.workflowBundle ? {} : { workflowModules: workflowInterceptorModules() }),
    },
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions ?? 20,
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    shutdownGraceTime: options.shutdownGraceTime ?? '20s',
  });
}
