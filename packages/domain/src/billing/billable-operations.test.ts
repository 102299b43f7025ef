import { deriveOrderFacts } from '../events/order-facts';
import { billableOperationsFromEvents, type BillableEvent } from './billable-operations';
import { computeInvoiceAmount } from './invoice-amount';
import { DEFAULT_TARIFF } from './tariff.schema';

const at = (iso: string) => new Date(iso);
const event = (event_type: string, iso: string, payload: Record<string, unknown> = {}): BillableEvent => ({
  event_type,
  occurred_at: at(iso),
  payload,
});

describe('billableOperationsFromEvents', () => {
  it('maps the §9 event types to operations', () => {
    const operations = billableOperationsFromEvents([
      event('order_created', '2026-11-01T00:00:00Z'),
      event('pick_completed', '2026-11-01T01:00:00Z'),
      event('pack_completed', '2026-11-01T02:00:00Z'),
      event('ship_label_printed', '2026-11-01T03:00:00Z'),
      event('kitting_completed', '2026-11-01T03:30:00Z'),
      event('kitting_completed', '2026-11-01T03:40:00Z'),
      event('return_processed', '2026-11-02T04:00:00Z'),
    ]);
    expect(operations).toMatchObject({ pick: 1, pack: 1, label: 1, kitting: 2, returns: 1, storage_days: 1 });
  });

  it('bills re-scans, reprinted labels and the order_picked alias once', () => {
    const operations = billableOperationsFromEvents([
      event('order_picked', '2026-11-01T01:00:00Z'),
      event('pick_completed', '2026-11-01T01:05:00Z'),
      event('ship_label_printed', '2026-11-01T02:00:00Z'),
      event('label_created', '2026-11-01T02:01:00Z'),
    ]);
    expect(operations).toMatchObject({ pick: 1, pack: 0, label: 1 });
  });

  it.each<[string, string, string, number]>([
    ['same instant', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 1],
    ['23 h 59 m', '2026-11-01T00:00:00Z', '2026-11-01T23:59:00Z', 1],
    ['exactly 2 days', '2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z', 2],
    ['2 days and 23 h', '2026-11-01T00:00:00Z', '2026-11-03T23:00:00Z', 2],
    ['90 days', '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', 90],
    ['91 days', '2026-01-01T00:00:00Z', '2026-04-02T00:00:00Z', 91],
  ])('storage days, %s → %i', (_name, first, last, expected) => {
    const operations = billableOperationsFromEvents([
      event('pick_completed', last),
      event('order_created', first),
    ]);
    expect(operations.storage_days).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['priority = rush', { priority: 'rush' }, 'rush'],
    ['rush: true', { rush: true }, 'rush'],
    ['oversized: true', { oversized: true }, 'oversized'],
    ['size_category = oversized', { size_category: 'oversized' }, 'oversized'],
    ['hazmat: true', { hazmat: true }, 'hazmat'],
    ['hazardous: true', { hazardous: true }, 'hazmat'],
    ['fragile: true', { fragile: true }, 'fragile'],
    ['handling = fragile', { handling: 'fragile' }, 'fragile'],
    ['nested under payload.order', { order: { priority: 'rush' } }, 'rush'],
  ])('flag from payload: %s', (_name, payload, flag) => {
    const operations = billableOperationsFromEvents([
      event('order_created', '2026-11-01T00:00:00Z', payload),
    ]);
    expect(
      Object.entries(operations.flags)
        .filter(([, on]) => on)
        .map(([name]) => name),
    ).toEqual([flag]);
  });

  it.each<[Record<string, unknown>]>([
    [{ priority: 'standard' }],
    [{ rush: false }],
    [{ handling: 'normal' }],
    [{}],
  ])('no flag from %j', (payload) => {
    const operations = billableOperationsFromEvents([
      event('order_created', '2026-11-01T00:00:00Z', payload),
    ]);
    expect(Object.values(operations.flags).some(Boolean)).toBe(false);
  });

  // The SLA multipliers (through the gateway's orders projection) and the billing surcharges read the same facts.
  it.each<[string, Record<string, unknown>, string[], number]>([
    [
      'tags "fragile, rush" and a hazmat line item',
      { order: { tags: 'fragile, rush', line_items: [{ sku: 'A', hazmat: true }] } },
      ['rush', 'hazmat', 'fragile'],
      // 70 core → rush ×2 = 140 → hazmat ×3 = 420 → fragile ×1.2 = 504
      504,
    ],
    [
      'tags as a list, any case',
      { order: { tags: ['Oversized', ' FRAGILE '] } },
      ['oversized', 'fragile'],
      126,
    ],
    [
      'line item size category and handling',
      { order: { line_items: [{ size_category: 'oversized' }, { handling: 'fragile' }] } },
      ['oversized', 'fragile'],
      126,
    ],
    ['top-level flag as 1', { hazardous: 1 }, ['hazmat'], 210],
    ['"true" as a string on the order', { order: { rush: 'true' } }, ['rush'], 140],
    ['the order under data.order', { data: { order: { tags: 'hazmat' } } }, ['hazmat'], 210],
    ['order-level priority', { order: { priority: 'rush' } }, ['rush'], 140],
    ['no flags', { order: { tags: 'vip, gift', line_items: [{ hazmat: false }] } }, [], 70],
  ])('%s: the projection and the invoice agree', (_name, payload, expected, amount) => {
    const events = [
      event('order_created', '2026-11-01T00:00:00Z', payload),
      event('pick_completed', '2026-11-01T01:00:00Z'),
      event('pack_completed', '2026-11-01T02:00:00Z'),
      event('label_created', '2026-11-01T03:00:00Z'),
    ];
    const operations = billableOperationsFromEvents(events);
    const billed = Object.entries(operations.flags)
      .filter(([, on]) => on)
      .map(([name]) => name);
    expect(billed).toEqual(expected);
    const facts = deriveOrderFacts({ payload, extras: {} });
    const projected = Object.entries({
      rush: facts.isRush,
      oversized: facts.isOversized,
      hazmat: facts.isHazmat,
      fragile: facts.isFragile,
    })
      .filter(([, on]) => on)
      .map(([name]) => name);
    expect(projected).toEqual(expected);
    expect(computeInvoiceAmount(operations, DEFAULT_TARIFF, { monthlyInvoicedCount: 1 }).amount_cents).toBe(
      amount,
    );
  });

  it('reads value-added services from booleans and the value_added_services list, once per order', () => {
    const operations = billableOperationsFromEvents([
      event('order_created', '2026-11-01T00:00:00Z', {
        order: { gift_wrap: true, value_added_services: ['photo'] },
      }),
      event('pack_completed', '2026-11-01T01:00:00Z', { value_added_services: ['photo', 'quality_check'] }),
    ]);
    expect(operations.value_added).toEqual({ photo: 1, quality_check: 1, custom_packaging: 0, gift_wrap: 1 });
  });

  it('an order without events still owes one storage day', () => {
    expect(billableOperationsFromEvents([]).storage_days).toBe(1);
  });
});
