import {
  ParentClosePolicy,
  continueAsNew,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Activities } from '@e2a/activities';
import { flowSearchAttributes } from '../shared/flows.contract';
import { notificationDeliveryWorkflow } from './notification-delivery.workflow';
import {
  NOTIFICATIONS_FLOW,
  notificationDeliveryWorkflowId,
  type NotificationDispatcherInput,
} from './notifications.contract';

export const DEFAULT_WAIT_SECONDS = 20;
export const DEFAULT_BATCH_SIZE = 50;
export const DEFAULT_ITERATIONS_BEFORE_CONTINUE_AS_NEW = 200;

/**
 * Forever: claim events the triggers queued in `notification_deliveries` (a long-poll activity, so an idle
 * dispatcher writes one activity per `waitSeconds` to its history) and start one delivery workflow per event,
 * abandoned so it outlives this run. The id is the event id: a delivery started twice runs once.
 */
export async function notificationDispatcherWorkflow(input: NotificationDispatcherInput = {}): Promise<void> {
  const waitSeconds = input.waitSeconds ?? DEFAULT_WAIT_SECONDS;
  const { claimNotificationDeliveries } = proxyActivities<Activities>({
    startToCloseTimeout: `${waitSeconds + 60} seconds`,
    heartbeatTimeout: '30 seconds',
    // A database outage must not end the dispatcher.
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  const iterations = input.iterationsBeforeContinueAsNew ?? DEFAULT_ITERATIONS_BEFORE_CONTINUE_AS_NEW;
  let started = input.started ?? 0;
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const claimed = await claimNotificationDeliveries({
      limit: input.batchSize ?? DEFAULT_BATCH_SIZE,
      waitSeconds,
    });
    await Promise.all(
      claimed.map(async (delivery) => {
        try {
          await startChild(notificationDeliveryWorkflow, {
            workflowId: notificationDeliveryWorkflowId(delivery.id),
            args: [{ deliveryId: delivery.id, tenant: delivery.tenant }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            // A finished delivery is never run again.
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            typedSearchAttributes: flowSearchAttributes(delivery.tenant, NOTIFICATIONS_FLOW),
          });
          started += 1;
        } catch (error) {
          // Re-claimed after a lost dispatcher run: the delivery already runs (or ran).
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }),
    );
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await continueAsNew<typeof notificationDispatcherWorkflow>({ ...input, started });
}
