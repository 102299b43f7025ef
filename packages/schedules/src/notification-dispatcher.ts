import type { Client } from '@temporalio/client';
import {
  NOTIFICATION_DISPATCHER_WORKFLOW,
  NOTIFICATION_DISPATCHER_WORKFLOW_ID,
  NOTIFICATIONS_FLOW,
  FlowNameSearchAttribute,
  type NotificationDispatcherInput,
} from '@e2a/workflows/contracts';

/**
 * Starts the notification dispatcher unless it already runs (one per namespace, business-key id + USE_EXISTING),
 * so every worker boot may call it. Returns the first run id of the chain that now runs.
 */
export async function ensureNotificationDispatcher(
  client: Client,
  options: { taskQueue: string; input?: NotificationDispatcherInput },
): Promise<string> {
  const handle = await client.workflow.start(NOTIFICATION_DISPATCHER_WORKFLOW, {
    taskQueue: options.taskQueue,
    workflowId: NOTIFICATION_DISPATCHER_WORKFLOW_ID,
    args: [options.input ?? {}],
    typedSearchAttributes: [{ key: FlowNameSearchAttribute, value: NOTIFICATIONS_FLOW }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return handle.firstExecutionRunId;
}
