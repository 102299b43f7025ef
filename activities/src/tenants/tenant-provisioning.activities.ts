import { ApplicationFailure } from '@temporalio/common';
import { listTenantPage, listTenants, withTenantLock } from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { heartbeat } from '../shared/heartbeat';
import { counter } from '../shared/metrics';

// Tenant provisioning: read the tenant's state from Postgres, make Temporal match it through the injected runtime
// (schedules and real-time monitors), log and count every repair. The worker builds the runtime over its client.

export type ScheduleChange = 'created' | 'updated' | 'resumed' | 'paused' | 'unchanged';

export interface TenantTarget {
  name: string;
  timezone: string;
  isDisabled: boolean;
}

/** Temporal operations on tenants, injected by the worker composition root (activities never build clients). */
export interface TenantRuntime {
  syncSchedules(tenant: TenantTarget): Promise<Array<{ scheduleId: string; change: ScheduleChange }>>;
  /** Repairs only: what was missing, wrongly paused or wrongly running, for a page of tenants. */
  reconcileSchedules(
    tenants: TenantTarget[],
  ): Promise<Array<{ scheduleId: string; tenant: string; change: ScheduleChange }>>;
  ensureMonitors(activeTenants: string[]): Promise<Array<{ workflowId: string; started: boolean }>>;
}

export interface TenantActivityInput {
  tenant: string;
}

export interface SyncTenantSchedulesResult {
  tenant: string;
  state: 'active' | 'disabled';
  schedules: Array<{ scheduleId: string; change: ScheduleChange }>;
}

export interface ReconcileTenantPageInput {
  afterName: string | null;
  limit: number;
}

export type RepairKind = 'schedule_created' | 'schedule_resumed' | 'schedule_paused' | 'monitor_started';

export interface Repair {
  kind: RepairKind;
  tenant: string | null;
  target: string;
}

export interface ReconcileTenantPageResult {
  tenants: number;
  repairs: Repair[];
  nextCursor: string | null;
}

const REPAIR_OF_CHANGE: Partial<Record<ScheduleChange, RepairKind>> = {
  created: 'schedule_created',
  resumed: 'schedule_resumed',
  paused: 'schedule_paused',
};

const targetOf = (row: { name: string; timezone: string; disabled_at: Date | null }): TenantTarget => ({
  name: row.name,
  timezone: row.timezone,
  isDisabled: row.disabled_at !== null,
});

export function createTenantProvisioningActivities(deps: ActivityDeps, runtime: TenantRuntime) {
  const repairsTotal = counter(
    deps.metrics,
    'tenant_reconciler_repairs_total',
    'Running state the tenant-reconciler found out of line with the tenants table and repaired, by kind',
    ['kind'],
  );

  const activeTenantNames = async () =>
    (await listTenants(deps.db)).filter((row) => row.disabled_at === null).map((row) => row.name);

  const record = (repairs: Repair[]) => {
    for (const repair of repairs) {
      repairsTotal.inc({ kind: repair.kind });
      deps.logger.warn(
        { repair: repair.kind, tenant: repair.tenant, target: repair.target },
        'tenant-reconciler repair',
      );
    }
  };

  return {
    /** Applies or pauses the tenant's schedules according to its row (not to who asked), so overlapping runs agree. */
    async syncTenantSchedules(input: TenantActivityInput): Promise<SyncTenantSchedulesResult> {
      // Under the tenant's lock: a concurrent run (disable, then enable) waits and then reads the newer row.
      const synced = await withTenantLock(deps.db, input.tenant, async (row) => {
        const target = targetOf(row);
        return { target, schedules: await runtime.syncSchedules(target) };
      });
      if (!synced) throw ApplicationFailure.nonRetryable(`Unknown tenant "${input.tenant}"`, 'UnknownTenant');
      const { target, schedules } = synced;
      deps.logger.info(
        {
          tenant: input.tenant,
          disabled: target.isDisabled,
          schedules: schedules.map((s) => `${s.scheduleId}=${s.change}`),
        },
        'tenant schedules synchronised',
      );
      return { tenant: input.tenant, state: target.isDisabled ? 'disabled' : 'active', schedules };
    },

    /** Makes sure the real-time monitors covering every active tenant run; returns the ones it started. */
    async ensureTenantMonitors(): Promise<{ started: string[] }> {
      const ensured = await runtime.ensureMonitors(await activeTenantNames());
      return { started: ensured.filter((monitor) => monitor.started).map((monitor) => monitor.workflowId) };
    },

    /** One keyset page of the reconciler: schedule drift of these tenants repaired, each repair logged and counted. */
    async reconcileTenantPage(input: ReconcileTenantPageInput): Promise<ReconcileTenantPageResult> {
      const page = await listTenantPage(deps.db, input.afterName, input.limit);
      heartbeat({ afterName: input.afterName });
      const changes = await runtime.reconcileSchedules(page.map(targetOf));
      const repairs = changes.flatMap((change): Repair[] => {
        const kind = REPAIR_OF_CHANGE[change.change];
        return kind ? [{ kind, tenant: change.tenant, target: change.scheduleId }] : [];
      });
      record(repairs);
      const last = page.at(-1);
      return {
        tenants: page.length,
        repairs,
        nextCursor: page.length === input.limit && last ? last.name : null,
      };
    },

    /** The reconciler's monitor pass: a monitor that is not running (terminated, failed) is started again. */
    async reconcileMonitors(): Promise<{ repairs: Repair[] }> {
      const ensured = await runtime.ensureMonitors(await activeTenantNames());
      const repairs = ensured
        .filter((monitor) => monitor.started)
        .map((monitor): Repair => ({ kind: 'monitor_started', tenant: null, target: monitor.workflowId }));
      record(repairs);
      return { repairs };
    },
  };
}

export type TenantProvisioningActivities = ReturnType<typeof createTenantProvisioningActivities>;
