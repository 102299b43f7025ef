import { Registry } from 'prom-client';
import { createSlaActivities } from '@e2a/activities';
import { insertSettingsVersion, sql, type Db } from '@e2a/db';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { ingest, minutesAfter, testActivityDeps } from '../../support/order-processing';

const TENANT = 'ord-eval';

async function exceptionsOf(db: Db, orderId: string) {
  return db
    .selectFrom('exceptions')
    .selectAll()
    .where('tenant', '=', TENANT)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
}

describe('SLA evaluation activities (real Postgres)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let metrics: Registry;
  let activities: ReturnType<typeof createSlaActivities>;
  // Monday 2026-11-02 08:00 UTC: a plain weekday start.
  const T = new Date('2026-11-02T08:00:00.000Z');

  beforeAll(async () => {
    testDb = await createTestDatabase('ord_sla_evaluation');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
    metrics = new Registry();
    activities = createSlaActivities(testActivityDeps(testDb.db, redis, { metrics }));
  });
  afterAll(async () => {
    await redis.quit();
    await testDb.destroy();
  });

  const evaluateAt = (asOf: Date) =>
    activities.evaluateDueOrders({ tenant: TENANT, asOf: asOf.toISOString() });

  it('a pick 150 min after payment is a PICK_DELAY of 30 min (MEDIUM) with the full breach context', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'late-pick',
      occurred_at: T,
    });
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pick_completed',
      order_id: 'late-pick',
      occurred_at: minutesAfter(T, 150),
    });
    const result = await evaluateAt(minutesAfter(T, 151));
    expect(result.exceptionsCreated).toBe(1);
    const [exception, ...rest] = await exceptionsOf(testDb.db, 'late-pick');
    expect(rest).toEqual([]);
    expect(result.createdExceptionIds).toEqual([String(exception?.id)]);
    expect(exception).toMatchObject({
      reason_code: 'PICK_DELAY',
      severity: 'MEDIUM',
      priority: 5,
      status: 'OPEN',
      max_resolution_attempts: 3,
      context_data: {
        window: 'pick',
        started_at: T.toISOString(),
        deadline_at: minutesAfter(T, 120).toISOString(),
        ended_at: minutesAfter(T, 150).toISOString(),
        actual_minutes: 150,
        sla_minutes: 120,
        delay_minutes: 30,
        multipliers: [],
      },
    });
    const counter = await metrics.getSingleMetric('sla_breaches_total')?.get();
    expect(counter?.values).toEqual([{ labels: { tenant: TENANT, reason_code: 'PICK_DELAY' }, value: 1 }]);
  });

  it('a WMS exception_reported event becomes an exception of the code its reason names, once', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'wms-reported',
      occurred_at: T,
    });
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'exception_reported',
      order_id: 'wms-reported',
      occurred_at: minutesAfter(T, 20),
      exception_reason: 'Cycle count mismatch at bin A-12: 3 on hand, 5 expected',
    });
    await evaluateAt(minutesAfter(T, 21));
    // Reported again (a redelivery under a new id): still one active STOCK_MISMATCH.
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'exception_reported',
      order_id: 'wms-reported',
      occurred_at: minutesAfter(T, 25),
      exception_reason: 'stock mismatch',
    });
    await evaluateAt(minutesAfter(T, 26));
    const exceptions = await exceptionsOf(testDb.db, 'wms-reported');
    expect(exceptions.map((e) => [e.reason_code, e.severity, e.status])).toEqual([
      ['STOCK_MISMATCH', 'HIGH', 'OPEN'],
    ]);
    expect(exceptions[0]?.context_data).toMatchObject({
      source: 'wms_exception_reported',
      reported_at: minutesAfter(T, 20).toISOString(),
    });
  });

  it('a pick at exactly 120 min is on time', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'on-time',
      occurred_at: T,
    });
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pick_completed',
      order_id: 'on-time',
      occurred_at: minutesAfter(T, 120),
    });
    await evaluateAt(minutesAfter(T, 121));
    expect(await exceptionsOf(testDb.db, 'on-time')).toEqual([]);
    const stage = await testDb.db
      .selectFrom('order_processing_stages')
      .selectAll()
      .where('order_id', '=', 'on-time')
      .where('stage_name', '=', 'pick')
      .executeTakeFirstOrThrow();
    expect(stage).toMatchObject({ status: 'COMPLETED', stage_data: { breached: false, sla_minutes: 120 } });
  });

  it('an open window breaches at its deadline, then the late end event gives the same exception its final figures', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'open-pick',
      occurred_at: T,
    });
    await evaluateAt(minutesAfter(T, 60));
    const order = await testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('order_id', '=', 'open-pick')
      .executeTakeFirstOrThrow();
    expect(order.needs_evaluation).toBe(false);
    expect(order.next_deadline_at?.toISOString()).toBe(minutesAfter(T, 120).toISOString());

    // Exactly at the deadline: swept? no (strictly after), and no breach.
    await evaluateAt(minutesAfter(T, 120));
    expect(await exceptionsOf(testDb.db, 'open-pick')).toEqual([]);

    const swept = await evaluateAt(minutesAfter(T, 180));
    expect(swept.ordersEvaluated).toBeGreaterThanOrEqual(1);
    const [open] = await exceptionsOf(testDb.db, 'open-pick');
    expect(open?.context_data).toMatchObject({ ended_at: null, actual_minutes: 180, delay_minutes: 60 });

    // Idle re-evaluation changes nothing.
    const again = await evaluateAt(minutesAfter(T, 240));
    expect(again.exceptionsCreated + again.exceptionsUpdated).toBe(0);

    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pick_completed',
      order_id: 'open-pick',
      occurred_at: minutesAfter(T, 200),
    });
    const late = await evaluateAt(minutesAfter(T, 260));
    expect(late.exceptionsUpdated).toBe(1);
    const after = await exceptionsOf(testDb.db, 'open-pick');
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(open?.id);
    expect(after[0]?.context_data).toMatchObject({
      ended_at: minutesAfter(T, 200).toISOString(),
      actual_minutes: 200,
      delay_minutes: 80,
    });
  });

  it('a flagged open window whose end event arrives late but shows it was met is resolved with the final figures', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'met-late',
      occurred_at: T,
    });
    await evaluateAt(minutesAfter(T, 130));
    expect((await exceptionsOf(testDb.db, 'met-late'))[0]?.status).toBe('OPEN');
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pick_completed',
      order_id: 'met-late',
      occurred_at: minutesAfter(T, 100),
    });
    const result = await evaluateAt(minutesAfter(T, 140));
    expect(result.exceptionsAutoResolved).toBe(1);
    const [exception] = await exceptionsOf(testDb.db, 'met-late');
    expect(exception).toMatchObject({
      status: 'RESOLVED',
      context_data: {
        ended_at: minutesAfter(T, 100).toISOString(),
        actual_minutes: 100,
        delay_minutes: -20,
        resolution_note: expect.stringContaining('shows the window was met'),
      },
    });
    expect(exception?.resolved_at).not.toBeNull();
  });

  it('a flagged window resolved meanwhile by someone else still gets the late facts: met after all, scan arrived', async () => {
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pick_completed',
      order_id: 'flow-resolved',
      occurred_at: T,
    });
    // Pack scan absent past 180 + 60 min: PACK_DELAY and MISSING_SCAN, both then resolved by the resolution flow.
    await evaluateAt(minutesAfter(T, 250));
    expect((await exceptionsOf(testDb.db, 'flow-resolved')).map((row) => row.reason_code).sort()).toEqual([
      'MISSING_SCAN',
      'PACK_DELAY',
    ]);
    const resolvedAt = new Date('2026-11-02T12:15:00.000Z');
    await sql`UPDATE exceptions SET status = 'RESOLVED', resolved_at = ${resolvedAt}
      WHERE tenant = ${TENANT} AND order_id = 'flow-resolved'`.execute(testDb.db);

    // The pack scan arrives late, and shows the pack was done within its window after all.
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pack_completed',
      order_id: 'flow-resolved',
      occurred_at: minutesAfter(T, 170),
    });
    const result = await evaluateAt(minutesAfter(T, 260));
    expect(result.exceptionsAutoResolved).toBe(0);
    const rows = await exceptionsOf(testDb.db, 'flow-resolved');
    const byCode = new Map(rows.map((row) => [row.reason_code, row]));
    expect(byCode.get('PACK_DELAY')).toMatchObject({
      status: 'RESOLVED',
      resolved_at: resolvedAt,
      context_data: {
        ended_at: minutesAfter(T, 170).toISOString(),
        delay_minutes: -10,
        late_event_note: expect.stringContaining('shows the window was met'),
      },
    });
    expect(byCode.get('MISSING_SCAN')).toMatchObject({
      status: 'RESOLVED',
      resolved_at: resolvedAt,
      context_data: {
        scan_arrived_at: minutesAfter(T, 170).toISOString(),
        late_event_note: expect.stringContaining('the scan arrived late'),
      },
    });
    expect(byCode.get('MISSING_SCAN')?.context_data).not.toHaveProperty('resolution_note');

    // Idempotent: a later evaluation writes nothing more.
    const before = rows.map((row) => row.updated_at.toISOString());
    await evaluateAt(minutesAfter(T, 300));
    const after = (await exceptionsOf(testDb.db, 'flow-resolved')).map((row) => row.updated_at.toISOString());
    expect(after).toEqual(before);
  });

  it('a resolved exception is never re-created by later events (exactly once)', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'resolved',
      occurred_at: T,
    });
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pick_completed',
      order_id: 'resolved',
      occurred_at: minutesAfter(T, 200),
    });
    await evaluateAt(minutesAfter(T, 201));
    await testDb.db
      .updateTable('exceptions')
      .set({ status: 'RESOLVED', resolved_at: new Date() })
      .where('order_id', '=', 'resolved')
      .execute();
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pack_completed',
      order_id: 'resolved',
      occurred_at: minutesAfter(T, 210),
    });
    const result = await evaluateAt(minutesAfter(T, 211));
    expect(result.exceptionsCreated).toBe(0);
    expect(await exceptionsOf(testDb.db, 'resolved')).toHaveLength(1);
  });

  it('the same events in any order and repeated give the same outcome', async () => {
    const events = [
      { source: 'shopify', event_type: 'order_paid', at: 0 },
      { source: 'wms', event_type: 'pick_completed', at: 100 },
      { source: 'wms', event_type: 'pick_completed', at: 130 },
      { source: 'wms', event_type: 'pack_completed', at: 400 },
    ] as const;
    const shuffled = [events[3], events[1], events[0], events[2], events[3], events[0]];
    for (const [orderId, sequence] of [
      ['chronological', events],
      ['shuffled', shuffled],
    ] as const) {
      for (const e of sequence) {
        await ingest(testDb.db, TENANT, e!.source, {
          event_id: `${orderId}-${e!.event_type}-${e!.at}`,
          event_type: e!.event_type,
          order_id: orderId,
          occurred_at: minutesAfter(T, e!.at),
        });
      }
    }
    await evaluateAt(minutesAfter(T, 401));
    const outcome = async (orderId: string) =>
      (await exceptionsOf(testDb.db, orderId)).map((e) => [e.reason_code, e.context_data.delay_minutes]);
    // Latest pick (130) wins: PICK_DELAY 10; pack 270 > 180 → PACK_DELAY 90. The pack scan is there, so no
    // MISSING_SCAN, however late it was (30 min past 130 + 180 + 60 = 370): its lateness is the PACK_DELAY's.
    expect(await outcome('chronological')).toEqual([
      ['PICK_DELAY', 10],
      ['PACK_DELAY', 90],
    ]);
    expect(await outcome('shuffled')).toEqual(await outcome('chronological'));
  });

  it('evaluated while windows are open, the breaches end with the final figures', async () => {
    const steps = [
      { source: 'shopify', event_type: 'order_paid', at: 0, evaluateAt: 150 },
      { source: 'wms', event_type: 'pick_completed', at: 100, evaluateAt: 350 },
      { source: 'wms', event_type: 'pack_completed', at: 400, evaluateAt: 401 },
    ] as const;
    const seen: unknown[] = [];
    for (const step of steps) {
      await ingest(testDb.db, TENANT, step.source, {
        event_type: step.event_type,
        order_id: 'incremental',
        occurred_at: minutesAfter(T, step.at),
      });
      await evaluateAt(minutesAfter(T, step.evaluateAt));
      seen.push(
        (await exceptionsOf(testDb.db, 'incremental')).map((e) => [
          e.reason_code,
          e.status,
          e.context_data.ended_at === null ? 'open' : 'closed',
          e.context_data.delay_minutes,
        ]),
      );
    }
    expect(seen).toEqual([
      // Payment only, 150 min later: the pick is 30 min late and still open.
      [['PICK_DELAY', 'OPEN', 'open', 30]],
      // The pick scan (at 100) shows the pick was met; the pack window (100 + 180) is late, its scan missing.
      [
        ['PICK_DELAY', 'RESOLVED', 'closed', -20],
        ['PACK_DELAY', 'OPEN', 'open', 70],
        ['MISSING_SCAN', 'OPEN', 'open', 10],
      ],
      // The pack scan at 400 gives the PACK_DELAY its final figures and resolves the MISSING_SCAN (the scan
      // arrived late): one active exception for the late scan.
      [
        ['PICK_DELAY', 'RESOLVED', 'closed', -20],
        ['PACK_DELAY', 'OPEN', 'closed', 120],
        ['MISSING_SCAN', 'RESOLVED', 'open', 10],
      ],
    ]);
    const missingScan = (await exceptionsOf(testDb.db, 'incremental')).find(
      (e) => e.reason_code === 'MISSING_SCAN',
    );
    expect(missingScan?.context_data).toMatchObject({
      window: 'pack',
      expected_scan: 'pack_completed',
      scan_arrived_at: minutesAfter(T, 400).toISOString(),
      resolution_note: expect.stringContaining('the scan arrived late'),
    });
    expect(missingScan?.resolved_at).not.toBeNull();
  });

  // Issue 18 items 3 and 4, step by step: [event, evaluated at] → the order's exceptions after each evaluation.
  it.each([
    [
      'a late pack scan: MISSING_SCAN while it is absent, resolved when it arrives; PACK_DELAY stands',
      [
        ['wms', 'pick_completed', 0, 250],
        ['wms', 'pack_completed', 300, 301],
      ],
      [
        [
          ['PACK_DELAY', 'OPEN', 'pack'],
          ['MISSING_SCAN', 'OPEN', 'pack'],
        ],
        [
          ['PACK_DELAY', 'OPEN', 'pack'],
          ['MISSING_SCAN', 'RESOLVED', 'pack'],
        ],
      ],
    ],
    [
      'a late pack scan seen only after it arrived: PACK_DELAY alone',
      [
        ['wms', 'pick_completed', 0, 1],
        ['wms', 'pack_completed', 300, 301],
      ],
      [[], [['PACK_DELAY', 'OPEN', 'pack']]],
    ],
    [
      'packed without a pick scan: MISSING_SCAN for the pick, and the open PICK_DELAY gives way',
      [
        ['shopify', 'order_paid', 0, 130],
        ['wms', 'pack_completed', 150, 190],
        ['wms', 'manifested', 400, 401],
      ],
      [
        [['PICK_DELAY', 'OPEN', 'pick']],
        [
          ['PICK_DELAY', 'RESOLVED', 'pick'],
          ['MISSING_SCAN', 'OPEN', 'pick'],
        ],
        [
          ['PICK_DELAY', 'RESOLVED', 'pick'],
          ['MISSING_SCAN', 'OPEN', 'pick'],
        ],
      ],
    ],
    [
      'a missing pick scan that turns up late: MISSING_SCAN resolved, the measured PICK_DELAY raised',
      [
        ['shopify', 'order_paid', 0, 1],
        ['wms', 'pack_completed', 150, 200],
        ['wms', 'pick_completed', 140, 210],
      ],
      [
        [],
        [['MISSING_SCAN', 'OPEN', 'pick']],
        [
          ['MISSING_SCAN', 'RESOLVED', 'pick'],
          ['PICK_DELAY', 'OPEN', 'pick'],
        ],
      ],
    ],
    [
      'delivered without a hand-off scan: MISSING_SCAN for the ship stage, no CARRIER_ISSUE',
      [
        ['wms', 'pack_completed', 0, 1],
        ['carrier', 'delivered', 3000, 3001],
      ],
      [[], [['MISSING_SCAN', 'OPEN', 'ship']]],
    ],
  ] as const)('%s', async (_name, steps, expected) => {
    const orderId = `scan-${_name.slice(0, 40).replace(/[^a-z]+/g, '-')}`;
    const seen: unknown[] = [];
    for (const [source, eventType, at, evaluatedAt] of steps) {
      await ingest(testDb.db, TENANT, source, {
        event_type: eventType,
        order_id: orderId,
        occurred_at: minutesAfter(T, at),
      });
      await evaluateAt(minutesAfter(T, evaluatedAt));
      seen.push(
        (await exceptionsOf(testDb.db, orderId)).map((e) => [e.reason_code, e.status, e.context_data.window]),
      );
    }
    expect(seen).toEqual(expected);
    for (const exception of await exceptionsOf(testDb.db, orderId)) {
      if (exception.status !== 'RESOLVED') continue;
      expect(exception.ops_note).toMatch(/^Resolved automatically: /);
      expect(exception.context_data.resolution_note).toBe(exception.ops_note);
    }
  });

  it('records stages and completeness checks per evaluated order', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_created',
      order_id: 'complete',
      occurred_at: T,
      payload: {
        order: {
          financial_status: 'paid',
          total_price: '10.00',
          line_items: [{ sku: 'A' }],
          shipping_address: { address1: '1 Main', city: 'X', zip: '12345' },
        },
      },
    });
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'complete',
      occurred_at: minutesAfter(T, 1),
    });
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pack_completed',
      order_id: 'complete',
      occurred_at: minutesAfter(T, 5),
    });
    await evaluateAt(minutesAfter(T, 10));
    const stages = await testDb.db
      .selectFrom('order_processing_stages')
      .select(['stage_name', 'status', 'depends_on'])
      .where('order_id', '=', 'complete')
      .orderBy('id')
      .execute();
    // Packed without a pick scan: the order is past the pick stage, whose scan is missing.
    expect(stages).toEqual([
      { stage_name: 'pick', status: 'COMPLETED', depends_on: [] },
      { stage_name: 'pack', status: 'PENDING', depends_on: ['pick'] },
      { stage_name: 'ship', status: 'IN_PROGRESS', depends_on: ['pack'] },
      { stage_name: 'delivery', status: 'PENDING', depends_on: ['ship'] },
    ]);
    const pick = await testDb.db
      .selectFrom('order_processing_stages')
      .select(['stage_data', 'completed_at'])
      .where('order_id', '=', 'complete')
      .where('stage_name', '=', 'pick')
      .executeTakeFirstOrThrow();
    expect(pick).toMatchObject({ completed_at: null, stage_data: { scan_missing: true, breached: false } });
    const checks = await testDb.db
      .selectFrom('data_completeness_checks')
      .select(['check_name', 'passed', 'details'])
      .where('order_id', '=', 'complete')
      .orderBy('check_name')
      .execute();
    expect(checks).toEqual([
      { check_name: 'payload_fields', passed: true, details: { missing: [] } },
      {
        check_name: 'required_milestones',
        passed: false,
        details: { furthest_milestone: 'pack_completed', missing: ['pick_completed'] },
      },
      { check_name: 'timestamps_monotonic', passed: true, details: { violations: [] } },
    ]);
  });

  it('detects order problems on order_created into exceptions, once', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_created',
      order_id: 'problem',
      occurred_at: T,
      payload: {
        order: {
          financial_status: 'pending',
          shipping_address: { address1: '9 Nonexistent Rd', city: 'X', zip: '12345' },
          line_items: [{ sku: 'A', inventory_shortage: true, available_quantity: 0 }],
        },
      },
    });
    const first = await evaluateAt(minutesAfter(T, 1));
    expect(first.problemsDetected).toBe(3);
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'problem',
      occurred_at: T,
    });
    const second = await evaluateAt(minutesAfter(T, 2));
    expect(second.exceptionsCreated).toBe(0);
    const exceptions = await exceptionsOf(testDb.db, 'problem');
    expect(exceptions.map((e) => [e.reason_code, e.severity, e.context_data.source])).toEqual([
      ['PAYMENT_FAILED', 'HIGH', 'order_problem'],
      ['ADDRESS_INVALID', 'HIGH', 'order_problem'],
      ['INVENTORY_SHORTAGE', 'CRITICAL', 'order_problem'],
    ]);
    const counter = await metrics.getSingleMetric('order_problems_detected_total')?.get();
    expect(counter?.values.reduce((sum, value) => sum + value.value, 0)).toBe(3);
  });

  it('the same reason code from an SLA window and an order problem makes one exception (the SLA breach)', async () => {
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_created',
      order_id: 'both-delivery',
      occurred_at: T,
      payload: { order: { fulfillment_status: 'delayed', shipping_address: { zip: '12345' } } },
    });
    await ingest(testDb.db, TENANT, 'carrier', {
      event_type: 'picked_up',
      order_id: 'both-delivery',
      occurred_at: T,
    });
    // Monday + 5 business days = next Monday; evaluated 8 days later the delivery window is breached too.
    const result = await evaluateAt(minutesAfter(T, 8 * 1440));
    expect(result.exceptionsCreated).toBeGreaterThanOrEqual(1);
    const exceptions = await exceptionsOf(testDb.db, 'both-delivery');
    expect(exceptions.filter((e) => e.reason_code === 'DELIVERY_DELAY')).toEqual([
      expect.objectContaining({
        severity: 'HIGH',
        context_data: expect.objectContaining({ window: 'delivery' }),
      }),
    ]);
  });

  it('applies the tenant policy overrides and the real hourly volume', async () => {
    const tenant = 'ord-eval-policy';
    await createTestTenant(testDb.db, tenant, { timezone: 'America/New_York' });
    await testDb.db
      .updateTable('tenants')
      .set({ sla_policy: JSON.stringify({ pick_minutes: 60, high_volume_threshold: 3 }) })
      .where('name', '=', tenant)
      .execute();
    const tenantActivities = createSlaActivities(testActivityDeps(testDb.db, redis));
    // Four orders in the same hour: above the threshold of 3 → ×1.3 → 78 min allowance.
    for (const id of ['v1', 'v2', 'v3', 'v4']) {
      await ingest(testDb.db, tenant, 'shopify', { event_type: 'order_paid', order_id: id, occurred_at: T });
    }
    await ingest(testDb.db, tenant, 'wms', {
      event_type: 'pick_completed',
      order_id: 'v1',
      occurred_at: minutesAfter(T, 70),
    });
    await ingest(testDb.db, tenant, 'wms', {
      event_type: 'pick_completed',
      order_id: 'v2',
      occurred_at: minutesAfter(T, 79),
    });
    await tenantActivities.evaluateDueOrders({ tenant, asOf: minutesAfter(T, 60).toISOString() });
    const exceptions = await testDb.db
      .selectFrom('exceptions')
      .selectAll()
      .where('tenant', '=', tenant)
      .execute();
    expect(
      exceptions.map((e) => [e.order_id, e.context_data.sla_minutes, e.context_data.multipliers]),
    ).toEqual([['v2', 78, [{ name: 'high_volume', value: 1.3 }]]]);
  });

  it('the real-time chunk judges events by the policy in effect when it runs, not when the round read its clock', async () => {
    const tenant = 'ord-eval-fresh-policy';
    await createTestTenant(testDb.db, tenant);
    const tenantActivities = createSlaActivities(testActivityDeps(testDb.db, redis));
    // A pick_minutes 200 version takes effect now; the shard round read its (workflow) clock 5 s before.
    const effectiveFrom = new Date();
    await insertSettingsVersion(testDb.db, {
      tenant,
      setting: 'sla_policy',
      effectiveFrom,
      value: { pick_minutes: 200 },
      createdBy: 'test',
    });
    const roundClock = new Date(effectiveFrom.getTime() - 5_000).toISOString();
    const latePick = async (orderId: string) => {
      await ingest(testDb.db, tenant, 'shopify', {
        event_type: 'order_paid',
        order_id: orderId,
        occurred_at: T,
      });
      await ingest(testDb.db, tenant, 'wms', {
        event_type: 'pick_completed',
        order_id: orderId,
        occurred_at: minutesAfter(T, 150),
      });
    };
    const pickDelays = async (orderId: string) =>
      (
        await testDb.db
          .selectFrom('exceptions')
          .select('reason_code')
          .where('tenant', '=', tenant)
          .where('order_id', '=', orderId)
          .where('reason_code', '=', 'PICK_DELAY')
          .execute()
      ).length;

    // As of the round's clock alone, the default 120 minutes still applied: a 150-minute pick was late.
    await latePick('judged-at-round-clock');
    await tenantActivities.evaluateDueOrders({ tenant, asOf: roundClock });
    expect(await pickDelays('judged-at-round-clock')).toBe(1);

    // No earlier than the activity's clock: the 200-minute version applies, the same pick is on time.
    await latePick('judged-now');
    const result = await tenantActivities.evaluateDueOrders({
      tenant,
      asOf: roundClock,
      isNotBeforeNow: true,
    });
    expect(result.ordersEvaluated).toBe(1);
    expect(await pickDelays('judged-now')).toBe(0);
    const stage = await testDb.db
      .selectFrom('order_processing_stages')
      .select('status')
      .where('tenant', '=', tenant)
      .where('order_id', '=', 'judged-now')
      .where('stage_name', '=', 'pick')
      .executeTakeFirstOrThrow();
    expect(stage.status).toBe('COMPLETED');
  });

  it('the scheduled pass is idempotent: running it twice changes nothing', async () => {
    const snapshot = async () =>
      Promise.all(
        ['exceptions', 'order_processing_stages', 'data_completeness_checks', 'orders'].map(
          async (table) =>
            (
              await sql`SELECT * FROM ${sql.table(table)} WHERE tenant = ${TENANT} ORDER BY 1, 2, 3`.execute(
                testDb.db,
              )
            ).rows,
        ),
      );
    const asOf = minutesAfter(T, 600).toISOString();
    const pass = async () => {
      let cursor: string | null = null;
      let total = 0;
      do {
        const chunk = await activities.evaluateLookbackChunk({
          tenant: TENANT,
          lookbackHours: 24,
          chunkSize: 3,
          afterOrderId: cursor,
          asOf,
        });
        total += chunk.exceptionsCreated + chunk.exceptionsUpdated;
        cursor = chunk.nextCursor;
      } while (cursor);
      return total;
    };
    await pass();
    const before = await snapshot();
    expect(await pass()).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});
