import { randomUUID } from 'node:crypto';
import { createDb, ensureDatabase, migrateToLatest, upsertTenant, type Db } from '@e2a/db';
import { TEST_WEBHOOK_SECRET } from '../../support/db';
import { send, startTestGateway, type TestGateway } from '../../support/gateway';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres';

const TENANT = 'gw-outage';
const COLD_TENANT = 'gw-outage-cold';

const event = (orderId: string, eventType = 'order_paid') => ({
  event_id: `evt-${randomUUID()}`,
  event_type: eventType,
  order_id: orderId,
  occurred_at: '2026-11-02T10:00:00Z',
});

describe('gateway while Postgres is down', () => {
  let cluster: ThrowawayPostgres;
  let db: Db;
  let gateway: TestGateway;

  beforeAll(async () => {
    cluster = await createThrowawayPostgres();
    const url = cluster.url('gw_outage');
    await ensureDatabase(url);
    db = createDb(url, { max: 2, connectionTimeoutMillis: 1000 }).db;
    await migrateToLatest(db);
    await upsertTenant(db, { name: TENANT, webhookSecret: TEST_WEBHOOK_SECRET });
    await upsertTenant(db, { name: COLD_TENANT, webhookSecret: TEST_WEBHOOK_SECRET });
    gateway = await startTestGateway({ databaseUrl: url, env: { GATEWAY_DATABASE_POOL_SIZE: '4' } });
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.destroy();
    cluster?.destroy();
  });

  it('answers 503 with Retry-After, stores nothing, and accepts the same events once Postgres is back', async () => {
    const before = event(`ord-${randomUUID()}`);
    expect((await send(gateway.baseUrl, '/ingest/shopify', before, { tenant: TENANT })).status).toBe(202);

    cluster.stop();
    const single = event(`ord-${randomUUID()}`);
    const batchOrder = `ord-${randomUUID()}`;
    const batch = {
      events: [
        { source: 'wms', ...event(batchOrder, 'pick_completed') },
        { source: 'wms', ...event(batchOrder, 'pack_completed') },
      ],
    };
    const started = Date.now();
    const down = await send(gateway.baseUrl, '/ingest/shopify', single, { tenant: TENANT });
    const downBatch = await send(gateway.baseUrl, '/ingest/batch', batch, { tenant: TENANT });
    // A tenant whose secret is not cached needs Postgres to authenticate: still a 503, not a 401.
    const cold = await send(gateway.baseUrl, '/ingest/shopify', event(`ord-${randomUUID()}`), {
      tenant: COLD_TENANT,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const answer of [down, downBatch, cold]) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.body).toEqual({
        error: {
          code: 'unavailable',
          message: 'The event store is temporarily unavailable; nothing was stored, retry later',
          details: [],
        },
      });
    }
    const ready = await fetch(`${gateway.baseUrl}/ready`);
    expect(ready.status).toBe(503);

    cluster.start();
    const stored = await db
      .selectFrom('order_events')
      .select('event_id')
      .where('tenant', '=', TENANT)
      .execute();
    expect(stored.map((row) => row.event_id)).toEqual([before.event_id]);
    const orders = await db.selectFrom('orders').select('order_id').where('tenant', '=', TENANT).execute();
    expect(orders.map((row) => row.order_id)).toEqual([before.order_id]);

    // Clients retry after Retry-After: the pool reconnects and the same deliveries are accepted once.
    const retried = await send(gateway.baseUrl, '/ingest/shopify', single, { tenant: TENANT });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('accepted');
    const retriedBatch = await send(gateway.baseUrl, '/ingest/batch', batch, { tenant: TENANT });
    expect(retriedBatch.status).toBe(202);
    expect(retriedBatch.body.accepted).toBe(2);
    const after = await db
      .selectFrom('order_events')
      .select('event_id')
      .where('tenant', '=', TENANT)
      .execute();
    expect(after).toHaveLength(4);
    expect((await fetch(`${gateway.baseUrl}/ready`)).status).toBe(200);
  });
});
