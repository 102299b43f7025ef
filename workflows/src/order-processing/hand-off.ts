import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '@e2a/activities';
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  exceptionManagementWorkflowId,
  type ExceptionManagementInput,
} from '../exception-management/exception-management.contract';
import { flowSearchAttributes } from '../shared/flows.contract';

/**
 * Hands new exceptions to exception management at once (not at its 2-hour run): a child started by type name,
 * abandoned so the long-running monitor never waits for it or cancels it.
 */
export async function handOffNewExceptions(tenant: string, exceptionIds: string[]): Promise<void> {
  const first = exceptionIds[0];
  if (first === undefined) return;
  const input: ExceptionManagementInput = { tenant, exceptionIds };
  try {
    await startChild(EXCEPTION_MANAGEMENT_WORKFLOW, {
      args: [input],
      workflowId: exceptionManagementWorkflowId(tenant, `new-${first}`),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: flowSearchAttributes(tenant, 'exception-management'),
    });
  } catch (error) {
    // The id is a business key: an earlier start for the same first exception already covers these ids.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

const { analyzeOrdersWithAi } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** AI order analysis (smart/full modes only) for newly created orders; its problems replace the rules' at ≥ 0.7. */
export async function analyzeNewOrders(tenant: string, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await analyzeOrdersWithAi({ tenant, orderIds });
}
