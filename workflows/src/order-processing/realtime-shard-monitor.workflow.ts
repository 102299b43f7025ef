import {
  CancellationScope,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, EvaluationChunkResult } from '@e2a/activities';
import type { RealtimeShardMonitorInput } from './order-processing.contract';
import { analyzeNewOrders, handOffNewExceptions } from './hand-off';

const { findDueTenants } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A database outage must not end the monitor: retry for as long as it takes.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

// One tenant's chunk that keeps failing must not hold up the round of every other tenant of the shard: a few
// attempts, then the round goes on without it and the tenant is due again next round (with back-off).
const { evaluateDueOrders } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/** Before it, a follow-up of a chunk that failed for good failed the whole shard monitor. */
const ROUND_OUTLIVES_FOLLOW_UPS_PATCH = 'shard-round-outlives-follow-ups';
/**
 * Before it, a round that made progress was followed by the next at once, and every due tenant got the spare
 * lanes: under a steady stream the shard ran many tiny rounds (each a look, four chunk activities of which three
 * found nothing, and a hand-off), which cost the Temporal server and the worker more than the evaluation itself.
 */
const ROUND_PACING_PATCH = 'shard-round-pacing';

async function followUp(message: string, tenant: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn(message, { tenant, error: error instanceof Error ? error.message : String(error) });
  }
}

/** One chunk of a tenant, its AI candidates and hand-off; null when the chunk failed (logged, retried next round). */
async function evaluateTenantChunk(
  tenant: string,
  asOf: string,
  chunkSize: number | undefined,
): Promise<EvaluationChunkResult | null> {
  let chunk: EvaluationChunkResult;
  try {
    chunk = await evaluateDueOrders({
      tenant,
      asOf,
      // Events (or a policy version) committed after the round read its clock are judged as of their arrival.
      isNotBeforeNow: true,
      ...(chunkSize !== undefined ? { chunkSize } : {}),
    });
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn('a tenant chunk failed; the round goes on without it', {
      tenant,
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
  if (!patched(ROUND_OUTLIVES_FOLLOW_UPS_PATCH)) {
    await analyzeNewOrders(tenant, chunk.aiOrderAnalysisCandidates ?? []);
    await handOffNewExceptions(tenant, chunk.createdExceptionIds);
    return chunk;
  }
  // The chunk is stored: a follow-up that keeps failing must not end the monitor (and with it real-time detection
  // for every tenant of the shard). The orders keep their rule verdicts; exception management's scheduled run takes
  // exceptions whose hand-off failed.
  await followUp('AI order analysis failed; the orders keep their rule verdicts', tenant, () =>
    analyzeNewOrders(tenant, chunk.aiOrderAnalysisCandidates ?? []),
  );
  await followUp(
    'hand-off failed; the scheduled exception-management run takes these exceptions',
    tenant,
    () => handOffNewExceptions(tenant, chunk.createdExceptionIds),
  );
  return chunk;
}

export const DEFAULT_MIN_ROUND_SECONDS = 1;
/** Under a steady stream, rounds start at most this often: detection waits at most this long for its round. */
const STEADY_ROUND_SECONDS = 1;
export const DEFAULT_IDLE_WAKE_MINUTES = 15;
export const DEFAULT_MAX_TENANTS_PER_ROUND = 64;
export const DEFAULT_PARALLEL_EVALUATIONS = 4;
export const DEFAULT_SHARD_ITERATIONS_BEFORE_CONTINUE_AS_NEW = 200;
/** Longest back-off while due work makes no progress (rows locked elsewhere, quarantined). */
const MAX_STUCK_BACKOFF_MS = 60_000;
/** The deadline timer fires this long after the deadline (claims are strict `<`), and after the wait's own return. */
const DEADLINE_GRACE_MS = 1_000;

/** Runs `work` over the items with at most `limit` at once, results in input order (deterministic scheduling). */
async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * The round's chunk lanes, one tenant per lane. Each due tenant gets one; the spare lanes go to the tenants whose
 * last chunk came back full (SKIP LOCKED keeps a tenant's chunks disjoint), or evenly while that is not known yet:
 * a lone backlog drains on every lane, and a tenant whose new orders fit in one chunk never takes lanes that would
 * only find nothing.
 */
function lanesOf(
  dueTenants: readonly string[],
  parallel: number,
  backlogTenants: Set<string> | null,
): string[] {
  const backlog = backlogTenants
    ? dueTenants.filter((tenant) => backlogTenants.has(tenant))
    : [...dueTenants];
  const spare = Math.max(0, parallel - (dueTenants.length - backlog.length));
  const chunksPerBacklogTenant = Math.max(1, Math.floor(spare / Math.max(1, backlog.length)));
  const backlogSet = new Set(backlog);
  return dueTenants.flatMap((tenant) =>
    Array.from({ length: backlogSet.has(tenant) ? chunksPerBacklogTenant : 1 }, () => tenant),
  );
}

/**
 * Waits for new events in the shard (the `waitForShardChanges` activity, woken by Postgres NOTIFY) or the shard's
 * next deadline (a durable timer: breaches without any new event fire on time, and time-skipping tests skip to
 * them), whichever comes first; the loser is cancelled.
 */
async function waitForWork(
  input: RealtimeShardMonitorInput,
  wakeAt: number,
  minRoundSeconds: number,
  stuckTenants: readonly string[],
) {
  const isDueWorkStuck = stuckTenants.length > 0;
  const now = Date.now();
  const timerMs = Math.max(DEADLINE_GRACE_MS, wakeAt - now + DEADLINE_GRACE_MS);
  const { waitForShardChanges } = proxyActivities<Activities>({
    startToCloseTimeout: timerMs + 60_000,
    // Heartbeats are billed actions on a hosted service: the SDK sends one per 48 s (0.8 × timeout). A lost worker
    // delays NOTIFY wake-ups by at most this; deadlines do not depend on it (the timer fires on any worker).
    heartbeatTimeout: '60 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  // Timers only (time-skipping tests: the test server does not skip time while an activity runs).
  if (input.wakeOnNotify === false) {
    await sleep(timerMs);
    return;
  }
  await CancellationScope.cancellable(async () => {
    const scope = CancellationScope.current();
    try {
      await Promise.race([
        waitForShardChanges({
          shard: input.shard,
          shardCount: input.shardCount,
          until: new Date(Math.max(wakeAt, now)).toISOString(),
          minWaitSeconds: minRoundSeconds,
          // Work that is due but made no progress would end the wait at once: wait for news or the back-off.
          checkDueFirst: !isDueWorkStuck,
          // ...but other tenants' due work (events that came during the round) still ends it at once.
          ...(isDueWorkStuck ? { stuckTenants: [...stuckTenants] } : {}),
        }),
        sleep(timerMs),
      ]);
    } finally {
      scope.cancel();
    }
  }).catch((error: unknown) => {
    if (!isCancellation(error)) throw error;
  });
}

/**
 * The real-time path, a fixed number per task queue, forever: find the shard's tenants with new events or a
 * passed deadline (one indexed statement), evaluate one chunk per due tenant per round (round-robin, so a burst
 * never delays another tenant), hand new exceptions over at once, then wait for NOTIFY or the next deadline.
 * Idle, a shard records a few events per `idleWakeMinutes`, whatever the number of tenants.
 */
export async function realtimeShardMonitorWorkflow(input: RealtimeShardMonitorInput): Promise<void> {
  const minRoundSeconds = input.minRoundSeconds ?? DEFAULT_MIN_ROUND_SECONDS;
  const idleWakeMs = (input.idleWakeMinutes ?? DEFAULT_IDLE_WAKE_MINUTES) * 60_000;
  const iterations = input.iterationsBeforeContinueAsNew ?? DEFAULT_SHARD_ITERATIONS_BEFORE_CONTINUE_AS_NEW;
  const totals = { ordersEvaluated: 0, exceptionsCreated: 0, rounds: 0, wakeUps: 0, ...input.totals };
  let afterTenant = input.afterTenant ?? null;
  let stuckRounds = 0;
  // Tenants whose last chunk came back full (a backlog); null until a paced round has run (then lanes spread evenly).
  let backlogTenants: Set<string> | null = null;

  for (let iteration = 0; iteration < iterations; iteration += 1) {
    // The workflow clock (deterministic, and skippable in tests) is the evaluation instant.
    const roundStartedAt = Date.now();
    const asOf = new Date(roundStartedAt).toISOString();
    const due = await findDueTenants({
      shard: input.shard,
      shardCount: input.shardCount,
      asOf,
      afterTenant,
      maxTenants: input.maxTenantsPerRound ?? DEFAULT_MAX_TENANTS_PER_ROUND,
    });
    let hasProgress = false;
    let isBacklog = false;
    if (due.dueTenants.length > 0) {
      totals.rounds += 1;
      const parallel = input.parallelEvaluations ?? DEFAULT_PARALLEL_EVALUATIONS;
      const lanes = lanesOf(due.dueTenants, parallel, backlogTenants);
      const chunks = await mapWithLimit(lanes, parallel, (tenant) =>
        evaluateTenantChunk(tenant, asOf, input.perTenantChunkSize),
      );
      afterTenant = due.dueTenants[due.dueTenants.length - 1] ?? null;
      isBacklog = chunks.some((chunk) => chunk?.hasMore === true);
      if (patched(ROUND_PACING_PATCH))
        backlogTenants = new Set(lanes.filter((_, index) => chunks[index]?.hasMore === true));
      for (const chunk of chunks) {
        totals.ordersEvaluated += chunk?.ordersEvaluated ?? 0;
        totals.exceptionsCreated += chunk?.exceptionsCreated ?? 0;
      }
      // Quarantining an order is progress too: it is no longer due.
      hasProgress = chunks.some(
        (chunk) => (chunk?.ordersEvaluated ?? 0) + (chunk?.ordersQuarantined ?? 0) > 0,
      );
    }
    if (workflowInfo().continueAsNewSuggested) break;
    // Progress: look again at once (a backlog, or events that came during the round). Due tenants but no progress
    // (rows locked by the scheduled pass, quarantined): wait a round, never spin.
    if (hasProgress) {
      stuckRounds = 0;
      // A backlog (a full chunk) goes on at once; a steady stream is taken in rounds at least a second apart
      // (`minRoundSeconds` if shorter), so each round evaluates what came meanwhile in one go.
      const restMs = Math.min(minRoundSeconds, STEADY_ROUND_SECONDS) * 1000 - (Date.now() - roundStartedAt);
      if (!isBacklog && restMs > 0 && patched(ROUND_PACING_PATCH)) await sleep(restMs);
      continue;
    }
    const isDueWorkStuck = due.dueTenants.length > 0;
    stuckRounds = isDueWorkStuck ? stuckRounds + 1 : 0;
    const nextDeadline =
      due.nextDeadlineAt === null ? Number.POSITIVE_INFINITY : Date.parse(due.nextDeadlineAt);
    const backoffMs = isDueWorkStuck
      ? Math.min(minRoundSeconds * 1000 * 2 ** (stuckRounds - 1), MAX_STUCK_BACKOFF_MS)
      : idleWakeMs;
    const wakeAt = Math.min(nextDeadline, Date.now() + backoffMs);
    totals.wakeUps += 1;
    await waitForWork(input, wakeAt, minRoundSeconds, isDueWorkStuck ? due.dueTenants : []);
  }
  await continueAsNew<typeof realtimeShardMonitorWorkflow>({ ...input, afterTenant, totals });
}
