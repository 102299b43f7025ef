/** Every 2 h over a 168 h window, and promptly for new exceptions (pattern analysis, prioritisation, resolution). */
export const EXCEPTION_MANAGEMENT_WORKFLOW = 'exceptionManagementWorkflow';
/** One exception's resolution lifecycle; waits for human approval where the reason code needs it. */
export const EXCEPTION_RESOLUTION_WORKFLOW = 'exceptionResolutionWorkflow';

export interface ExceptionManagementInput {
  tenant: string;
  analysisHours?: number;
  /** When set, only these exceptions (the prompt hand-off from order processing). */
  exceptionIds?: string[];
}

export interface ExceptionResolutionInput {
  tenant: string;
  exceptionId: string;
}

export interface ResolutionDecision {
  approver: string;
  note?: string;
}

export const exceptionManagementWorkflowId = (tenant: string, window: string) =>
  `exception-management:${tenant}:${window}`;
export const exceptionResolutionWorkflowId = (tenant: string, exceptionId: string) =>
  `exception:${tenant}:${exceptionId}`;
/** Update names (stored in histories; change only behind patched()). */
export const APPROVE_RESOLUTION_UPDATE = 'approveResolution';
export const REJECT_RESOLUTION_UPDATE = 'rejectResolution';

/** The patch id behind storing the run through `storeFlowRunSummary` (older histories call `recordFlowRun`). */
export const STORE_FLOW_RUN_SUMMARY_PATCH = 'exception-management-store-flow-run-summary';
