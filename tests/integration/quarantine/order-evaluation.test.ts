import { createSlaActivities } from '@e2a/activities';
import { sql, type Db } from '@e2a/db';
import { registerEnrichmentMetrics } from '@e2a/metrics';
import { Registry } from 'prom-client';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { ingest, minutesAfter, testActivityDeps } from '../../support/order-processing';

// One poisoned order (a date Postgres stores but no evaluation can write back) must not stall its tenant: it is
// quarantined and the rest of the chunk is evaluated in the same activity execution. Each test fails when
// `evaluateIsolated` is replaced by the plain set-based evaluation (the activity then throws on every attempt).

const TENANT = 'quar-eval';
const T = new Date('2026-11-02T08:00:00.000Z');

async function plantPoison(db: Db, orderId: string) {
  await ingest(db, TENANT, 'shopify', { event_type: 'order_paid', order_id: orderId, occurred_at: T });
  // Planted directly, as the gateway no longer accepts it: year 10000 is a valid timestamptz, not a valid ISO date.
  await sql`UPDATE orders SET paid_at = '10000-01-01T00:00:00Z', needs_evaluation = true
            WHERE tenant = ${TENANT} AND order_id = ${orderId}`.execute(db);
}

async function plantLatePick(db: Db, orderId: string) {
  await ingest(db, TENANT, 'shopify', { event_type: 'order_paid', order_id: orderId, occurred_at: T });
  await ingest(db, TENANT, 'wms', {
    event_type: 'pick_completed',
    order_id: orderId,
    occurred_at: minutesAfter(T, 150),
  });
}

const quarantineOf = (db: Db, orderId: string) =>
  db
    .selectFrom('quarantined_records')
    .selectAll()
    .where('tenant', '=', TENANT)
    .where('record_key', '=', orderId)
    .execute();

const activeExceptions = (db: Db, orderId: string) =>
  db
    .selectFrom('exceptions')
    .select(['reason_code', 'status'])
    .where('tenant', '=', TENANT)
    .where('order_id', '=', orderId)
    .execute();

describe('order evaluation isolates a poisoned order (real Postgres)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let activities: ReturnType<typeof createSlaActivities>;

  beforeAll(async () => {
    testDb = await createTestDatabase('quarantine_eval');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
    activities = createSlaActivities(testActivityDeps(testDb.db, redis, { now: () => minutesAfter(T, 151) }));
  });
  afterAll(async () => {
    await redis.quit();
    await testDb.destroy();
  });

  it('real-time: the poisoned order is quarantined, the late order in the same chunk still breaches', async () => {
    await plantPoison(testDb.db, 'rt-poison');
    await plantLatePick(testDb.db, 'rt-late');

    const result = await activities.evaluateDueOrders({
      tenant: TENANT,
      asOf: minutesAfter(T, 151).toISOString(),
    });

    expect(result.ordersQuarantined).toBe(1);
    expect(result.ordersEvaluated).toBe(1);
    expect(await activeExceptions(testDb.db, 'rt-late')).toEqual([
      { reason_code: 'PICK_DELAY', status: 'OPEN' },
    ]);
    const [parked, ...rest] = await quarantineOf(testDb.db, 'rt-poison');
    expect(rest).toEqual([]);
    expect(parked).toMatchObject({ kind: 'order_evaluation', status: 'open', attempts: 1 });
    expect(parked?.error_class).toMatch(/^(postgres_22|range)/);
    const alert = await testDb.db
      .selectFrom('alerts')
      .selectAll()
      .where('dedupe_key', '=', `record_quarantined:${parked?.id}`)
      .executeTakeFirst();
    expect(alert).toMatchObject({ tenant: TENANT, kind: 'record_quarantined', severity: 'WARNING' });
    const registry = new Registry();
    registerEnrichmentMetrics(registry, { db: testDb.db });
    const gauge = await registry.getSingleMetric('quarantined_records')?.get();
    expect(gauge?.values).toEqual([{ labels: { tenant: TENANT, kind: 'order_evaluation' }, value: 1 }]);

    // Excluded from later passes: the next claim does not take it again (no retry loop, no second attempt).
    const next = await activities.evaluateDueOrders({
      tenant: TENANT,
      asOf: minutesAfter(T, 152).toISOString(),
    });
    expect(next).toMatchObject({ ordersEvaluated: 0, ordersQuarantined: 0 });
    expect((await quarantineOf(testDb.db, 'rt-poison'))[0]?.attempts).toBe(1);
  });

  it('30-minute pass: the poisoned order is quarantined and the page goes on', async () => {
    await plantPoison(testDb.db, 'pass-poison');
    await plantLatePick(testDb.db, 'pass-late');
    await sql`UPDATE orders SET needs_evaluation = false WHERE tenant = ${TENANT} AND order_id = 'pass-late'`.execute(
      testDb.db,
    );

    const result = await activities.evaluateLookbackChunk({
      tenant: TENANT,
      lookbackHours: 24,
      asOf: minutesAfter(T, 151).toISOString(),
    });

    expect(result.ordersQuarantined).toBe(1);
    expect(await activeExceptions(testDb.db, 'pass-late')).toEqual([
      { reason_code: 'PICK_DELAY', status: 'OPEN' },
    ]);
    expect(await quarantineOf(testDb.db, 'pass-poison')).toEqual([
      expect.objectContaining({ kind: 'order_evaluation', status: 'open' }),
    ]);
    // The next pass skips both quarantined orders.
    const again = await activities.evaluateLookbackChunk({
      tenant: TENANT,
      lookbackHours: 24,
      asOf: minutesAfter(T, 152).toISOString(),
    });
    expect(again.ordersQuarantined).toBe(0);
    expect(await quarantineOf(testDb.db, 'pass-poison')).toEqual([expect.objectContaining({ attempts: 1 })]);
  });
});
