import { MockActivityEnvironment } from '@temporalio/testing';
import { createRealtimeShardActivities } from '@e2a/activities';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { ingest, minutesAfter, testActivityDeps } from '../../support/order-processing';

// The shard's wait while due work is stuck (no progress last round): it must not wait on the back-off when another
// tenant's events were committed between the round and the wait's LISTEN — their NOTIFY went to nobody.
describe('waitForShardChanges with stuck due work', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;

  beforeAll(async () => {
    testDb = await createTestDatabase('realtime_shard_wait');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, 'wait-stuck');
    await createTestTenant(testDb.db, 'wait-fresh');
    for (const tenant of ['wait-stuck', 'wait-fresh'])
      await ingest(testDb.db, tenant, 'shopify', {
        event_type: 'order_paid',
        order_id: `${tenant}-1`,
        occurred_at: minutesAfter(new Date(), -10),
      });
  });
  afterAll(async () => {
    await redis.quit();
    await testDb.destroy();
  });

  async function wait(stuckTenants: string[]) {
    const activities = createRealtimeShardActivities(testActivityDeps(testDb.db, redis));
    const started = Date.now();
    const result = await new MockActivityEnvironment().run(activities.waitForShardChanges, {
      shard: 0,
      shardCount: 1,
      until: new Date(Date.now() + 60_000).toISOString(),
      checkDueFirst: false,
      stuckTenants,
    });
    return { reason: (result as { reason: string }).reason, ms: Date.now() - started };
  }

  it("returns at once for another tenant's due work", async () => {
    const result = await wait(['wait-stuck']);
    expect(result.reason).toBe('due');
    expect(result.ms).toBeLessThan(1_500);
  });

  it('keeps waiting when every due tenant is the stuck one (no feed: the 2 s poll ends it)', async () => {
    const result = await wait(['wait-stuck', 'wait-fresh']);
    expect(result.reason).toBe('timeout');
  });
});
