import { BILLING_MANAGEMENT_WORKFLOW, billingManagementWorkflowId } from '../billing/billing.contract';
import { ENRICHMENT_WORKFLOW, enrichmentWorkflowId } from '../enrichment/enrichment.contract';
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  exceptionManagementWorkflowId,
} from '../exception-management/exception-management.contract';
import {
  BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW,
  orchestratorWorkflowId,
} from '../orchestrator/orchestrator.contract';
import {
  ORDER_PROCESSING_WORKFLOW,
  orderProcessingWorkflowId,
} from '../order-processing/order-processing.contract';
import { flowSearchAttributes, type FlowName } from './flows.contract';

/** Optional parameters an operator may pass when running a flow by hand (API body, CLI flags). */
export interface FlowRunParams {
  lookback_hours?: number;
  chunk_size?: number;
  analysis_hours?: number;
  exception_ids?: string[];
  batch_size?: number;
}

export interface FlowRunSpec {
  /** The workflow type name the worker registers. */
  workflowType: string;
  /** Which `FlowRunParams` keys this flow accepts. */
  params: ReadonlyArray<keyof FlowRunParams>;
  workflowId: (tenant: string, window: string) => string;
  input: (tenant: string, params: FlowRunParams) => Record<string, unknown>;
}

const defined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;

/** Flow name → workflow type, id builder and input mapping: the one table the API and the CLI start flows from. */
export const FLOW_RUNS: Record<FlowName, FlowRunSpec> = {
  'order-processing': {
    workflowType: ORDER_PROCESSING_WORKFLOW,
    params: ['lookback_hours', 'chunk_size'],
    workflowId: orderProcessingWorkflowId,
    input: (tenant, params) =>
      defined({ tenant, lookbackHours: params.lookback_hours, chunkSize: params.chunk_size }),
  },
  'exception-management': {
    workflowType: EXCEPTION_MANAGEMENT_WORKFLOW,
    params: ['analysis_hours', 'exception_ids'],
    workflowId: exceptionManagementWorkflowId,
    input: (tenant, params) =>
      defined({ tenant, analysisHours: params.analysis_hours, exceptionIds: params.exception_ids }),
  },
  billing: {
    workflowType: BILLING_MANAGEMENT_WORKFLOW,
    params: ['lookback_hours', 'chunk_size'],
    workflowId: billingManagementWorkflowId,
    input: (tenant, params) =>
      defined({ tenant, lookbackHours: params.lookback_hours, chunkSize: params.chunk_size }),
  },
  enrichment: {
    workflowType: ENRICHMENT_WORKFLOW,
    params: ['batch_size'],
    workflowId: enrichmentWorkflowId,
    input: (tenant, params) => defined({ tenant, batchSize: params.batch_size }),
  },
  orchestrator: {
    workflowType: BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW,
    params: [],
    workflowId: orchestratorWorkflowId,
    input: (tenant) => ({ tenant }),
  },
};

/**
 * The business-key window of a manual run: one per UTC minute, so a double click, or the API and the CLI asked in
 * the same minute, start one run.
 */
export function manualRunWindow(now: Date): string {
  return `manual-${now.toISOString().slice(0, 16).replace(/[-:]/g, '')}`;
}

/**
 * How the API and the CLI start a flow by hand (the task queue is the caller's): the contract's type, id and input,
 * the search attributes, and one run per window: a start while it runs joins it, one after it completed is refused
 * (`WorkflowExecutionAlreadyStartedError`), one after it failed starts it again.
 */
export function manualFlowRunStart(flow: FlowName, tenant: string, params: FlowRunParams, window: string) {
  const spec = FLOW_RUNS[flow];
  return {
    workflowType: spec.workflowType,
    options: {
      workflowId: spec.workflowId(tenant, window),
      args: [spec.input(tenant, params)],
      typedSearchAttributes: flowSearchAttributes(tenant, flow),
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' as const,
    },
  };
}
