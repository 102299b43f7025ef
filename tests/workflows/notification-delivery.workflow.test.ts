import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { NotificationActivities } from '@e2a/activities';
import {
  NOTIFICATION_DELIVERY_WORKFLOW,
  notificationDeliveryWorkflowId,
  type NotificationDeliveryResult,
} from '@e2a/workflows/contracts';
import { createTimeSkippingEnvironment } from '../support/temporal';

// The give-up path: an endpoint that never accepts is retried with backoff for 24 h, then the delivery is FAILED.
// Time-skipping server; activity stubs typed against the real factory.

describe('notificationDeliveryWorkflow gives up after 24 h', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => env?.teardown());

  it('retries with growing spacing, then records FAILED with the last error', async () => {
    const attempts: number[] = [];
    const failed: { deliveryId: string; error: string }[] = [];
    const activities: Pick<NotificationActivities, 'deliverNotification' | 'failNotificationDelivery'> = {
      deliverNotification: async () => {
        attempts.push(Date.now());
        throw ApplicationFailure.retryable('HTTP 503', 'NotificationNotAccepted');
      },
      failNotificationDelivery: async (input) => {
        failed.push(input);
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'notify-give-up',
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('@e2a/workflows') }),
      activities,
    });
    const result = await worker.runUntil(
      env.client.workflow.execute(NOTIFICATION_DELIVERY_WORKFLOW, {
        taskQueue: 'notify-give-up',
        workflowId: notificationDeliveryWorkflowId('give-up'),
        args: [{ deliveryId: 'give-up', tenant: 'acme' }],
      }) as Promise<NotificationDeliveryResult>,
    );
    expect(result).toEqual({ status: 'FAILED' });
    expect(failed).toEqual([
      { deliveryId: 'give-up', error: expect.stringMatching(/^Not accepted within 24 h: /) },
    ]);
    // 1 s, 2 s, 4 s … capped at 1 h: about 35 attempts fit in 24 h.
    expect(attempts.length).toBeGreaterThan(20);
    expect(attempts.length).toBeLessThan(50);
    const description = await env.client.workflow
      .getHandle(notificationDeliveryWorkflowId('give-up'))
      .describe();
    const elapsedHours =
      ((description.closeTime?.getTime() ?? 0) - description.startTime.getTime()) / 3_600_000;
    expect(elapsedHours).toBeGreaterThanOrEqual(23);
    expect(elapsedHours).toBeLessThan(26);
  }, 120_000);
});
