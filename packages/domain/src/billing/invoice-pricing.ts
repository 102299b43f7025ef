import {
  billableOperationsFromEvents,
  type BillableEvent,
  type BillableOperations,
} from './billable-operations';
import { computeInvoiceAmount, type InvoiceAmount, type InvoiceLineItem } from './invoice-amount';
import { formatInvoiceNumber } from './invoice-lifecycle';
import { resolveTariff, TariffSchema, type Tariff } from './tariff.schema';

/**
 * What `invoices.billable_operations` stores: the operations plus the volume count the tier came from (the month's
 * invoices including this one; invoices issued before issue 18 stored the count before them, and are re-priced with
 * the figure they stored, so validation finds no difference in them).
 */
export interface StoredBillableOperations extends BillableOperations {
  monthly_invoiced_count: number;
}

/** Prices one order from its events: the operations it performed and the §9 amount for the month's volume. */
export function priceOrder(
  events: readonly BillableEvent[],
  tariff: Tariff,
  monthlyInvoicedCount: number,
): { operations: StoredBillableOperations; amount: InvoiceAmount } {
  const operations = billableOperationsFromEvents(events);
  return {
    operations: { ...operations, monthly_invoiced_count: monthlyInvoicedCount },
    amount: computeInvoiceAmount(operations, tariff, { monthlyInvoicedCount }),
  };
}

/** One invoice ready to be inserted as DRAFT. */
export interface DraftInvoice {
  order_id: string;
  invoice_number: string;
  amount_cents: number;
  currency: string;
  line_items: InvoiceLineItem[];
  billable_operations: StoredBillableOperations;
  volume_tier_percent: number;
}

export interface DraftInvoicesInput {
  tenant: string;
  /** `YYYYMM`, the sequence period. */
  period: string;
  /** The tenant-month sequence's last issued number (0 for a new month). */
  lastSequence: number;
  orders: ReadonlyArray<{ order_id: string; currency: string }>;
  eventsByOrder: ReadonlyMap<string, readonly BillableEvent[]>;
  tariff: Tariff;
}

/**
 * Numbers the orders consecutively after the last sequence; each order's tier counts the month's invoices including
 * the one being issued (its sequence number), so the 100th invoice of a month is the first at 5 %.
 */
export function draftInvoices(input: DraftInvoicesInput): DraftInvoice[] {
  return input.orders.map((order, index) => {
    const sequence = input.lastSequence + index + 1;
    const { operations, amount } = priceOrder(
      input.eventsByOrder.get(order.order_id) ?? [],
      input.tariff,
      sequence,
    );
    return {
      order_id: order.order_id,
      invoice_number: formatInvoiceNumber(input.tenant, input.period, sequence),
      amount_cents: amount.amount_cents,
      currency: order.currency,
      line_items: amount.line_items,
      billable_operations: operations,
      volume_tier_percent: amount.volume_tier_percent,
    };
  });
}

/** An invoice is checked against the tariff it was issued under; the tenant's current one if the snapshot is unreadable. */
export function tariffOfInvoice(tariffSnapshot: unknown, tenantTariffs: unknown): Tariff {
  const snapshot = TariffSchema.safeParse(tariffSnapshot);
  return snapshot.success ? snapshot.data : resolveTariff(tenantTariffs);
}
