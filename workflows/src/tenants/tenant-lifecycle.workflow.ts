import { proxyActivities } from '@temporalio/workflow';
import type { ReconcileTenantPageResult, TenantProvisioningActivities } from '@e2a/activities';
import type {
  TenantProvisioningInput,
  TenantProvisioningResult,
  TenantReconcilerInput,
  TenantReconcilerResult,
} from './tenant-lifecycle.contract';

const { syncTenantSchedules, ensureTenantMonitors, reconcileTenantPage, reconcileMonitors } =
  proxyActivities<TenantProvisioningActivities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '1 minute',
    // Temporal or Postgres being away must not leave a tenant half provisioned: retry until they are back.
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });

const DEFAULT_RECONCILER_PAGE_SIZE = 200;

/** Brings a created, enabled or updated tenant into service: schedules applied (or resumed), monitors running. */
export async function tenantOnboardingWorkflow(
  input: TenantProvisioningInput,
): Promise<TenantProvisioningResult> {
  const synced = await syncTenantSchedules({ tenant: input.tenant });
  // Disabled again meanwhile: its schedules were paused instead, and no monitor is needed for it.
  const monitors = synced.state === 'active' ? await ensureTenantMonitors() : { started: [] };
  return {
    tenant: input.tenant,
    state: synced.state,
    schedules: synced.schedules,
    monitorsStarted: monitors.started,
  };
}

/** Takes a disabled tenant out of service: its schedules paused with a note (evaluation skips it by itself). */
export async function tenantDisableWorkflow(
  input: TenantProvisioningInput,
): Promise<TenantProvisioningResult> {
  const synced = await syncTenantSchedules({ tenant: input.tenant });
  return { tenant: input.tenant, state: synced.state, schedules: synced.schedules, monitorsStarted: [] };
}

/** The `tenant-reconciler` run: every tenant page by page, then the monitors; repairs are logged and counted. */
export async function tenantReconcilerWorkflow(
  input: TenantReconcilerInput = {},
): Promise<TenantReconcilerResult> {
  const limit = input.pageSize ?? DEFAULT_RECONCILER_PAGE_SIZE;
  const result: TenantReconcilerResult = { tenants: 0, repairs: [] };
  let afterName: string | null = null;
  do {
    const page: ReconcileTenantPageResult = await reconcileTenantPage({ afterName, limit });
    result.tenants += page.tenants;
    result.repairs.push(...page.repairs);
    afterName = page.nextCursor;
  } while (afterName !== null);
  const monitors = await reconcileMonitors();
  result.repairs.push(...monitors.repairs);
  return result;
}
