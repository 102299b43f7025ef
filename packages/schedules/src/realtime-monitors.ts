import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  DEFAULT_REALTIME_SHARDS,
  REALTIME_ORDER_MONITOR_WORKFLOW,
  REALTIME_SHARD_MONITOR_WORKFLOW,
  FlowNameSearchAttribute,
  realtimeShardMonitorWorkflowId,
  realtimeShardOf,
  type RealtimeShardMonitorInput,
} from '@e2a/workflows/contracts';

export interface RealtimeMonitorOptions {
  taskQueue: string;
  /** Shard monitors for the task queue (default `DEFAULT_REALTIME_SHARDS`); each watches the tenants hashing to it. */
  shardCount?: number;
  /** Kept for callers that pass the active tenants: the shards cover every tenant, so the list changes nothing. */
  tenants?: readonly string[];
  /** The shortest spacing of evaluation rounds while events stream in (the former poll interval). */
  pollSeconds?: number;
  /** Shard inputs for benchmarks and tests (idle wake-up, per-tenant chunk, continue-as-new). */
  monitor?: Partial<Omit<RealtimeShardMonitorInput, 'shard' | 'shardCount' | 'totals' | 'afterTenant'>>;
}

export interface EnsuredRealtimeMonitor {
  workflowId: string;
  /** The first run of the chain that now runs (the existing one when it was already running). */
  runId: string;
}

export interface RealtimeMonitorDescription {
  /** The monitor that covers the tenant. */
  workflowId: string;
  /** True while that monitor's workflow execution is running. */
  running: boolean;
}

/** The shard monitor ids of a task queue. */
export function realtimeMonitorIds(taskQueue: string, shardCount = DEFAULT_REALTIME_SHARDS): string[] {
  return Array.from({ length: shardCount }, (_, shard) =>
    realtimeShardMonitorWorkflowId(taskQueue, shard, shardCount),
  );
}

/**
 * Starts the task queue's shard monitors unless they already run (business-key ids + USE_EXISTING), so every worker
 * boot, and the tenant reconciler, may call it as often as it likes; then stops what they replace on that queue:
 * the former per-tenant monitors and shard monitors of another shard count.
 */
export async function ensureRealtimeMonitors(
  client: Client,
  options: RealtimeMonitorOptions,
): Promise<EnsuredRealtimeMonitor[]> {
  const shardCount = options.shardCount ?? DEFAULT_REALTIME_SHARDS;
  const ensured: EnsuredRealtimeMonitor[] = [];
  for (let shard = 0; shard < shardCount; shard += 1) {
    const input: RealtimeShardMonitorInput = {
      ...options.monitor,
      shard,
      shardCount,
      ...(options.pollSeconds !== undefined ? { minRoundSeconds: options.pollSeconds } : {}),
    };
    const handle = await client.workflow.start(REALTIME_SHARD_MONITOR_WORKFLOW, {
      taskQueue: options.taskQueue,
      workflowId: realtimeShardMonitorWorkflowId(options.taskQueue, shard, shardCount),
      args: [input],
      // No TenantId: a shard watches many tenants.
      typedSearchAttributes: [{ key: FlowNameSearchAttribute, value: 'order-processing' }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    ensured.push({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
  }
  await stopReplacedMonitors(
    client,
    options.taskQueue,
    new Set(ensured.map((monitor) => monitor.workflowId)),
  );
  return ensured;
}

/** Terminates the queue's running per-tenant monitors and shard monitors not in `current` (one visibility query). */
async function stopReplacedMonitors(
  client: Client,
  taskQueue: string,
  current: ReadonlySet<string>,
): Promise<void> {
  const query =
    `TaskQueue = '${taskQueue.replaceAll("'", "''")}' AND ExecutionStatus = 'Running' AND ` +
    `WorkflowType IN ('${REALTIME_ORDER_MONITOR_WORKFLOW}', '${REALTIME_SHARD_MONITOR_WORKFLOW}')`;
  for await (const execution of client.workflow.list({ query })) {
    if (current.has(execution.workflowId)) continue;
    try {
      await client.workflow
        .getHandle(execution.workflowId, execution.runId)
        .terminate('replaced by the real-time shard monitors');
    } catch (error) {
      // Already ended between the listing and the terminate.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
}

/** Which shard monitor covers the tenant and whether it runs (a monitor never started or terminated is not running). */
export async function describeRealtimeMonitor(
  client: Client,
  tenant: string,
  options: { taskQueue: string; shardCount?: number },
): Promise<RealtimeMonitorDescription> {
  const shardCount = options.shardCount ?? DEFAULT_REALTIME_SHARDS;
  const workflowId = realtimeShardMonitorWorkflowId(
    options.taskQueue,
    realtimeShardOf(tenant, shardCount),
    shardCount,
  );
  return { workflowId, running: await isRunning(client, workflowId) };
}

/** Whether the workflow's latest run is running. */
export async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
