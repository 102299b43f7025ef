import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
} from '@temporalio/client';
import {
  TENANT_RECONCILER_SCHEDULE_ID,
  TENANT_RECONCILER_WORKFLOW,
  tenantReconcilerWorkflowId,
  type TenantScheduleChange,
} from '@e2a/workflows/contracts';
import { applySchedules } from './apply-schedules';
import { buildScheduleDefinitions, SCHEDULED_WINDOW, type ScheduledTenant } from './schedule-definitions';

// A tenant's schedules follow its row: active → present and running, disabled → paused with a note saying so.
// Only pauses made by disabling are lifted on enable; an operator's own pause (another note) is left alone.

/** Notes of schedules paused because their tenant is disabled start with this. */
export const TENANT_DISABLED_NOTE = 'E²A: tenant disabled';

export interface TenantScheduleTarget extends ScheduledTenant {
  isDisabled: boolean;
}

export interface ScheduleState {
  paused: boolean;
  note: string | undefined;
}

export interface TenantScheduleSync {
  scheduleId: string;
  tenant: string;
  change: TenantScheduleChange;
}

const isPausedByDisabling = (state: ScheduleState | undefined) =>
  state?.paused === true && (state.note ?? '').startsWith(TENANT_DISABLED_NOTE);

/** Every schedule's pause state by id, from one listing. */
export async function listScheduleStates(client: Client): Promise<Map<string, ScheduleState>> {
  const states = new Map<string, ScheduleState>();
  for await (const summary of client.schedule.list()) {
    states.set(summary.scheduleId, { paused: summary.state.paused, note: summary.state.note });
  }
  return states;
}

async function describeState(client: Client, scheduleId: string): Promise<ScheduleState | undefined> {
  try {
    const description = await client.schedule.getHandle(scheduleId).describe();
    return { paused: description.state.paused, note: description.state.note };
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}

async function pause(client: Client, scheduleId: string, tenant: string): Promise<void> {
  await client.schedule.getHandle(scheduleId).pause(`${TENANT_DISABLED_NOTE}: ${tenant} is disabled`);
}

async function resume(client: Client, scheduleId: string, tenant: string): Promise<void> {
  await client.schedule.getHandle(scheduleId).unpause(`E²A: tenant ${tenant} enabled`);
}

/**
 * Brings one tenant's schedules in line with its row: an active tenant's are created or updated (spec, time zone)
 * and resumed when disabling had paused them; a disabled tenant's existing ones are paused.
 */
export async function syncTenantSchedules(
  client: Client,
  tenant: TenantScheduleTarget,
  options: { taskQueue: string },
): Promise<TenantScheduleSync[]> {
  const synced: TenantScheduleSync[] = [];
  if (tenant.isDisabled) {
    for (const definition of buildScheduleDefinitions(tenant, options.taskQueue)) {
      const state = await describeState(client, definition.scheduleId);
      const base = { scheduleId: definition.scheduleId, tenant: tenant.name };
      if (!state || state.paused) {
        synced.push({ ...base, change: 'unchanged' });
        continue;
      }
      await pause(client, definition.scheduleId, tenant.name);
      synced.push({ ...base, change: 'paused' });
    }
    return synced;
  }
  for (const applied of await applySchedules(client, [tenant], options)) {
    const base = { scheduleId: applied.scheduleId, tenant: tenant.name };
    if (
      applied.result === 'updated' &&
      isPausedByDisabling(await describeState(client, applied.scheduleId))
    ) {
      await resume(client, applied.scheduleId, tenant.name);
      synced.push({ ...base, change: 'resumed' });
    } else {
      synced.push({ ...base, change: applied.result });
    }
  }
  return synced;
}

/**
 * Repairs drift for a page of tenants against a listing of schedule states: missing schedules of active tenants are
 * created, their disabling pauses lifted; a disabled tenant's running schedules are paused. Returns only repairs.
 */
export async function reconcileTenantSchedules(
  client: Client,
  tenants: readonly TenantScheduleTarget[],
  options: { taskQueue: string; states: Map<string, ScheduleState> },
): Promise<TenantScheduleSync[]> {
  const repairs: TenantScheduleSync[] = [];
  for (const tenant of tenants) {
    for (const definition of buildScheduleDefinitions(tenant, options.taskQueue)) {
      const state = options.states.get(definition.scheduleId);
      const base = { scheduleId: definition.scheduleId, tenant: tenant.name };
      if (tenant.isDisabled) {
        if (state && !state.paused) {
          await pause(client, definition.scheduleId, tenant.name);
          repairs.push({ ...base, change: 'paused' });
        }
      } else if (!state) {
        try {
          await client.schedule.create(definition.options);
          repairs.push({ ...base, change: 'created' });
        } catch (error) {
          // Created meanwhile (by onboarding): nothing to repair.
          if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        }
      } else if (isPausedByDisabling(state)) {
        await resume(client, definition.scheduleId, tenant.name);
        repairs.push({ ...base, change: 'resumed' });
      }
    }
  }
  return repairs;
}

/** The `tenant-reconciler` schedule (every 5 min); created or updated, an operator's pause kept. */
export async function applyTenantReconcilerSchedule(
  client: Client,
  options: { taskQueue: string },
): Promise<'created' | 'updated'> {
  const spec = { intervals: [{ every: '5m' }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: TENANT_RECONCILER_WORKFLOW,
    workflowId: tenantReconcilerWorkflowId(SCHEDULED_WINDOW),
    args: [{}],
    taskQueue: options.taskQueue,
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '5m', pauseOnFailure: false };
  try {
    await client.schedule.create({
      scheduleId: TENANT_RECONCILER_SCHEDULE_ID,
      spec,
      action,
      policies,
      memo: { cadence: 'every 5 min' },
      state: { note: 'E²A tenant-reconciler: running state follows the tenants table (docs/tenants.md)' },
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(TENANT_RECONCILER_SCHEDULE_ID).update((previous) => ({
      ...previous,
      spec,
      action,
      policies: { ...previous.policies, ...policies },
    }));
    return 'updated';
  }
}
