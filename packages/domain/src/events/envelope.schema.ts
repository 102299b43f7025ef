import { z } from 'zod';
import {
  EVENT_TYPES_BY_SOURCE,
  EVENT_TYPE_ALIASES,
  canonicalEventType,
  type EventSource,
} from './event-types';

// Domain reference §2: the envelope every source shares, plus each source's extras.

const ENVELOPE_FIELDS = [
  'event_id',
  'event_type',
  'order_id',
  'occurred_at',
  'correlation_id',
  'payload',
  'source',
];

const extrasBySource = {
  shopify: z.object({
    carrier: z.string().max(128).optional(),
    tracking_number: z.string().max(128).optional(),
    line_count: z.number().int().min(0).optional(),
    total_amount_cents: z.number().int().min(0).optional(),
  }),
  wms: z.object({
    station: z.string().max(128).optional(),
    worker_id: z.string().max(128).optional(),
    zone: z.string().max(128).optional(),
    items_count: z.number().int().min(0).optional(),
    exception_reason: z.string().max(2000).optional(),
  }),
  carrier: z.object({
    tracking_number: z.string().max(128).optional(),
    carrier_name: z.string().max(128).optional(),
    location: z.string().max(512).optional(),
    delivery_notes: z.string().max(2000).optional(),
    signature_required: z.boolean().optional(),
  }),
} as const;

function eventTypeSchema(source: EventSource) {
  const accepted = [
    ...EVENT_TYPES_BY_SOURCE[source],
    ...Object.keys(EVENT_TYPE_ALIASES).filter((alias) =>
      (EVENT_TYPES_BY_SOURCE[source] as readonly string[]).includes(EVENT_TYPE_ALIASES[alias] ?? ''),
    ),
  ];
  return z.string().refine((value) => accepted.includes(value), {
    message: `must be one of ${accepted.join(', ')}`,
  });
}

/** The typed event schema for one source; unknown top-level fields are kept as extras, never dropped. */
export function eventSchemaFor(source: EventSource) {
  return z
    .object({
      event_id: z.string().min(1, 'must be 1-128 characters').max(128, 'must be 1-128 characters'),
      event_type: eventTypeSchema(source),
      order_id: z.string().min(1, 'must be 1-128 characters').max(128, 'must be 1-128 characters'),
      occurred_at: z.iso.datetime({ offset: true, message: 'must be ISO-8601 with an offset or Z' }),
      correlation_id: z.string().min(1).max(128).optional(),
      payload: z.record(z.string(), z.unknown()).default({}),
    })
    .and(extrasBySource[source].loose());
}

export type RawEvent = z.infer<ReturnType<typeof eventSchemaFor>>;

/** An event ready to store: canonical type, parsed time, extras split from the envelope. */
export interface NormalizedEvent {
  source: EventSource;
  eventId: string;
  eventType: string;
  orderId: string;
  occurredAt: Date;
  correlationId: string | undefined;
  /** W3C traceparent of the ingest request (set by the gateway when tracing is on; transport, not envelope). */
  traceparent?: string;
  payload: Record<string, unknown>;
  extras: Record<string, unknown>;
}

export function normalizeEvent(source: EventSource, event: RawEvent): NormalizedEvent {
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (!ENVELOPE_FIELDS.includes(key) && value !== undefined) extras[key] = value;
  }
  return {
    source,
    eventId: event.event_id,
    eventType: canonicalEventType(event.event_type),
    orderId: event.order_id,
    occurredAt: new Date(event.occurred_at),
    correlationId: event.correlation_id,
    payload: event.payload,
    extras,
  };
}
