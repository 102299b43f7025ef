import type { Client } from '@temporalio/client';
import { ensureRealtimeMonitors as ensureMonitors } from '@e2a/schedules';

export interface RealtimeMonitorOptions {
  taskQueue: string;
  pollSeconds?: number;
  iterationsBeforeContinueAsNew?: number;
}

/** Starts the real-time order monitor of each given tenant unless it already runs, so every caller may call it. */
export async function ensureRealtimeMonitors(
  client: Client,
  tenants: string[],
  options: RealtimeMonitorOptions,
): Promise<Array<{ workflowId: string; started: boolean }>> {
  return ensureMonitors(client, { ...options, tenants });
}
