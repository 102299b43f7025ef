import { z } from 'zod';

// Domain reference §2: event types per source, aliases and envelope.

export const EVENT_SOURCES = ['shopify', 'wms', 'carrier'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const EVENT_TYPES_BY_SOURCE = {
  shopify: ['order_created', 'order_paid', 'order_fulfilled', 'fulfillment_update', 'order_cancelled'],
  wms: [
    'pick_started',
    'pick_completed',
    'pack_started',
    'pack_completed',
    'ship_label_printed',
    'label_created',
    'manifested',
    'kitting_completed',
    'return_processed',
    'exception_reported',
  ],
  carrier: [
    'pickup_scheduled',
    'picked_up',
    'shipment_dispatched',
    'in_transit',
    'out_for_delivery',
    'delivered',
    'delivery_failed',
    'returned',
  ],
} as const satisfies Record<EventSource, readonly string[]>;

export type EventType = (typeof EVENT_TYPES_BY_SOURCE)[EventSource][number];

/** Accepted on input and stored under the canonical type. */
export const EVENT_TYPE_ALIASES: Record<string, EventType> = {
  order_picked: 'pick_completed',
  order_shipped: 'shipment_dispatched',
  package_shipped: 'shipment_dispatched',
};

/** Carrier hand-off: the first of these ends the ship window. */
export const HANDOFF_EVENT_TYPES = ['manifested', 'picked_up', 'shipment_dispatched'] as const;

export function canonicalEventType(eventType: string): string {
  return EVENT_TYPE_ALIASES[eventType] ?? eventType;
}

/** The source an event type belongs to, after aliasing; undefined when unknown. */
export function sourceOfEventType(eventType: string): EventSource | undefined {
  const canonical = canonicalEventType(eventType);
  return EVENT_SOURCES.find((source) =>
    (EVENT_TYPES_BY_SOURCE[source] as readonly string[]).includes(canonical),
  );
}

export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const tenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'must be 1-64 characters of letters, digits, "_" or "-"');
