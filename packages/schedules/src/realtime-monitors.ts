import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  REALTIME_ORDER_MONITOR_WORKFLOW,
  flowSearchAttributes,
  realtimeOrderMonitorWorkflowId,
  type RealtimeOrderMonitorInput,
} from '@e2a/workflows/contracts';

export interface RealtimeMonitorOptions {
  taskQueue: string;
  /** The active tenants (`tenants.disabled_at IS NULL`) the monitors must cover. */
  tenants: readonly string[];
  pollSeconds?: number;
  iterationsBeforeContinueAsNew?: number;
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

/**
 * Starts whatever real-time monitors the tenants need unless they already run (business-key ids + USE_EXISTING),
 * so every worker boot, and the tenant reconciler, may call it as often as it likes.
 */
export async function ensureRealtimeMonitors(
  client: Client,
  options: RealtimeMonitorOptions,
): Promise<EnsuredRealtimeMonitor[]> {
  const ensured: EnsuredRealtimeMonitor[] = [];
  for (const tenant of options.tenants) {
    const input: RealtimeOrderMonitorInput = {
      tenant,
      ...(options.pollSeconds !== undefined ? { pollSeconds: options.pollSeconds } : {}),
      ...(options.iterationsBeforeContinueAsNew !== undefined
        ? { iterationsBeforeContinueAsNew: options.iterationsBeforeContinueAsNew }
        : {}),
    };
    const handle = await client.workflow.start(REALTIME_ORDER_MONITOR_WORKFLOW, {
      taskQueue: options.taskQueue,
      workflowId: realtimeOrderMonitorWorkflowId(tenant),
      args: [input],
      typedSearchAttributes: flowSearchAttributes(tenant, 'order-processing'),
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    ensured.push({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
  }
  return ensured;
}

/** Which monitor covers the tenant and whether it runs (a monitor never started or terminated is not running). */
export async function describeRealtimeMonitor(
  client: Client,
  tenant: string,
): Promise<RealtimeMonitorDescription> {
  const workflowId = realtimeOrderMonitorWorkflowId(tenant);
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return { workflowId, running: description.status.name === 'RUNNING' };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { workflowId, running: false };
    throw error;
  }
}
