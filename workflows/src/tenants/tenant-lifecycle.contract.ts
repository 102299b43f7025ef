// Tenant lifecycle (docs/tenants.md): the workflows that bring a tenant into service, take it out, and keep the
// running state equal to the tenants table. Each reads the tenant's state from Postgres, so runs that overlap
// (disable, then enable at once) converge on the table instead of on their start order.

/** Create, enable or update: the tenant's schedules applied (resumed when disabling paused them), monitors ensured. */
export const TENANT_ONBOARDING_WORKFLOW = 'tenantOnboardingWorkflow';
/** Disable: the tenant's schedules paused with a note; real-time evaluation skips disabled tenants by itself. */
export const TENANT_DISABLE_WORKFLOW = 'tenantDisableWorkflow';
/** Every 5 min (schedule `tenant-reconciler`): recreate, resume or pause what drifted from the tenants table. */
export const TENANT_RECONCILER_WORKFLOW = 'tenantReconcilerWorkflow';

export const TENANT_RECONCILER_SCHEDULE_ID = 'tenant-reconciler';

export const tenantOnboardingWorkflowId = (tenant: string) => `tenant-onboarding:${tenant}`;
export const tenantDisableWorkflowId = (tenant: string) => `tenant-disable:${tenant}`;
export const tenantReconcilerWorkflowId = (window: string) => `tenant-reconciler:${window}`;

export interface TenantProvisioningInput {
  tenant: string;
}

export type TenantScheduleChange = 'created' | 'updated' | 'resumed' | 'paused' | 'unchanged';

export interface TenantProvisioningResult {
  tenant: string;
  /** The state found in the tenants table when the schedules were synchronised. */
  state: 'active' | 'disabled';
  schedules: Array<{ scheduleId: string; change: TenantScheduleChange }>;
  /** Real-time monitors started by this run (none when they already ran). */
  monitorsStarted: string[];
}

export interface TenantReconcilerInput {
  /** Tenants per activity (keyset pages by name). */
  pageSize?: number;
}

export type TenantRepairKind =
  'schedule_created' | 'schedule_resumed' | 'schedule_paused' | 'monitor_started';

export interface TenantRepair {
  kind: TenantRepairKind;
  tenant: string | null;
  /** The schedule id or monitor workflow id that was repaired. */
  target: string;
}

export interface TenantReconcilerResult {
  tenants: number;
  repairs: TenantRepair[];
}
