import { sql, type Transaction } from 'kysely';
import { deriveOrderFacts, type NormalizedEvent } from '@e2a/domain';
import type { Database } from './schema';
import type { Db } from './connection';

export interface IngestResult {
  source: string;
  eventId: string;
  orderId: string;
  status: 'accepted' | 'duplicate';
  receivedAt: Date;
}

interface InsertedEvent {
  source: string;
  event_id: string;
  received_at: Date;
}

/**
 * Stores events and folds the new ones into the `orders` projection in ONE statement (data-modifying CTEs), so it
 * is atomic on its own and costs one round trip; inside a caller's transaction it simply joins it.
 * A redelivery (same tenant, source, event_id) is reported as a duplicate and changes nothing; a key repeated
 * inside the batch is stored once, its first occurrence wins.
 */
export async function insertOrderEvents(
  trx: Transaction<Database> | Db,
  tenant: string,
  events: NormalizedEvent[],
): Promise<IngestResult[]> {
  if (events.length === 0) return [];
  const rows = events.map((event, ord) => {
    const facts = deriveOrderFacts(event);
    return {
      ord,
      source: event.source,
      event_id: event.eventId,
      event_type: event.eventType,
      order_id: event.orderId,
      occurred_at: event.occurredAt.toISOString(),
      correlation_id: event.correlationId ?? null,
      payload: event.payload,
      extras: event.extras,
      is_rush: facts.isRush,
      is_oversized: facts.isOversized,
      is_hazmat: facts.isHazmat,
      is_fragile: facts.isFragile,
      service_level: facts.serviceLevel,
      currency: facts.currency,
      total_amount_cents: facts.totalAmountCents,
      order_data: facts.order,
      traceparent: event.traceparent ?? null,
    };
  });

  // Rows and orders are locked in key order so concurrent statements touching the same keys cannot deadlock.
  // Repeated event types: the latest timestamp wins; the carrier hand-off is the first hand-off scan.
  // Prepared (connection.ts): its text never changes, and planning it cost as much as a third of its run.
  const inserted = await sql<InsertedEvent>`/* prepared:e2a_insert_order_events */
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
        ord integer, source text, event_id text, event_type text, order_id text, occurred_at timestamptz,
        correlation_id text, payload jsonb, extras jsonb, is_rush boolean, is_oversized boolean,
        is_hazmat boolean, is_fragile boolean, service_level text, currency text, total_amount_cents bigint,
        order_data jsonb, traceparent text)
    ), inserted AS (
      INSERT INTO order_events (tenant, source, event_id, event_type, order_id, occurred_at, correlation_id, payload, extras)
      SELECT ${tenant}, source, event_id, event_type, order_id, occurred_at, correlation_id,
             coalesce(payload, '{}'::jsonb), coalesce(extras, '{}'::jsonb)
      FROM input
      ORDER BY source, event_id, ord
      ON CONFLICT (tenant, source, event_id) DO NOTHING
      RETURNING source, event_id, received_at
    ), e AS (
      SELECT DISTINCT ON (i.source, i.event_id) i.*
      FROM input i JOIN inserted n ON n.source = i.source AND n.event_id = i.event_id
      ORDER BY i.source, i.event_id, i.ord
    ), agg AS (
      SELECT order_id,
        max(occurred_at) FILTER (WHERE event_type = 'order_created') AS order_created_at,
        max(occurred_at) FILTER (WHERE event_type = 'order_paid') AS paid_at,
        max(occurred_at) FILTER (WHERE event_type = 'pick_started') AS pick_started_at,
        max(occurred_at) FILTER (WHERE event_type = 'pick_completed') AS pick_completed_at,
        max(occurred_at) FILTER (WHERE event_type = 'pack_started') AS pack_started_at,
        max(occurred_at) FILTER (WHERE event_type = 'pack_completed') AS pack_completed_at,
        max(occurred_at) FILTER (WHERE event_type IN ('ship_label_printed', 'label_created')) AS label_created_at,
        min(occurred_at) FILTER (WHERE event_type IN ('manifested', 'picked_up', 'shipment_dispatched')) AS handoff_at,
        max(occurred_at) FILTER (WHERE event_type = 'delivered') AS delivered_at,
        max(occurred_at) FILTER (WHERE event_type = 'order_fulfilled') AS fulfilled_at,
        max(occurred_at) FILTER (WHERE event_type = 'order_cancelled') AS cancelled_at,
        max(occurred_at) FILTER (WHERE event_type IN ('returned', 'return_processed')) AS returned_at,
        min(occurred_at) AS first_event_at,
        max(occurred_at) AS last_event_at,
        count(*)::int AS event_count,
        bool_or(is_rush) AS is_rush,
        bool_or(is_oversized) AS is_oversized,
        bool_or(is_hazmat) AS is_hazmat,
        bool_or(is_fragile) AS is_fragile,
        (array_agg(service_level ORDER BY occurred_at DESC) FILTER (WHERE service_level IS NOT NULL))[1] AS service_level,
        (array_agg(currency ORDER BY occurred_at DESC) FILTER (WHERE currency IS NOT NULL))[1] AS currency,
        (array_agg(total_amount_cents ORDER BY occurred_at DESC) FILTER (WHERE total_amount_cents IS NOT NULL))[1] AS total_amount_cents,
        (array_agg(order_data ORDER BY occurred_at DESC) FILTER (WHERE order_data IS NOT NULL))[1] AS order_data,
        (array_agg(traceparent ORDER BY ord DESC) FILTER (WHERE traceparent IS NOT NULL))[1] AS traceparent
      FROM e GROUP BY order_id
    ), projected AS (
      INSERT INTO orders AS o (
        tenant, order_id, order_created_at, paid_at, pick_started_at, pick_completed_at, pack_started_at,
        pack_completed_at, label_created_at, handoff_at, delivered_at, fulfilled_at, cancelled_at, returned_at,
        first_event_at, last_event_at, event_count, is_rush, is_oversized, is_hazmat, is_fragile, service_level,
        currency, total_amount_cents, order_data, traceparent, needs_evaluation, updated_at)
      SELECT ${tenant}, order_id, order_created_at, paid_at, pick_started_at, pick_completed_at, pack_started_at,
        pack_completed_at, label_created_at, handoff_at, delivered_at, fulfilled_at, cancelled_at, returned_at,
        first_event_at, last_event_at, event_count, is_rush, is_oversized, is_hazmat, is_fragile,
        coalesce(service_level, 'standard'), coalesce(currency, 'USD'), total_amount_cents, order_data, traceparent,
        true, now()
      FROM agg
      ORDER BY order_id
      ON CONFLICT (tenant, order_id) DO UPDATE SET
        order_created_at = greatest(o.order_created_at, excluded.order_created_at),
        paid_at = greatest(o.paid_at, excluded.paid_at),
        pick_started_at = greatest(o.pick_started_at, excluded.pick_started_at),
        pick_completed_at = greatest(o.pick_completed_at, excluded.pick_completed_at),
        pack_started_at = greatest(o.pack_started_at, excluded.pack_started_at),
        pack_completed_at = greatest(o.pack_completed_at, excluded.pack_completed_at),
        label_created_at = greatest(o.label_created_at, excluded.label_created_at),
        handoff_at = least(o.handoff_at, excluded.handoff_at),
        delivered_at = greatest(o.delivered_at, excluded.delivered_at),
        fulfilled_at = greatest(o.fulfilled_at, excluded.fulfilled_at),
        cancelled_at = greatest(o.cancelled_at, excluded.cancelled_at),
        returned_at = greatest(o.returned_at, excluded.returned_at),
        first_event_at = least(o.first_event_at, excluded.first_event_at),
        last_event_at = greatest(o.last_event_at, excluded.last_event_at),
        event_count = o.event_count + excluded.event_count,
        is_rush = o.is_rush OR excluded.is_rush,
        is_oversized = o.is_oversized OR excluded.is_oversized,
        is_hazmat = o.is_hazmat OR excluded.is_hazmat,
        is_fragile = o.is_fragile OR excluded.is_fragile,
        service_level = coalesce((SELECT a.service_level FROM agg a WHERE a.order_id = excluded.order_id), o.service_level),
        currency = coalesce((SELECT a.currency FROM agg a WHERE a.order_id = excluded.order_id), o.currency),
        total_amount_cents = coalesce(excluded.total_amount_cents, o.total_amount_cents),
        order_data = coalesce(excluded.order_data, o.order_data),
        traceparent = coalesce(excluded.traceparent, o.traceparent),
        needs_evaluation = true,
        updated_at = now()
      RETURNING 1
    )
    SELECT source, event_id, received_at FROM inserted`.execute(trx);

  const insertedKeys = new Map(inserted.rows.map((row) => [`${row.source}\u0000${row.event_id}`, row]));
  const seen = new Set<string>();
  const now = new Date();
  return events.map((event) => {
    const key = `${event.source}\u0000${event.eventId}`;
    const row = insertedKeys.get(key);
    const accepted = row !== undefined && !seen.has(key);
    seen.add(key);
    return {
      source: event.source,
      eventId: event.eventId,
      orderId: event.orderId,
      status: accepted ? 'accepted' : 'duplicate',
      receivedAt: row?.received_at ?? now,
    };
  });
}

/** Every event of an order, oldest first (the timeline shown by the API and used by billing). */
export async function listOrderEvents(db: Db, tenant: string, orderId: string) {
  return db
    .selectFrom('order_events')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('order_id', '=', orderId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}
