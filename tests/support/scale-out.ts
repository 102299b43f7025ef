import type { Client } from '@temporalio/client';
import {
  BILLING_MANAGEMENT_WORKFLOW,
  EXCEPTION_MANAGEMENT_WORKFLOW,
  EXCEPTION_RESOLUTION_WORKFLOW,
  ORDER_PROCESSING_WORKFLOW,
  REALTIME_ORDER_MONITOR_WORKFLOW,
  REALTIME_SHARD_MONITOR_WORKFLOW,
  type FlowName,
} from '@e2a/workflows/contracts';

/** The workflow types that do each flow's work (the monitor and the hand-offs included). */
export const FLOW_OF_WORKFLOW_TYPE: Record<string, FlowName> = {
  [REALTIME_ORDER_MONITOR_WORKFLOW]: 'order-processing',
  [REALTIME_SHARD_MONITOR_WORKFLOW]: 'order-processing',
  [ORDER_PROCESSING_WORKFLOW]: 'order-processing',
  [EXCEPTION_MANAGEMENT_WORKFLOW]: 'exception-management',
  [EXCEPTION_RESOLUTION_WORKFLOW]: 'exception-management',
  [BILLING_MANAGEMENT_WORKFLOW]: 'billing',
};

/** The flows whose work must spread over the workers. */
export const WORK_FLOWS = [
  'order-processing',
  'exception-management',
  'billing',
] as const satisfies FlowName[];
export type IdentitiesByFlow = Record<(typeof WORK_FLOWS)[number], Set<string>>;

/**
 * Which worker processes did each flow's work, read from the histories as an operator would: the `identity` on
 * every WorkflowTaskStarted and ActivityTaskStarted event of the tenant's runs (optionally only runs whose workflow
 * id contains `idPart`).
 */
export async function workIdentitiesByFlow(
  client: Client,
  tenant: string,
  idPart?: string,
): Promise<IdentitiesByFlow> {
  const identities: IdentitiesByFlow = {
    'order-processing': new Set(),
    'exception-management': new Set(),
    billing: new Set(),
  };
  for await (const run of client.workflow.list({ query: `TenantId = "${tenant}"` })) {
    const flow = FLOW_OF_WORKFLOW_TYPE[run.type];
    if (!flow || !(flow in identities) || (idPart && !run.workflowId.includes(idPart))) continue;
    const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    for (const event of history.events ?? []) {
      const identity =
        event.workflowTaskStartedEventAttributes?.identity ??
        event.activityTaskStartedEventAttributes?.identity;
      if (identity) identities[flow as keyof IdentitiesByFlow].add(identity);
    }
  }
  return identities;
}

/** Runs of the tenant still open, the long-running real-time monitor excepted. */
export async function runningFlowWorkflows(client: Client, tenant: string): Promise<string[]> {
  const open: string[] = [];
  for await (const run of client.workflow.list({
    query: `TenantId = "${tenant}" AND ExecutionStatus = "Running"`,
  })) {
    if (run.type !== REALTIME_ORDER_MONITOR_WORKFLOW) open.push(`${run.type} ${run.workflowId}`);
  }
  return open;
}

/** One Temporal SDK gauge from a worker's /metrics (the first series whose labels contain `labelPart`). */
export async function sdkGauge(workerUrl: string, name: string, labelPart = ''): Promise<number> {
  const text = await (await fetch(`${workerUrl}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name}{`) && entry.includes(labelPart));
  if (!line) throw new Error(`${name}{${labelPart}} is not on ${workerUrl}/metrics`);
  return Number(line.split(' ').at(-1));
}

/** Activity task slots in use on one worker. */
export const activitySlotsUsed = (workerUrl: string) =>
  sdkGauge(workerUrl, 'temporal_worker_task_slots_used', 'worker_type="ActivityWorker"');

/** Workflow runs held in one worker's sticky cache: what must move elsewhere when it dies. */
export const stickyCacheSize = (workerUrl: string) => sdkGauge(workerUrl, 'temporal_sticky_cache_size');
