import { sql } from '@e2a/db';
import { generateOrders, planDeliveries, sendDeliveries, type GeneratedOrder } from '@e2a/generator';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { startToolGateway, type ToolGateway } from '../../support/dlq-gateway';

const TENANT = 'tool-ingest';
const SEED = 424242;

// Domain reference §5 written as SQL over what was stored (`orders.order_data`), independent of the generator.
const ORDER_PROBLEM_SQL = sql<{ order_id: string; reason_code: string }>`
  SELECT order_id, code AS reason_code FROM orders, LATERAL (VALUES
    ('DELIVERY_DELAY', order_data->>'fulfillment_status' = 'delayed'
       OR (order_data->>'estimated_delivery_date')::date < now()::date),
    ('PAYMENT_FAILED', order_data->>'financial_status' = 'pending' OR (order_data->>'payment_issues')::boolean),
    ('ADDRESS_INVALID', order_data->'shipping_address'->>'zip' IN ('00000', '99999', 'INVALID')
       OR order_data->'shipping_address'->>'address1' LIKE '%Nonexistent%'
       OR order_data->'shipping_address'->>'city' = 'Nowhere'),
    ('INVENTORY_SHORTAGE', EXISTS (SELECT 1 FROM jsonb_array_elements(order_data->'line_items') item
       WHERE (item->>'inventory_shortage')::boolean)),
    ('DAMAGED_PACKAGE', order_data->>'package_condition' = 'damaged'),
    ('CUSTOMER_UNAVAILABLE', coalesce((order_data->>'delivery_attempts')::int, 0) >= 2
       OR order_data->>'delivery_status' = 'failed_delivery')
  ) AS checks(code, hit)
  WHERE tenant = ${TENANT} AND hit`;

// Domain reference §3 windows over the projection, with the generator's 2.8x margin for the SLA scenarios; a scan
// is missing only while it is absent past its deadline + buffer (a late scan is its stage's delay alone).
const SLA_SQL = sql<{ order_id: string; reason_code: string }>`
  SELECT order_id, 'PICK_DELAY' AS reason_code FROM orders
    WHERE tenant = ${TENANT} AND pick_completed_at - paid_at > interval '120 minutes'
  UNION ALL SELECT order_id, 'PACK_DELAY' FROM orders
    WHERE tenant = ${TENANT} AND pack_completed_at - pick_completed_at > interval '180 minutes'
  UNION ALL SELECT order_id, 'CARRIER_ISSUE' FROM orders
    WHERE tenant = ${TENANT} AND coalesce(handoff_at, now()) - pack_completed_at > interval '1440 minutes'
  UNION ALL SELECT order_id, 'MISSING_SCAN' FROM orders
    WHERE tenant = ${TENANT} AND (
      (handoff_at IS NULL AND now() - pack_completed_at > interval '1500 minutes')
      OR (pack_completed_at IS NULL AND now() - pick_completed_at > interval '240 minutes'))`;

function expectedByCode(orders: GeneratedOrder[]): Map<string, Set<string>> {
  const expected = new Map<string, Set<string>>();
  for (const order of orders) {
    for (const code of order.expectedReasonCodes) {
      if (!expected.has(code)) expected.set(code, new Set());
      expected.get(code)!.add(order.orderId);
    }
  }
  return expected;
}

function group(rows: { order_id: string; reason_code: string }[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!found.has(row.reason_code)) found.set(row.reason_code, new Set());
    found.get(row.reason_code)!.add(row.order_id);
  }
  return found;
}

describe('a generated batch sent through a signing gateway', () => {
  let testDb: TestDatabase;
  let gateway: ToolGateway;
  let orders: GeneratedOrder[];
  let plan: ReturnType<typeof planDeliveries>;

  beforeAll(async () => {
    testDb = await createTestDatabase('tool_generator_ingest');
    await createTestTenant(testDb.db, TENANT);
    gateway = await startToolGateway(testDb.db);
    orders = generateOrders({ seed: SEED, now: new Date() }, 400);
    plan = planDeliveries(orders, { seed: SEED });
  });
  afterAll(async () => {
    await gateway.close();
    await testDb.destroy();
  });

  it('stores every event once, answers redeliveries as duplicates, and retries through 429 and 503', async () => {
    gateway.failNext(2, 429, 0);
    const summary = await sendDeliveries(plan.deliveries, {
      gatewayUrl: gateway.url,
      tenant: TENANT,
      webhookSecret: 'test-webhook-secret',
      batchSize: 150,
      concurrency: 3,
      baseDelayMs: 5,
    });
    expect(summary.errors).toBe(0);
    expect(summary.retries).toBe(2);
    expect(summary.accepted + summary.duplicate).toBe(plan.deliveries.length);
    // A duplicate in the same batch or a later one is still one row.
    expect(summary.accepted).toBe(plan.events);
    expect(summary.duplicate).toBe(plan.duplicates);
    expect(gateway.requests.filter((r) => r.status === 429)).toHaveLength(2);

    const stored = await sql<{ events: string; orders: string }>`
      SELECT (SELECT count(*) FROM order_events WHERE tenant = ${TENANT}) AS events,
             (SELECT count(*) FROM orders WHERE tenant = ${TENANT}) AS orders`.execute(testDb.db);
    expect(Number(stored.rows[0]!.events)).toBe(plan.events);
    expect(Number(stored.rows[0]!.orders)).toBe(orders.length);

    // Sending the whole plan again changes nothing.
    gateway.failNext(1, 503);
    const again = await sendDeliveries(plan.deliveries, {
      gatewayUrl: gateway.url,
      tenant: TENANT,
      webhookSecret: 'test-webhook-secret',
      baseDelayMs: 5,
    });
    expect(again).toMatchObject({ accepted: 0, duplicate: plan.deliveries.length, errors: 0, retries: 1 });
  });

  it('produces, from what was stored, exactly the planned order problems and SLA breaches by reason code', async () => {
    const expected = expectedByCode(orders);
    const problems = group((await ORDER_PROBLEM_SQL.execute(testDb.db)).rows);
    const breaches = group((await SLA_SQL.execute(testDb.db)).rows);
    const found = new Map([...problems, ...breaches]);
    for (const code of [
      'DELIVERY_DELAY',
      'PAYMENT_FAILED',
      'ADDRESS_INVALID',
      'INVENTORY_SHORTAGE',
      'DAMAGED_PACKAGE',
      'CUSTOMER_UNAVAILABLE',
      'PICK_DELAY',
      'PACK_DELAY',
      'CARRIER_ISSUE',
      'MISSING_SCAN',
    ]) {
      expect({ code, orders: [...(found.get(code) ?? [])].sort() }).toEqual({
        code,
        orders: [...(expected.get(code) ?? [])].sort(),
      });
      expect(expected.get(code)?.size ?? 0).toBeGreaterThan(0);
    }
    // The projection keeps service levels and item flags for the SLA multipliers and billing.
    const flags = await sql<{ order_id: string; is_oversized: boolean; service_level: string }>`
      SELECT order_id, is_oversized, service_level FROM orders WHERE tenant = ${TENANT}`.execute(testDb.db);
    const byId = new Map(flags.rows.map((row) => [row.order_id, row]));
    for (const order of orders) {
      expect(byId.get(order.orderId)?.service_level).toBe(order.serviceLevel);
      expect(byId.get(order.orderId)?.is_oversized).toBe(order.flags.includes('oversized'));
    }
  });

  it('counts a wrong secret as errors without storing anything, and does not retry it', async () => {
    const extra = generateOrders({ seed: SEED + 1, now: new Date() }, 3);
    const summary = await sendDeliveries(planDeliveries(extra, { seed: SEED + 1 }).deliveries, {
      gatewayUrl: gateway.url,
      tenant: TENANT,
      webhookSecret: 'not-the-secret',
      mode: 'single',
      baseDelayMs: 5,
    });
    expect(summary.accepted).toBe(0);
    expect(summary.errors).toBe(summary.deliveries);
    expect(summary.retries).toBe(0);
    expect(summary.errorSamples[0]).toMatchObject({ status: 401, code: 'unauthorized' });
    const stored = await sql<{ n: string }>`
      SELECT count(*) AS n FROM order_events WHERE order_id = ANY(${extra.map((o) => o.orderId)})`.execute(
      testDb.db,
    );
    expect(Number(stored.rows[0]!.n)).toBe(0);
  });

  it('gives up on a gateway that never recovers after maxAttempts, honouring Retry-After', async () => {
    const waits: number[] = [];
    gateway.failNext(3, 503, 2);
    const summary = await sendDeliveries(plan.deliveries.slice(0, 5), {
      gatewayUrl: gateway.url,
      tenant: TENANT,
      webhookSecret: 'test-webhook-secret',
      maxAttempts: 3,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(summary).toMatchObject({ errors: 5, accepted: 0, requests: 3, retries: 2 });
    expect(waits).toEqual([2000, 2000]);
    expect(summary.errorSamples[0]).toMatchObject({ status: 503 });
  });

  it('halves a batch the gateway finds too large, and stops early when the gateway is down', async () => {
    const extra = generateOrders({ seed: SEED + 2, now: new Date() }, 10);
    const deliveries = planDeliveries(extra, { seed: SEED + 2 }).deliveries;
    const before = gateway.requests.length;
    gateway.failNext(1, 413);
    const split = await sendDeliveries(deliveries, {
      gatewayUrl: gateway.url,
      tenant: TENANT,
      webhookSecret: 'test-webhook-secret',
      batchSize: deliveries.length,
    });
    expect(split).toMatchObject({ errors: 0, requests: 3 });
    expect(split.accepted + split.duplicate).toBe(deliveries.length);
    expect(gateway.requests.slice(before).map((r) => r.status)).toEqual([413, 202, 202]);

    const down = await sendDeliveries(deliveries, {
      gatewayUrl: 'http://127.0.0.1:9',
      tenant: TENANT,
      webhookSecret: 'test-webhook-secret',
      batchSize: 10,
      concurrency: 1,
      maxAttempts: 2,
      baseDelayMs: 1,
    });
    expect(down).toMatchObject({ accepted: 0, errors: deliveries.length, requests: 6 });
    expect(down.errorSamples.map((e) => e.code)).toEqual(['network_error', 'stopped']);
  });
});
