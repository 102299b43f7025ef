import type { Client } from '@temporalio/client';
import type { TenantRuntime } from '@e2a/activities';
import {
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
    ensureMonitors: (activeTenants) =>
      ensureRealtimeMonitors(client, {
        taskQueue,
        tenants: activeTenants,
        ...(options.realtimePollSeconds !== undefined ? { pollSeconds: options.realtimePollSeconds } : {}),
      }),
  };
}
