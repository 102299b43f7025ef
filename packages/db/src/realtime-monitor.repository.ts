import { sql } from 'kysely';
import type { Db } from './connection';
import { notQuarantined } from './quarantine.repository';

// Quarantined orders are not due: they would wake their shard forever (claimDueOrders skips them too).
const NOT_QUARANTINED = notQuarantined('order_evaluation', sql.ref('o.tenant'), sql.ref('o.order_id'));

export interface TenantDueWork {
  tenant: string;
  /** Orders with events not evaluated yet (`needs_evaluation`). */
  has_new_events: boolean;
  /** The tenant's earliest stored deadline (passed or not), or null when no window is open. */
  next_deadline_at: Date | null;
}

/** Names of the tenants in service (`disabled_at IS NULL`): the ones the real-time monitors watch. */
export async function listActiveTenantNames(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('tenants')
    .select('name')
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map((row) => row.name);
}

/**
 * For each of the tenants still in service, whether it has unevaluated events and its earliest deadline: one
 * statement, two index probes per tenant (`ix_orders_needs_evaluation`, `ix_orders_next_deadline`), whatever the
 * number of orders.
 */
export async function findTenantsDueWork(db: Db, tenants: readonly string[]): Promise<TenantDueWork[]> {
  if (tenants.length === 0) return [];
  const result = await sql<TenantDueWork>`
    SELECT t.name AS tenant,
      EXISTS (SELECT 1 FROM orders o WHERE o.tenant = t.name AND o.needs_evaluation AND ${NOT_QUARANTINED})
        AS has_new_events,
      (SELECT o.next_deadline_at FROM orders o
        WHERE o.tenant = t.name AND o.next_deadline_at IS NOT NULL AND ${NOT_QUARANTINED}
        ORDER BY o.next_deadline_at LIMIT 1) AS next_deadline_at
    FROM tenants t
    WHERE t.name = ANY(${[...tenants]}::text[]) AND t.disabled_at IS NULL
    ORDER BY t.name`.execute(db);
  return result.rows;
}
