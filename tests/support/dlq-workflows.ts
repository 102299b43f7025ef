import { proxyActivities } from '@temporalio/workflow';

// Workflows for the tooling suites. toolDlqWorkflow: its activity fails every attempt and the workflow gives up.

export interface ToolDlqActivities {
  alwaysFails(input: { tenant: string; orderIds: string[] }): Promise<void>;
  failsPermanently(input: { tenant: string; orderIds: string[] }): Promise<void>;
}

const { alwaysFails, failsPermanently } = proxyActivities<ToolDlqActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 2, initialInterval: '10 milliseconds' },
});

export async function toolDlqWorkflow(input: { tenant: string; permanent: boolean }): Promise<string> {
  try {
    if (input.permanent) await failsPermanently({ tenant: input.tenant, orderIds: ['P-1'] });
    else await alwaysFails({ tenant: input.tenant, orderIds: ['A-1', 'A-2'] });
    return 'completed';
  } catch {
    return 'gave-up';
  }
}

// Stand-ins named like the contract workflow types, so `e2a demo run` can drive them on a test task queue.
export async function orderProcessingWorkflow(input: { tenant: string }): Promise<{ tenant: string }> {
  return { tenant: input.tenant };
}
export async function exceptionManagementWorkflow(input: { tenant: string }): Promise<{ tenant: string }> {
  return { tenant: input.tenant };
}
export async function billingManagementWorkflow(input: { tenant: string }): Promise<{ tenant: string }> {
  return { tenant: input.tenant };
}
