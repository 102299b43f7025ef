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
const truthy = (value: unknown) => value === true || value === 'true' || value === 1;

/** `payload.order`, or `data.order` as the original's generator sent it. */
export function embeddedOrder(payload: Bag): Bag | null {
  if (isBag(payload.order)) return payload.order;
  if (isBag(payload.data) && isBag(payload.data.order)) return payload.data.order;
  return null;
}

function flagSources(payload: Bag, order: Bag | null): Bag[] {
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

/** Domain reference §9 flags: rush, oversized, hazmat, fragile, read from the payload, the order and its lines. */
export function deriveFlags(
  payload: Bag,
): Pick<OrderFacts, 'isRush' | 'isOversized' | 'isHazmat' | 'isFragile'> {
  const order = embeddedOrder(payload);
  const bags = flagSources(payload, order);
  const tags = tagsOf(order);
  const any = (test: (bag: Bag) => boolean) => bags.some(test);
  return {
    isRush: tags.includes('rush') || any((b) => b.priority === 'rush' || truthy(b.rush)),
    isOversized:
      tags.includes('oversized') || any((b) => truthy(b.oversized) || b.size_category === 'oversized'),
    isHazmat: tags.includes('hazmat') || any((b) => truthy(b.hazmat) || truthy(b.hazardous)),
    isFragile: tags.includes('fragile') || any((b) => truthy(b.fragile) || b.handling === 'fragile'),
  };
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
  return {
    ...deriveFlags(event.payload),
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
