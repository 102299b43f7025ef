import { classifyAdjustment, recalculationDedupeKey, recalculationRationale } from './adjustments';
import { computeSlaCredit, DEFAULT_CREDIT_RULES, type CreditRule } from './credit-rules.schema';
import {
  billingDatesAt,
  formatInvoiceNumber,
  planInvoiceTransition,
  type InvoiceAction,
} from './invoice-lifecycle';
import { DEFAULT_TARIFF, resolveTariff, TariffOverridesSchema } from './tariff.schema';

describe('classifyAdjustment (auto 500, manual review 2000)', () => {
  it.each<[number, string, string]>([
    [0, 'APPLIED', 'NORMAL'],
    [499, 'APPLIED', 'NORMAL'],
    [500, 'APPLIED', 'NORMAL'],
    [-500, 'APPLIED', 'NORMAL'],
    [501, 'PENDING_REVIEW', 'NORMAL'],
    [-501, 'PENDING_REVIEW', 'NORMAL'],
    [1999, 'PENDING_REVIEW', 'NORMAL'],
    [2000, 'PENDING_REVIEW', 'NORMAL'],
    [2001, 'PENDING_REVIEW', 'HIGH'],
    [-2001, 'PENDING_REVIEW', 'HIGH'],
  ])('delta %i → %s %s', (delta, status, priority) => {
    expect(classifyAdjustment(delta, DEFAULT_TARIFF)).toEqual({ status, priority });
  });

  it('names both amounts in the rationale and keys the same difference the same way', () => {
    expect(recalculationRationale(1234, 1200)).toBe(
      "Recalculated from the order's events: expected 1234 cents, invoiced 1200 cents (delta +34 cents)",
    );
    expect(recalculationDedupeKey('7', 1234, 1200)).toBe(recalculationDedupeKey('7', 1234, 1200));
    expect(recalculationDedupeKey('7', 1234, 1200)).not.toBe(recalculationDedupeKey('7', 1300, 1200));
  });
});

describe('computeSlaCredit', () => {
  const percent10: CreditRule = { type: 'percent', percent: 10, max_per_order_cents: 500 };
  const fixed100: CreditRule = { type: 'fixed', amount_cents: 100, max_per_order_cents: 200 };
  it.each<[string, CreditRule, number, number, number, number, string]>([
    ['10 % of 756 truncates to 75', percent10, 756, 0, 0, 75, 'none'],
    ['10 % of 9000 capped at 500', percent10, 9000, 0, 0, 500, 'reason_cap'],
    ['second breach fills the rest of the cap', percent10, 9000, 450, 450, 50, 'reason_cap'],
    ['cap already reached', percent10, 9000, 500, 500, 0, 'reason_cap'],
    ['fixed 100', fixed100, 70, 0, 0, 70, 'order_fees'],
    ['fixed 100 on a large order', fixed100, 5000, 0, 0, 100, 'none'],
    ['never beyond the order fees', fixed100, 5000, 0, 4950, 50, 'order_fees'],
  ])('%s', (_name, rule, fees, forReason, total, expected, cappedBy) => {
    const result = computeSlaCredit({
      rule,
      orderFeesCents: fees,
      creditedForReasonCents: forReason,
      creditedTotalCents: total,
    });
    expect(result.creditCents).toBe(expected);
    expect(result.cappedBy).toBe(cappedBy);
  });

  it('has a default rule for every SLA breach reason code', () => {
    expect(Object.keys(DEFAULT_CREDIT_RULES).sort()).toEqual(
      ['CARRIER_ISSUE', 'DELIVERY_DELAY', 'MISSING_SCAN', 'PACK_DELAY', 'PICK_DELAY'].sort(),
    );
  });
});

describe('invoice lifecycle', () => {
  it.each<[string, InvoiceAction, string | null]>([
    ['DRAFT', 'finalize', 'PENDING'],
    ['PENDING', 'send', 'SENT'],
    ['SENT', 'mark-paid', 'PAID'],
    ['DRAFT', 'void', 'VOID'],
    ['PENDING', 'void', 'VOID'],
    ['SENT', 'void', 'VOID'],
    ['DRAFT', 'send', null],
    ['DRAFT', 'mark-paid', null],
    ['PENDING', 'finalize', null],
    ['PAID', 'void', null],
    ['VOID', 'finalize', null],
    ['PAID', 'mark-paid', null],
  ])('%s --%s--> %s', (from, action, to) => {
    const result = planInvoiceTransition(from, action);
    if (to) expect(result).toMatchObject({ kind: 'allowed', to });
    else expect(result.kind).toBe('invalid');
  });

  it.each<[string, string, string, string, string]>([
    ['2026-11-29T20:00:00Z', 'UTC', '202611', '2026-11-29', '2026-12-29'],
    ['2026-11-30T23:30:00Z', 'Asia/Tokyo', '202612', '2026-12-01', '2026-12-31'],
    ['2026-12-01T03:00:00Z', 'America/New_York', '202611', '2026-11-30', '2026-12-30'],
  ])('billing dates at %s in %s', (instant, zone, period, invoiceDate, dueDate) => {
    expect(billingDatesAt(new Date(instant), zone, 30)).toEqual({ period, invoiceDate, dueDate });
  });

  it('numbers invoices INV-<tenant>-<YYYYMM>-<seq>', () => {
    expect(formatInvoiceNumber('acme', '202611', 42)).toBe('INV-acme-202611-000042');
  });
});

describe('tariff overrides', () => {
  it('merges overrides over the defaults', () => {
    expect(resolveTariff({ pick_cents: 40 })).toEqual({ ...DEFAULT_TARIFF, pick_cents: 40 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['negative price', { pick_cents: -1 }, 'pick_cents'],
    ['fractional cents', { pack_cents: 1.5 }, 'pack_cents'],
    ['multiplier below 1', { rush_multiplier: 0.5 }, 'rush_multiplier'],
    ['thresholds inverted', { auto_credit_threshold_cents: 3000 }, 'manual_review_threshold_cents'],
    [
      'unsorted tiers',
      {
        volume_tiers: [
          { min_orders: 500, discount_percent: 10 },
          { min_orders: 100, discount_percent: 5 },
        ],
      },
      'volume_tiers',
    ],
  ])('rejects %s naming %s', (_name, overrides, field) => {
    const result = TariffOverridesSchema.safeParse(overrides);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => String(issue.path[0]))).toContain(field);
  });

  it('ignores a broken stored field instead of billing with it', () => {
    expect(resolveTariff({ pick_cents: 'lots', pack_cents: 25 })).toEqual({
      ...DEFAULT_TARIFF,
      pack_cents: 25,
    });
  });
});
