import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '@e2a/activities';
import type { RealtimeOrderMonitorInput } from './order-processing.contract';
import { analyzeNewOrders, handOffNewExceptions } from './hand-off';

const { evaluateDueOrders } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A database outage must not end the monitor: retry for as long as it takes.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export const DEFAULT_POLL_SECONDS = 2;
export const DEFAULT_ITERATIONS_BEFORE_CONTINUE_AS_NEW = 500;
/** Chunks evaluated at once while a backlog lasts (one when idle). */
export const BACKLOG_PARALLEL_CHUNKS = 2;

/**
 * The real-time path, one per tenant, forever: evaluate orders with new events or a passed deadline in chunks,
 * hand new exceptions over at once, sleep `pollSeconds` when idle, and continue-as-new to keep history short.
 * An open window breaches when its deadline passes even if no event ever arrives.
 */
export async function realtimeOrderMonitorWorkflow(input: RealtimeOrderMonitorInput): Promise<void> {
  const pollMs = Math.max(0.2, input.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
  const iterations = input.iterationsBeforeContinueAsNew ?? DEFAULT_ITERATIONS_BEFORE_CONTINUE_AS_NEW;
  const totals = { ordersEvaluated: 0, exceptionsCreated: 0, iterations: 0, ...input.totals };

  let parallelChunks = 1;
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    // The workflow clock (deterministic, and skippable in tests) is the evaluation instant.
    const asOf = new Date().toISOString();
    // SKIP LOCKED keeps concurrent chunks disjoint, so a backlog drains on several activities at once.
    const chunks = await Promise.all(
      Array.from({ length: parallelChunks }, () => evaluateDueOrders({ tenant: input.tenant, asOf })),
    );
    totals.iterations += 1;
    for (const chunk of chunks) {
      totals.ordersEvaluated += chunk.ordersEvaluated;
      totals.exceptionsCreated += chunk.exceptionsCreated;
    }
    await analyzeNewOrders(
      input.tenant,
      // Results recorded before AI order analysis existed carry no candidates.
      chunks.flatMap((chunk) => chunk.aiOrderAnalysisCandidates ?? []),
    );
    await handOffNewExceptions(
      input.tenant,
      chunks.flatMap((chunk) => chunk.createdExceptionIds),
    );
    const hasBacklog = chunks.some((chunk) => chunk.hasMore);
    parallelChunks = hasBacklog ? BACKLOG_PARALLEL_CHUNKS : 1;
    if (!hasBacklog) await sleep(pollMs);
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await continueAsNew<typeof realtimeOrderMonitorWorkflow>({ ...input, totals });
}
