import {
  REASON_CODES,
  RESOLUTION_ACTIONS,
  aiFailureBlockReason,
  attemptPlanSource,
  decideResolution,
  exceptionEffectOfAttempt,
  fallbackNotes,
  finishedAttemptBlockReason,
  finishedAttemptStatus,
  isAttemptSpacingElapsed,
  isReasonCode,
  isResolutionEligible,
  lowConfidenceBlockReason,
  isResolvedByVerification,
  needsApproval,
  playbookNeedsApproval,
  tallyResolutionAttempts,
  verifySuccess,
  type AttemptTally,
  type DecisionSource,
  type Playbooks,
  type ResolutionPlan,
  type VerifiedOutcome,
  type ReasonCode,
  type ResolutionAttemptOutcome,
  type ResolutionPlanSource,
} from '@e2a/domain';
import {
  blockExceptionAfterAttempt,
  countAttemptGauges,
  enqueueClientNoteNotification,
  findAttemptByIdempotencyKey,
  findEligibleExceptions,
  findTenant,
  finishResolutionAttempt,
  insertResolutionAttempt,
  loadExceptionFacts,
  lockExceptionForAttempt,
  resolveExceptionAfterAttempt,
  type ExceptionFacts,
} from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { promptFacts } from '../ai-analyst/exception-context';
import { createLlmClient } from '../ai-analyst/llm-client';
import { PROMPTS, renderPrompt } from '../ai-analyst/prompts';
import { ResolutionAnalysisSchema } from '../ai-analyst/schemas';
import { isolateEach, type IsolationResult } from '../shared/quarantine';
import { counter, gauge } from '../shared/metrics';
import { heartbeat } from '../shared/heartbeat';
import { executeAction, type ActionContext, type ActionOutcome } from './actions/partner-adapters';
import { observeSuccess } from './actions/success-checks';
import { loadPlaybooks, playbookContextOf } from './playbook-context';

export interface FindEligibleInput {
  tenant: string;
  analysisHours: number;
  exceptionIds?: string[];
  afterId?: string;
  limit: number;
}

export interface EligibleException {
  id: string;
  reason_code: string;
  needs_approval: boolean;
}

export interface AttemptRequest {
  exceptionId: string;
  /** Made in the workflow (uuid4); a retried activity finds its row by this key and does not count again. */
  idempotencyKey: string;
}

export interface RunAttemptsInput {
  tenant: string;
  workflowId: string;
  runId: string;
  attempts: AttemptRequest[];
  approval?: { approver: string; note?: string };
}

export type AttemptOutcome = ResolutionAttemptOutcome;

export interface AttemptResult {
  exceptionId: string;
  attemptNumber: number | null;
  outcome: AttemptOutcome;
  blockReason: string | null;
  planSource: ResolutionPlanSource | null;
  /** Who decided the attempt (ai | playbook | human); null when no attempt ran. */
  decisionSource?: DecisionSource | null;
}

export interface RunAttemptsResult extends AttemptTally {
  results: AttemptResult[];
  /** Exceptions set aside in `quarantined_records` (kind `resolution`) after a data error. */
  quarantined: number;
}

interface ClaimedAttempt {
  attemptNumber: number;
  isResumed: boolean;
  finishedOutcome: AttemptOutcome | null;
}

/** What the model said, if it was asked and answered. */
type ModelAnswer =
  | { kind: 'answer'; plan: ResolutionPlan; analysis: Record<string, unknown> }
  | { kind: 'low_confidence'; confidence: number; analysis: Record<string, unknown> }
  | { kind: 'none'; reason: string; error: string | null };

const AI_ACTIONS = RESOLUTION_ACTIONS.join(', ');

export function createResolutionActivities(deps: ActivityDeps) {
  const { db, settings, logger } = deps;
  const llm = createLlmClient(deps);
  const thresholds = {
    minSuccessProbability: settings.aiMinSuccessProbability,
    lowConfidenceBlockThreshold: settings.lowConfidenceBlockThreshold,
  };
  const attemptsCounter = counter(
    deps.metrics,
    'resolution_attempts_total',
    'Resolution attempts by outcome',
    ['tenant', 'outcome'],
  );
  const attemptDistribution = gauge(
    deps.metrics,
    'resolution_attempt_distribution',
    'Active exceptions by resolution attempt count',
    ['tenant', 'attempts'],
  );
  const blockedGauge = gauge(deps.metrics, 'blocked_exceptions_count', 'Exceptions blocked from automation', [
    'tenant',
  ]);
  const automationSuccess = gauge(
    deps.metrics,
    'automation_success_rate',
    'Share of finished automated attempts that resolved the exception (%)',
    ['tenant'],
  );

  /** Counts the attempt before it runs: row + exception counters in one transaction, keyed for retries. */
  async function claimAttempt(
    input: RunAttemptsInput,
    request: AttemptRequest,
  ): Promise<ClaimedAttempt | 'not_eligible'> {
    return db.transaction().execute(async (trx) => {
      const existing = await findAttemptByIdempotencyKey(trx, request.idempotencyKey);
      if (existing) {
        return {
          attemptNumber: existing.attemptNumber,
          isResumed: true,
          finishedOutcome: existing.status === 'STARTED' ? null : existing.outcome,
        };
      }
      const exception = await lockExceptionForAttempt(trx, input.tenant, request.exceptionId);
      if (!exception || !isResolutionEligible(exception)) return 'not_eligible';
      const now = deps.now();
      // Checked again under the row lock: two runs that picked the same exception at once attempt it once.
      const isSpaced = isAttemptSpacingElapsed(
        exception.last_resolution_attempt_at,
        now,
        settings.resolutionRetryMinutes,
        Boolean(input.approval),
      );
      if (!isSpaced) return 'not_eligible';
      const attemptNumber = exception.resolution_attempts + 1;
      await insertResolutionAttempt(trx, {
        tenant: input.tenant,
        exceptionId: request.exceptionId,
        attemptNumber,
        idempotencyKey: request.idempotencyKey,
        workflowId: input.workflowId,
        runId: input.runId,
        startedAt: now,
      });
      return { attemptNumber, isResumed: false, finishedOutcome: null };
    });
  }

  /** Asks the model for a plan where the mode says so; a failure is only the absence of an answer. */
  async function askModel(facts: ExceptionFacts, code: ReasonCode): Promise<ModelAnswer> {
    // smart spends tokens only where automation is possible at all; full asks for every exception.
    const asksAi = llm.enabled && (settings.aiMode === 'full' || REASON_CODES[code].autoResolvable);
    if (!asksAi)
      return { kind: 'none', reason: llm.enabled ? 'not_auto_resolvable' : settings.aiMode, error: null };
    const prompt = renderPrompt('resolutionAnalysis', { ...promptFacts(facts), actions: AI_ACTIONS });
    const result = await llm.complete(facts.tenant, 'resolution_analysis', ResolutionAnalysisSchema, prompt);
    if (result.kind === 'unavailable')
      return { kind: 'none', reason: result.reason, error: result.error ?? null };
    const answer = result.value;
    const analysis = {
      ...answer,
      source: 'ai',
      prompt_version: PROMPTS.resolutionAnalysis,
      model: result.model,
    };
    if (answer.confidence < settings.lowConfidenceBlockThreshold) {
      return { kind: 'low_confidence', confidence: answer.confidence, analysis };
    }
    return { kind: 'answer', plan: answer, analysis };
  }

  async function finishAttempt(
    input: RunAttemptsInput,
    request: AttemptRequest,
    facts: ExceptionFacts,
    attemptNumber: number,
    outcome: AttemptOutcome,
    details: {
      decisionSource?: DecisionSource | null;
      planSource?: ResolutionPlanSource | null;
      analysis?: Record<string, unknown> | null;
      actions?: ActionOutcome[];
      evidence?: VerifiedOutcome[] | null;
      blockReason?: string | null;
      error?: string;
    },
  ): Promise<AttemptResult> {
    const now = deps.now();
    const blockReason = finishedAttemptBlockReason({
      outcome,
      attemptNumber,
      maxAttempts: facts.max_resolution_attempts,
      blockReason: details.blockReason ?? null,
    });
    const effect = exceptionEffectOfAttempt(outcome, blockReason);
    await db.transaction().execute(async (trx) => {
      await finishResolutionAttempt(trx, request.idempotencyKey, {
        status: finishedAttemptStatus(outcome),
        outcome,
        blockReason,
        planSource: details.planSource ?? null,
        analysis: details.analysis ?? null,
        actions: details.actions ?? [],
        error: details.error ?? null,
        finishedAt: now,
        decisionSource: details.decisionSource ?? null,
        evidence: details.evidence ?? null,
      });
      if (effect.kind === 'resolve') await resolveExceptionAfterAttempt(trx, facts.id, now);
      else if (effect.kind === 'block') await blockExceptionAfterAttempt(trx, facts.id, effect.reason, now);
    });
    attemptsCounter.inc({ tenant: input.tenant, outcome });
    return {
      exceptionId: facts.id,
      attemptNumber,
      outcome,
      blockReason,
      planSource: attemptPlanSource(outcome, details.planSource ?? null),
      decisionSource: details.decisionSource ?? null,
    };
  }

  /** Queues the client note for the tenant's notification endpoint (delivered by the notification outbox). */
  async function notifyCustomer(
    facts: ExceptionFacts,
    code: ReasonCode,
    idempotencyKey: string,
  ): Promise<ActionOutcome> {
    const clientNote = facts.client_note ?? fallbackNotes(code).client_note;
    const eventId = await enqueueClientNoteNotification(db, {
      tenant: facts.tenant,
      exceptionId: facts.id,
      clientNote,
      idempotencyKey,
    });
    return {
      action: 'notify_customer',
      status: 'succeeded',
      detail: eventId ? `client note queued (event ${eventId})` : 'no endpoint subscribed to client_note',
    };
  }

  async function runOne(
    input: RunAttemptsInput,
    request: AttemptRequest,
    facts: ExceptionFacts | undefined,
    endpoints: Record<string, string>,
    playbooks: Playbooks,
  ): Promise<AttemptResult> {
    const skipped = (outcome: AttemptOutcome): AttemptResult => ({
      exceptionId: request.exceptionId,
      attemptNumber: null,
      outcome,
      blockReason: null,
      planSource: null,
      decisionSource: null,
    });
    if (!facts) return skipped('not_eligible');
    const code: ReasonCode = isReasonCode(facts.reason_code) ? facts.reason_code : 'OTHER';
    const playbook = playbooks[code];
    const isApproved = Boolean(input.approval);
    if (
      !isApproved &&
      playbookNeedsApproval(playbook, playbookContextOf(facts, facts.resolution_attempts + 1))
    )
      return skipped('needs_approval');
    const claim = await claimAttempt(input, request);
    if (claim === 'not_eligible') return skipped('not_eligible');
    if (claim.finishedOutcome) {
      return { ...skipped(claim.finishedOutcome), attemptNumber: claim.attemptNumber };
    }
    const finish = (outcome: AttemptOutcome, details: Parameters<typeof finishAttempt>[5]) =>
      finishAttempt(input, request, facts, claim.attemptNumber, outcome, details);
    heartbeat({ exceptionId: facts.id, step: 'analysis' });
    const model = isApproved
      ? ({ kind: 'none', reason: 'approved', error: null } as const)
      : await askModel(facts, code);
    if (model.kind === 'low_confidence') {
      const blockReason = lowConfidenceBlockReason(model.confidence);
      return finish('blocked_low_confidence', {
        decisionSource: 'ai',
        planSource: 'ai',
        analysis: model.analysis,
        blockReason,
        error: blockReason,
      });
    }
    const context = playbookContextOf(facts, claim.attemptNumber);
    const decision = decideResolution({
      playbook,
      context,
      aiPlan: model.kind === 'answer' ? model.plan : null,
      isApproved,
      thresholds,
    });
    const analysis: Record<string, unknown> = {
      ...(model.kind === 'answer' ? model.analysis : { source: 'playbook', ai_unavailable: model.reason }),
      ...(model.kind === 'none' && model.error ? { ai_error: model.error } : {}),
      ...(input.approval ? { approval: input.approval } : {}),
      decision,
    };
    const planSource: ResolutionPlanSource = isApproved
      ? 'approval'
      : decision.source === 'ai'
        ? 'ai'
        : 'rules';
    // A failed model never blocks by itself: only at the attempt limit its error names the block (§7).
    const isLastAttempt = claim.attemptNumber >= facts.max_resolution_attempts;
    const modelFailure = model.kind === 'none' && model.reason === 'failed' ? model.error : null;
    const limitBlockReason = isLastAttempt && modelFailure ? aiFailureBlockReason(modelFailure) : null;
    if (decision.kind !== 'execute') {
      return finish(decision.kind === 'approval' ? 'needs_approval' : 'not_executed', {
        decisionSource: decision.source,
        planSource,
        analysis,
        blockReason: limitBlockReason,
      });
    }
    const actionContext = (action: string): ActionContext => ({
      facts,
      endpoints,
      idempotencyKey: `${request.idempotencyKey}:${action}`,
      timeoutMs: settings.partnerApiTimeoutSeconds * 1000,
    });
    const actions: ActionOutcome[] = [];
    const evidence: VerifiedOutcome[] = [];
    for (const step of decision.steps) {
      heartbeat({ exceptionId: facts.id, step: step.action });
      const outcome =
        step.action === 'notify_customer'
          ? await notifyCustomer(facts, code, actionContext(step.action).idempotencyKey)
          : await executeAction(step.action, actionContext(step.action));
      actions.push(outcome);
      if (outcome.status === 'failed') break;
      // The step only counts once the exception is re-checked against the step's success check.
      const observation = await observeSuccess(db, step, outcome, actionContext(step.action));
      evidence.push({ ...verifySuccess(observation), action: step.action, observation } as VerifiedOutcome);
    }
    const hasFailedAction = actions.some((action) => action.status === 'failed');
    const isResolved = !hasFailedAction && isResolvedByVerification(evidence);
    const failure = hasFailedAction
      ? actions.find((action) => action.status === 'failed')?.detail
      : evidence.find((check) => check.check !== 'none' && !check.isVerified)?.detail;
    const isNotifyOnly = !hasFailedAction && evidence.every((check) => check.check === 'none');
    return finish(isResolved ? 'resolved' : isNotifyOnly ? 'not_executed' : 'failed', {
      decisionSource: decision.source,
      planSource,
      analysis,
      actions,
      evidence,
      blockReason: isResolved ? null : limitBlockReason,
      error: isResolved || isNotifyOnly ? undefined : (failure ?? 'success check not met'),
    });
  }

  const seenAttemptCounts = new Map<string, Set<string>>();
  async function refreshGauges(tenant: string): Promise<void> {
    const counts = await countAttemptGauges(db, tenant);
    let blocked = 0;
    // Attempt counts that no longer occur go to zero instead of keeping their last value.
    const seen = seenAttemptCounts.get(tenant) ?? new Set<string>();
    for (const attempts of seen) attemptDistribution.set({ tenant, attempts }, 0);
    for (const row of counts.byAttempts) {
      attemptDistribution.set({ tenant, attempts: String(row.attempts) }, row.count);
      seen.add(String(row.attempts));
      blocked += row.blocked;
    }
    seenAttemptCounts.set(tenant, seen);
    blockedGauge.set({ tenant }, blocked);
    const finished = counts.finishedAttempts;
    automationSuccess.set({ tenant }, finished ? (counts.succeededAttempts / finished) * 100 : 0);
  }

  return {
    /** Eligible exceptions by id pages, through ix_exceptions_resolution_eligible. */
    async findEligibleExceptions(input: FindEligibleInput): Promise<EligibleException[]> {
      const rows = await findEligibleExceptions(db, input, deps.now(), settings.resolutionRetryMinutes);
      if (rows.length === 0) return [];
      const [factsList, playbooks] = await Promise.all([
        loadExceptionFacts(
          db,
          input.tenant,
          rows.map((row) => row.id),
        ),
        loadPlaybooks(db, input.tenant, deps.now()),
      ]);
      const byId = new Map(factsList.map((facts) => [facts.id, facts]));
      // The tenant's playbook says whether a person decides first (STOCK_MISMATCH by default).
      return rows.map((row) => {
        const facts = byId.get(row.id);
        const code: ReasonCode = isReasonCode(row.reason_code) ? row.reason_code : 'OTHER';
        return {
          id: row.id,
          reason_code: row.reason_code,
          needs_approval: facts
            ? playbookNeedsApproval(playbooks[code], playbookContextOf(facts, facts.resolution_attempts + 1))
            : needsApproval(code),
        };
      });
    },

    /** Counts, analyses, decides and executes one attempt per requested exception (a chunk). */
    async runResolutionAttempts(input: RunAttemptsInput): Promise<RunAttemptsResult> {
      const ids = input.attempts.map((attempt) => attempt.exceptionId);
      const [factsList, tenantRow, playbooks] = await Promise.all([
        loadExceptionFacts(db, input.tenant, ids),
        findTenant(db, input.tenant),
        loadPlaybooks(db, input.tenant, deps.now()),
      ]);
      const byId = new Map(factsList.map((facts) => [facts.id, facts]));
      const endpoints = (tenantRow?.partner_endpoints ?? {}) as Record<string, string>;
      // Partner calls may be slow; a steady heartbeat keeps a live attempt alive and lets a dead worker show.
      const ticker = setInterval(() => heartbeat({ step: 'running' }), 2000);
      let isolated: IsolationResult<AttemptResult>;
      try {
        // One exception whose attempt fails with a data error is quarantined; the others' attempts go on.
        isolated = await isolateEach(deps, {
          tenant: input.tenant,
          kind: 'resolution',
          records: input.attempts,
          keyOf: (request) => request.exceptionId,
          concurrency: 16,
          run: (request) => runOne(input, request, byId.get(request.exceptionId), endpoints, playbooks),
        });
      } finally {
        clearInterval(ticker);
      }
      const results = isolated.outputs;
      await refreshGauges(input.tenant).catch((error: unknown) =>
        logger.warn({ err: error }, 'gauge refresh failed'),
      );
      return { ...tallyResolutionAttempts(results), results, quarantined: isolated.quarantined.length };
    },
  };
}
