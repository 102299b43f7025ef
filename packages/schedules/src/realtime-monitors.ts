import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  REALTIME_ORDER_MONITOR_WORKFLOW,
  flowSearchAttributes,
  realtimeOrderMonitorWorkflowId,
  type RealtimeOrderMonitorInput,
} from '@e2a/workflows/contracts';

// The real-time monitors as provisioning and the reconciler see them: `ensureRealtimeMonitors` makes them run,
// `describeRealtimeMonitor` says which one evaluates a tenant and whether it runs. Today there is one monitor per
// active tenant; the design of issue 13 replaces the body, not this shape.

export interface RealtimeMonitorOptions {
  taskQueue: string;
  /** The active tenants (per-tenant monitors). */
  tenants: readonly string[];
  pollSeconds?: number;
  iterationsBeforeContinueAsNew?: number;
}

export interface EnsuredMonitor {
  workflowId: string;
  /** True when this call started it (it was not running). */
  started: boolean;
}

/** The monitor evaluating `tenant` and whether it is running now. */
export async function describeRealtimeMonitor(
  client: Client,
  tenant: string,
): Promise<{ workflowId: string; running: boolean }> {
  const workflowId = realtimeOrderMonitorWorkflowId(tenant);
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return { workflowId, running: description.status.name === 'RUNNING' };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { workflowId, running: false };
    throw error;
  }
}

/** Starts every monitor that is not running (business-key id + USE_EXISTING, so concurrent callers agree). */
export async function ensureRealtimeMonitors(
  client: Client,
  options: RealtimeMonitorOptions,
): Promise<EnsuredMonitor[]> {
  const ensured: EnsuredMonitor[] = [];
  for (const tenant of options.tenants) {
    const current = await describeRealtimeMonitor(client, tenant);
    if (current.running) {
      ensured.push({ workflowId: current.workflowId, started: false });
      continue;
    }
    const input: RealtimeOrderMonitorInput = {
      tenant,
      ...(options.pollSeconds !== undefined ? { pollSeconds: options.pollSeconds } : {}),
      ...(options.iterationsBeforeContinueAsNew !== undefined
        ? { iterationsBeforeContinueAsNew: options.iterationsBeforeContinueAsNew }
        : {}),
    };
    await client.workflow.start(REALTIME_ORDER_MONITOR_WORKFLOW, {
      taskQueue: options.taskQueue,
      workflowId: current.workflowId,
      args: [input],
      typedSearchAttributes: flowSearchAttributes(tenant, 'order-processing'),
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    ensured.push({ workflowId: current.workflowId, started: true });
  }
  return ensured;
}
