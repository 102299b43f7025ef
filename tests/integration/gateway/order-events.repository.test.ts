import { createDb, insertOrderEvents, sql } from '@e2a/db';
import { normalizeEvent, eventSchemaFor, type EventSource } from '@e2a/domain';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';

const TENANT = 'repo-tenant';

function event(source: EventSource, body: Record<string, unknown>) {
  return normalizeEvent(source, eventSchemaFor(source).parse(body));
}

describe('insertOrderEvents', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase('foundation_order_events');
    await createTestTenant(testDb.db, TENANT);
  });
  afterAll(async () => testDb.destroy());

  it('stores new events once and reports redeliveries as duplicates', async () => {
    const paid = event('shopify', {
      event_id: 'e-1',
      event_type: 'order_paid',
      order_id: 'o-1',
      occurred_at: '2026-11-02T10:00:00Z',
    });
    const first = await insertOrderEvents(testDb.db, TENANT, [paid, paid]);
    expect(first.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    const second = await insertOrderEvents(testDb.db, TENANT, [paid]);
    expect(second[0]?.status).toBe('duplicate');
    const count = await testDb.db
      .selectFrom('order_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('order_id', '=', 'o-1')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('builds the same projection whatever the delivery order', async () => {
    const timeline = [
      event('shopify', {
        event_id: 'c-1',
        event_type: 'order_created',
        order_id: 'o-2',
        occurred_at: '2026-11-02T09:00:00Z',
        payload: {
          order: {
            currency: 'eur',
            total_price: '12.50',
            tags: 'fragile',
            shipping_lines: [{ code: 'EXPRESS' }],
          },
        },
      }),
      event('wms', {
        event_id: 'p-1',
        event_type: 'order_picked',
        order_id: 'o-2',
        occurred_at: '2026-11-02T11:00:00Z',
      }),
      event('wms', {
        event_id: 'p-2',
        event_type: 'pick_completed',
        order_id: 'o-2',
        occurred_at: '2026-11-02T11:30:00Z',
      }),
      event('carrier', {
        event_id: 'h-2',
        event_type: 'shipment_dispatched',
        order_id: 'o-2',
        occurred_at: '2026-11-03T09:00:00Z',
      }),
      event('carrier', {
        event_id: 'h-1',
        event_type: 'picked_up',
        order_id: 'o-2',
        occurred_at: '2026-11-03T08:00:00Z',
      }),
    ];
    // Out of order, one event per call, as webhooks arrive.
    for (const item of [...timeline].reverse()) await insertOrderEvents(testDb.db, TENANT, [item]);
    const order = await testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('tenant', '=', TENANT)
      .where('order_id', '=', 'o-2')
      .executeTakeFirstOrThrow();
    expect(order.pick_completed_at?.toISOString()).toBe('2026-11-02T11:30:00.000Z');
    expect(order.handoff_at?.toISOString()).toBe('2026-11-03T08:00:00.000Z');
    expect(order.event_count).toBe(5);
    expect(order.service_level).toBe('express');
    expect(order.currency).toBe('EUR');
    expect(order.total_amount_cents).toBe('1250');
    expect(order.is_fragile).toBe(true);
    expect(order.needs_evaluation).toBe(true);

    // The same events in one batch give the same projection.
    await insertOrderEvents(
      testDb.db,
      TENANT,
      timeline.map((e) => ({ ...e, orderId: 'o-3', eventId: `${e.eventId}-b` })),
    );
    const batched = await sql<{ same: boolean }>`
      SELECT (a.pick_completed_at, a.handoff_at, a.event_count, a.service_level, a.currency, a.is_fragile)
           = (b.pick_completed_at, b.handoff_at, b.event_count, b.service_level, b.currency, b.is_fragile) AS same
      FROM orders a, orders b WHERE a.order_id = 'o-2' AND b.order_id = 'o-3'`.execute(testDb.db);
    expect(batched.rows[0]?.same).toBe(true);
  });

  it('runs as a prepared statement that Postgres plans once per connection, not on every commit', async () => {
    // One connection, so the statements below all run on the session whose prepared statements are listed.
    const { db } = createDb(testDb.url, { max: 1 });
    try {
      for (let n = 0; n < 8; n += 1) {
        const stored = await insertOrderEvents(db, TENANT, [
          event('wms', {
            event_id: `prepared-${n}`,
            event_type: 'pick_completed',
            order_id: `prepared-${n % 2}`,
            occurred_at: `2026-11-02T1${n}:00:00Z`,
          }),
        ]);
        expect(stored[0]?.status).toBe('accepted');
      }
      const prepared = await sql<{ name: string; generic_plans: string; custom_plans: string }>`
        SELECT name, generic_plans, custom_plans FROM pg_prepared_statements`.execute(db);
      expect(prepared.rows).toHaveLength(1);
      const [statement] = prepared.rows;
      expect(statement?.name).toBe('e2a_insert_order_events');
      // Five custom plans, then the generic one is kept: no planning on the later runs.
      expect(Number(statement?.custom_plans)).toBe(5);
      expect(Number(statement?.generic_plans)).toBe(3);
      const orders = await sql<{ order_id: string; event_count: number }>`
        SELECT order_id, event_count FROM orders WHERE tenant = ${TENANT} AND order_id LIKE 'prepared-%'
        ORDER BY order_id`.execute(db);
      expect(orders.rows).toEqual([
        { order_id: 'prepared-0', event_count: 4 },
        { order_id: 'prepared-1', event_count: 4 },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
