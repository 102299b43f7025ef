import type { Client } from '@temporalio/client';
import {
  REALTIME_ORDER_MONITOR_WORKFLOW,
  flowSearchAttributes,
  realtimeOrderMonitorWorkflowId,
  type RealtimeOrderMonitorInput,
} from '@e2a/workflows/contracts';

export interface RealtimeMonitorOptions {
  taskQueue: string;
  pollSeconds?: number;
  iterationsBeforeContinueAsNew?: number;
}

/**
 * Starts the real-time order monitor of each tenant unless it already runs (business-key id + USE_EXISTING),
 * so every worker boot may call it.
 */
export async function ensureRealtimeMonitors(
  client: Client,
  tenants: string[],
  options: RealtimeMonitorOptions,
): Promise<Array<{ tenant: string; workflowId: string; runId: string }>> {
  const started: Array<{ tenant: string; workflowId: string; runId: string }> = [];
  for (const tenant of tenants) {
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
    started.push({ tenant, workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
  }
  return started;
}
