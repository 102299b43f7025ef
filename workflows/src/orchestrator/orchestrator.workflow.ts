import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  WorkflowIdReusePolicy,
  defineQuery,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, ReadinessReport } from '@e2a/activities';
import { rateRun } from '@e2a/domain';
import { BILLING_MANAGEMENT_WORKFLOW, billingManagementWorkflowId } from '../billing/billing.contract';
import { ENRICHMENT_WORKFLOW, enrichmentWorkflowId } from '../enrichment/enrichment.contract';
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  exceptionManagementWorkflowId,
} from '../exception-management/exception-management.contract';
import {
  ORDER_PROCESSING_WORKFLOW,
  orderProcessingWorkflowId,
} from '../order-processing/order-processing.contract';
import { flowSearchAttributes } from '../shared/flows.contract';
import {
  ORCHESTRATOR_SUMMARY_QUERY,
  type OrchestratorInput,
  type OrchestratorRunOptions,
  type OrchestratorStep,
  type OrchestratorSummary,
} from './orchestrator.contract';

const { planOrchestratorRun, checkReadiness } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '2 seconds' },
});
const { storeFlowRunSummary } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '2 seconds' },
});

export const orchestratorSummaryQuery = defineQuery<OrchestratorSummary>(ORCHESTRATOR_SUMMARY_QUERY);

/** Per-child bound so a stuck flow cannot hold the hourly run (the child fails, the others still run). */
const CHILD_EXECUTION_TIMEOUT = '1 hour';
/** Enrichment launched by the orchestrator keeps only the short in-run retries (1 min, 5 min). */
const ORCHESTRATED_ENRICHMENT_RETRY_WAIT_SECONDS = 300;

/** The failure and its causes, outermost first ("Child Workflow execution failed: Activity task failed: boom"). */
const errorMessage = (error: unknown): string => {
  const messages: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && messages.length < 5) {
    messages.push(current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return messages.join(': ') || String(error);
};

/**
 * Hourly per tenant: readiness probes, then order processing → exception management → billing (in the tenant's
 * billing hour) → enrichment as child workflows. A failed child is recorded and the next steps still run.
 */
export async function businessOperationsOrchestratorWorkflow(
  input: OrchestratorInput & OrchestratorRunOptions,
): Promise<OrchestratorSummary> {
  const info = workflowInfo();
  const { tenant } = input;
  const startedAt = new Date().toISOString();
  const hourKey = `orchestrator-${startedAt.slice(0, 13)}`;
  const step = (
    flow: OrchestratorStep['flow'],
    workflowType: string,
    workflowId: string,
    dependsOn: string[],
  ): OrchestratorStep => ({
    flow,
    workflowType,
    workflowId,
    status: 'PENDING',
    dependsOn,
    failedDependencies: [],
    startedAt: null,
    finishedAt: null,
    reason: null,
    error: null,
    result: null,
  });
  const summary: OrchestratorSummary = {
    tenant,
    workflowId: info.workflowId,
    status: 'RUNNING',
    startedAt,
    finishedAt: null,
    readiness: null,
    degraded: false,
    steps: [
      step('order-processing', ORDER_PROCESSING_WORKFLOW, orderProcessingWorkflowId(tenant, hourKey), []),
      step(
        'exception-management',
        EXCEPTION_MANAGEMENT_WORKFLOW,
        exceptionManagementWorkflowId(tenant, hourKey),
        ['order-processing'],
      ),
      // Set once the tenant-local billing date is known.
      step('billing', BILLING_MANAGEMENT_WORKFLOW, '', ['order-processing']),
      step('enrichment', ENRICHMENT_WORKFLOW, enrichmentWorkflowId(tenant, hourKey), [
        'exception-management',
      ]),
    ],
    successRate: 0,
    rating: null,
    message: 'running',
  };
  setHandler(orchestratorSummaryQuery, () => summary);

  const finish = async (status: OrchestratorSummary['status'], message: string) => {
    const attempted = summary.steps.filter((s) => s.status === 'COMPLETED' || s.status === 'FAILED');
    const completed = attempted.filter((s) => s.status === 'COMPLETED').length;
    summary.status = status;
    summary.message = message;
    summary.successRate = attempted.length ? Math.round((completed / attempted.length) * 10000) / 100 : 0;
    summary.rating = attempted.length ? rateRun(summary.successRate) : null;
    summary.finishedAt = new Date().toISOString();
    try {
      await storeFlowRunSummary({
        tenant,
        flow: 'orchestrator',
        workflowId: info.workflowId,
        runId: info.runId,
        status,
        result: { ...summary },
        startedAt,
        finishedAt: summary.finishedAt,
      });
    } catch (error) {
      // Postgres down is exactly when a NOT_READY run cannot be stored; the summary is still the result.
      summary.message = `${summary.message}; flow_runs not written: ${errorMessage(error)}`;
    }
    return summary;
  };
  const skipAll = (reason: string) => {
    for (const s of summary.steps) {
      s.status = 'SKIPPED';
      s.reason = reason;
    }
  };

  const readiness: ReadinessReport = await checkReadiness({ tenant });
  summary.readiness = readiness;
  summary.degraded = readiness.degraded;
  if (!readiness.ready) {
    const failing = (['postgres', 'temporal'] as const).filter((name) => !readiness[name].ok);
    skipAll(`not ready: ${failing.join(', ')} unavailable`);
    return finish(
      'NOT_READY',
      `readiness failed: ${failing.map((name) => `${name} (${readiness[name].detail})`).join('; ')}`,
    );
  }

  const plan = await planOrchestratorRun({
    tenant,
    at: startedAt,
    ...(input.maintenanceWindow !== undefined ? { maintenanceWindow: input.maintenanceWindow } : {}),
    ...(input.forceBilling ? { forceBilling: true } : {}),
  });
  const billing = summary.steps[2];
  if (billing) billing.workflowId = billingManagementWorkflowId(tenant, plan.localDate);
  if (plan.inMaintenanceWindow && plan.maintenanceWindow) {
    const window = `${plan.maintenanceWindow.start}-${plan.maintenanceWindow.end} ${plan.timezone}`;
    skipAll(`maintenance window ${window}`);
    return finish('SKIPPED_MAINTENANCE', `inside the maintenance window ${window}; no work started`);
  }

  const argsFor = (flow: OrchestratorStep['flow']): Record<string, unknown> => {
    switch (flow) {
      case 'order-processing':
        return { tenant, lookbackHours: 24 };
      case 'exception-management':
        return { tenant, analysisHours: 168 };
      case 'billing':
        return { tenant, lookbackHours: 24 };
      case 'enrichment':
        return { tenant, retryWaitLimitSeconds: ORCHESTRATED_ENRICHMENT_RETRY_WAIT_SECONDS };
    }
  };

  for (const current of summary.steps) {
    if (current.flow === 'billing' && !plan.billingDue) {
      current.status = 'SKIPPED';
      current.reason = `outside the billing window (02:00 ${plan.timezone})`;
      continue;
    }
    current.failedDependencies = current.dependsOn.filter(
      (dependency) => summary.steps.find((s) => s.flow === dependency)?.status === 'FAILED',
    );
    current.status = 'RUNNING';
    current.startedAt = new Date().toISOString();
    try {
      current.result = await executeChild(current.workflowType, {
        workflowId: current.workflowId,
        args: [argsFor(current.flow)],
        typedSearchAttributes: flowSearchAttributes(tenant, current.flow),
        workflowExecutionTimeout: CHILD_EXECUTION_TIMEOUT,
        // The day's billing runs once (again only if it failed): a second run in the billing hour finds it done.
        ...(current.flow === 'billing'
          ? { workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY }
          : {}),
      });
      current.status = 'COMPLETED';
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        current.status = 'SKIPPED';
        current.reason = `${current.workflowId} already ran`;
      } else {
        current.status = 'FAILED';
        current.error = errorMessage(error);
      }
    }
    current.finishedAt = new Date().toISOString();
  }

  const failed = summary.steps.filter((s) => s.status === 'FAILED');
  const completed = summary.steps.filter((s) => s.status === 'COMPLETED');
  if (failed.length === 0) {
    return finish(
      'COMPLETED',
      `${completed.length} flows completed${readiness.degraded ? ' (degraded)' : ''}`,
    );
  }
  const failedNames = failed.map((s) => `${s.flow} (${s.error ?? 'failed'})`).join('; ');
  if (completed.length === 0) return finish('FAILED', `every flow failed: ${failedNames}`);
  return finish('PARTIAL', `${completed.length} completed, ${failed.length} failed: ${failedNames}`);
}
