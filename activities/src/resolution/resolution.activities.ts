import {
  REASON_CODES,
  RESOLUTION_ACTIONS,
  aiFailureBlockReason,
  approvedResolutionPlan,
  fallbackResolutionPlan,
  isReasonCode,
  isResolutionEligible,
  lowConfidenceBlockReason,
  maxAttemptsBlockReason,
  needsApproval,
  shouldExecute,
  type ReasonCode,
} from '@e2a/domain';
import { sql, type Db } from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { loadExceptionFacts, promptFacts, type ExceptionFacts } from '../ai-analyst/exception-context';
import { createLlmClient } from '../ai-analyst/llm-client';
import { PROMPTS, renderPrompt } from '../ai-analyst/prompts';
import { ResolutionAnalysisSchema } from '../ai-analyst/schemas';
import { mapWithConcurrency } from '../shared/concurrency';
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

export type AttemptOutcome =
  | 'resolved'
  | 'failed'
  | 'not_executed'
  | 'blocked_low_confidence'
  | 'blocked_ai_failure'
  | 'not_eligible'
  | 'needs_approval';

export interface AttemptResult {
  exceptionId: string;
  attemptNumber: number | null;
  outcome: AttemptOutcome;
  blockReason: string | null;
  planSource: 'ai' | 'rules' | 'approval' | null;
}

export interface RunAttemptsResult {
  attempted: number;
  resolved: number;
  failed: number;
  notExecuted: number;
  blocked: number;
  skipped: number;
  results: AttemptResult[];
}

interface ClaimedAttempt {
  attemptNumber: number;
  isResumed: boolean;
  finishedOutcome: AttemptOutcome | null;
}

interface Plan {
  source: 'ai' | 'rules' | 'approval';
  can_auto_resolve: boolean;
  confidence: number;
  success_probability: number;
  automated_actions: string[];
  analysis: Record<string, unknown>;
}

const AI_ACTIONS = RESOLUTION_ACTIONS.join(', ');

/** The eligibility query (domain reference §7), shaped for ix_exceptions_resolution_eligible; the benchmark EXPLAINs it. */
export function eligibleExceptionsQuery(db: Db, input: FindEligibleInput, now: Date, retryMinutes = 0) {
  let query = db
    .selectFrom('exceptions')
    .select(['id', 'reason_code'])
    .where('tenant', '=', input.tenant)
    .where('status', 'in', ['OPEN', 'IN_PROGRESS'])
    .where('resolution_blocked', '=', false)
    .whereRef('resolution_attempts', '<', 'max_resolution_attempts')
    .where('created_at', '>=', new Date(now.getTime() - input.analysisHours * 3_600_000))
    // Attempts are spaced out, so the prompt hand-off and a scheduled run seconds apart cannot spend them all.
    .where((eb) =>
      eb.or([
        eb('last_resolution_attempt_at', 'is', null),
        eb('last_resolution_attempt_at', '<=', new Date(now.getTime() - retryMinutes * 60_000)),
      ]),
    )
    .orderBy('id')
    .limit(input.limit);
  if (input.exceptionIds)
    query = query.where('id', 'in', input.exceptionIds.length ? input.exceptionIds : ['0']);
  if (input.afterId) query = query.where('id', '>', input.afterId);
  return query;
}

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
      const existing = await trx
        .selectFrom('resolution_attempts')
        .select(['attempt_number', 'status', 'outcome'])
        .where('idempotency_key', '=', request.idempotencyKey)
        .executeTakeFirst();
      if (existing) {
        const recorded = (existing.outcome as { outcome?: AttemptOutcome } | null)?.outcome ?? null;
        return {
          attemptNumber: existing.attempt_number,
          isResumed: true,
          finishedOutcome: existing.status === 'STARTED' ? null : recorded,
        };
      }
      const exception = await trx
        .selectFrom('exceptions')
        .select([
          'status',
          'resolution_blocked',
          'resolution_attempts',
          'max_resolution_attempts',
          'last_resolution_attempt_at',
        ])
        .where('id', '=', request.exceptionId)
        .where('tenant', '=', input.tenant)
        .forUpdate()
        .executeTakeFirst();
      if (!exception || !isResolutionEligible(exception)) return 'not_eligible';
      const now = deps.now();
      // Checked again under the row lock: two runs that picked the same exception at once attempt it once.
      // A person's approval is not held back by the spacing.
      const spacingMs = settings.resolutionRetryMinutes * 60_000;
      const lastAttemptAt = exception.last_resolution_attempt_at;
      if (!input.approval && lastAttemptAt && now.getTime() - new Date(lastAttemptAt).getTime() < spacingMs) {
        return 'not_eligible';
      }
      const attemptNumber = exception.resolution_attempts + 1;
      await trx
        .insertInto('resolution_attempts')
        .values({
          tenant: input.tenant,
          exception_id: request.exceptionId,
          attempt_number: attemptNumber,
          idempotency_key: request.idempotencyKey,
          workflow_id: input.workflowId,
          run_id: input.runId,
          status: 'STARTED',
          started_at: now,
        })
        .execute();
      await trx
        .updateTable('exceptions')
        .set({ resolution_attempts: attemptNumber, last_resolution_attempt_at: now, updated_at: now })
        .where('id', '=', request.exceptionId)
        .execute();
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
    const status =
      outcome === 'resolved'
        ? 'SUCCEEDED'
        : outcome === 'failed' || outcome === 'blocked_ai_failure'
          ? 'FAILED'
          : 'SKIPPED';
    const isLastAttempt = attemptNumber >= facts.max_resolution_attempts;
    const blockReason =
      details.blockReason ??
      (outcome !== 'resolved' && isLastAttempt
        ? maxAttemptsBlockReason(facts.max_resolution_attempts)
        : null);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('resolution_attempts')
        .set({
          status,
          analysis: details.plan ? JSON.stringify(details.plan.analysis) : null,
          actions: JSON.stringify(details.actions ?? []),
          outcome: JSON.stringify({
            outcome,
            block_reason: blockReason,
            plan_source: details.plan?.source ?? null,
          }),
          error: details.error ?? null,
          finished_at: now,
        })
        .where('idempotency_key', '=', request.idempotencyKey)
        .execute();
      if (outcome === 'resolved') {
        await trx
          .updateTable('exceptions')
          .set({ status: 'RESOLVED', resolved_at: now, updated_at: now })
          .where('id', '=', facts.id)
          .where('status', 'in', ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'])
          .execute();
      } else if (blockReason) {
        await trx
          .updateTable('exceptions')
          .set({ resolution_blocked: true, resolution_block_reason: blockReason, updated_at: now })
          .where('id', '=', facts.id)
          .where('resolution_blocked', '=', false)
          .execute();
      }
    });
    attemptsCounter.inc({ tenant: input.tenant, outcome });
    return {
      exceptionId: facts.id,
      attemptNumber,
      outcome,
      blockReason,
      planSource: details.plan?.source ?? (outcome.startsWith('blocked_') ? 'ai' : null),
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
    const rows = await sql<{ attempts: number; count: string; blocked: string }>`
      SELECT resolution_attempts AS attempts, count(*) AS count,
             count(*) FILTER (WHERE resolution_blocked) AS blocked
      FROM exceptions WHERE tenant = ${tenant} AND status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
      GROUP BY resolution_attempts`.execute(db);
    let blocked = 0;
    // Attempt counts that no longer occur go to zero instead of keeping their last value.
    const seen = seenAttemptCounts.get(tenant) ?? new Set<string>();
    for (const attempts of seen) attemptDistribution.set({ tenant, attempts }, 0);
    for (const row of rows.rows) {
      attemptDistribution.set({ tenant, attempts: String(row.attempts) }, Number(row.count));
      seen.add(String(row.attempts));
      blocked += Number(row.blocked);
    }
    seenAttemptCounts.set(tenant, seen);
    blockedGauge.set({ tenant }, blocked);
    const rate = await sql<{ finished: string; succeeded: string }>`
      SELECT count(*) FILTER (WHERE status <> 'STARTED') AS finished,
             count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded
      FROM resolution_attempts WHERE tenant = ${tenant}`.execute(db);
    const finished = Number(rate.rows[0]?.finished ?? 0);
    automationSuccess.set({ tenant }, finished ? (Number(rate.rows[0]?.succeeded ?? 0) / finished) * 100 : 0);
  }

  return {
    /** Eligible exceptions by id pages, through ix_exceptions_resolution_eligible. */
    async findEligibleExceptions(input: FindEligibleInput): Promise<EligibleException[]> {
      const query = eligibleExceptionsQuery(db, input, deps.now(), settings.resolutionRetryMinutes);
      const rows = await query.execute();
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
        db
          .selectFrom('tenants')
          .select('partner_endpoints')
          .where('name', '=', input.tenant)
          .executeTakeFirst(),
      ]);
      const byId = new Map(factsList.map((facts) => [facts.id, facts]));
      const endpoints = (tenantRow?.partner_endpoints ?? {}) as Record<string, string>;
      // Partner calls may be slow; a steady heartbeat keeps a live attempt alive and lets a dead worker show.
      const ticker = setInterval(() => heartbeat({ step: 'running' }), 2000);
      let results: AttemptResult[];
      try {
        results = await mapWithConcurrency(input.attempts, 16, (request) =>
          runOne(input, request, byId.get(request.exceptionId), endpoints),
        );
      } finally {
        clearInterval(ticker);
      }
      await refreshGauges(input.tenant).catch((error: unknown) =>
        logger.warn({ err: error }, 'gauge refresh failed'),
      );
      const summary: RunAttemptsResult = {
        attempted: 0,
        resolved: 0,
        failed: 0,
        notExecuted: 0,
        blocked: 0,
        skipped: 0,
        results,
      };
      for (const result of results) {
        if (result.attemptNumber !== null) summary.attempted += 1;
        if (result.outcome === 'resolved') summary.resolved += 1;
        else if (result.outcome === 'failed') summary.failed += 1;
        else if (result.outcome === 'not_executed') summary.notExecuted += 1;
        else if (result.outcome === 'not_eligible' || result.outcome === 'needs_approval')
          summary.skipped += 1;
        if (result.blockReason) summary.blocked += 1;
      }
      return summary;
    },
  };
}
