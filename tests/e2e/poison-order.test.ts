import { sql } from '@e2a/db';
import { realtimeMonitorIds } from '@e2a/schedules';
import { lastWeekdayAt9Utc, waitForValue } from '../support/e2e';
import { send } from '../support/gateway';
import { SYSTEM_START_TIMEOUT_MS, startTestSystem, type TestSystem } from '../support/system';

// Issue 11, "done when": a poison order planted directly in Postgres is quarantined by the running real-time shard
// monitor (started as the worker starts it) within one evaluation cycle, and a normal late order of the same tenant
// still gets its breach exception within 10 s. Without per-record isolation the tenant's chunk fails on every
// attempt and the late orders never breach.

const TENANT = 'e2e-poison';
const MINUTE = 60_000;
const BREACH_BOUND_MS = 10_000;

describe('a poison order on the real stack', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('e2e_poison', {
      tenant: TENANT,
      realtimePollSeconds: 0.5,
      provisionAtStartUp: true,
    });
  }, SYSTEM_START_TIMEOUT_MS);
  afterAll(async () => system?.stop());

  const sendEvent = async (source: 'shopify' | 'wms', event: Record<string, unknown>) =>
    (
      await send(system.gatewayUrl, `/ingest/${source}`, event, {
        tenant: TENANT,
        secret: system.tenant.webhookSecret,
      })
    ).status;

  /** A paid order picked 150 min later: a PICK_DELAY under the default 120-minute policy. */
  async function sendLatePick(orderId: string): Promise<void> {
    const paidAt = lastWeekdayAt9Utc();
    const statuses = [
      await sendEvent('shopify', {
        event_id: `${orderId}-paid`,
        event_type: 'order_paid',
        order_id: orderId,
        occurred_at: paidAt.toISOString(),
      }),
      await sendEvent('wms', {
        event_id: `${orderId}-picked`,
        event_type: 'pick_completed',
        order_id: orderId,
        occurred_at: new Date(paidAt.getTime() + 150 * MINUTE).toISOString(),
      }),
    ];
    expect(statuses).toEqual([202, 202]);
  }

  /** The order's PICK_DELAY as the API lists it, waited for up to 10 s from `sentAt`. */
  const pickDelayOf = (orderId: string, sentAt: number) =>
    waitForValue(
      async () => {
        const response = await fetch(`${system.apiUrl}/exceptions?order_id=${orderId}`, {
          headers: { authorization: `Bearer ${system.tenant.apiKey}`, 'x-tenant-id': TENANT },
        });
        expect(response.status).toBe(200);
        const page = (await response.json()) as { items: Array<Record<string, unknown>> };
        return page.items.find((item) => item.reason_code === 'PICK_DELAY');
      },
      Math.max(0, sentAt + BREACH_BOUND_MS - Date.now()),
      `PICK_DELAY for ${orderId}`,
    );

  const quarantineOf = (orderId: string) =>
    system.db.db
      .selectFrom('quarantined_records')
      .selectAll()
      .where('tenant', '=', TENANT)
      .where('record_key', '=', orderId)
      .execute();

  async function failedActivitiesOfShardMonitors(): Promise<number> {
    let failed = 0;
    for (const workflowId of realtimeMonitorIds(system.taskQueue)) {
      const history = await system.env.client.workflow.getHandle(workflowId).fetchHistory();
      failed += (history.events ?? []).filter((event) => event.activityTaskFailedEventAttributes).length;
    }
    return failed;
  }

  it('is quarantined in the round that evaluates a late order of its tenant; the late order breaches within 10 s', async () => {
    // Planted directly, as the gateway refuses it (422): year 10000 is a valid timestamptz that no evaluation can
    // write back (its ISO form is +010000-…, SQLSTATE 22009). No NOTIFY: the late order's events wake the monitor,
    // so both are claimed in the same chunk.
    await sql`INSERT INTO orders (tenant, order_id, paid_at, needs_evaluation)
              VALUES (${TENANT}, 'poison-1', '10000-01-01T00:00:00Z', true)`.execute(system.db.db);
    const sentAt = Date.now();
    await sendLatePick('late-1');

    const breach = await pickDelayOf('late-1', sentAt);
    const breachMs = Date.now() - sentAt;
    expect(breach).toMatchObject({ reason_code: 'PICK_DELAY', status: 'OPEN' });
    const [parked, ...more] = await waitForValue(
      async () => {
        const rows = await quarantineOf('poison-1');
        return rows.length > 0 ? rows : undefined;
      },
      BREACH_BOUND_MS,
      'the poison order quarantined',
    );
    expect(more).toEqual([]);
    // Quarantined by the running shard monitor's real-time evaluation, on its first attempt: the data error was
    // never retried, and no activity of the monitors failed.
    expect(parked).toMatchObject({
      kind: 'order_evaluation',
      status: 'open',
      attempts: 1,
      activity_type: 'evaluateDueOrders',
    });
    expect(realtimeMonitorIds(system.taskQueue)).toContain(parked?.workflow_id);
    expect(await failedActivitiesOfShardMonitors()).toBe(0);
    console.info(
      `poison order: late order's PICK_DELAY in the API ${breachMs} ms after its events were sent`,
    );
  });

  it('leaves the tenant running: the next late order breaches within 10 s and the poison is not taken again', async () => {
    const sentAt = Date.now();
    await sendLatePick('late-2');

    expect(await pickDelayOf('late-2', sentAt)).toMatchObject({ reason_code: 'PICK_DELAY', status: 'OPEN' });
    const breachMs = Date.now() - sentAt;
    expect(await quarantineOf('poison-1')).toEqual([
      expect.objectContaining({ status: 'open', attempts: 1 }),
    ]);
    expect(await failedActivitiesOfShardMonitors()).toBe(0);
    console.info(
      `poison order: next late order's PICK_DELAY in the API ${breachMs} ms after its events were sent`,
    );
  });
});
