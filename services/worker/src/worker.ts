import { Client } from '@temporalio/client';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, createTenantProvisioningActivities, type ActivityDeps } from '@e2a/activities';
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
}

/** The workflows' source entry, for bundling in development and at build time; a bundled worker never resolves it. */
export const workflowsPath = (): string => require.resolve('@e2a/workflows');

/**
 * The one composition root: every workflow (bundled from @e2a/workflows) and every activity; tenant provisioning
 * gets a Temporal client over the worker's own connection.
 */
export function createE2aWorker(options: E2aWorkerOptions): Promise<Worker> {
  const client = new Client({ connection: options.connection, namespace: options.namespace });
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
    activities: {
      ...createActivities(options.deps),
      ...createTenantProvisioningActivities(options.deps, tenantRuntime),
    },
    interceptors: { activity: [dlqActivityInterceptor(options.deps.db, options.deps.logger)] },
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions ?? 20,
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    shutdownGraceTime: options.shutdownGraceTime ?? '20s',
  });
}
