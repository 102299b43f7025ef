import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
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
