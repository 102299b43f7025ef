import {
  EVENT_SOURCES,
  eventSchemaFor,
  findUnstorableText,
  normalizeEvent,
  occurredAtRule,
  unstorableTextRule,
  type EventSource,
  type NormalizedEvent,
  type OccurredAtWindow,
} from '@e2a/domain';
import { zodDetails, type ErrorDetail } from '@e2a/http';

/** Which route received the body: a typed source route, the raw Shopify-style route, or a batch item. */
export type IngestRoute = EventSource | 'events' | 'batch';

export type ParsedEvent = { ok: true; event: NormalizedEvent } | { ok: false; details: ErrorDetail[] };

const schemas = new Map(EVENT_SOURCES.map((source) => [source, eventSchemaFor(source)]));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isSource = (value: unknown): value is EventSource =>
  typeof value === 'string' && (EVENT_SOURCES as readonly string[]).includes(value);

export interface ParseContext {
  route: IngestRoute;
  /** Path prefix for error details (`events[3].`) inside a batch. */
  prefix?: string;
  /** `X-Shopify-Webhook-Id`, the event id of a Shopify delivery that carries none. */
  shopifyWebhookId?: string;
  /** Request correlation id, stored on events that carry none of their own. */
  correlationId: string;
  /** W3C traceparent of the request's span (tracing on): the orders it touches keep it for the evaluation's links. */
  traceparent?: string | undefined;
  /** `X-Shopify-Topic` and `X-Shopify-Triggered-At` of a native Shopify delivery (the body is the resource). */
  shopifyTopic?: string;
  shopifyTriggeredAt?: string;
  /** What a schema-valid event must also satisfy before it may be stored. */
  limits: IngestLimits;
}

export interface IngestLimits {
  /** The receiving clock, for the future bound of `occurred_at`. */
  now: Date;
  occurredAt: OccurredAtWindow;
  /** Deepest JSON nesting of one event (the event object is level 1). */
  maxDepth: number;
  /** Set when the raw body was not valid UTF-8: replacement characters then mark the fields it broke. */
  bodyHadInvalidUtf8?: boolean;
}

/** Shopify webhook topics and the event type they become. */
export const SHOPIFY_TOPIC_EVENT_TYPES: Record<string, string> = {
  'orders/create': 'order_created',
  'orders/paid': 'order_paid',
  'orders/fulfilled': 'order_fulfilled',
  'orders/cancelled': 'order_cancelled',
  'fulfillments/create': 'fulfillment_update',
  'fulfillments/update': 'fulfillment_update',
};

/**
 * A native Shopify delivery carries the order (or fulfillment) itself, not our envelope: wrap it, taking the
 * event type from the topic, the order id from the resource and the time from the trigger header.
 */
function envelopeShopifyResource(
  body: Record<string, unknown>,
  context: ParseContext,
): Record<string, unknown> {
  const eventType = context.shopifyTopic ? SHOPIFY_TOPIC_EVENT_TYPES[context.shopifyTopic] : undefined;
  if (!eventType || body.event_type !== undefined) return body;
  const isFulfillment = context.shopifyTopic?.startsWith('fulfillments/') ?? false;
  const orderId = isFulfillment ? body.order_id : (body.id ?? body.order_id);
  return {
    event_type: eventType,
    order_id: typeof orderId === 'number' || typeof orderId === 'string' ? String(orderId) : undefined,
    occurred_at: context.shopifyTriggeredAt ?? body.updated_at ?? body.created_at,
    payload: isFulfillment ? { fulfillment: body } : { order: body },
  };
}

/** The source an item claims, for routing and labels; undefined when missing or unknown. */
export function sourceOf(route: IngestRoute, body: unknown): EventSource | undefined {
  if (route !== 'events' && route !== 'batch') return route;
  const declared = isObject(body) ? body.source : undefined;
  if (declared === undefined && route === 'events') return 'shopify';
  return isSource(declared) ? declared : undefined;
}

/** Validates one event body against its source's schema and normalizes it, naming every invalid field. */
export function parseEvent(body: unknown, context: ParseContext): ParsedEvent {
  const prefix = context.prefix ?? '';
  if (!isObject(body)) {
    return {
      ok: false,
      details: [{ path: prefix ? prefix.replace(/\.$/, '') : '(body)', rule: 'must be a JSON object' }],
    };
  }
  const source = sourceOf(context.route, body);
  if (!source) {
    const rule = body.source === undefined ? 'is required' : `must be one of ${EVENT_SOURCES.join(', ')}`;
    return { ok: false, details: [{ path: `${prefix}source`, rule }] };
  }
  if (body.source !== undefined && body.source !== source) {
    return { ok: false, details: [{ path: `${prefix}source`, rule: `must be "${source}" on this route` }] };
  }

  const candidate: Record<string, unknown> =
    source === 'shopify' ? { ...envelopeShopifyResource(body, context) } : { ...body };
  // The original generator sent the order under a top-level `data` object: it is the payload.
  if (
    (context.route === 'events' || context.route === 'batch') &&
    candidate.payload === undefined &&
    isObject(candidate.data)
  ) {
    candidate.payload = candidate.data;
    delete candidate.data;
  }
  // Fields taken from headers are named by their header in error details.
  const fromHeader = new Map<string, string>();
  if (source === 'shopify' && candidate.event_id === undefined && context.shopifyWebhookId) {
    candidate.event_id = context.shopifyWebhookId;
    fromHeader.set('event_id', 'headers.x-shopify-webhook-id');
  }
  if (
    source === 'shopify' &&
    body.occurred_at === undefined &&
    context.shopifyTriggeredAt !== undefined &&
    candidate.occurred_at === context.shopifyTriggeredAt
  ) {
    fromHeader.set('occurred_at', 'headers.x-shopify-triggered-at');
  }
  const at = (field: string) => fromHeader.get(field) ?? `${prefix}${field}`;

  // Text Postgres cannot hold and runaway nesting, anywhere in what the client sent.
  const unstorable = findUnstorableText(body, {
    maxDepth: context.limits.maxDepth,
    prefix: prefix.replace(/\.$/, ''),
    flagReplacementCharacter: context.limits.bodyHadInvalidUtf8 ?? false,
  });
  for (const [field, path] of fromHeader) {
    const value = candidate[field];
    const rule = typeof value === 'string' ? unstorableTextRule(value) : undefined;
    if (rule) unstorable.push({ path, rule });
  }
  if (unstorable.length > 0) return { ok: false, details: unstorable };

  const result = (schemas.get(source) as ReturnType<typeof eventSchemaFor>).safeParse(candidate);
  if (!result.success) {
    const details = zodDetails(result.error, prefix.replace(/\.$/, ''));
    return {
      ok: false,
      details: details.map((detail) => {
        const field = detail.path.slice(prefix.length);
        return fromHeader.has(field) ? { ...detail, path: at(field) } : detail;
      }),
    };
  }
  const event = normalizeEvent(source, result.data);
  const timeRule = occurredAtRule(event.occurredAt, context.limits.now, context.limits.occurredAt);
  if (timeRule) return { ok: false, details: [{ path: at('occurred_at'), rule: timeRule }] };
  return {
    ok: true,
    event: {
      ...event,
      correlationId: event.correlationId ?? context.correlationId,
      ...(context.traceparent ? { traceparent: context.traceparent } : {}),
    },
  };
}
