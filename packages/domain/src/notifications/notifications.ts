import { z } from 'zod';
import { SEVERITIES } from '../exceptions/reason-codes';

// Outbound notifications (docs/notifications.md): what a tenant subscribes to and what its endpoint receives.

/** Events a tenant endpoint may subscribe to; the first five are written by triggers on `exceptions`. */
export const NOTIFICATION_EVENT_TYPES = [
  'exception_created',
  'exception_escalated',
  'exception_resolved',
  'exception_blocked',
  'approval_needed',
  'client_note',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export const NOTIFICATION_FORMATS = ['json', 'slack'] as const;
export type NotificationFormat = (typeof NOTIFICATION_FORMATS)[number];

/** `PUT /tenants/{name}/notifications`. */
export const NotificationEndpointBodySchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .meta({ description: 'Receives a signed POST per event' }),
    secret: z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(200)
      .meta({ description: 'HMAC-SHA256 key of X-E2A-Signature (write-only)' }),
    events: z
      .array(z.enum(NOTIFICATION_EVENT_TYPES))
      .min(1, 'must name at least one event')
      .refine((events) => new Set(events).size === events.length, 'must not repeat an event'),
    min_severity: z
      .enum(SEVERITIES)
      .default('LOW')
      .meta({ description: 'exception_created is sent only at or above this severity' }),
    format: z
      .enum(NOTIFICATION_FORMATS)
      .default('json')
      .meta({ description: 'json: the event itself; slack: an incoming-webhook message' }),
  })
  .strict()
  .meta({ id: 'NotificationEndpointBody' });
export type NotificationEndpointBody = z.infer<typeof NotificationEndpointBodySchema>;

/** The event as stored in `notification_deliveries.payload` and POSTed in the json format. */
export interface NotificationPayload {
  id: string;
  type: NotificationEventType;
  tenant: string;
  occurred_at: string;
  exception: {
    id: string;
    order_id: string;
    reason_code: string;
    status: string;
    severity: string;
    escalation_level?: number;
    resolution_block_reason?: string | null;
  };
  client_note?: string;
}

const HEADLINES: Record<NotificationEventType, string> = {
  exception_created: 'New exception',
  exception_escalated: 'Exception escalated',
  exception_resolved: 'Exception resolved',
  exception_blocked: 'Exception blocked',
  approval_needed: 'Approval needed',
  client_note: 'Customer note',
};

/** A one-line, human-readable summary of the event (the Slack message). */
export function notificationSummary(payload: NotificationPayload): string {
  const exception = payload.exception;
  const parts = [
    `*${HEADLINES[payload.type]}* (${payload.tenant}): ${exception.reason_code} on order ${exception.order_id}`,
    `severity ${exception.severity}, status ${exception.status}`,
  ];
  if (payload.type === 'exception_blocked' && exception.resolution_block_reason) {
    parts.push(exception.resolution_block_reason);
  }
  if (payload.type === 'client_note' && payload.client_note) parts.push(payload.client_note);
  return parts.join(' | ');
}

/** The raw body POSTed to the endpoint (signed as is): the event, or a Slack incoming-webhook message. */
export function notificationBody(payload: NotificationPayload, format: NotificationFormat): string {
  if (format === 'slack') {
    return JSON.stringify({ text: notificationSummary(payload) });
  }
  return JSON.stringify(payload);
}

/** Retries of one delivery (exponential backoff, at most `maximumIntervalSeconds` apart) for up to 24 h. */
export const NOTIFICATION_RETRY = {
  initialIntervalSeconds: 1,
  backoffCoefficient: 2,
  maximumIntervalSeconds: 3600,
  giveUpAfterHours: 24,
} as const;
