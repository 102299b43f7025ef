/** Hourly: readiness checks, then order processing → exception management → billing (in window) → enrichment. */
export const BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW = 'businessOperationsOrchestratorWorkflow';

export interface OrchestratorInput {
  tenant: string;
}

export const orchestratorWorkflowId = (tenant: string, window: string) => `orchestrator:${tenant}:${window}`;
