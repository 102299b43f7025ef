import type { Client } from '@temporalio/client';
import type { TenantRuntime } from '@e2a/activities';
import {
  describeRealtimeMonitor,
  ensureRealtimeMonitors,
  listScheduleStates,
  reconcileTenantSchedules,
  syncTenantSchedules,
} from '@e2a/schedules';

export interface TenantRuntimeOptions {
  taskQueue: string;
  /** Poll interval of the real-time monitors this worker starts. */
  realtimePollSeconds?: number;
}

/** The Temporal side of tenant provisioning over this worker's client and task queue. */
export function createTenantRuntime(client: Client, options: TenantRuntimeOptions): TenantRuntime {
  const { taskQueue } = options;
  return {
    syncSchedules: (tenant) => syncTenantSchedules(client, tenant, { taskQueue }),
    reconcileSchedules: async (tenants) =>
      reconcileTenantSchedules(client, tenants, { taskQueue, states: await listScheduleStates(client) }),
    ensureMonitors: async (activeTenants) => {
      // Which monitors are down before ensuring them: those are the ones this call starts.
      const described = await Promise.all(
        activeTenants.map((tenant) => describeRealtimeMonitor(client, tenant)),
      );
      const down = new Set(
        described.filter((monitor) => !monitor.running).map((monitor) => monitor.workflowId),
      );
      const ensured = await ensureRealtimeMonitors(client, {
        taskQueue,
        tenants: activeTenants,
        ...(options.realtimePollSeconds !== undefined ? { pollSeconds: options.realtimePollSeconds } : {}),
      });
      const workflowIds = [...new Set(ensured.map((monitor) => monitor.workflowId))];
      return workflowIds.map((workflowId) => ({ workflowId, started: down.has(workflowId) }));
    },
  };
}
