import { Worker } from '@temporalio/worker';
import { createEnrichmentActivities, createFlowRunActivities, type EnrichmentStages } from '@e2a/activities';
import { countBacklog, findEnrichmentCandidateIds, loadEnrichmentCounts, sql } from '@e2a/db';
import { loadMetricsSnapshot } from '@e2a/metrics';
import { ENRICHMENT_WORKFLOW, flowSearchAttributes, type EnrichmentResult } from '@e2a/workflows/contracts';
import { createTestDatabase, createTestTenant } from '@e2a/tests/support/db';
import { orchActivityDeps } from '@e2a/tests/support/activity-deps';
import { createOrchTimeSkippingEnvironment } from '@e2a/tests/support/orchestration-temporal';
import { createTestRedis } from '@e2a/tests/support/redis';

// The body of `pnpm bench:enrichment` (bench/ has no dependencies of its own; it runs this with tsx).

const TENANT = 'orch-bench';

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}

export async function runEnrichmentBench({ records, batchSize }: { records: number; batchSize: number }) {
  const testDb = await createTestDatabase('orch_bench_enrichment');
  const redis = await createTestRedis();
  const env = await createOrchTimeSkippingEnvironment();
  try {
    await createTestTenant(testDb.db, TENANT);
    await sql`
      INSERT INTO exceptions (tenant, order_id, reason_code, severity)
      SELECT ${TENANT}, 'bench-' || n, 'PICK_DELAY', 'MEDIUM' FROM generate_series(1, ${records}) AS n`.execute(
      testDb.db,
    );
    const asOf = new Date();
    const queries = {
      candidatesMs: (
        await timed(() => findEnrichmentCandidateIds(testDb.db, { tenant: TENANT, asOf, limit: batchSize }))
      ).ms,
      backlogMs: (await timed(() => countBacklog(testDb.db, TENANT, asOf))).ms,
      healthCountsMs: (await timed(() => loadEnrichmentCounts(testDb.db, TENANT, asOf))).ms,
      metricsSnapshotMs: (await timed(() => loadMetricsSnapshot(testDb.db, asOf))).ms,
    };

    // A stage runner with the database writes of a real analyst and no LLM latency: 1 in 10 classifications fail.
    let calls = 0;
    const stages: EnrichmentStages = {
      analyzeOrder: async () => ({ status: 'COMPLETED' }),
      classifyException: async (tenant, exceptionId) => {
        calls += 1;
        if (calls % 10 === 0) throw new Error('provider timeout');
        await testDb.db
          .updateTable('exceptions')
          .set({ ai_label: 'PICK_DELAY', ai_confidence: 0.85 })
          .where('tenant', '=', tenant)
          .where('id', '=', exceptionId)
          .execute();
        return { status: 'COMPLETED' };
      },
      automateException: async () => ({ status: 'SKIPPED' }),
    };
    const deps = orchActivityDeps(testDb.db, redis);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'orch-bench',
      workflowsPath: require.resolve('@e2a/workflows'),
      activities: { ...createEnrichmentActivities(deps, stages), ...createFlowRunActivities(deps) },
    });
    const run = await timed(() =>
      worker.runUntil(async () => {
        const handle = await env.client.workflow.start(ENRICHMENT_WORKFLOW, {
          taskQueue: 'orch-bench',
          workflowId: `enrichment:${TENANT}:bench`,
          args: [{ tenant: TENANT, batchSize, maxBatches: Math.ceil(records / batchSize) + 1 }],
          typedSearchAttributes: flowSearchAttributes(TENANT, 'enrichment'),
        });
        return (await handle.result()) as EnrichmentResult;
      }),
    );
    const result = run.value;
    const summary = {
      records,
      batchSize,
      workflowSeconds: run.ms / 1000,
      attempts: result.recordsAttempted,
      completed: result.completed,
      rounds: result.rounds.length,
      attemptsPerSecond: Math.round(result.recordsAttempted / (run.ms / 1000)),
      health: result.health,
      queries,
    };
    return summary;
  } finally {
    await env.teardown();
    await redis.quit();
    await testDb.destroy();
  }
}
