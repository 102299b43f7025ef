// Outbound notifications (docs/notifications.md): names, inputs, results and ids of the two workflows.

export const NOTIFICATION_DISPATCHER_WORKFLOW = 'notificationDispatcherWorkflow';
export const NOTIFICATION_DELIVERY_WORKFLOW = 'notificationDeliveryWorkflow';
/** `FlowName` of both workflows (not an operator-started flow, so not in FLOW_NAMES). */
export const NOTIFICATIONS_FLOW = 'notifications';

/** The one dispatcher of the namespace's task queue. */
export const NOTIFICATION_DISPATCHER_WORKFLOW_ID = 'notification-dispatcher';
/** One delivery per event: starting it twice is a no-op. */
export const notificationDeliveryWorkflowId = (eventId: string) => `notification:${eventId}`;

export interface NotificationDispatcherInput {
  /** Long poll of each claim (default 20 s). */
  waitSeconds?: number;
  /** Events claimed at once (default 50). */
  batchSize?: number;
  iterationsBeforeContinueAsNew?: number;
  /** Carried across continue-as-new. */
  started?: number;
}

export interface NotificationDeliveryInput {
  deliveryId: string;
  tenant: string;
}

export interface NotificationDeliveryResult {
  status: 'DELIVERED' | 'CANCELLED' | 'FAILED';
}
