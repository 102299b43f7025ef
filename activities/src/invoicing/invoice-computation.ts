import { sql, type Db } from '@e2a/db';
import {
  billableOperationsFromEvents,
  computeInvoiceAmount,
  type BillableEvent,
  type BillableOperations,
  type InvoiceAmount,
  type Tariff,
} from '@e2a/domain';

/** Every event of the given orders, grouped by order: the source of truth for what is billed. */
export async function loadEventsByOrder(
  db: Db,
  tenant: string,
  orderIds: readonly string[],
): Promise<Map<string, BillableEvent[]>> {
  const byOrder = new Map<string, BillableEvent[]>();
  if (orderIds.length === 0) return byOrder;
  const { rows } = await sql<{
    order_id: string;
    event_type: string;
    occurred_at: Date;
    payload: Record<string, unknown> | null;
  }>`
    SELECT order_id, event_type, occurred_at, payload
    FROM order_events
    WHERE tenant = ${tenant} AND order_id = ANY(${orderIds as string[]}::text[])`.execute(db);
  for (const row of rows) {
    let events = byOrder.get(row.order_id);
    if (!events) byOrder.set(row.order_id, (events = []));
    events.push(row);
  }
  return byOrder;
}

/** What `invoices.billable_operations` stores: the operations plus the volume count the tier came from. */
export interface StoredBillableOperations extends BillableOperations {
  monthly_invoiced_count: number;
}

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
