import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  claimPendingNotificationDeliveries,
  findNotificationDeliveryTarget,
  finishNotificationDelivery,
  recordNotificationAttempt,
  type ClaimedNotificationDelivery,
} from '@e2a/db';
import { notificationBody, type NotificationPayload } from '@e2a/domain';
import { signWebhook } from '@e2a/http';
import type { ActivityDeps } from '../deps';
import { heartbeat } from '../shared/heartbeat';
import { counter } from '../shared/metrics';

// Outbound notifications (docs/notifications.md): the dispatcher claims queued events; one delivery workflow per
// event POSTs it, signed as inbound webhooks are, and Temporal retries with backoff.

export const EVENT_ID_HEADER = 'X-E2A-Event-Id';
export const NOTIFICATION_REQUEST_TIMEOUT_MS = 10_000;
const CLAIM_POLL_MS = 1_000;
const REDISPATCH_AFTER_SECONDS = 600;

export interface ClaimNotificationDeliveriesInput {
  limit: number;
  /** Long poll: wait up to this long for the first queued event (0 = answer at once). */
  waitSeconds: number;
}

export interface DeliverNotificationInput {
  deliveryId: string;
}

export interface DeliverNotificationResult {
  status: 'DELIVERED' | 'CANCELLED';
  statusCode?: number;
}

export interface FinishNotificationDeliveryInput {
  deliveryId: string;
  error: string;
}

const sleep = (ms: number) => {
  try {
    return Context.current().sleep(ms);
  } catch {
    return new Promise<void>((resolve) => setTimeout(resolve, ms));
  }
};

export const createNotificationActivities = (deps: ActivityDeps) => {
  const attempts = counter(
    deps.metrics,
    'notification_deliveries_total',
    'Notification delivery outcomes: delivered, rejected (an attempt the endpoint refused or missed; retried), ' +
      'cancelled (nobody subscribed any more), failed (retries ran out)',
    ['tenant', 'event_type', 'outcome'],
  );
  return {
    /** Claims queued events for delivery, waiting (heartbeating) up to `waitSeconds` while none is queued. */
    async claimNotificationDeliveries(
      input: ClaimNotificationDeliveriesInput,
    ): Promise<ClaimedNotificationDelivery[]> {
      const deadline = deps.now().getTime() + input.waitSeconds * 1000;
      for (;;) {
        const claimed = await claimPendingNotificationDeliveries(deps.db, {
          limit: input.limit,
          redispatchAfterSeconds: REDISPATCH_AFTER_SECONDS,
        });
        if (claimed.length > 0 || deps.now().getTime() >= deadline) return claimed;
        heartbeat();
        await sleep(CLAIM_POLL_MS);
      }
    },

    /**
     * One signed POST of the event to the tenant's endpoint as it is now. A 2xx is DELIVERED; anything else throws
     * (retried with backoff by the workflow's policy). Nobody subscribed any more: CANCELLED. Already delivered
     * (a retried activity): DELIVERED again without sending.
     */
    async deliverNotification(input: DeliverNotificationInput): Promise<DeliverNotificationResult> {
      const target = await findNotificationDeliveryTarget(deps.db, input.deliveryId);
      if (!target)
        throw ApplicationFailure.nonRetryable(`Unknown delivery ${input.deliveryId}`, 'UnknownDelivery');
      const { delivery, endpoint } = target;
      if (delivery.status === 'DELIVERED') return { status: 'DELIVERED' };
      if (delivery.status !== 'PENDING') return { status: 'CANCELLED' };
      const labels = { tenant: delivery.tenant, event_type: delivery.event_type };
      if (!endpoint || !endpoint.events.includes(delivery.event_type)) {
        await finishNotificationDelivery(deps.db, {
          id: delivery.id,
          status: 'CANCELLED',
          error: `The tenant no longer subscribes to ${delivery.event_type}`,
        });
        attempts.inc({ ...labels, outcome: 'cancelled' });
        return { status: 'CANCELLED' };
      }

      const body = notificationBody(delivery.payload as unknown as NotificationPayload, endpoint.format);
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const response = await fetch(endpoint.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'X-E2A-Signature': signWebhook(endpoint.secret, body, deps.now().getTime() / 1000),
            [EVENT_ID_HEADER]: delivery.id,
            'X-E2A-Event-Type': delivery.event_type,
          },
          body,
          signal: AbortSignal.timeout(NOTIFICATION_REQUEST_TIMEOUT_MS),
        });
        statusCode = response.status;
        // Drained so the connection is reused; the answer's body is not kept.
        await response.arrayBuffer().catch(() => undefined);
        if (!response.ok) error = `HTTP ${response.status}`;
      } catch (caught) {
        error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
      }
      // Recorded before throwing, so every attempt shows in notification_deliveries.
      await recordNotificationAttempt(deps.db, {
        id: delivery.id,
        url: endpoint.url,
        statusCode,
        error,
        isDelivered: error === null,
      });
      attempts.inc({ ...labels, outcome: error === null ? 'delivered' : 'rejected' });
      if (error !== null) {
        deps.logger.warn(
          { deliveryId: delivery.id, url: endpoint.url, error },
          'notification delivery failed',
        );
        throw ApplicationFailure.retryable(error, 'NotificationNotAccepted');
      }
      return { status: 'DELIVERED', ...(statusCode !== null ? { statusCode } : {}) };
    },

    /** Gives a delivery up after its retries ran out (FAILED, with the last error). */
    async failNotificationDelivery(input: FinishNotificationDeliveryInput): Promise<void> {
      const finished = await finishNotificationDelivery(deps.db, {
        id: input.deliveryId,
        status: 'FAILED',
        error: input.error,
      });
      if (finished)
        attempts.inc({ tenant: finished.tenant, event_type: finished.event_type, outcome: 'failed' });
    },
  };
};

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
