import { createEnrichmentActivities } from '@e2a/activities';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { orchActivityDeps } from '../../support/activity-deps';
import { insertException, scriptedStages } from '../../support/enrichment-fixtures';
import { createTestRedis, type TestRedis } from '../../support/redis';

const TENANT = 'orch-enrich-acts';
const NOW = new Date('2026-11-29T12:00:00Z');

describe('enrichment activities', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;

  beforeAll(async () => {
    testDb = await createTestDatabase('orch_enrichment_activities');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
  });
  afterAll(async () => {
    await redis?.quit();
    await testDb?.destroy();
  });

  const stateOf = (id: string) =>
    testDb.db
      .selectFrom('enrichment_state')
      .selectAll()
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow();

  it('the default (rule-based) stages leave NULL confidence, which the pipeline treats as a failure to retry', async () => {
    const id = await insertException(testDb.db, TENANT, 'o-rules', { reason_code: 'ADDRESS_INVALID' });
    const activities = createEnrichmentActivities(orchActivityDeps(testDb.db, redis));
    const { records } = await activities.runEnrichmentBatch({
      tenant: TENANT,
      exceptionIds: [id],
      attemptKey: 'rules-1',
      asOf: NOW.toISOString(),
    });
    expect(records[0]).toMatchObject({
      outcome: 'retry',
      retryCount: 1,
      nextRetryAt: '2026-11-29T12:01:00.000Z',
    });
    expect(await stateOf(id)).toMatchObject({
      order_analysis: 'SKIPPED',
      classification: 'FAILED',
      automation: 'PENDING',
    });
    const exception = await testDb.db
      .selectFrom('exceptions')
      .select(['ai_label', 'ai_confidence', 'enrichment_retry_count', 'ops_note'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(exception).toMatchObject({
      ai_label: 'ADDRESS_INVALID',
      ai_confidence: null,
      enrichment_retry_count: 1,
    });
    expect(exception.ops_note).toContain('Rule-based');
  });

  it('a retried batch with the same attempt key does not run the stages or count a retry twice', async () => {
    const id = await insertException(testDb.db, TENANT, 'o-idem');
    const { stages, calls } = scriptedStages(testDb.db, { [id]: ['throw'] });
    const activities = createEnrichmentActivities(orchActivityDeps(testDb.db, redis), stages);
    const input = { tenant: TENANT, exceptionIds: [id], attemptKey: 'idem-1', asOf: NOW.toISOString() };
    const first = await activities.runEnrichmentBatch(input);
    const again = await activities.runEnrichmentBatch(input);
    expect(first.records[0]).toMatchObject({ outcome: 'retry', retryCount: 1 });
    expect(again.records[0]).toMatchObject({
      outcome: 'retry',
      retryCount: 1,
      nextRetryAt: first.records[0]!.nextRetryAt,
    });
    expect(calls.filter((call) => call.startsWith('classification:'))).toHaveLength(1);
    expect((await stateOf(id)).retry_count).toBe(1);

    // not due yet: a different attempt before next_retry_at leaves it alone
    const early = await activities.runEnrichmentBatch({ ...input, attemptKey: 'idem-2' });
    expect(early.records[0]?.outcome).toBe('not_due');
    expect(calls.filter((call) => call.startsWith('classification:'))).toHaveLength(1);
  });

  it('a stale low-confidence record is reprocessed and spends one retry; health alerts are stored once', async () => {
    const old = new Date(NOW.getTime() - 30 * 3_600_000);
    const stale = await insertException(testDb.db, TENANT, 'o-stale', {
      ai_label: 'PICK_DELAY',
      ai_confidence: 0.4,
      updated_at: old,
    });
    const fresh = await insertException(testDb.db, TENANT, 'o-fresh-low', {
      ai_label: 'PICK_DELAY',
      ai_confidence: 0.4,
      updated_at: new Date(),
    });
    const { stages } = scriptedStages(testDb.db, { [stale]: [0.5] });
    const activities = createEnrichmentActivities(orchActivityDeps(testDb.db, redis), stages);
    // candidates at NOW: the stale one (older than 24 h), not the fresh low-confidence one
    const candidates = await activities.findEnrichmentCandidates({
      tenant: TENANT,
      asOf: NOW.toISOString(),
      limit: 100,
    });
    expect(candidates).toContain(stale);
    expect(candidates).not.toContain(fresh);

    const { records } = await activities.runEnrichmentBatch({
      tenant: TENANT,
      exceptionIds: [stale],
      attemptKey: 'stale-1',
      asOf: NOW.toISOString(),
    });
    expect(records[0]).toMatchObject({ outcome: 'low_confidence', retryCount: 1, nextRetryAt: null });
    expect(await stateOf(stale)).toMatchObject({
      classification: 'COMPLETED',
      automation: 'SKIPPED',
      retry_count: 1,
    });

    const health = await activities.evaluateEnrichmentHealth({ tenant: TENANT, asOf: NOW.toISOString() });
    expect(health.figures.total).toBe(4);
    // stored once per kind, severity and day
    const again = await activities.evaluateEnrichmentHealth({ tenant: TENANT, asOf: NOW.toISOString() });
    expect(again.newAlerts).toBe(0);
    expect(health.newAlerts).toBe(health.alerts.length);
  });
});
