import type { BillableOperations, BillingFlag, ValueAddedService } from './billable-operations';
import type { InvoiceLineItemView } from './invoice-view.schema';
import { volumeDiscountPercent, type Tariff } from './tariff.schema';

// Domain reference §9: the formula in its exact order, integer cents, truncating after each multiplication.

/** One step of the formula, as stored in `invoices.line_items` and shown by the API. */
export type InvoiceLineItem = InvoiceLineItemView;

export interface InvoiceAmount {
  amount_cents: number;
  /** Before the per-order minimum, multipliers and discount. */
  subtotal_cents: number;
  volume_tier_percent: number;
  line_items: InvoiceLineItem[];
}

export interface InvoiceAmountContext {
  /** The tenant's orders invoiced in this calendar month, counting the one being priced. */
  monthlyInvoicedCount: number;
}

/** `amount × factor` truncated, with the factor held to 4 decimals so 1.2 never becomes 1.19999… */
export function multiplyTruncated(amountCents: number, factor: number): number {
  const basisPoints = Math.round(factor * 10_000);
  return Math.trunc((amountCents * basisPoints) / 10_000);
}

const VALUE_ADDED_RATES: Record<ValueAddedService, keyof Tariff> = {
  photo: 'photo_cents',
  quality_check: 'quality_check_cents',
  custom_packaging: 'custom_packaging_cents',
  gift_wrap: 'gift_wrap_cents',
};

const MULTIPLIERS: readonly [BillingFlag, keyof Tariff][] = [
  ['rush', 'rush_multiplier'],
  ['oversized', 'oversized_multiplier'],
  ['hazmat', 'hazmat_multiplier'],
  ['fragile', 'fragile_multiplier'],
];

const MULTIPLIER_LABELS: Record<BillingFlag, string> = {
  rush: 'Rush handling',
  oversized: 'Oversized handling',
  hazmat: 'Hazmat handling',
  fragile: 'Fragile handling',
};

const LABELS: Record<string, string> = {
  pick: 'Pick',
  pack: 'Pack',
  label: 'Shipping label',
  kitting: 'Kitting',
  photo: 'Photo',
  quality_check: 'Quality check',
  custom_packaging: 'Custom packaging',
  gift_wrap: 'Gift wrap',
  return: 'Return processing',
  restocking: 'Restocking',
  inspection: 'Return inspection',
};

export function computeInvoiceAmount(
  operations: BillableOperations,
  tariff: Tariff,
  context: InvoiceAmountContext,
): InvoiceAmount {
  const lines: InvoiceLineItem[] = [];
  const addLine = (operation: string, description: string, quantity: number, rate: number) => {
    if (quantity <= 0) return;
    lines.push({ operation, description, quantity, rate_cents: rate, amount_cents: quantity * rate });
  };

  // 1. core operations
  addLine('pick', LABELS.pick!, operations.pick, tariff.pick_cents);
  addLine('pack', LABELS.pack!, operations.pack, tariff.pack_cents);
  addLine('label', LABELS.label!, operations.label, tariff.label_cents);
  addLine('kitting', LABELS.kitting!, operations.kitting, tariff.kitting_cents);

  // 2. storage: the days beyond the long-term threshold cost rate × days × multiplier, truncated once (a per-day
  // truncation would drop the half cent of 5 × 1.5 on every day)
  const threshold = tariff.storage_long_term_after_days;
  const regularDays = Math.min(operations.storage_days, threshold);
  const longTermDays = Math.max(0, operations.storage_days - threshold);
  addLine('storage', `Storage (days 1–${threshold})`, regularDays, tariff.storage_per_day_cents);
  if (longTermDays > 0) {
    addLine(
      'storage_long_term',
      `Long-term storage (days ${threshold + 1}–${operations.storage_days}: ${longTermDays} days × ` +
        `${tariff.storage_per_day_cents} × ${tariff.storage_long_term_multiplier})`,
      1,
      multiplyTruncated(longTermDays * tariff.storage_per_day_cents, tariff.storage_long_term_multiplier),
    );
  }

  // 3. value-added services
  for (const [service, rateKey] of Object.entries(VALUE_ADDED_RATES) as [ValueAddedService, keyof Tariff][]) {
    addLine(service, LABELS[service]!, operations.value_added[service], tariff[rateKey] as number);
  }

  // 4. returns: each return bills processing, restocking and inspection
  addLine('return', LABELS.return!, operations.returns, tariff.return_cents);
  addLine('restocking', LABELS.restocking!, operations.returns, tariff.restocking_cents);
  addLine('inspection', LABELS.inspection!, operations.returns, tariff.inspection_cents);

  const subtotal = lines.reduce((sum, line) => sum + line.amount_cents, 0);
  let running = subtotal;

  // 5. minimum per order
  if (running < tariff.minimum_per_order_cents) {
    const topUp = tariff.minimum_per_order_cents - running;
    addLine('minimum_order_fee', `Minimum per order (${tariff.minimum_per_order_cents})`, 1, topUp);
    running = tariff.minimum_per_order_cents;
  }

  // 6. multipliers, in the tariff's order, each truncated
  for (const [flag, key] of MULTIPLIERS) {
    if (!operations.flags[flag]) continue;
    const factor = tariff[key] as number;
    const next = multiplyTruncated(running, factor);
    if (next !== running) {
      addLine(`${flag}_multiplier`, `${MULTIPLIER_LABELS[flag]} surcharge (×${factor})`, 1, next - running);
    }
    running = next;
  }

  // 7. volume discount by the month's invoiced count, this invoice included
  const percent = volumeDiscountPercent(context.monthlyInvoicedCount, tariff.volume_tiers);
  if (percent > 0) {
    const next = Math.trunc((running * (100 - percent)) / 100);
    if (next !== running) {
      addLine(
        'volume_discount',
        `Volume discount ${percent}% (${context.monthlyInvoicedCount} orders invoiced this month)`,
        1,
        next - running,
      );
    }
    running = next;
  }

  return { amount_cents: running, subtotal_cents: subtotal, volume_tier_percent: percent, line_items: lines };
}
