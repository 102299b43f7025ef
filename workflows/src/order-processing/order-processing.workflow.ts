import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities, ScheduledPassChunkResult } from '@e2a/activities';
import type { OrderProcessingInput, OrderProcessingResult } from './order-processing.contract';
import { analyzeNewOrders, handOffNewExceptions } from './hand-off';

const { evaluateLookbackChunk } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

export const DEFAULT_LOOKBACK_HOURS = 24;

/**
 * The scheduled safety net (every 30 min, 24 h lookback): pages through the tenant's recent orders in chunks
 * until done. Evaluation is idempotent, so a second run finds nothing new.
 */
export async function orderProcessingWorkflow(input: OrderProcessingInput): Promise<OrderProcessingResult> {
  // One clock for the whole pass, fixed in history.
  const asOf = new Date().toISOString();
  const result: OrderProcessingResult = {
    tenant: input.tenant,
    ordersEvaluated: 0,
    breachesDetected: 0,
    exceptionsCreated: 0,
    exceptionsUpdated: 0,
    problemsDetected: 0,
    chunks: 0,
  };
  let cursor: string | null = null;
  do {
    const chunk: ScheduledPassChunkResult = await evaluateLookbackChunk({
      tenant: input.tenant,
      lookbackHours: input.lookbackHours ?? DEFAULT_LOOKBACK_HOURS,
      chunkSize: input.chunkSize,
      afterOrderId: cursor,
      asOf,
    });
    result.chunks += 1;
    result.ordersEvaluated += chunk.ordersEvaluated;
    result.breachesDetected += chunk.breachesDetected;
    result.exceptionsCreated += chunk.exceptionsCreated;
    result.exceptionsUpdated += chunk.exceptionsUpdated;
    result.problemsDetected += chunk.problemsDetected;
    // Results recorded before AI order analysis existed carry no candidates.
    await analyzeNewOrders(input.tenant, chunk.aiOrderAnalysisCandidates ?? []);
    await handOffNewExceptions(input.tenant, chunk.createdExceptionIds);
    cursor = chunk.nextCursor;
  } while (cursor !== null);
  log.info('order processing pass finished', { ...result });
  return result;
}
