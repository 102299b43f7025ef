import { generateOrders, planDeliveries, sendDeliveries } from '@e2a/generator';
import { signWebhook } from '@e2a/http';
import { sql } from '@e2a/db';
import { ensureRealtimeMonitors } from '@e2a/schedules';
import { startTestSystem, type TestSystem } from '../support/system';

// The whole path with every part real: signed webhooks → gateway → Postgres → the real-time order monitor on a
// Temporal dev server → SLA engine and problem rules → exceptions through the API.

const TENANT = 'e2e-system';
const MINUTE = 60_000;

function lastWeekdayAt9Utc(): Date {
  const day = new Date(Date.now() - 24 * 60 * MINUTE);
  day.setUTCHours(9, 0, 0, 0);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('E²A end to end', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('e2e_system', { tenant: TENANT });
    await ensureRealtimeMonitors(system.env.client, {
      taskQueue: system.taskQueue,
      tenants: [TENANT],
      pollSeconds: 0.5,
    });
  });
  afterAll(async () => system?.stop());

  async function post(path: string, body: unknown): Promise<Response> {
    const raw = JSON.stringify(body);
    return fetch(`${system.gatewayUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tenant-id': TENANT,
        'x-e2a-signature': signWebhook(system.tenant.webhookSecret, raw, Date.now() / 1000),
      },
      body: raw,
    });
  }

  async function exceptions(
    query: string,
  ): Promise<{ items: Array<Record<string, unknown>>; total: number }> {
    const response = await fetch(`${system.apiUrl}/exceptions?${query}`, {
      headers: { authorization: `Bearer ${system.tenant.apiKey}`, 'x-tenant-id': TENANT },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { items: Array<Record<string, unknown>>; total: number };
  }

  it('a late pick sent as signed webhooks is an exception in the API within seconds', async () => {
    // A weekday morning in the past, so no weekend multiplier stretches the 120-minute pick window.
    const paidAt = lastWeekdayAt9Utc();
    const pickedAt = new Date(paidAt.getTime() + 150 * MINUTE);
    const paid = await post('/ingest/shopify', {
      event_id: 'skeleton-paid',
      event_type: 'order_paid',
      order_id: 'skeleton-1',
      occurred_at: paidAt.toISOString(),
    });
    expect(paid.status).toBe(202);
    const picked = await post('/ingest/wms', {
      event_id: 'skeleton-picked',
      event_type: 'order_picked',
      order_id: 'skeleton-1',
      occurred_at: pickedAt.toISOString(),
      station: 'P-07',
    });
    expect(picked.status).toBe(202);
    const sentAt = Date.now();
    expect(pickedAt.getTime() - paidAt.getTime()).toBe(150 * MINUTE);

    const found = await waitFor(async () => {
      const page = await exceptions('order_id=skeleton-1&reason_code=PICK_DELAY');
      return page.items[0];
    }, 10_000);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(found).toMatchObject({ reason_code: 'PICK_DELAY', severity: 'MEDIUM', status: 'OPEN' });
    expect(found.context_data).toMatchObject({
      window: 'pick',
      sla_minutes: 120,
      actual_minutes: 150,
      delay_minutes: 30,
    });

    // The run that found it is visible to operators, filterable by tenant.
    const runs = [];
    for await (const run of system.env.client.workflow.list({ query: `TenantId = "${TENANT}"` }))
      runs.push(run.type);
    expect(runs).toContain('realtimeOrderMonitorWorkflow');
  });

  it('a generated batch through the real gateway yields exactly the exceptions its scenarios call for', async () => {
    const orders = generateOrders({ seed: 2026, now: new Date(), orderIdPrefix: 'e2e' }, 150);
    const plan = planDeliveries(orders, { seed: 2026 });
    const summary = await sendDeliveries(plan.deliveries, {
      gatewayUrl: system.gatewayUrl,
      tenant: TENANT,
      webhookSecret: system.tenant.webhookSecret,
    });
    expect(summary.errors).toBe(0);
    expect(summary.accepted).toBe(plan.events);
    expect(summary.accepted + summary.duplicate).toBe(plan.deliveries.length);

    // Every order evaluated: nothing left flagged, and no deadline already due.
    await waitFor(async () => {
      const pending = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM orders
        WHERE tenant = ${TENANT} AND order_id LIKE 'e2e-%'
          AND (needs_evaluation OR next_deadline_at < now())`.execute(system.db.db);
      return pending.rows[0]?.n === 0 ? true : undefined;
    }, 30_000);

    const expected = new Map<string, string[]>();
    for (const order of orders) {
      for (const code of order.expectedReasonCodes)
        expected.set(code, [...(expected.get(code) ?? []), order.orderId]);
    }
    const rows = await system.db.db
      .selectFrom('exceptions')
      .select(['order_id', 'reason_code'])
      .where('tenant', '=', TENANT)
      .where('order_id', 'like', 'e2e-%')
      .execute();
    const actual = new Map<string, string[]>();
    for (const row of rows)
      actual.set(row.reason_code, [...(actual.get(row.reason_code) ?? []), row.order_id]);
    const sorted = (map: Map<string, string[]>) =>
      Object.fromEntries([...map.entries()].map(([code, ids]) => [code, ids.sort()]).sort());
    expect(sorted(actual)).toEqual(sorted(expected));
    expect(expected.size).toBeGreaterThanOrEqual(6);
  });
});
