import { sql } from 'kysely';
import type { Db } from './connection';

/** What the analyst and the resolver know about one exception (order data joined, PII not yet redacted). */
export interface ExceptionFacts {
  id: string;
  tenant: string;
  order_id: string;
  reason_code: string;
  status: string;
  severity: string;
  ai_label: string | null;
  ai_confidence: number | null;
  client_note: string | null;
  context_data: Record<string, unknown>;
  resolution_attempts: number;
  max_resolution_attempts: number;
  resolution_blocked: boolean;
  order_data: Record<string, unknown> | null;
  tracking_number: string | null;
  pick_completed_at: Date | null;
  pack_completed_at: Date | null;
  label_created_at: Date | null;
  total_amount_cents: string | null;
  currency: string | null;
  service_level: string | null;
  /** The carrier named by the order's newest carrier or label event. */
  carrier: string | null;
}

/** Exceptions of one tenant by id with their order and latest tracking number, in id order. */
export async function loadExceptionFacts(
  db: Db,
  tenant: string,
  ids: readonly string[],
): Promise<ExceptionFacts[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('exceptions as e')
    .leftJoin('orders as o', (join) =>
      join.onRef('o.tenant', '=', 'e.tenant').onRef('o.order_id', '=', 'e.order_id'),
    )
    .select([
      'e.id',
      'e.tenant',
      'e.order_id',
      'e.reason_code',
      'e.status',
      'e.severity',
      'e.ai_label',
      'e.ai_confidence',
      'e.client_note',
      'e.context_data',
      'e.resolution_attempts',
      'e.max_resolution_attempts',
      'e.resolution_blocked',
      'o.order_data',
      'o.pick_completed_at',
      'o.pack_completed_at',
      'o.label_created_at',
      'o.total_amount_cents',
      'o.currency',
      'o.service_level',
      sql<
        string | null
      >`(SELECT COALESCE(ev.extras->>'carrier_name', ev.extras->>'carrier', ev.payload->>'carrier')
        FROM order_events ev
        WHERE ev.tenant = e.tenant AND ev.order_id = e.order_id
          AND (ev.extras ?| array['carrier_name', 'carrier'] OR ev.payload ? 'carrier')
        ORDER BY ev.occurred_at DESC LIMIT 1)`.as('carrier'),
      sql<string | null>`(SELECT ev.extras->>'tracking_number' FROM order_events ev
        WHERE ev.tenant = e.tenant AND ev.order_id = e.order_id AND ev.extras ? 'tracking_number'
        ORDER BY ev.occurred_at DESC LIMIT 1)`.as('tracking_number'),
    ])
    .where('e.tenant', '=', tenant)
    .where('e.id', 'in', ids as string[])
    .orderBy('e.id')
    .execute();
  return rows as ExceptionFacts[];
}

/** When the order's payment was recorded (an `order_paid` event), if it was. */
export async function findOrderPaidAt(db: Db, tenant: string, orderId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('orders')
    .select('paid_at')
    .where('tenant', '=', tenant)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return row?.paid_at ?? null;
}
