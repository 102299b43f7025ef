import { sql, type Db } from '@e2a/db';
import type { ActivityDeps } from '@e2a/activities';
import { testActivitiesSettings as sharedTestSettings } from './settings';
import { createLogger, Registry } from '@e2a/telemetry';
import type { TestRedis } from './redis';

export const testActivitiesSettings = sharedTestSettings();

export function billingActivityDeps(db: Db, redis: TestRedis, now: () => Date): ActivityDeps {
  return {
    db,
    redis,
    logger: createLogger({ service: 'billing-test', level: 'silent' }),
    metrics: new Registry(),
    settings: testActivitiesSettings,
    now,
  };
}

export interface SeedEvent {
  type: string;
  at: string;
  payload?: Record<string, unknown>;
}

export const FULFILLED_ORDER_EVENTS: SeedEvent[] = [
  { type: 'order_created', at: '2026-11-20T08:00:00Z' },
  { type: 'pick_completed', at: '2026-11-20T09:00:00Z' },
  { type: 'pack_completed', at: '2026-11-20T10:00:00Z' },
  { type: 'label_created', at: '2026-11-20T10:05:00Z' },
  { type: 'shipment_dispatched', at: '2026-11-20T12:00:00Z' },
];

const SOURCE: Record<string, 'shopify' | 'wms' | 'carrier'> = {
  order_created: 'shopify',
  order_paid: 'shopify',
  order_fulfilled: 'shopify',
  shipment_dispatched: 'carrier',
  picked_up: 'carrier',
  delivered: 'carrier',
};

/**
 * Writes an order's events and the `orders` projection row the gateway would maintain (hand-off, fulfilled,
 * delivered timestamps from the events).
 */
export async function seedOrder(
  db: Db,
  tenant: string,
  orderId: string,
  events: SeedEvent[],
  options: { currency?: string } = {},
): Promise<void> {
  let index = 0;
  for (const event of events) {
    index += 1;
    await db
      .insertInto('order_events')
      .values({
        tenant,
        source: SOURCE[event.type] ?? 'wms',
        event_id: `${orderId}-${event.type}-${index}`,
        event_type: event.type,
        order_id: orderId,
        occurred_at: event.at,
        payload: JSON.stringify(event.payload ?? {}),
        extras: '{}',
      })
      .execute();
  }
  const first = (types: string[]) => events.find((event) => types.includes(event.type))?.at ?? null;
  const times = events.map((event) => event.at).sort();
  await db
    .insertInto('orders')
    .values({
      tenant,
      order_id: orderId,
      handoff_at: first(['manifested', 'picked_up', 'shipment_dispatched']),
      fulfilled_at: first(['order_fulfilled']),
      delivered_at: first(['delivered']),
      first_event_at: times[0] ?? null,
      last_event_at: times[times.length - 1] ?? null,
      event_count: events.length,
      currency: options.currency ?? 'USD',
    })
    .onConflict((oc) => oc.columns(['tenant', 'order_id']).doNothing())
    .execute();
}

/** Adds an event to an already projected order (e.g. a return processed after invoicing). */
export async function addOrderEvent(
  db: Db,
  tenant: string,
  orderId: string,
  event: SeedEvent,
): Promise<void> {
  await db
    .insertInto('order_events')
    .values({
      tenant,
      source: SOURCE[event.type] ?? 'wms',
      event_id: `${orderId}-${event.type}-late-${event.at}`,
      event_type: event.type,
      order_id: orderId,
      occurred_at: event.at,
      payload: JSON.stringify(event.payload ?? {}),
      extras: '{}',
    })
    .execute();
}

/** Many fulfilled orders at once, set-based: five events each plus the projection row. */
export async function seedFulfilledOrdersBulk(
  db: Db,
  tenant: string,
  count: number,
  prefix = 'ORD',
): Promise<void> {
  await sql`
    INSERT INTO order_events (tenant, source, event_id, event_type, order_id, occurred_at, payload)
    SELECT ${tenant}, t.source, ${prefix} || '-' || lpad(n::text, 7, '0') || '-' || t.event_type,
      t.event_type, ${prefix} || '-' || lpad(n::text, 7, '0'),
      timestamptz '2026-11-20T08:00:00Z' + t.offset_minutes * interval '1 minute' + (n % 5) * interval '1 day',
      CASE WHEN n % 7 = 0 AND t.event_type = 'order_created' THEN '{"priority":"rush"}'::jsonb
           WHEN n % 11 = 0 AND t.event_type = 'pack_completed' THEN '{"handling":"fragile"}'::jsonb
           ELSE '{}'::jsonb END
    FROM generate_series(1, ${count}) AS n
    CROSS JOIN (VALUES ('shopify', 'order_created', 0), ('wms', 'pick_completed', 60), ('wms', 'pack_completed', 120),
      ('wms', 'label_created', 125), ('carrier', 'shipment_dispatched', 240)) AS t(source, event_type, offset_minutes)`.execute(
    db,
  );
  await sql`
    INSERT INTO orders (tenant, order_id, handoff_at, first_event_at, last_event_at, event_count)
    SELECT ${tenant}, ${prefix} || '-' || lpad(n::text, 7, '0'),
      timestamptz '2026-11-20T12:00:00Z' + (n % 5) * interval '1 day',
      timestamptz '2026-11-20T08:00:00Z' + (n % 5) * interval '1 day',
      timestamptz '2026-11-20T12:00:00Z' + (n % 5) * interval '1 day', 5
    FROM generate_series(1, ${count}) AS n`.execute(db);
}

export async function seedBreach(
  db: Db,
  tenant: string,
  orderId: string,
  reasonCode: string,
  context: Record<string, unknown>,
  status = 'RESOLVED',
): Promise<string> {
  const row = await db
    .insertInto('exceptions')
    .values({
      tenant,
      order_id: orderId,
      reason_code: reasonCode,
      status,
      severity: 'MEDIUM',
      context_data: JSON.stringify(context),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}
