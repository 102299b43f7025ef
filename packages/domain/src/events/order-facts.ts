import type { NormalizedEvent } from './envelope.schema';

// Facts an event contributes to the orders projection (flags, service level, money), derived purely.

export type ServiceLevel = 'standard' | 'express' | 'overnight';

export interface OrderFacts {
  isRush: boolean;
  isOversized: boolean;
  isHazmat: boolean;
  isFragile: boolean;
  serviceLevel: ServiceLevel | null;
  currency: string | null;
  totalAmountCents: number | null;
  order: Record<string, unknown> | null;
}

type Bag = Record<string, unknown>;
const isBag = (value: unknown): value is Bag =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** `true`, `"true"` or `1`: how a boolean fact arrives from the sources' JSON. */
export const isTrueFact = (value: unknown) => value === true || value === 'true' || value === 1;

/** `payload.order`, or `data.order` as the original's generator sent it. */
export function embeddedOrder(payload: Bag): Bag | null {
  if (isBag(payload.order)) return payload.order;
  if (isBag(payload.data) && isBag(payload.data.order)) return payload.data.order;
  return null;
}

/** The places an order fact can sit: the payload, the embedded order and each of its line items. */
export function orderFactSources(payload: Bag): Bag[] {
  const order = embeddedOrder(payload);
  const bags: Bag[] = [payload];
  if (order) {
    bags.push(order);
    const items = Array.isArray(order.line_items) ? order.line_items : [];
    for (const item of items) if (isBag(item)) bags.push(item);
  }
  return bags;
}

function tagsOf(order: Bag | null): string[] {
  if (!order) return [];
  if (Array.isArray(order.tags)) return order.tags.map((tag) => String(tag).trim().toLowerCase());
  if (typeof order.tags === 'string') return order.tags.split(',').map((tag) => tag.trim().toLowerCase());
  return [];
}

export const ORDER_FLAGS = ['rush', 'oversized', 'hazmat', 'fragile'] as const;
export type OrderFlag = (typeof ORDER_FLAGS)[number];

const FLAG_FIELDS: Record<OrderFlag, (bag: Bag) => boolean> = {
  rush: (bag) => bag.priority === 'rush' || isTrueFact(bag.rush),
  oversized: (bag) => isTrueFact(bag.oversized) || bag.size_category === 'oversized',
  hazmat: (bag) => isTrueFact(bag.hazmat) || isTrueFact(bag.hazardous),
  fragile: (bag) => isTrueFact(bag.fragile) || bag.handling === 'fragile',
};

/**
 * Domain reference §9 flags of one event's payload: a tag of the embedded order (`"fragile, rush"` or a list), or a
 * field on the payload, the order or any line item. The one reading both the SLA multipliers (through the `orders`
 * projection) and the billing surcharges use.
 */
export function readOrderFlags(payload: Bag): Record<OrderFlag, boolean> {
  const bags = orderFactSources(payload);
  const tags = tagsOf(embeddedOrder(payload));
  const flags = {} as Record<OrderFlag, boolean>;
  for (const flag of ORDER_FLAGS) flags[flag] = tags.includes(flag) || bags.some(FLAG_FIELDS[flag]);
  return flags;
}

/** The shipping service level from an explicit field or the order's shipping lines. */
export function deriveServiceLevel(payload: Bag): ServiceLevel | null {
  const order = embeddedOrder(payload);
  const candidates: unknown[] = [payload.service_level, payload.shipping_service_level, order?.service_level];
  const lines = order && Array.isArray(order.shipping_lines) ? order.shipping_lines : [];
  for (const line of lines) if (isBag(line)) candidates.push(line.code, line.title, line.service_level);
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const text = candidate.toLowerCase();
    if (/overnight|next[\s_-]?day/.test(text)) return 'overnight';
    if (/express|two[\s_-]?day|2[\s_-]?day|expedited|priority/.test(text)) return 'express';
    if (/standard|ground|economy/.test(text)) return 'standard';
  }
  return null;
}

// An amount beyond exact integer range is not a fact the projection can hold (nor Postgres bigint): unknown.
const exactCents = (cents: number): number | null => (Number.isSafeInteger(cents) ? cents : null);

function toCents(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return exactCents(Math.round(value * 100));
  if (typeof value === 'string' && /^\d+(\.\d{1,2})?$/.test(value))
    return exactCents(Math.round(Number(value) * 100));
  return null;
}

export function deriveOrderFacts(event: Pick<NormalizedEvent, 'payload' | 'extras'>): OrderFacts {
  const order = embeddedOrder(event.payload);
  const currency = typeof order?.currency === 'string' ? order.currency.toUpperCase() : null;
  const explicitCents = event.extras.total_amount_cents ?? event.payload.total_amount_cents;
  const flags = readOrderFlags(event.payload);
  return {
    isRush: flags.rush,
    isOversized: flags.oversized,
    isHazmat: flags.hazmat,
    isFragile: flags.fragile,
    serviceLevel: deriveServiceLevel(event.payload),
    currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : null,
    totalAmountCents:
      typeof explicitCents === 'number'
        ? Number.isFinite(explicitCents)
          ? exactCents(Math.trunc(explicitCents))
          : null
        : toCents(order?.total_price),
    order,
  };
}

/** Which `orders` milestone column an event type sets (hand-off keeps the first; the rest keep the latest). */
export const MILESTONE_COLUMN_BY_EVENT_TYPE: Record<string, string> = {
  order_created: 'order_created_at',
  order_paid: 'paid_at',
  pick_started: 'pick_started_at',
  pick_completed: 'pick_completed_at',
  pack_started: 'pack_started_at',
  pack_completed: 'pack_completed_at',
  ship_label_printed: 'label_created_at',
  label_created: 'label_created_at',
  manifested: 'handoff_at',
  picked_up: 'handoff_at',
  shipment_dispatched: 'handoff_at',
  delivered: 'delivered_at',
  order_fulfilled: 'fulfilled_at',
  order_cancelled: 'cancelled_at',
  returned: 'returned_at',
  return_processed: 'returned_at',
};
