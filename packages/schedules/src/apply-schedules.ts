import { ScheduleAlreadyRunning, type Client, type ScheduleDescription } from '@temporalio/client';
import { FLOW_NAMES } from '@e2a/workflows/contracts';
import { buildScheduleDefinitions, type ScheduledTenant } from './schedule-definitions';

export interface AppliedSchedule {
  scheduleId: string;
  tenant: string;
  flow: string;
  result: 'created' | 'updated';
}

/**
 * Creates each tenant's schedules, or updates spec, action and policies of those that exist. An operator's
 * pause (`temporal schedule toggle --pause`) and its note survive: the schedule's state is left alone.
 */
export async function applySchedules(
  client: Client,
  tenants: readonly ScheduledTenant[],
  options: { taskQueue: string },
): Promise<AppliedSchedule[]> {
  const applied: AppliedSchedule[] = [];
  for (const tenant of tenants) {
    for (const definition of buildScheduleDefinitions(tenant, options.taskQueue)) {
      const base = { scheduleId: definition.scheduleId, tenant: tenant.name, flow: definition.flow };
      try {
        await client.schedule.create(definition.options);
        applied.push({ ...base, result: 'created' });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await client.schedule.getHandle(definition.scheduleId).update((previous: ScheduleDescription) => ({
          ...previous,
          spec: definition.options.spec,
          action: definition.options.action,
          policies: { ...previous.policies, ...definition.options.policies },
        }));
        applied.push({ ...base, result: 'updated' });
      }
    }
  }
  return applied;
}

export interface ScheduleListing {
  scheduleId: string;
  paused: boolean;
  workflowType: string | null;
  nextActionTimes: Date[];
  recentActions: number;
}

/** Schedules whose id is `<flow>:<tenant>` for one of our flows (optionally one tenant). */
export async function listE2aSchedules(client: Client, tenant?: string): Promise<ScheduleListing[]> {
  const listings: ScheduleListing[] = [];
  for await (const summary of client.schedule.list()) {
    const [flow, owner] = summary.scheduleId.split(':');
    if (!flow || !owner || !(FLOW_NAMES as readonly string[]).includes(flow)) continue;
    if (tenant && owner !== tenant) continue;
    listings.push({
      scheduleId: summary.scheduleId,
      paused: summary.state.paused,
      workflowType: summary.action?.type === 'startWorkflow' ? summary.action.workflowType : null,
      nextActionTimes: summary.info.nextActionTimes,
      recentActions: summary.info.recentActions.length,
    });
  }
  return listings.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}
