import {
  allHandlersFinished,
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '@e2a/activities';
import { isReasonCode, needsApproval } from '@e2a/domain';
import {
  APPROVE_RESOLUTION_UPDATE,
  REJECT_RESOLUTION_UPDATE,
  type ExceptionResolutionInput,
  type ResolutionDecision,
} from './exception-management.contract';
import type { ExceptionResolutionResult } from './exception-management.types';

export const approveResolutionUpdate = defineUpdate<ExceptionResolutionResult, [ResolutionDecision]>(
  APPROVE_RESOLUTION_UPDATE,
);
export const rejectResolutionUpdate = defineUpdate<ExceptionResolutionResult, [ResolutionDecision]>(
  REJECT_RESOLUTION_UPDATE,
);

/** How long a decision may still arrive after the escalation (then the run ends as `no_decision`). */
const DECISION_GRACE_HOURS = 168;

const database = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});
const resolution = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});

/** One exception's resolution; codes that need approval wait for approveResolution/rejectResolution. */
export async function exceptionResolutionWorkflow(
  input: ExceptionResolutionInput,
): Promise<ExceptionResolutionResult> {
  const info = workflowInfo();
  let decision: { kind: 'approve' | 'reject'; decision: ResolutionDecision } | undefined;
  let result: ExceptionResolutionResult | undefined;
  let isEscalated = false;
  const base = { exceptionId: input.exceptionId, attemptNumber: null, blockReason: null, decidedBy: null };

  const validate = (candidate: ResolutionDecision) => {
    if (!candidate || typeof candidate.approver !== 'string' || candidate.approver.trim() === '')
      throw new Error('approver is required');
    if (decision) throw new Error(`a decision was already made by ${decision.decision.approver}`);
  };
  const awaitResult = async () => {
    await condition(() => result !== undefined);
    return result as ExceptionResolutionResult;
  };
  setHandler(
    approveResolutionUpdate,
    async (candidate) => {
      decision = { kind: 'approve', decision: candidate };
      return awaitResult();
    },
    { validator: validate },
  );
  setHandler(
    rejectResolutionUpdate,
    async (candidate) => {
      decision = { kind: 'reject', decision: candidate };
      return awaitResult();
    },
    { validator: validate },
  );

  const exception = await database.getExceptionForResolution(input);
  if (!exception) {
    result = { ...base, outcome: 'not_found', escalated: false };
  } else if (
    // Histories recorded before playbooks carry no needs_approval: the reason-code table decided then.
    !(
      exception.needs_approval ??
      (isReasonCode(exception.reason_code) && needsApproval(exception.reason_code))
    )
  ) {
    result = await runAttempt(input, info, undefined, isEscalated);
  } else {
    await database.setApprovalStatus({ ...input, status: 'PENDING' });
    const escalationMs = exception.escalation_hours * 3_600_000;
    if (!(await condition(() => decision !== undefined, escalationMs))) {
      await database.escalateOverdueExceptions({
        tenant: input.tenant,
        exceptionIds: [input.exceptionId],
        reason: `no approval decision within ${exception.escalation_hours} h`,
      });
      isEscalated = true;
      await condition(() => decision !== undefined, DECISION_GRACE_HOURS * 3_600_000);
    }
    const decided = decision as { kind: 'approve' | 'reject'; decision: ResolutionDecision } | undefined;
    if (!decided) {
      result = { ...base, outcome: 'no_decision', escalated: isEscalated };
    } else if (decided.kind === 'reject') {
      const note = decided.decision.note ? `: ${decided.decision.note}` : '';
      const blockReason = `Resolution rejected by ${decided.decision.approver}${note}`;
      await database.setApprovalStatus({ ...input, status: 'REJECTED', blockReason });
      result = {
        ...base,
        outcome: 'rejected',
        escalated: isEscalated,
        blockReason,
        decidedBy: decided.decision.approver,
      };
    } else {
      await database.setApprovalStatus({ ...input, status: 'APPROVED' });
      result = {
        ...(await runAttempt(input, info, decided.decision, isEscalated)),
        decidedBy: decided.decision.approver,
      };
    }
  }
  await condition(allHandlersFinished);
  return result;
}

async function runAttempt(
  input: ExceptionResolutionInput,
  info: { workflowId: string; runId: string },
  approval: ResolutionDecision | undefined,
  isEscalated: boolean,
): Promise<ExceptionResolutionResult> {
  const run = await resolution.runResolutionAttempts({
    tenant: input.tenant,
    workflowId: info.workflowId,
    runId: info.runId,
    attempts: [{ exceptionId: input.exceptionId, idempotencyKey: uuid4() }],
    ...(approval ? { approval } : {}),
  });
  const attempt = run.results[0];
  return {
    exceptionId: input.exceptionId,
    outcome: attempt?.outcome ?? 'not_eligible',
    escalated: isEscalated,
    attemptNumber: attempt?.attemptNumber ?? null,
    blockReason: attempt?.blockReason ?? null,
    decidedBy: approval?.approver ?? null,
  };
}
