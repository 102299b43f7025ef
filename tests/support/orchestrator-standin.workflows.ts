// Test-only workflow bundle: the real @e2a/workflows plus stand-ins registered under the names of flows built
// elsewhere (order processing, exception management, billing), so the orchestrator's children can be observed.
import { proxyActivities, sleep } from '@temporalio/workflow';

export * from '@e2a/workflows';

export interface StandInActivities {
  recordStandInRun(input: {
    flow: string;
    input: Record<string, unknown>;
  }): Promise<{ flow: string; ok: true }>;
}

const { recordStandInRun } = proxyActivities<StandInActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
});

async function standIn(flow: string, input: Record<string, unknown>) {
  // Tenants named *-slow keep exception management busy so a test can query the orchestrator mid-run.
  if (flow === 'exception-management' && String(input.tenant).endsWith('-slow')) await sleep('10 minutes');
  return recordStandInRun({ flow, input });
}

export async function orderProcessingWorkflow(input: Record<string, unknown>) {
  return standIn('order-processing', input);
}

export async function exceptionManagementWorkflow(input: Record<string, unknown>) {
  return standIn('exception-management', input);
}

export async function billingManagementWorkflow(input: Record<string, unknown>) {
  return standIn('billing', input);
}
