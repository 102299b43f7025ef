import type { Client } from '@temporalio/client';
import type { TenantRuntime } from '@e2a/activities';
import { NOTIFICATION_DISPATCHER_WORKFLOW_ID } from '@e2a/workflows/contracts';
import {
  ensureNotificationDispatcher,
  ensureRealtimeMonitors,
  isRunning,
  listScheduleStates,
  realtimeMonitorIds,
  reconcileTenantSchedules,
  syncTenantSchedules,
} from '@e2a/schedules';

export interface TenantRuntimeOptions {
  taskQueue: string;
  /** Shortest spacing of the real-time monitors' evaluation rounds while events stream in. */
  realtimePollSeconds?: number;
}

/** The Temporal side of tenant provisioning over this worker's client and task queue. */
export function createTenantRuntime(client: Client, options: TenantRuntimeOptions): TenantRuntime {
  const { taskQueue } = options;
  return {
    syncSchedules: (tenant) => syncTenantSchedules(client, tenant, { taskQueue }),
    reconcileSchedules: async (tenants) =>
      reconcileTenantSchedules(client, tenants, { taskQueue, states: await listScheduleStates(client) }),
    // The shards cover every active tenant, whatever the list: the monitors cost the same for 1 or 1,000 tenants.
    // The notification dispatcher is the other long-running workflow: it is brought back the same way.
    ensureMonitors: async () => {
      // Which monitors are down before ensuring them: those are the ones this call starts.
      const ids = [...realtimeMonitorIds(taskQueue), NOTIFICATION_DISPATCHER_WORKFLOW_ID];
      const running = await Promise.all(ids.map((workflowId) => isRunning(client, workflowId)));
      const down = new Set(ids.filter((_, index) => !running[index]));
      const ensured = await ensureRealtimeMonitors(client, {
        taskQueue,
        ...(options.realtimePollSeconds !== undefined ? { pollSeconds: options.realtimePollSeconds } : {}),
      });
      await ensureNotificationDispatcher(client, { taskQueue });
      const workflowIds = [
        ...new Set([...ensured.map((monitor) => monitor.workflowId), NOTIFICATION_DISPATCHER_WORKFLOW_ID]),
      ];
      return workflowIds.map((workflowId) => ({ workflowId, started: down.has(workflowId) }));
    },
  };
}
