import { sql, type InvoiceLineItemView } from '@e2a/db';
import { createInvoicingActivities } from '@e2a/activities';
import { DEFAULT_TARIFF } from '@e2a/domain';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import {
  addOrderEvent,
  billingActivityDeps,
  FULFILLED_ORDER_EVENTS,
  seedBreach,
  seedFulfilledOrdersBulk,
  seedOrder,
} from '../../support/billing-fixtures';

const NOW = new Date('2026-11-29T20:00:00Z');

let database: TestDatabase;
let redis: TestRedis;
let now = NOW;
let activities: ReturnType<typeof createInvoicingActivities>;

beforeAll(async () => {
  database = await createTestDatabase('bill_invoicing', { poolSize: 20 });
  redis = await createTestRedis();
  activities = createInvoicingActivities(billingActivityDeps(database.db, redis, () => now));
});

afterAll(async () => {
  await redis.quit();
  await database.destroy();
});

beforeEach(() => {
  now = NOW;
});

async function invoicesOf(tenant: string) {
  return database.db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('invoice_number')
    .execute();
}

async function adjustmentsOf(tenant: string) {
  return database.db
    .selectFrom('invoice_adjustments')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('id')
    .execute();
}

/** One billing run's invoice phase: find a chunk, issue it, move the cursor. */
async function runInvoicing(tenant: string, chunkSize: number) {
  let after: string | null = null;
  let issued = 0;
  for (;;) {
    const ids = await activities.findUninvoicedOrders({ tenant, afterOrderId: after, limit: chunkSize });
    if (ids.length === 0) return issued;
    issued += (await activities.issueInvoices({ tenant, orderIds: ids })).issued;
    after = ids[ids.length - 1]!;
  }
}

describe('invoice generation', () => {
  it('invoices every fulfilled order once, by the formula, with consecutive numbers and stored line items', async () => {
    const tenant = 'bill-gen';
    await createTestTenant(database.db, tenant);
    await seedOrder(database.db, tenant, 'A-handoff', FULFILLED_ORDER_EVENTS);
    await seedOrder(
      database.db,
      tenant,
      'B-fulfilled',
      [
        { type: 'order_created', at: '2026-11-01T08:00:00Z', payload: { order: { priority: 'rush' } } },
        { type: 'pick_completed', at: '2026-11-01T09:00:00Z' },
        { type: 'pack_completed', at: '2026-11-01T10:00:00Z', payload: { hazardous: true } },
        { type: 'order_fulfilled', at: '2026-11-04T10:00:00Z' },
      ],
      { currency: 'EUR' },
    );
    await seedOrder(database.db, tenant, 'C-delivered', [
      { type: 'order_created', at: '2026-08-01T08:00:00Z' },
      { type: 'delivered', at: '2026-11-01T08:00:00Z' },
    ]);
    await seedOrder(database.db, tenant, 'D-not-shipped', [
      { type: 'order_created', at: '2026-11-20T08:00:00Z' },
      { type: 'pick_completed', at: '2026-11-20T09:00:00Z' },
    ]);

    expect(await runInvoicing(tenant, 2)).toBe(3);
    const invoices = await invoicesOf(tenant);
    expect(
      invoices.map((invoice) => [invoice.order_id, invoice.invoice_number, Number(invoice.amount_cents)]),
    ).toEqual([
      // 30 + 20 + 15 + 1 day storage 5
      ['A-handoff', 'INV-bill-gen-202611-000001', 70],
      // (30 + 20 + 3 days × 5) = 65 → rush 130 → hazmat 390
      ['B-fulfilled', 'INV-bill-gen-202611-000002', 390],
      // 92 days storage: 90 × 5 + 2 × 10 = 470
      ['C-delivered', 'INV-bill-gen-202611-000003', 470],
    ]);
    for (const invoice of invoices) {
      const lines = invoice.line_items as InvoiceLineItemView[];
      expect(lines.reduce((sum, line) => sum + line.amount_cents, 0)).toBe(Number(invoice.amount_cents));
      expect(invoice.status).toBe('DRAFT');
      expect(invoice.billing_period).toBe('2026-11');
      expect(invoice.tariff_snapshot).toEqual(DEFAULT_TARIFF);
    }
    const [first] = await sql<{ invoice_date: string; due_date: string }>`
      SELECT invoice_date::text, due_date::text FROM invoices WHERE tenant = ${tenant} ORDER BY id LIMIT 1`
      .execute(database.db)
      .then((result) => result.rows);
    expect(first).toEqual({ invoice_date: '2026-11-29', due_date: '2026-12-29' });
    expect(invoices.find((invoice) => invoice.order_id === 'B-fulfilled')?.currency).toBe('EUR');
    expect(
      (
        invoices.find((invoice) => invoice.order_id === 'B-fulfilled')?.line_items as InvoiceLineItemView[]
      ).map((line) => line.operation),
    ).toEqual(['pick', 'pack', 'storage', 'rush_multiplier', 'hazmat_multiplier']);

    // A second run finds nothing left to invoice.
    expect(await runInvoicing(tenant, 2)).toBe(0);
    const sequence = await database.db
      .selectFrom('invoice_number_sequences')
      .selectAll()
      .where('tenant', '=', tenant)
      .executeTakeFirstOrThrow();
    expect(sequence).toEqual({ tenant, period: '202611', last_value: 3 });
  });

  it('two overlapping billing runs issue each invoice once with consecutive numbers', async () => {
    const tenant = 'bill-overlap';
    await createTestTenant(database.db, tenant);
    await seedFulfilledOrdersBulk(database.db, tenant, 400);

    const [first, second] = await Promise.all([runInvoicing(tenant, 37), runInvoicing(tenant, 50)]);
    expect(first + second).toBe(400);

    // The same chunk issued by two concurrent calls (an activity retried while the first attempt still runs).
    await seedFulfilledOrdersBulk(database.db, tenant, 60, 'LATE');
    const ids = await activities.findUninvoicedOrders({ tenant, limit: 100 });
    const results = await Promise.all([
      activities.issueInvoices({ tenant, orderIds: ids }),
      activities.issueInvoices({ tenant, orderIds: ids }),
      activities.issueInvoices({ tenant, orderIds: ids.slice(10, 30) }),
    ]);
    expect(results.reduce((sum, result) => sum + result.issued, 0)).toBe(60);

    const invoices = await invoicesOf(tenant);
    expect(invoices).toHaveLength(460);
    expect(new Set(invoices.map((invoice) => invoice.order_id)).size).toBe(460);
    const sequences = invoices
      .map((invoice) => Number(invoice.invoice_number.split('-').pop()))
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 460 }, (_, index) => index + 1));
  });

  it('a failed chunk rolls back and leaves no gap in the numbers', async () => {
    const tenant = 'bill-nogap';
    await createTestTenant(database.db, tenant);
    await seedOrder(database.db, tenant, 'N-1', FULFILLED_ORDER_EVENTS);
    await seedOrder(database.db, tenant, 'N-2', FULFILLED_ORDER_EVENTS);
    await sql`
      CREATE FUNCTION bill_fail_n2() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.order_id = 'N-2' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`.execute(
      database.db,
    );
    await sql`CREATE TRIGGER bill_fail_n2 BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION bill_fail_n2()`.execute(
      database.db,
    );
    await expect(activities.issueInvoices({ tenant, orderIds: ['N-1', 'N-2'] })).rejects.toThrow(/disk full/);
    expect(await invoicesOf(tenant)).toHaveLength(0);
    await sql`DROP TRIGGER bill_fail_n2 ON invoices`.execute(database.db);

    await activities.issueInvoices({ tenant, orderIds: ['N-1', 'N-2'] });
    expect((await invoicesOf(tenant)).map((invoice) => invoice.invoice_number)).toEqual([
      'INV-bill-nogap-202611-000001',
      'INV-bill-nogap-202611-000002',
    ]);
  });

  it("applies the volume tier from the month's invoiced count, the invoice being issued included", async () => {
    const tenant = 'bill-volume';
    await createTestTenant(database.db, tenant);
    await seedFulfilledOrdersBulk(database.db, tenant, 102);
    await runInvoicing(tenant, 1000);
    const invoices = await invoicesOf(tenant);
    const bySequence = (sequence: number) =>
      invoices.find((invoice) => invoice.invoice_number.endsWith(String(sequence).padStart(6, '0')))!;
    expect(bySequence(99).volume_tier_percent).toBe(0);
    expect(bySequence(100).volume_tier_percent).toBe(5);
    expect(bySequence(101).volume_tier_percent).toBe(5);
    expect(bySequence(100).billable_operations).toMatchObject({ monthly_invoiced_count: 100 });
    const discounted = bySequence(100);
    const lines = discounted.line_items as InvoiceLineItemView[];
    expect(lines[lines.length - 1]?.operation).toBe('volume_discount');
    expect(lines.reduce((sum, line) => sum + line.amount_cents, 0)).toBe(Number(discounted.amount_cents));
  });

  it('fails permanently for an unknown tenant', async () => {
    await expect(activities.issueInvoices({ tenant: 'bill-nobody', orderIds: ['x'] })).rejects.toMatchObject({
      type: 'UnknownTenant',
      nonRetryable: true,
    });
  });
});

describe('validation', () => {
  it('creates RECALCULATION adjustments at, below and above each threshold, once per difference', async () => {
    const tenant = 'bill-validate';
    await createTestTenant(database.db, tenant);
    const deltas: Record<string, number> = {
      'V-exact': 0,
      'V-below-auto': 499,
      'V-at-auto': 500,
      'V-above-auto': 501,
      'V-at-manual': 2000,
      'V-above-manual': 2001,
      'V-overbilled': -2001,
    };
    for (const orderId of [...Object.keys(deltas), 'V-late-return']) {
      await seedOrder(database.db, tenant, orderId, FULFILLED_ORDER_EVENTS);
    }
    await runInvoicing(tenant, 100);
    // Simulate billing errors: the stored amount is off by (expected − invoiced).
    for (const [orderId, delta] of Object.entries(deltas)) {
      await sql`UPDATE invoices SET amount_cents = amount_cents - ${delta} WHERE tenant = ${tenant} AND order_id = ${orderId}`.execute(
        database.db,
      );
    }
    // A return processed after invoicing: 75 + 150 + 25 = 250 more.
    await addOrderEvent(database.db, tenant, 'V-late-return', {
      type: 'return_processed',
      at: '2026-11-20T20:00:00Z',
    });

    const validateAll = async () => {
      const ids = await activities.findRecentInvoices({ tenant, lookbackHours: 24, limit: 100 });
      return activities.validateInvoices({ tenant, invoiceIds: ids });
    };
    const result = await validateAll();
    expect(result).toEqual({
      checked: 8,
      discrepancies: 7,
      created: 7,
      applied: 3,
      pendingReview: 4,
      highPriority: 2,
      quarantined: 0,
    });
    const adjustments = await adjustmentsOf(tenant);
    const invoiceIds = new Map((await invoicesOf(tenant)).map((invoice) => [invoice.id, invoice.order_id]));
    const byOrder = Object.fromEntries(
      adjustments.map((adjustment) => [
        invoiceIds.get(adjustment.invoice_id),
        [adjustment.reason, Number(adjustment.delta_cents), adjustment.status, adjustment.priority],
      ]),
    );
    expect(byOrder).toEqual({
      'V-below-auto': ['RECALCULATION', 499, 'APPLIED', 'NORMAL'],
      'V-at-auto': ['RECALCULATION', 500, 'APPLIED', 'NORMAL'],
      'V-above-auto': ['RECALCULATION', 501, 'PENDING_REVIEW', 'NORMAL'],
      'V-at-manual': ['RECALCULATION', 2000, 'PENDING_REVIEW', 'NORMAL'],
      'V-above-manual': ['RECALCULATION', 2001, 'PENDING_REVIEW', 'HIGH'],
      'V-overbilled': ['RECALCULATION', -2001, 'PENDING_REVIEW', 'HIGH'],
      'V-late-return': ['RECALCULATION', 250, 'APPLIED', 'NORMAL'],
    });
    expect(adjustments.find((a) => invoiceIds.get(a.invoice_id) === 'V-late-return')?.rationale).toBe(
      "Recalculated from the order's events: expected 320 cents, invoiced 70 cents (delta +250 cents)",
    );

    // A rejected difference is not proposed again; nothing is duplicated on a rerun.
    const overbilled = adjustments.find((a) => invoiceIds.get(a.invoice_id) === 'V-overbilled')!;
    await database.db
      .updateTable('invoice_adjustments')
      .set({ status: 'REJECTED' })
      .where('id', '=', overbilled.id as never)
      .execute();
    const rerun = await validateAll();
    expect(rerun).toMatchObject({ checked: 8, discrepancies: 1, created: 0 });
    expect(await adjustmentsOf(tenant)).toHaveLength(7);
  });
});

describe('recent invoices', () => {
  it('validates invoices issued in the lookback and older ones whose order received events in it', async () => {
    const tenant = 'bill-recent';
    await createTestTenant(database.db, tenant);
    for (const orderId of ['O-new', 'O-old-quiet', 'O-old-late-event']) {
      await seedOrder(database.db, tenant, orderId, FULFILLED_ORDER_EVENTS);
    }
    await runInvoicing(tenant, 100);
    await sql`UPDATE invoices SET created_at = now() - interval '5 days' WHERE tenant = ${tenant} AND order_id <> 'O-new'`.execute(
      database.db,
    );
    await sql`UPDATE order_events SET received_at = now() - interval '5 days' WHERE tenant = ${tenant}`.execute(
      database.db,
    );
    await addOrderEvent(database.db, tenant, 'O-old-late-event', {
      type: 'return_processed',
      at: '2026-11-20T20:00:00Z',
    });
    now = new Date();
    const ids = await activities.findRecentInvoices({ tenant, lookbackHours: 24, limit: 100 });
    const orders = await database.db
      .selectFrom('invoices')
      .select('order_id')
      .where('id', 'in', ids as never[])
      .orderBy('order_id')
      .execute();
    expect(orders.map((row) => row.order_id)).toEqual(['O-new', 'O-old-late-event']);
    expect(await activities.validateInvoices({ tenant, invoiceIds: ids })).toMatchObject({
      checked: 2,
      discrepancies: 1,
      applied: 1,
    });
  });
});

describe('late fees', () => {
  it('charges SENT invoices past due once', async () => {
    const tenant = 'bill-late';
    await createTestTenant(database.db, tenant);
    for (const orderId of ['L-sent', 'L-pending', 'L-paid', 'L-sent-not-due']) {
      await seedOrder(database.db, tenant, orderId, FULFILLED_ORDER_EVENTS);
    }
    now = new Date('2026-10-01T12:00:00Z');
    await runInvoicing(tenant, 100);
    const setStatus = (orderId: string, status: string) =>
      sql`UPDATE invoices SET status = ${status} WHERE tenant = ${tenant} AND order_id = ${orderId}`.execute(
        database.db,
      );
    await setStatus('L-sent', 'SENT');
    await setStatus('L-pending', 'PENDING');
    await setStatus('L-paid', 'PAID');
    await setStatus('L-sent-not-due', 'SENT');
    await sql`UPDATE invoices SET due_date = '2026-11-29' WHERE tenant = ${tenant} AND order_id = 'L-sent-not-due'`.execute(
      database.db,
    );

    now = new Date('2026-11-29T20:00:00Z');
    expect(await activities.applyLateFees({ tenant })).toEqual({ created: 1 });
    expect(await activities.applyLateFees({ tenant })).toEqual({ created: 0 });
    const [fee] = await adjustmentsOf(tenant);
    expect(fee).toMatchObject({ reason: 'LATE_FEE', delta_cents: '2500', status: 'APPLIED' });
    expect(fee?.rationale).toBe(
      'Late fee of 2500 cents: invoice INV-bill-late-202610-000003 was due 2026-10-31 and is unpaid',
    );
  });
});

describe('SLA credits', () => {
  it('turns each breached window into a capped SLA_CREDIT adjustment, once per (invoice, exception)', async () => {
    const tenant = 'bill-credits';
    await createTestTenant(database.db, tenant);
    await database.db
      .updateTable('tenants')
      .set({
        credit_rules: JSON.stringify({
          CARRIER_ISSUE: { type: 'fixed', amount_cents: 5000, max_per_order_cents: 10000 },
        }),
      })
      .where('name', '=', tenant)
      .execute();
    // 756 cents: every flag on the 70-cent core order.
    const flagged = [
      { type: 'order_created', at: '2026-11-20T08:00:00Z', payload: { priority: 'rush', oversized: true } },
      { type: 'pick_completed', at: '2026-11-20T09:00:00Z' },
      { type: 'pack_completed', at: '2026-11-20T10:00:00Z', payload: { hazmat: true, fragile: true } },
      { type: 'label_created', at: '2026-11-20T10:05:00Z' },
      { type: 'shipment_dispatched', at: '2026-11-20T12:00:00Z' },
    ];
    await seedOrder(database.db, tenant, 'S-1', flagged);
    await seedOrder(database.db, tenant, 'S-2', flagged);
    await seedOrder(database.db, tenant, 'S-unbilled', [
      { type: 'order_created', at: '2026-11-20T08:00:00Z' },
    ]);
    await runInvoicing(tenant, 100);

    const breach = (window: string, delay: number) => ({
      window,
      started_at: '2026-11-20T08:00:00Z',
      deadline_at: '2026-11-20T10:00:00Z',
      ended_at: '2026-11-20T11:00:00Z',
      actual_minutes: 180,
      sla_minutes: 120,
      delay_minutes: delay,
      multipliers: [],
    });
    const pick = await seedBreach(database.db, tenant, 'S-1', 'PICK_DELAY', breach('pick', 60));
    const pack = await seedBreach(database.db, tenant, 'S-1', 'PACK_DELAY', breach('pack', 30));
    const delivery = await seedBreach(database.db, tenant, 'S-1', 'DELIVERY_DELAY', breach('delivery', 1440));
    const scan = await seedBreach(database.db, tenant, 'S-1', 'MISSING_SCAN', breach('pack', 90));
    const carrier = await seedBreach(database.db, tenant, 'S-2', 'CARRIER_ISSUE', breach('ship', 400));
    const secondPick = await seedBreach(database.db, tenant, 'S-2', 'PICK_DELAY', breach('pick', 10));
    await seedBreach(database.db, tenant, 'S-1', 'ADDRESS_INVALID', {});
    await seedBreach(database.db, tenant, 'S-2', 'PACK_DELAY', { note: 'no breach context' });
    await seedBreach(database.db, tenant, 'S-unbilled', 'PICK_DELAY', breach('pick', 60));

    const first = await activities.applySlaCredits({ tenant, lookbackHours: 24, limit: 4 });
    expect(first).toMatchObject({ created: 4, hasMore: true });
    const second = await activities.applySlaCredits({ tenant, lookbackHours: 24, limit: 4 });
    expect(second).toMatchObject({ created: 2, hasMore: false });
    expect(await activities.applySlaCredits({ tenant, lookbackHours: 24, limit: 4 })).toMatchObject({
      created: 0,
    });

    const credits = await adjustmentsOf(tenant);
    expect(
      credits.map((credit) => [
        credit.exception_id,
        credit.reason,
        Number(credit.delta_cents),
        credit.status,
      ]),
    ).toEqual([
      [pick, 'SLA_CREDIT', -75, 'APPLIED'], // 10 % of 756
      [pack, 'SLA_CREDIT', -75, 'APPLIED'], // 10 % of 756
      [delivery, 'SLA_CREDIT', -189, 'APPLIED'], // 25 % of 756
      [scan, 'SLA_CREDIT', 0, 'APPLIED'], // the pack window is credited once, through PACK_DELAY
      [carrier, 'SLA_CREDIT', -756, 'PENDING_REVIEW'], // fixed 5000, capped at the order's 756 fees
      [secondPick, 'SLA_CREDIT', 0, 'APPLIED'], // the order's fees are already fully credited
    ]);
    expect(credits[4]?.rationale).toContain("capped at the order's fees of 756 cents");
    expect(credits[0]?.rationale).toContain('PICK_DELAY (pick window, 60 min late)');
    expect(credits[3]?.rationale).toContain(
      'not credited: the pack window is credited through its delay exception',
    );
  });
});

describe('monthly report', () => {
  it('summarises invoices, adjustments by reason, net and status, and stores it', async () => {
    const tenant = 'bill-report';
    await createTestTenant(database.db, tenant);
    for (const orderId of ['R-1', 'R-2', 'R-3'])
      await seedOrder(database.db, tenant, orderId, FULFILLED_ORDER_EVENTS);
    await runInvoicing(tenant, 100);
    await sql`UPDATE invoices SET status = 'VOID' WHERE tenant = ${tenant} AND order_id = 'R-3'`.execute(
      database.db,
    );
    await addOrderEvent(database.db, tenant, 'R-1', { type: 'return_processed', at: '2026-11-20T20:00:00Z' });
    const ids = await activities.findRecentInvoices({ tenant, lookbackHours: 24, limit: 100 });
    await activities.validateInvoices({ tenant, invoiceIds: ids });

    const report = await activities.generateBillingReport({ tenant });
    expect(report).toMatchObject({
      tenant,
      period: '2026-11',
      invoice_count: 3,
      gross_cents: 140,
      adjustments_applied_cents: 250,
      net_cents: 390,
      minimum_monthly_fee_cents: 10000,
      minimum_fee_shortfall_cents: 9610,
    });
    expect(report.adjustments_by_reason.RECALCULATION).toEqual({
      count: 1,
      applied_cents: 250,
      pending_review_cents: 0,
      rejected_cents: 0,
    });
    expect(report.by_status.DRAFT).toEqual({ count: 2, amount_cents: 140 });
    expect(report.by_status.VOID).toEqual({ count: 1, amount_cents: 70 });
    const stored = await database.db
      .selectFrom('billing_reports')
      .selectAll()
      .where('tenant', '=', tenant)
      .executeTakeFirstOrThrow();
    expect(stored.period).toBe('2026-11');
    expect(stored.report).toEqual(report);
  });
});
