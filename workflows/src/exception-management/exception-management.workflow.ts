import {
  ParentClosePolicy,
  patched,
  proxyActivities,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '@e2a/activities';
import { flowSearchAttributes } from '../shared/flows.contract';
import {
  EXCEPTION_RESOLUTION_WORKFLOW,
  STORE_FLOW_RUN_SUMMARY_PATCH,
  exceptionResolutionWorkflowId,
  type ExceptionManagementInput,
  type ExceptionResolutionInput,
} from './exception-management.contract';
import type { ExceptionManagementResult } from './exception-management.types';

const DEFAULT_ANALYSIS_HOURS = 168;
const CHUNK_SIZE = 200;

const database = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});
// AI calls: each exception may take AI_TIMEOUT_SECONDS × AI_RETRY_MAX_ATTEMPTS; heartbeats detect a dead worker.
const ai = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumAttempts: 5 },
});
const resolution = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});

/** Every 2 h over a 168 h window (or promptly for given ids): analyse, resolve, escalate, find patterns. */
export async function exceptionManagementWorkflow(
  input: ExceptionManagementInput,
): Promise<ExceptionManagementResult> {
  const info = workflowInfo();
  const startedAt = new Date().toISOString();
  const analysisHours = input.analysisHours ?? DEFAULT_ANALYSIS_HOURS;
  const scope = { tenant: input.tenant, analysisHours, exceptionIds: input.exceptionIds };

  const analysis = { analyzed: 0, ai: 0, fallback: 0, lowConfidenceBlocked: 0, aiFailures: 0 };
  for (let afterId: string | undefined; ;) {
    const ids = await database.findExceptionsToAnalyze({ ...scope, afterId, limit: CHUNK_SIZE });
    if (ids.length === 0) break;
    const chunk = await ai.analyzeExceptions({ tenant: input.tenant, exceptionIds: ids });
    analysis.analyzed += chunk.analyzed;
    analysis.ai += chunk.ai;
    analysis.fallback += chunk.fallback;
    analysis.lowConfidenceBlocked += chunk.lowConfidenceBlocked;
    analysis.aiFailures += chunk.aiFailures;
    afterId = ids[ids.length - 1];
    if (ids.length < CHUNK_SIZE) break;
  }

  const totals = {
    eligible: 0,
    attempted: 0,
    resolved: 0,
    failed: 0,
    notExecuted: 0,
    blocked: 0,
    awaitingApproval: 0,
  };
  for (let afterId: string | undefined; ;) {
    const eligible = await database.findEligibleExceptions({ ...scope, afterId, limit: CHUNK_SIZE });
    if (eligible.length === 0) break;
    totals.eligible += eligible.length;
    const direct = eligible.filter((exception) => !exception.needs_approval);
    if (direct.length) {
      // Keys are made here so a retried activity finds the attempts it already counted.
      const chunk = await resolution.runResolutionAttempts({
        tenant: input.tenant,
        workflowId: info.workflowId,
        runId: info.runId,
        attempts: direct.map((exception) => ({ exceptionId: exception.id, idempotencyKey: uuid4() })),
      });
      totals.attempted += chunk.attempted;
      totals.resolved += chunk.resolved;
      totals.failed += chunk.failed;
      totals.notExecuted += chunk.notExecuted;
      totals.blocked += chunk.blocked;
    }
    for (const exception of eligible.filter((candidate) => candidate.needs_approval)) {
      totals.awaitingApproval += 1;
      await startResolutionWorkflow({ tenant: input.tenant, exceptionId: exception.id });
    }
    afterId = eligible[eligible.length - 1]?.id;
    if (eligible.length < CHUNK_SIZE) break;
  }

  const escalation = await database.escalateOverdueExceptions({ tenant: input.tenant });
  const { patterns, priorities } = await database.analyzePatterns({ tenant: input.tenant, analysisHours });
  const result: ExceptionManagementResult = {
    tenant: input.tenant,
    analysisHours,
    analysis,
    resolution: totals,
    escalation: { escalated: escalation.escalated },
    patterns,
    priorities,
  };
  const run = {
    tenant: input.tenant,
    flow: 'exception-management',
    workflowId: info.workflowId,
    runId: info.runId,
    status: 'COMPLETED',
    startedAt,
    result: { ...result },
  };
  // The one flow_runs writer; histories recorded before it scheduled recordFlowRun (same row, activity clock).
  if (patched(STORE_FLOW_RUN_SUMMARY_PATCH)) {
    await database.storeFlowRunSummary({ ...run, finishedAt: new Date().toISOString() });
  } else {
    await database.recordFlowRun(run);
  }
  return result;
}

/** One long-lived workflow per exception that needs approval; an already running one is left alone. */
async function startResolutionWorkflow(input: ExceptionResolutionInput): Promise<void> {
  try {
    await startChild(EXCEPTION_RESOLUTION_WORKFLOW, {
      workflowId: exceptionResolutionWorkflowId(input.tenant, input.exceptionId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: flowSearchAttributes(input.tenant, 'exception-management'),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
