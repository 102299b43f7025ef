/** Hourly: readiness checks, then order processing → exception management → billing (in window) → enrichment. */
export const BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW = 'businessOperationsOrchestratorWorkflow';

export interface OrchestratorInput {
  tenant: string;
}

export const orchestratorWorkflowId = (tenant: string, window: string) => `orchestrator:${tenant}:${window}`;

/** Optional knobs (added fields only). */
export interface OrchestratorRunOptions {
  /** Overrides the tenant's `maintenance_window` (tenant-local HH:MM); `null` disables it for this run. */
  maintenanceWindow?: { start: string; end: string; weekdays?: number[] } | null;
  /** Runs billing whatever the hour. */
  forceBilling?: boolean;
}

/** Query name: the live summary of a running (or finished) orchestrator run. */
export const ORCHESTRATOR_SUMMARY_QUERY = 'summary';

export type OrchestratorStepStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'SKIPPED';

export interface OrchestratorStep {
  flow: 'order-processing' | 'exception-management' | 'billing' | 'enrichment';
  workflowType: string;
  workflowId: string;
  status: OrchestratorStepStatus;
  dependsOn: string[];
  /** Dependencies that failed before this step ran (the step still runs on the data it has). */
  failedDependencies: string[];
  startedAt: string | null;
  finishedAt: string | null;
  reason: string | null;
  error: string | null;
  result: unknown;
}

export interface OrchestratorSummary {
  tenant: string;
  workflowId: string;
  status: 'RUNNING' | 'COMPLETED' | 'PARTIAL' | 'FAILED' | 'NOT_READY' | 'SKIPPED_MAINTENANCE';
  startedAt: string;
  finishedAt: string | null;
  readiness: unknown;
  degraded: boolean;
  steps: OrchestratorStep[];
  /** Completed ÷ attempted steps × 100 (skipped steps are not attempts). */
  successRate: number;
  rating: 'EXCELLENT' | 'GOOD' | 'FAIR' | 'POOR' | null;
  message: string;
}
