import {
  lateFeeAdjustment,
  planSlaCredits,
  recalculationAdjustment,
  slaCreditRationale,
  type CreditedSlaCents,
  type SlaCreditCandidate,
} from './adjustments';
import { summarizeBillingReport } from './billing-report';
import { DEFAULT_CREDIT_RULES, type CreditRule, type CreditRules } from './credit-rules.schema';
import { draftInvoices, tariffOfInvoice } from './invoice-pricing';
import { DEFAULT_TARIFF } from './tariff.schema';

// Invoice rationale and caps (domain reference §9): what each adjustment says and how far credits may go.

const thresholds = { auto_credit_threshold_cents: 500, manual_review_threshold_cents: 2000 };

const candidate = (overrides: Partial<SlaCreditCandidate> = {}): SlaCreditCandidate => ({
  exceptionId: '7',
  reasonCode: 'PICK_DELAY',
  window: 'pick',
  delayMinutes: 60,
  invoiceId: '42',
  invoiceNumber: 'INV-t-202611-000001',
  orderFeesCents: 2000,
  scanArrived: false,
  scanMissing: false,
  windowHasDelay: false,
  ...overrides,
});

describe('slaCreditRationale', () => {
  const percent: CreditRule = { type: 'percent', percent: 10, max_per_order_cents: 500 };
  const fixed: CreditRule = { type: 'fixed', amount_cents: 5000, max_per_order_cents: 10_000 };
  it.each<
    [string, SlaCreditCandidate, CreditRule, 'none' | 'reason_cap' | 'order_fees', number, number, string]
  >([
    [
      'percent, uncapped',
      candidate(),
      percent,
      'none',
      200,
      200,
      'SLA credit for PICK_DELAY (pick window, 60 min late) on INV-t-202611-000001: 10% of 2000 cents = 200 cents; ' +
        'credited 200 cents',
    ],
    [
      'percent, capped per reason',
      candidate({ orderFeesCents: 9000 }),
      percent,
      'reason_cap',
      900,
      500,
      'SLA credit for PICK_DELAY (pick window, 60 min late) on INV-t-202611-000001: 10% of 9000 cents = 900 cents, ' +
        'capped at 500 cents per order for PICK_DELAY; credited 500 cents',
    ],
    [
      'fixed, capped by the fees',
      candidate({ reasonCode: 'CARRIER_ISSUE', window: 'handoff', delayMinutes: 15, orderFeesCents: 756 }),
      fixed,
      'order_fees',
      5000,
      756,
      'SLA credit for CARRIER_ISSUE (handoff window, 15 min late) on INV-t-202611-000001: fixed 5000 cents = ' +
        "5000 cents, capped at the order's fees of 756 cents; credited 756 cents",
    ],
    [
      'no window or delay in the context',
      candidate({ window: undefined, delayMinutes: undefined }),
      percent,
      'none',
      200,
      200,
      'SLA credit for PICK_DELAY (unknown window, 0 min late) on INV-t-202611-000001: 10% of 2000 cents = 200 cents; ' +
        'credited 200 cents',
    ],
  ])('%s', (_name, input, rule, cappedBy, rawCents, creditCents, expected) => {
    expect(slaCreditRationale(input, rule, { cappedBy, rawCents, creditCents })).toBe(expected);
  });
});

describe('planSlaCredits caps', () => {
  const rules: CreditRules = {
    ...DEFAULT_CREDIT_RULES,
    PICK_DELAY: { type: 'percent', percent: 10, max_per_order_cents: 300 },
    MISSING_SCAN: { type: 'fixed', amount_cents: 100, max_per_order_cents: 200 },
  };
  it.each<[string, SlaCreditCandidate[], CreditedSlaCents[], Array<[number, string, string]>]>([
    ['one breach, within every cap', [candidate()], [], [[-200, 'APPLIED', 'NORMAL']]],
    [
      'two breaches of one reason share its cap within the batch',
      [candidate({ exceptionId: '1' }), candidate({ exceptionId: '2' })],
      [],
      [
        [-200, 'APPLIED', 'NORMAL'],
        [-100, 'APPLIED', 'NORMAL'],
      ],
    ],
    [
      'a reason already credited to its cap gets a zero credit, still recorded',
      [candidate()],
      [{ invoiceId: '42', reasonCode: 'PICK_DELAY', cents: 300 }],
      [[0, 'APPLIED', 'NORMAL']],
    ],
    [
      "another reason's credits count against the order's fees",
      [candidate({ reasonCode: 'MISSING_SCAN', orderFeesCents: 150 })],
      [{ invoiceId: '42', reasonCode: 'CARRIER_ISSUE', cents: 100 }],
      [[-50, 'APPLIED', 'NORMAL']],
    ],
    [
      'credits on another invoice do not count',
      [candidate()],
      [{ invoiceId: '43', reasonCode: 'PICK_DELAY', cents: 300 }],
      [[-200, 'APPLIED', 'NORMAL']],
    ],
    [
      'a credit above the auto-credit threshold waits for review',
      [candidate({ reasonCode: 'DELIVERY_DELAY', orderFeesCents: 40_000 })],
      [],
      [[-2000, 'PENDING_REVIEW', 'NORMAL']],
    ],
    ['a code without a credit rule is skipped', [candidate({ reasonCode: 'ADDRESS_INVALID' })], [], []],
  ])('%s', (_name, candidates, credited, expected) => {
    const planned = planSlaCredits(candidates, credited, rules, thresholds);
    expect(planned.map((credit) => [credit.delta_cents, credit.status, credit.priority])).toEqual(expected);
    for (const [index, credit] of planned.entries()) {
      expect(credit.dedupe_key).toBe(
        `sla-credit:${candidates[index]?.invoiceId}:${candidates[index]?.exceptionId}`,
      );
      expect(credit.exception_id).toBe(candidates[index]?.exceptionId);
    }
  });
});

describe('planSlaCredits: the same minutes are never credited twice', () => {
  // Default rules: PACK_DELAY 10 % (cap 500), CARRIER_ISSUE 15 % (cap 1000), MISSING_SCAN fixed 100 (cap 200).
  const late = (overrides: Partial<SlaCreditCandidate>) => candidate({ orderFeesCents: 70, ...overrides });
  it.each<[string, SlaCreditCandidate[], CreditedSlaCents[], Array<[string, number, RegExp]>]>([
    [
      // The issue's example: a pack scan at 300 min on a 70-cent invoice credited PACK 7 + MISSING_SCAN 63 before.
      'a late pack scan: PACK_DELAY credited, its resolved MISSING_SCAN not',
      [
        late({ exceptionId: '1', reasonCode: 'PACK_DELAY', window: 'pack', delayMinutes: 120 }),
        late({
          exceptionId: '2',
          reasonCode: 'MISSING_SCAN',
          window: 'pack',
          delayMinutes: 60,
          scanArrived: true,
          windowHasDelay: true,
        }),
      ],
      [],
      [
        ['1', -7, /10% of 70 cents = 7 cents; credited 7 cents$/],
        [
          '2',
          0,
          /not credited: the scan arrived late; its lateness is credited with the pack window's delay/,
        ],
      ],
    ],
    [
      'a scan still absent while its window has an open delay: the delay is credited, the MISSING_SCAN not',
      [
        late({ exceptionId: '3', reasonCode: 'MISSING_SCAN', window: 'ship', windowHasDelay: true }),
        late({ exceptionId: '4', reasonCode: 'CARRIER_ISSUE', window: 'ship' }),
      ],
      [],
      [
        ['3', 0, /not credited: the ship window is credited through its delay exception/],
        ['4', -10, /15% of 70 cents = 10 cents; credited 10 cents$/],
      ],
    ],
    [
      'a stage the order moved past without its scan: MISSING_SCAN credited, the delay that gave way not',
      [
        late({ exceptionId: '5', reasonCode: 'PICK_DELAY', window: 'pick', scanMissing: true }),
        late({ exceptionId: '6', reasonCode: 'MISSING_SCAN', window: 'pick' }),
      ],
      [],
      [
        ['5', 0, /not credited: the order moved past the pick stage without its scan/],
        ['6', -70, /fixed 100 cents = 100 cents, capped at the order's fees of 70 cents; credited 70 cents$/],
      ],
    ],
    [
      'a delay measured after its MISSING_SCAN was credited only tops the window up',
      [candidate({ exceptionId: '7', reasonCode: 'PICK_DELAY', window: 'pick' })],
      [{ invoiceId: '42', reasonCode: 'MISSING_SCAN', window: 'pick', cents: 100 }],
      [
        [
          '7',
          -100,
          /10% of 2000 cents = 200 cents, less 100 cents already credited for the pick window; credited 100/,
        ],
      ],
    ],
    [
      'a window already credited in full gets nothing more',
      [late({ exceptionId: '8', reasonCode: 'PICK_DELAY', window: 'pick' })],
      [{ invoiceId: '42', reasonCode: 'MISSING_SCAN', window: 'pick', cents: 70 }],
      [['8', 0, /less 70 cents already credited for the pick window; credited 0 cents$/]],
    ],
    [
      'other windows are credited on their own',
      [
        candidate({ exceptionId: '9', reasonCode: 'PICK_DELAY', window: 'pick' }),
        candidate({ exceptionId: '10', reasonCode: 'PACK_DELAY', window: 'pack' }),
      ],
      [{ invoiceId: '42', reasonCode: 'CARRIER_ISSUE', window: 'ship', cents: 300 }],
      [
        ['9', -200, /credited 200 cents$/],
        ['10', -200, /credited 200 cents$/],
      ],
    ],
  ])('%s', (_name, candidates, credited, expected) => {
    const planned = planSlaCredits(candidates, credited, DEFAULT_CREDIT_RULES, thresholds);
    expect(planned.map((credit) => [credit.exception_id, credit.delta_cents])).toEqual(
      expected.map(([id, delta]) => [id, delta]),
    );
    for (const [index, [, , rationale]] of expected.entries()) {
      expect(planned[index]?.rationale).toMatch(rationale);
    }
  });
});

describe('recalculationAdjustment', () => {
  it.each<[number, number, [number, string, string, string] | null]>([
    [1000, 1000, null],
    [
      1200,
      1000,
      [
        200,
        'APPLIED',
        'NORMAL',
        "Recalculated from the order's events: expected 1200 cents, invoiced 1000 cents (delta +200 cents)",
      ],
    ],
    [
      1000,
      1600,
      [
        -600,
        'PENDING_REVIEW',
        'NORMAL',
        "Recalculated from the order's events: expected 1000 cents, invoiced 1600 cents (delta -600 cents)",
      ],
    ],
    [
      5000,
      1000,
      [
        4000,
        'PENDING_REVIEW',
        'HIGH',
        "Recalculated from the order's events: expected 5000 cents, invoiced 1000 cents (delta +4000 cents)",
      ],
    ],
  ])('expected %i, invoiced %i', (expectedCents, invoicedCents, expected) => {
    const adjustment = recalculationAdjustment({ id: '9', expectedCents, invoicedCents }, thresholds);
    expect(
      adjustment && [adjustment.delta_cents, adjustment.status, adjustment.priority, adjustment.rationale],
    ).toEqual(expected);
    if (adjustment) expect(adjustment.dedupe_key).toBe(`recalculation:9:${invoicedCents}->${expectedCents}`);
  });
});

describe('lateFeeAdjustment', () => {
  it.each<[number, string, string]>([
    [
      2500,
      '2026-11-30',
      'Late fee of 2500 cents: invoice INV-t-202611-000003 was due 2026-11-30 and is unpaid',
    ],
    [1, '2027-01-01', 'Late fee of 1 cents: invoice INV-t-202611-000003 was due 2027-01-01 and is unpaid'],
  ])('%i cents due %s', (cents, dueDate, rationale) => {
    expect(
      lateFeeAdjustment({ id: '3', invoice_number: 'INV-t-202611-000003', due_date: dueDate }, cents),
    ).toEqual({
      invoice_id: '3',
      exception_id: null,
      delta_cents: cents,
      rationale,
      status: 'APPLIED',
      priority: 'NORMAL',
      dedupe_key: 'late-fee:3',
    });
  });
});

describe('draftInvoices', () => {
  const shipped = [
    { event_type: 'pick_completed', occurred_at: new Date('2026-11-02T10:00:00Z'), payload: {} },
    { event_type: 'shipment_handed_over', occurred_at: new Date('2026-11-02T12:00:00Z'), payload: {} },
  ];
  it.each<[string, number, string[], string[]]>([
    ['a new month starts at 1', 0, ['A', 'B'], ['INV-t-202611-000001', 'INV-t-202611-000002']],
    ['continues after the last number', 41, ['C'], ['INV-t-202611-000042']],
    ['nothing to issue', 7, [], []],
  ])('%s', (_name, lastSequence, orderIds, numbers) => {
    const drafts = draftInvoices({
      tenant: 't',
      period: '202611',
      lastSequence,
      orders: orderIds.map((order_id) => ({ order_id, currency: 'EUR' })),
      eventsByOrder: new Map(orderIds.map((id) => [id, shipped])),
      tariff: DEFAULT_TARIFF,
    });
    expect(drafts.map((draft) => draft.invoice_number)).toEqual(numbers);
    // The volume tier counts the month's invoices including each one (its sequence number).
    expect(drafts.map((draft) => draft.billable_operations.monthly_invoiced_count)).toEqual(
      orderIds.map((_id, index) => lastSequence + index + 1),
    );
    expect(drafts.every((draft) => draft.currency === 'EUR' && draft.amount_cents > 0)).toBe(true);
  });
});

describe('draftInvoices: the volume tier counts the invoice being issued', () => {
  const shipped = [
    { event_type: 'pick_completed', occurred_at: new Date('2026-11-02T10:00:00Z'), payload: {} },
    { event_type: 'pack_completed', occurred_at: new Date('2026-11-02T11:00:00Z'), payload: {} },
    { event_type: 'label_created', occurred_at: new Date('2026-11-02T12:00:00Z'), payload: {} },
  ];
  // The 70-cent order: 5 % → 66, 10 % → 63, 15 % → 59.
  it.each<[number, number, number]>([
    [99, 0, 70],
    [100, 5, 66],
    [101, 5, 66],
    [499, 5, 66],
    [500, 10, 63],
    [999, 10, 63],
    [1000, 15, 59],
  ])('invoice no. %i of the month gets %i %%', (sequence, percent, amount) => {
    const [draft] = draftInvoices({
      tenant: 't',
      period: '202611',
      lastSequence: sequence - 1,
      orders: [{ order_id: 'A', currency: 'USD' }],
      eventsByOrder: new Map([['A', shipped]]),
      tariff: DEFAULT_TARIFF,
    });
    expect(draft).toMatchObject({
      invoice_number: `INV-t-202611-${String(sequence).padStart(6, '0')}`,
      volume_tier_percent: percent,
      amount_cents: amount,
      billable_operations: { monthly_invoiced_count: sequence },
    });
  });
});

describe('tariffOfInvoice', () => {
  const tenantTariffs = { pick_cents: 999 };
  it.each<[string, unknown, number]>([
    ['the snapshot it was issued under', { ...DEFAULT_TARIFF, pick_cents: 123 }, 123],
    ['the tenant tariff when the snapshot is unreadable', { ...DEFAULT_TARIFF, pick_cents: 'x' }, 999],
    ['the tenant tariff when there is no snapshot', null, 999],
  ])('%s', (_name, snapshot, pickCents) => {
    expect(tariffOfInvoice(snapshot, tenantTariffs).pick_cents).toBe(pickCents);
  });
});

describe('summarizeBillingReport', () => {
  const base = {
    tenant: 't',
    period: '2026-11',
    generatedAt: new Date('2026-12-01T02:00:00Z'),
    minimumMonthlyFeeCents: 10_000,
  };
  it.each<[string, Parameters<typeof summarizeBillingReport>[0], Record<string, number>]>([
    [
      'empty month owes the whole minimum fee',
      { ...base, invoicesByStatus: [], adjustmentsByReason: [] },
      { invoice_count: 0, gross_cents: 0, net_cents: 0, minimum_fee_shortfall_cents: 10_000 },
    ],
    [
      'void invoices are counted but not billed; only applied adjustments change net',
      {
        ...base,
        invoicesByStatus: [
          { status: 'DRAFT', count: 3, amount_cents: 6000 },
          { status: 'PAID', count: 2, amount_cents: 5000 },
          { status: 'VOID', count: 1, amount_cents: 9000 },
        ],
        adjustmentsByReason: [
          { reason: 'SLA_CREDIT', status: 'APPLIED', count: 2, cents: -300 },
          { reason: 'SLA_CREDIT', status: 'PENDING_REVIEW', count: 1, cents: -900 },
          { reason: 'LATE_FEE', status: 'APPLIED', count: 1, cents: 250 },
          { reason: 'RECALCULATION', status: 'REJECTED', count: 1, cents: 70 },
        ],
      },
      {
        invoice_count: 6,
        gross_cents: 11_000,
        adjustments_applied_cents: -50,
        net_cents: 10_950,
        minimum_fee_shortfall_cents: 0,
      },
    ],
    [
      'unknown statuses and reasons are left out',
      {
        ...base,
        invoicesByStatus: [{ status: 'ARCHIVED', count: 4, amount_cents: 400 }],
        adjustmentsByReason: [{ reason: 'GOODWILL', status: 'APPLIED', count: 1, cents: -100 }],
      },
      {
        invoice_count: 0,
        gross_cents: 0,
        adjustments_applied_cents: 0,
        net_cents: 0,
        minimum_fee_shortfall_cents: 10_000,
      },
    ],
  ])('%s', (_name, input, expected) => {
    const report = summarizeBillingReport(input);
    expect(report).toMatchObject(expected);
    expect(report.generated_at).toBe('2026-12-01T02:00:00.000Z');
  });

  it('sums adjustments per reason and status', () => {
    const report = summarizeBillingReport({
      ...base,
      invoicesByStatus: [],
      adjustmentsByReason: [
        { reason: 'SLA_CREDIT', status: 'APPLIED', count: 2, cents: -300 },
        { reason: 'SLA_CREDIT', status: 'PENDING_REVIEW', count: 1, cents: -900 },
        { reason: 'SLA_CREDIT', status: 'REJECTED', count: 1, cents: -50 },
      ],
    });
    expect(report.adjustments_by_reason.SLA_CREDIT).toEqual({
      count: 4,
      applied_cents: -300,
      pending_review_cents: -900,
      rejected_cents: -50,
    });
    expect(report.adjustments_by_reason.MANUAL).toEqual({
      count: 0,
      applied_cents: 0,
      pending_review_cents: 0,
      rejected_cents: 0,
    });
  });
});
