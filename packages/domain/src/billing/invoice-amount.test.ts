import {
  billableOperationsFromEvents,
  type BillableOperations,
  type BillingFlag,
} from './billable-operations';
import { computeInvoiceAmount, multiplyTruncated } from './invoice-amount';
import { DEFAULT_TARIFF, resolveTariff, type Tariff } from './tariff.schema';

const NO_FLAGS = { rush: false, oversized: false, hazmat: false, fragile: false };
const NO_VALUE_ADDED = { photo: 0, quality_check: 0, custom_packaging: 0, gift_wrap: 0 };

function ops(overrides: Partial<BillableOperations> = {}): BillableOperations {
  return {
    pick: 1,
    pack: 1,
    label: 1,
    kitting: 0,
    returns: 0,
    storage_days: 1,
    value_added: { ...NO_VALUE_ADDED },
    flags: { ...NO_FLAGS },
    ...overrides,
  };
}

const flags = (...names: BillingFlag[]) => ({
  ...NO_FLAGS,
  ...Object.fromEntries(names.map((n) => [n, true])),
});

const CUSTOM_TARIFF: Tariff = resolveTariff({
  pick_cents: 45,
  storage_per_day_cents: 7,
  storage_long_term_multiplier: 1.5,
  minimum_per_order_cents: 100,
  rush_multiplier: 1.75,
  volume_tiers: [{ min_orders: 10, discount_percent: 20 }],
});

describe('computeInvoiceAmount (default tariff)', () => {
  it.each<[string, Partial<BillableOperations>, number, number]>([
    ['core pick+pack+label, 1 storage day', {}, 0, 70],
    ['kitting twice', { kitting: 2 }, 0, 170],
    [
      'every value-added service',
      { value_added: { photo: 1, quality_check: 1, custom_packaging: 1, gift_wrap: 1 } },
      0,
      445,
    ],
    ['one return (75 + 150 + 25)', { returns: 1 }, 0, 320],
    ['two returns', { returns: 2 }, 0, 570],
    ['storage 89 days', { pick: 0, pack: 0, label: 0, storage_days: 89 }, 0, 445],
    [
      'storage 90 days (boundary, no long-term rate)',
      { pick: 0, pack: 0, label: 0, storage_days: 90 },
      0,
      450,
    ],
    ['storage 91 days (first long-term day at 10)', { pick: 0, pack: 0, label: 0, storage_days: 91 }, 0, 460],
    ['storage 120 days', { pick: 0, pack: 0, label: 0, storage_days: 120 }, 0, 750],
    ['below the per-order minimum (35 → 50)', { pack: 0, label: 0 }, 0, 50],
    ['minimum applies before multipliers (50 × 2.0)', { pack: 0, label: 0, flags: flags('rush') }, 0, 100],
    ['exactly the minimum stays', { pick: 0, pack: 0, label: 0, storage_days: 10 }, 0, 50],
    ['nothing but a day of storage', { pick: 0, pack: 0, label: 0 }, 0, 50],
    [
      'truncation after each multiplier (75 → 112 → 134)',
      { label: 0, storage_days: 5, flags: flags('oversized', 'fragile') },
      0,
      134,
    ],
    ['volume: 99 invoiced, no tier', {}, 99, 70],
    ['volume: 100 invoiced → 5 % (66.5 → 66)', {}, 100, 66],
    ['volume: 499 invoiced → 5 %', {}, 499, 66],
    ['volume: 500 invoiced → 10 %', {}, 500, 63],
    ['volume: 999 invoiced → 10 %', {}, 999, 63],
    ['volume: 1000 invoiced → 15 % (59.5 → 59)', {}, 1000, 59],
    [
      'everything: 91 days, kitting, value-added, return, all flags, 15 %',
      {
        kitting: 1,
        returns: 1,
        storage_days: 91,
        value_added: { photo: 1, quality_check: 1, custom_packaging: 1, gift_wrap: 1 },
        flags: flags('rush', 'oversized', 'hazmat', 'fragile'),
      },
      1000,
      11016,
    ],
  ])('%s', (_name, overrides, monthlyInvoicedCount, expected) => {
    const result = computeInvoiceAmount(ops(overrides), DEFAULT_TARIFF, { monthlyInvoicedCount });
    expect(result.amount_cents).toBe(expected);
    expect(result.line_items.reduce((sum, line) => sum + line.amount_cents, 0)).toBe(expected);
    for (const line of result.line_items) expect(line.amount_cents).toBe(line.quantity * line.rate_cents);
  });

  // Every flag combination on the 70-cent core order: rush 2.0, oversized 1.5, hazmat 3.0, fragile 1.2 in that order.
  it.each<[BillingFlag[], number]>([
    [[], 70],
    [['rush'], 140],
    [['oversized'], 105],
    [['hazmat'], 210],
    [['fragile'], 84],
    [['rush', 'oversized'], 210],
    [['rush', 'hazmat'], 420],
    [['rush', 'fragile'], 168],
    [['oversized', 'hazmat'], 315],
    [['oversized', 'fragile'], 126],
    [['hazmat', 'fragile'], 252],
    [['rush', 'oversized', 'hazmat'], 630],
    [['rush', 'oversized', 'fragile'], 252],
    [['rush', 'hazmat', 'fragile'], 504],
    [['oversized', 'hazmat', 'fragile'], 378],
    [['rush', 'oversized', 'hazmat', 'fragile'], 756],
  ])('flags %j → %i', (names, expected) => {
    const result = computeInvoiceAmount(ops({ flags: flags(...names) }), DEFAULT_TARIFF, {
      monthlyInvoicedCount: 0,
    });
    expect(result.amount_cents).toBe(expected);
    expect(result.line_items.filter((line) => line.operation.endsWith('_multiplier'))).toHaveLength(
      names.length,
    );
  });
});

describe('computeInvoiceAmount (tenant tariff overrides)', () => {
  it.each<[string, Partial<BillableOperations>, number, number]>([
    // 45 + 90 × 7 = 630 + long-term trunc(10 × 7 × 1.5 = 105) = 780
    [
      'pick + 100 days at 7/day, long-term 10 days × 7 × 1.5',
      { pack: 0, label: 0, storage_days: 100 },
      0,
      780,
    ],
    ['rush 1.75 truncates (1365)', { pack: 0, label: 0, storage_days: 100, flags: flags('rush') }, 0, 1365],
    ['custom tier 20 % from 10 orders', { pack: 0, label: 0, storage_days: 100 }, 10, 624],
    ['custom minimum 100', { pack: 0, label: 0 }, 0, 100],
  ])('%s', (_name, overrides, monthlyInvoicedCount, expected) => {
    const result = computeInvoiceAmount(ops(overrides), CUSTOM_TARIFF, { monthlyInvoicedCount });
    expect(result.amount_cents).toBe(expected);
    expect(result.line_items.reduce((sum, line) => sum + line.amount_cents, 0)).toBe(expected);
  });
});

describe('long-term storage: the rate × multiplier × days, truncated once', () => {
  const tariff = (rate: number, multiplier: number, after = 90) =>
    resolveTariff({
      storage_per_day_cents: rate,
      storage_long_term_multiplier: multiplier,
      storage_long_term_after_days: after,
    });
  it.each<[string, Tariff, number, number, number]>([
    // 90 × 5 = 450 + trunc(10 × 5 × 1.5 = 75) = 525 (per-day truncation gave 10 × 7 = 70 → 520)
    ['5 cents ×1.5 over 100 days', tariff(5, 1.5), 100, 75, 525],
    ['5 cents ×1.5 over 101 days (82.5 → 82)', tariff(5, 1.5), 101, 82, 532],
    ['5 cents ×1.5 over 91 days (7.5 → 7)', tariff(5, 1.5), 91, 7, 457],
    ['3 cents ×1.25 over 30 days after 10 (75)', tariff(3, 1.25, 10), 30, 75, 105],
    ['default 5 cents ×2 over 120 days', DEFAULT_TARIFF, 120, 300, 750],
  ])('%s', (_name, storageTariff, days, longTermCents, expected) => {
    const result = computeInvoiceAmount(
      ops({ pick: 0, pack: 0, label: 0, storage_days: days }),
      storageTariff,
      {
        monthlyInvoicedCount: 1,
      },
    );
    expect(result.amount_cents).toBe(expected);
    const longTerm = result.line_items.find((line) => line.operation === 'storage_long_term');
    expect(longTerm).toMatchObject({ quantity: 1, rate_cents: longTermCents, amount_cents: longTermCents });
  });
});

describe('line items', () => {
  it('lists discount and multipliers as their own lines in formula order', () => {
    const result = computeInvoiceAmount(
      ops({ storage_days: 91, flags: flags('rush', 'fragile') }),
      DEFAULT_TARIFF,
      { monthlyInvoicedCount: 100 },
    );
    expect(
      result.line_items.map((line) => [line.operation, line.quantity, line.rate_cents, line.amount_cents]),
    ).toEqual([
      ['pick', 1, 30, 30],
      ['pack', 1, 20, 20],
      ['label', 1, 15, 15],
      ['storage', 90, 5, 450],
      ['storage_long_term', 1, 10, 10],
      ['rush_multiplier', 1, 525, 525],
      ['fragile_multiplier', 1, 210, 210],
      ['volume_discount', 1, -63, -63],
    ]);
    expect(result.subtotal_cents).toBe(525);
    expect(result.amount_cents).toBe(1197);
    expect(result.volume_tier_percent).toBe(5);
  });

  it.each([
    [55, 1.2, 66],
    [300, 1.2, 360],
    [75, 1.5, 112],
    [1, 1.2, 1],
  ])('multiplyTruncated(%i, %d) = %i without float drift', (amount, factor, expected) => {
    expect(multiplyTruncated(amount, factor)).toBe(expected);
  });
});

describe('events → amount', () => {
  const at = (iso: string) => new Date(iso);
  it('bills a rush, fragile order with a return from its event stream', () => {
    const operations = billableOperationsFromEvents([
      {
        event_type: 'order_created',
        occurred_at: at('2026-11-01T10:00:00Z'),
        payload: { order: { priority: 'rush' } },
      },
      { event_type: 'pick_completed', occurred_at: at('2026-11-01T11:00:00Z'), payload: {} },
      {
        event_type: 'pack_completed',
        occurred_at: at('2026-11-01T12:00:00Z'),
        payload: { handling: 'fragile' },
      },
      { event_type: 'label_created', occurred_at: at('2026-11-01T12:30:00Z'), payload: {} },
      { event_type: 'return_processed', occurred_at: at('2026-11-04T09:00:00Z'), payload: {} },
    ]);
    // 65 core + 2 days storage 10 + return 250 = 325 → ×2 = 650 → ×1.2 = 780
    expect(computeInvoiceAmount(operations, DEFAULT_TARIFF, { monthlyInvoicedCount: 0 }).amount_cents).toBe(
      780,
    );
  });
});
