import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createEnrichmentActivities, createFlowRunActivities } from '@e2a/activities';
import { ENRICHMENT_RETRY_DELAYS_SECONDS } from '@e2a/domain';
import {
  ENRICHMENT_WORKFLOW,
  enrichmentWorkflowId,
  flowSearchAttributes,
  type EnrichmentResult,
} from '@e2a/workflows/contracts';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { orchActivityDeps } from '../../support/activity-deps';
import { insertException, scriptedStages, type ClassificationStep } from '../../support/enrichment-fixtures';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createOrchTimeSkippingEnvironment } from '../../support/orchestration-temporal';

const HISTORIES = path.join(__dirname, '..', '..', 'replay', 'histories');

describe('enrichmentWorkflow (time-skipping)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    testDb = await createTestDatabase('orch_enrichment_workflow');
    redis = await createTestRedis();
    env = await createOrchTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
    await redis?.quit();
    await testDb?.destroy();
  });

  async function run(
    tenant: string,
    script: Record<string, ClassificationStep[]>,
    options: { retryWaitLimitSeconds?: number; window: string },
  ) {
    const { stages, calls } = scriptedStages(testDb.db, script);
    const deps = orchActivityDeps(testDb.db, redis);
    const taskQueue = `orch-enrichment-${tenant}-${options.window}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('@e2a/workflows'),
      activities: { ...createEnrichmentActivities(deps, stages), ...createFlowRunActivities(deps) },
    });
    const workflowId = enrichmentWorkflowId(tenant, options.window);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(ENRICHMENT_WORKFLOW, {
        taskQueue,
        workflowId,
        args: [
          {
            tenant,
            batchSize: 10,
            ...(options.retryWaitLimitSeconds
              ? { retryWaitLimitSeconds: options.retryWaitLimitSeconds }
              : {}),
          },
        ],
        typedSearchAttributes: flowSearchAttributes(tenant, 'enrichment'),
      });
      const value = (await handle.result()) as EnrichmentResult;
      return { value, history: await handle.fetchHistory() };
    });
    return { result: result.value, history: result.history, calls, workflowId };
  }

  const stateOf = (tenant: string, id: string) =>
    testDb.db
      .selectFrom('enrichment_state')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow();

  it('retries failures after 1 min, 5 min, 15 min, 1 h and 4 h, then flags them for manual review', async () => {
    const tenant = 'orch-enrich-exhaust';
    await createTestTenant(testDb.db, tenant);
    const failing = await insertException(testDb.db, tenant, 'o-fail');
    const fallback = await insertException(testDb.db, tenant, 'o-fallback', { reason_code: 'PACK_DELAY' });
    const good = await insertException(testDb.db, tenant, 'o-good');

    const { result, history, calls, workflowId } = await run(
      tenant,
      { [failing]: ['throw'], [fallback]: ['fallback'], [good]: [0.92] },
      { retryWaitLimitSeconds: 4 * 3600, window: 'exhaust' },
    );

    // scheduled pass, then one retry round per delay
    expect(result.rounds.map((round) => round.kind)).toEqual([
      'scheduled',
      'retry',
      'retry',
      'retry',
      'retry',
      'retry',
    ]);
    const gaps = result.rounds
      .slice(1)
      .map((round, index) => (Date.parse(round.at) - Date.parse(result.rounds[index]!.at)) / 1000);
    gaps.forEach((gap, index) => expect(gap).toBeCloseTo(ENRICHMENT_RETRY_DELAYS_SECONDS[index]!, -1));
    expect(result.rounds.map((round) => round.attempted)).toEqual([3, 2, 2, 2, 2, 2]);
    expect(result).toMatchObject({ completed: 1, flaggedForManualReview: 2, retriesPending: 0 });

    for (const id of [failing, fallback]) {
      const state = await stateOf(tenant, id);
      expect(state).toMatchObject({ retry_count: 5, needs_manual_review: true, next_retry_at: null });
      expect(state.classification).toBe('FAILED');
      expect(state.last_errors.length).toBe(6);
      const exception = await testDb.db
        .selectFrom('exceptions')
        .select(['enrichment_retry_count'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(exception.enrichment_retry_count).toBe(5);
    }
    expect((await stateOf(tenant, failing)).last_errors[0]).toContain(
      'classification: AI provider timed out',
    );
    expect((await stateOf(tenant, fallback)).last_errors[0]).toContain('ai_confidence or ai_label is NULL');
    expect(await stateOf(tenant, good)).toMatchObject({
      order_analysis: 'COMPLETED',
      classification: 'COMPLETED',
      automation: 'COMPLETED',
      retry_count: 0,
      needs_manual_review: false,
    });
    // stages run in order for the good record
    expect(calls.filter((call) => call.endsWith(`:${good}`) || call.endsWith(':o-good'))).toEqual([
      'order_analysis:o-good',
      `classification:${good}`,
      `automation:${good}`,
    ]);

    // never silently dropped: one alert per exhausted record, and a second run does not pick them up again
    const alerts = await testDb.db
      .selectFrom('alerts')
      .select(['kind', 'dedupe_key'])
      .where('tenant', '=', tenant)
      .where('kind', '=', 'enrichment_manual_review')
      .orderBy('dedupe_key')
      .execute();
    expect(alerts.map((alert) => alert.dedupe_key).sort()).toEqual(
      [failing, fallback].map((id) => `enrichment_manual_review:${tenant}:exception:${id}`).sort(),
    );
    const flowRun = await testDb.db
      .selectFrom('flow_runs')
      .selectAll()
      .where('workflow_id', '=', workflowId)
      .executeTakeFirstOrThrow();
    expect(flowRun).toMatchObject({ tenant, flow: 'enrichment', status: 'COMPLETED' });

    const historyFile = path.join(HISTORIES, 'enrichmentWorkflow-retry-exhaustion.json');
    if (!existsSync(historyFile)) writeFileSync(historyFile, JSON.stringify(history, null, 1));
  });

  it('keeps only the short retries in-run and leaves the 4 h retry to the next scheduled run', async () => {
    const tenant = 'orch-enrich-handoff';
    await createTestTenant(testDb.db, tenant);
    const flaky = await insertException(testDb.db, tenant, 'o-flaky');

    // fails on the first run's 5 attempts (0, +1 min, +5 min, +15 min, +1 h), succeeds on the scheduled run
    const first = await run(
      tenant,
      { [flaky]: ['throw', 'throw', 'throw', 'throw', 'throw', 0.81] },
      { window: 'h1' },
    );
    expect(first.result.rounds).toHaveLength(5);
    expect(first.result.retriesPending).toBe(1);
    const pending = await stateOf(tenant, flaky);
    expect(pending).toMatchObject({ retry_count: 5, needs_manual_review: false, classification: 'FAILED' });
    expect((pending.next_retry_at!.getTime() - Date.parse(first.result.rounds[4]!.at)) / 1000).toBeCloseTo(
      14_400,
      -1,
    );

    // the scheduled run picks the record up only once its 4 h retry is due
    const activities = createEnrichmentActivities(orchActivityDeps(testDb.db, redis));
    const lastAttempt = Date.parse(first.result.rounds[4]!.at);
    const candidatesAt = (offsetSeconds: number) =>
      activities.findEnrichmentCandidates({
        tenant,
        asOf: new Date(lastAttempt + offsetSeconds * 1000).toISOString(),
        limit: 10,
      });
    expect(await candidatesAt(3 * 3600)).toEqual([]);
    expect(await candidatesAt(4 * 3600 + 1)).toEqual([flaky]);

    await env.sleep('4 hours');
    const second = await run(tenant, { [flaky]: [0.81] }, { window: 'h3' });
    expect(second.result).toMatchObject({ recordsAttempted: 1, completed: 1, retriesPending: 0 });
    expect(await stateOf(tenant, flaky)).toMatchObject({
      classification: 'COMPLETED',
      automation: 'COMPLETED',
      next_retry_at: null,
      needs_manual_review: false,
    });
  });
});
