import {
  REASON_CODES,
  RESOLUTION_ACTIONS,
  aiFailureBlockReason,
  approvedResolutionPlan,
  attemptPlanSource,
  exceptionEffectOfAttempt,
  fallbackResolutionPlan,
  finishedAttemptBlockReason,
  finishedAttemptStatus,
  isAttemptSpacingElapsed,
  isReasonCode,
  isResolutionEligible,
  lowConfidenceBlockReason,
  needsApproval,
  shouldExecute,
  tallyResolutionAttempts,
  type AttemptTally,
  type ReasonCode,
  type ResolutionAttemptOutcome,
  type ResolutionPlanSource,
} from '@e2a/domain';
import {
  blockExceptionAfterAttempt,
  countAttemptGauges,
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
import { executeAction, type ActionOutcome } from './actions/partner-adapters';

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

interface Plan {
  source: ResolutionPlanSource;
  can_auto_resolve: boolean;
  confidence: number;
  success_probability: number;
  automated_actions: string[];
  analysis: Record<string, unknown>;
}

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

  async function planFor(
    facts: ExceptionFacts,
    code: ReasonCode,
    input: RunAttemptsInput,
  ): Promise<Plan | AttemptResult> {
    if (input.approval) {
      const plan = approvedResolutionPlan(code);
      return { ...plan, source: 'approval', analysis: { ...plan, approval: input.approval } };
    }
    const rulePlan = (reason: string): Plan => {
      const plan = fallbackResolutionPlan(code);
      return { ...plan, source: 'rules', analysis: { ...plan, source: 'rules', ai_unavailable: reason } };
    };
    // smart spends tokens only where automation is possible at all; full asks for every exception.
    const asksAi = llm.enabled && (settings.aiMode === 'full' || REASON_CODES[code].autoResolvable);
    if (!asksAi) return rulePlan(llm.enabled ? 'not_auto_resolvable' : settings.aiMode);
    const prompt = renderPrompt('resolutionAnalysis', { ...promptFacts(facts), actions: AI_ACTIONS });
    const result = await llm.complete(facts.tenant, 'resolution_analysis', ResolutionAnalysisSchema, prompt);
    if (result.kind === 'unavailable') {
      if (result.reason === 'failed') {
        return {
          exceptionId: facts.id,
          attemptNumber: null,
          outcome: 'blocked_ai_failure',
          blockReason: aiFailureBlockReason(result.error ?? 'unknown error'),
          planSource: 'ai',
        };
      }
      return rulePlan(result.reason);
    }
    const answer = result.value;
    if (answer.confidence < settings.lowConfidenceBlockThreshold) {
      return {
        exceptionId: facts.id,
        attemptNumber: null,
        outcome: 'blocked_low_confidence',
        blockReason: lowConfidenceBlockReason(answer.confidence),
        planSource: 'ai',
      };
    }
    return {
      source: 'ai',
      can_auto_resolve: answer.can_auto_resolve,
      confidence: answer.confidence,
      success_probability: answer.success_probability,
      automated_actions: answer.automated_actions,
      analysis: { ...answer, source: 'ai', prompt_version: PROMPTS.resolutionAnalysis, model: result.model },
    };
  }

  async function finishAttempt(
    input: RunAttemptsInput,
    request: AttemptRequest,
    facts: ExceptionFacts,
    attemptNumber: number,
    outcome: AttemptOutcome,
    details: { plan?: Plan; actions?: ActionOutcome[]; blockReason?: string | null; error?: string },
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
        planSource: details.plan?.source ?? null,
        analysis: details.plan?.analysis ?? null,
        actions: details.actions ?? [],
        error: details.error ?? null,
        finishedAt: now,
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
      planSource: attemptPlanSource(outcome, details.plan?.source ?? null),
    };
  }

  async function runOne(
    input: RunAttemptsInput,
    request: AttemptRequest,
    facts: ExceptionFacts | undefined,
    endpoints: Record<string, string>,
  ): Promise<AttemptResult> {
    const skipped = (outcome: AttemptOutcome): AttemptResult => ({
      exceptionId: request.exceptionId,
      attemptNumber: null,
      outcome,
      blockReason: null,
      planSource: null,
    });
    if (!facts) return skipped('not_eligible');
    const code: ReasonCode = isReasonCode(facts.reason_code) ? facts.reason_code : 'OTHER';
    if (needsApproval(code) && !input.approval) return skipped('needs_approval');
    const claim = await claimAttempt(input, request);
    if (claim === 'not_eligible') return skipped('not_eligible');
    if (claim.finishedOutcome) {
      return { ...skipped(claim.finishedOutcome), attemptNumber: claim.attemptNumber };
    }
    heartbeat({ exceptionId: facts.id, step: 'analysis' });
    const plan = await planFor(facts, code, input);
    if (!('source' in plan)) {
      return finishAttempt(input, request, facts, claim.attemptNumber, plan.outcome, {
        blockReason: plan.blockReason,
        error: plan.blockReason ?? undefined,
      });
    }
    if (!shouldExecute(plan, thresholds)) {
      return finishAttempt(input, request, facts, claim.attemptNumber, 'not_executed', { plan });
    }
    const actions: ActionOutcome[] = [];
    for (const action of plan.automated_actions) {
      heartbeat({ exceptionId: facts.id, step: action });
      const outcome = await executeAction(action, {
        facts,
        endpoints,
        idempotencyKey: `${request.idempotencyKey}:${action}`,
        timeoutMs: settings.partnerApiTimeoutSeconds * 1000,
      });
      actions.push(outcome);
      if (outcome.status === 'failed') break;
    }
    const isResolved = actions.every((action) => action.status === 'succeeded');
    return finishAttempt(input, request, facts, claim.attemptNumber, isResolved ? 'resolved' : 'failed', {
      plan,
      actions,
      error: isResolved ? undefined : actions.find((action) => action.status === 'failed')?.detail,
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
      return rows.map((row) => ({
        id: row.id,
        reason_code: row.reason_code,
        needs_approval: isReasonCode(row.reason_code) && needsApproval(row.reason_code),
      }));
    },

    /** Counts, analyses, decides and executes one attempt per requested exception (a chunk). */
    async runResolutionAttempts(input: RunAttemptsInput): Promise<RunAttemptsResult> {
      const ids = input.attempts.map((attempt) => attempt.exceptionId);
      const [factsList, tenantRow] = await Promise.all([
        loadExceptionFacts(db, input.tenant, ids),
        findTenant(db, input.tenant),
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
          run: (request) => runOne(input, request, byId.get(request.exceptionId), endpoints),
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
