import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '@e2a/activities';
import { NOTIFICATION_RETRY } from '@e2a/domain';
import type { NotificationDeliveryInput, NotificationDeliveryResult } from './notifications.contract';

const { deliverNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Exponential backoff, at most an hour apart, for up to 24 h; each attempt is recorded by the activity.
  scheduleToCloseTimeout: `${NOTIFICATION_RETRY.giveUpAfterHours} hours`,
  retry: {
    initialInterval: NOTIFICATION_RETRY.initialIntervalSeconds * 1000,
    backoffCoefficient: NOTIFICATION_RETRY.backoffCoefficient,
    maximumInterval: NOTIFICATION_RETRY.maximumIntervalSeconds * 1000,
  },
});

const { failNotificationDelivery } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** One event to one endpoint (id `notification:<event id>`): POST until accepted, or give up after 24 h. */
export async function notificationDeliveryWorkflow(
  input: NotificationDeliveryInput,
): Promise<NotificationDeliveryResult> {
  try {
    const { status } = await deliverNotification({ deliveryId: input.deliveryId });
    return { status };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const reason = error.cause?.message ?? error.message;
    await failNotificationDelivery({
      deliveryId: input.deliveryId,
      error: `Not accepted within ${NOTIFICATION_RETRY.giveUpAfterHours} h: ${reason}`,
    });
    return { status: 'FAILED' };
  }
}
