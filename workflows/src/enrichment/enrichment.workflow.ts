import { proxyActivities, sleep, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities, EnrichmentRecordResult } from '@e2a/activities';
import type { EnrichmentInput, EnrichmentResult, EnrichmentRunOptions } from './enrichment.contract';

const { findEnrichmentCandidates, evaluateEnrichmentHealth, storeFlowRunSummary } =
  proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    retry: { maximumAttempts: 5, initialInterval: '2 seconds' },
  });

// A batch calls the AI analyst once per record: generous timeout, heartbeats per record.
const { runEnrichmentBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 5, initialInterval: '5 seconds' },
});

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_RETRY_WAIT_LIMIT_SECONDS = 3600;
const DEFAULT_MAX_BATCHES = 50;
const MAX_RETRY_ROUNDS = 12;

const chunk = <T>(items: T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
};

/**
 * Every 4 h (schedule) and on demand: the §8 candidates go through order analysis → classification → automation;
 * failures come back after 1 min, 5 min, 15 min, 1 h (durable timers in this run, bounded by
 * `retryWaitLimitSeconds`) and 4 h (the next scheduled run); after 5 retries a record is flagged for manual review.
 */
export async function enrichmentWorkflow(
  input: EnrichmentInput & EnrichmentRunOptions,
): Promise<EnrichmentResult> {
  const info = workflowInfo();
  const startedAt = new Date().toISOString();
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  const retryWaitLimitMs = (input.retryWaitLimitSeconds ?? DEFAULT_RETRY_WAIT_LIMIT_SECONDS) * 1000;
  const runKey = uuid4();
  const rounds: EnrichmentResult['rounds'] = [];
  const totals = { recordsAttempted: 0, completed: 0, lowConfidence: 0, flaggedForManualReview: 0 };
  // Records whose last attempt failed in this run, by id, with the time their next retry is due.
  const pendingRetries = new Map<string, number>();
  let attemptCounter = 0;

  async function runBatch(ids: string[], kind: 'scheduled' | 'retry'): Promise<EnrichmentRecordResult[]> {
    const at = new Date().toISOString();
    attemptCounter += 1;
    const { records } = await runEnrichmentBatch({
      tenant: input.tenant,
      exceptionIds: ids,
      attemptKey: `${runKey}:${attemptCounter}`,
      asOf: at,
    });
    let failed = 0;
    for (const record of records) {
      if (record.outcome === 'not_due') continue;
      totals.recordsAttempted += 1;
      pendingRetries.delete(record.exceptionId);
      if (record.outcome === 'completed') totals.completed += 1;
      if (record.outcome === 'low_confidence') totals.lowConfidence += 1;
      if (record.outcome === 'exhausted') {
        totals.flaggedForManualReview += 1;
        failed += 1;
      }
      if (record.outcome === 'retry' && record.nextRetryAt) {
        failed += 1;
        pendingRetries.set(record.exceptionId, Date.parse(record.nextRetryAt));
      }
    }
    rounds.push({ at, kind, attempted: records.filter((r) => r.outcome !== 'not_due').length, failed });
    return records;
  }

  // The scheduled pass: due candidates page by page (records attempted in this run are not picked again).
  for (let page = 0; page < (input.maxBatches ?? DEFAULT_MAX_BATCHES); page += 1) {
    const ids = await findEnrichmentCandidates({
      tenant: input.tenant,
      asOf: new Date().toISOString(),
      limit: batchSize,
      excludeAttemptPrefix: runKey,
    });
    if (ids.length === 0) break;
    await runBatch(ids, 'scheduled');
  }

  // Right after failures: sleep until the earliest retry is due, while it is within the wait limit.
  for (let round = 0; round < MAX_RETRY_ROUNDS && pendingRetries.size > 0; round += 1) {
    const earliest = Math.min(...pendingRetries.values());
    const waitMs = earliest - Date.now();
    if (waitMs > retryWaitLimitMs) break;
    if (waitMs > 0) await sleep(waitMs);
    const now = Date.now();
    const due = [...pendingRetries.entries()].filter(([, dueAt]) => dueAt <= now).map(([id]) => id);
    for (const ids of chunk(due, batchSize)) await runBatch(ids, 'retry');
  }

  const health = await evaluateEnrichmentHealth({ tenant: input.tenant, asOf: new Date().toISOString() });
  const result: EnrichmentResult = {
    tenant: input.tenant,
    status: 'COMPLETED',
    ...totals,
    retriesPending: pendingRetries.size,
    rounds,
    health: {
      status: health.status,
      completeness: health.figures.completeness,
      quality: health.figures.quality,
      backlog: health.figures.backlog,
      failureRate: health.figures.failureRate,
    },
  };
  await storeFlowRunSummary({
    tenant: input.tenant,
    flow: 'enrichment',
    workflowId: info.workflowId,
    runId: info.runId,
    status: result.status,
    result: { ...result },
    startedAt,
    finishedAt: new Date().toISOString(),
  });
  return result;
}
