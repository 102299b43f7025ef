import { insertOrderEvents, notifyOrdersChanged, sql, type Db } from '@e2a/db';
import { eventSchemaFor, normalizeEvent, type EventSource, type NormalizedEvent } from '@e2a/domain';

// Orders arriving at a fixed rate for the real-time benchmarks (bench:pipeline's steady phase, bench:tenants' burst),
// and the breach-detection lag they are measured by.

const MINUTE = 60_000;

/** `minutes` after `baseMs`, as the ISO string events carry. */
export const at = (baseMs: number, minutes: number) => new Date(baseMs + minutes * MINUTE).toISOString();

/** Built once per source: a zod schema compiles on first use, and building one per event cost the sender ~1 ms. */
const schemas = new Map<EventSource, ReturnType<typeof eventSchemaFor>>();
const schemaOf = (source: EventSource) => {
  const known = schemas.get(source);
  if (known) return known;
  const schema = eventSchemaFor(source);
  schemas.set(source, schema);
  return schema;
};

/** One event as its source sends it, normalized; the event id is the order id and the event type. */
export function orderEvent(
  source: EventSource,
  eventType: string,
  orderId: string,
  occurredAt: string,
): NormalizedEvent {
  return normalizeEvent(
    source,
    schemaOf(source).parse({
      event_id: `${orderId}-${eventType}`,
      event_type: eventType,
      order_id: orderId,
      occurred_at: occurredAt,
    }),
  );
}

/** Whole orders in second `second` at `perSecond` a second, so the total never drifts from the rate. */
export function ordersInSecond(perSecond: number, second: number): number {
  return Math.floor(perSecond * (second + 1)) - Math.floor(perSecond * second);
}

/**
 * Order number `sequence` of a burst arriving at `nowMs`. Every 10th picks 150 minutes after payment, now (the pick
 * event proves the breach); every 10th + 1 is paid with no pick and its 120-minute deadline passes `deadlineInMs`
 * from now (only a timer can find it); the rest pick on time.
 */
export function burstOrder(
  sequence: number,
  orderId: string,
  nowMs: number,
  deadlineInMs: number,
): { events: NormalizedEvent[]; breaches: boolean } {
  const kind = sequence % 10;
  if (kind === 0) {
    return {
      events: [
        orderEvent('shopify', 'order_paid', orderId, at(nowMs, -150)),
        orderEvent('wms', 'pick_completed', orderId, at(nowMs, 0)),
      ],
      breaches: true,
    };
  }
  if (kind === 1) {
    return {
      events: [orderEvent('shopify', 'order_paid', orderId, at(nowMs + deadlineInMs, -120))],
      breaches: true,
    };
  }
  return {
    events: [
      orderEvent('shopify', 'order_paid', orderId, at(nowMs, -30)),
      orderEvent('wms', 'pick_completed', orderId, at(nowMs, 0)),
    ],
    breaches: false,
  };
}

export interface BurstOptions {
  seconds: number;
  ordersPerMinute: number;
  /** Order ids are `<idPrefix><sequence>`. */
  idPrefix: string;
  /** Longest wait from an unpicked order's arrival to its deadline, given the ms since the burst began. */
  deadlineSpreadMs: (elapsedMs: number) => number;
  /** Stores one second's events. */
  send: (events: NormalizedEvent[]) => Promise<void>;
  random?: () => number;
  clock?: { now: () => number; sleep: (ms: number) => Promise<void> };
}

const wallClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/** Sends `ordersPerMinute` orders a minute, one batch a second, for `seconds` seconds. */
export async function sendBurst(
  options: BurstOptions,
): Promise<{ sent: number; expectedBreaches: number; fromMs: number; toMs: number }> {
  const { clock = wallClock, random = Math.random } = options;
  const perSecond = options.ordersPerMinute / 60;
  const fromMs = clock.now();
  let sent = 0;
  let expectedBreaches = 0;
  for (let second = 0; second < options.seconds; second += 1) {
    const tickStart = clock.now();
    const count = ordersInSecond(perSecond, second);
    const events: NormalizedEvent[] = [];
    for (let k = 0; k < count; k += 1) {
      const now = clock.now();
      const deadlineInMs = random() * options.deadlineSpreadMs(now - fromMs);
      const order = burstOrder(sent, `${options.idPrefix}${sent}`, now, deadlineInMs);
      events.push(...order.events);
      if (order.breaches) expectedBreaches += 1;
      sent += 1;
    }
    await options.send(events);
    const elapsed = clock.now() - tickStart;
    if (elapsed < 1000) await clock.sleep(1000 - elapsed);
  }
  return { sent, expectedBreaches, fromMs, toMs: clock.now() };
}

/** Inserts a second's events in statements of 1,000, then NOTIFYs as the gateway does after commit. */
export async function storeBurstEvents(db: Db, tenant: string, events: NormalizedEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += 1000)
    await insertOrderEvents(db, tenant, events.slice(start, start + 1000));
  await notifyOrdersChanged(db, [tenant]);
}

/** Detection lag (ms, sorted) of a tenant's PICK_DELAY exceptions: from the later of deadline and proving pick. */
export async function breachLagsMs(db: Db, tenant: string): Promise<number[]> {
  const lags = await sql<{ lag_ms: number }>`
    SELECT extract(epoch FROM (x.created_at - greatest(
      (x.context_data->>'deadline_at')::timestamptz,
      (SELECT max(e.received_at) FROM order_events e
        WHERE e.tenant = x.tenant AND e.order_id = x.order_id AND e.event_type = 'pick_completed')
    ))) * 1000 AS lag_ms
    FROM exceptions x WHERE x.tenant = ${tenant} AND x.reason_code = 'PICK_DELAY'`.execute(db);
  return lags.rows.map((row) => Number(row.lag_ms)).sort((a, b) => a - b);
}
