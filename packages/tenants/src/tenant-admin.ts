import type { Client } from '@temporalio/client';
import {
  addApiKey,
  createTenant,
  findTenant,
  listApiKeys,
  listTenants,
  revokeApiKey,
  rotateWebhookSecret,
  setTenantDisabled,
  updateTenant,
  upsertTenant,
  type Db,
  type TenantRow,
} from '@e2a/db';
import { partnerEndpointsAt } from '@e2a/domain';
import {
  buildScheduleDefinitions,
  describeRealtimeMonitor,
  listScheduleStates,
  type ScheduleState,
} from '@e2a/schedules';
import {
  TENANT_DISABLE_WORKFLOW,
  TENANT_ONBOARDING_WORKFLOW,
  tenantDisableWorkflowId,
  tenantOnboardingWorkflowId,
  type TenantProvisioningResult,
} from '@e2a/workflows/contracts';
import type {
  ApiKeyCreated,
  ApiKeyRevoked,
  CreateTenantBody,
  CreatedTenantView,
  Provisioning,
  RotatedSecret,
  TenantChange,
  TenantDetail,
  TenantSummary,
  UpdateTenantBody,
} from './tenant-admin.schema';

/** Thrown for an unknown tenant, a taken name or an unknown key; the API maps `code` to its status table. */
export class TenantAdminError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'unavailable',
    message: string,
    readonly details: Array<{ path: string; rule: string }> = [],
  ) {
    super(message);
    this.name = 'TenantAdminError';
  }
}

export interface TenantAdminDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** WEBHOOK_SECRET_GRACE_HOURS: how long a rotated-out secret stays valid unless the call says otherwise. */
  webhookSecretGraceHours: number;
  /** How long a call waits for its provisioning workflow before answering `running` (default 10 s). */
  provisioningWaitMs?: number;
  now?: () => Date;
}

const TEMPORAL_CALL_DEADLINE_MS = 5_000;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

const notFound = (name: string) =>
  new TenantAdminError('not_found', `Tenant ${name} not found`, [
    { path: 'path.name', rule: 'must be an existing tenant' },
  ]);

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A Temporal read within a deadline; failing, it is an outage answer, not an internal error. */
async function fromTemporal<T>(client: Client, read: () => Promise<T>): Promise<T> {
  try {
    return await client.withDeadline(Date.now() + TEMPORAL_CALL_DEADLINE_MS, read);
  } catch (error) {
    throw new TenantAdminError('unavailable', `Temporal is unreachable: ${errorMessage(error)}`);
  }
}

/**
 * Tenant administration shared by the API and the CLI: every change is stored in Postgres first (the source of
 * truth), then made real by a provisioning workflow started by business-key id; what drifts, the reconciler repairs.
 */
export function createTenantAdmin(deps: TenantAdminDeps) {
  const now = deps.now ?? (() => new Date());
  const waitMs = deps.provisioningWaitMs ?? 10_000;

  async function provision(kind: 'onboarding' | 'disable', tenant: string): Promise<Provisioning> {
    const workflowType = kind === 'onboarding' ? TENANT_ONBOARDING_WORKFLOW : TENANT_DISABLE_WORKFLOW;
    const workflowId =
      kind === 'onboarding' ? tenantOnboardingWorkflowId(tenant) : tenantDisableWorkflowId(tenant);
    let result: Promise<TenantProvisioningResult>;
    try {
      // A run still in flight read the row before this change: the new run replaces it and reads it again.
      const handle = await deps.temporal.withDeadline(Date.now() + TEMPORAL_CALL_DEADLINE_MS, () =>
        deps.temporal.workflow.start(workflowType, {
          taskQueue: deps.taskQueue,
          workflowId,
          args: [{ tenant }],
          workflowIdConflictPolicy: 'TERMINATE_EXISTING',
        }),
      );
      result = handle.result() as Promise<TenantProvisioningResult>;
    } catch (error) {
      return { workflow_id: workflowId, status: 'not_started', detail: errorMessage(error) };
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<Provisioning>((resolve) => {
      timer = setTimeout(() => resolve({ workflow_id: workflowId, status: 'running', detail: null }), waitMs);
    });
    try {
      return await Promise.race([
        result.then(
          (done): Provisioning => ({
            workflow_id: workflowId,
            status: 'completed',
            detail: `${done.state}; schedules ${done.schedules.map((s) => s.change).join(',')}`,
          }),
          (error: unknown): Provisioning => ({
            workflow_id: workflowId,
            status: 'failed',
            detail: errorMessage(error),
          }),
        ),
        waited,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  function scheduleStatesOf(
    tenant: Pick<TenantRow, 'name' | 'timezone'>,
    states: Map<string, ScheduleState>,
  ) {
    return buildScheduleDefinitions(tenant, deps.taskQueue).map((definition) => {
      const state = states.get(definition.scheduleId);
      return {
        schedule_id: definition.scheduleId,
        present: state !== undefined,
        paused: state?.paused ?? false,
        note: state?.note ?? null,
      };
    });
  }

  async function summaryOf(row: TenantRow, states: Map<string, ScheduleState>): Promise<TenantSummary> {
    const [monitor, schedules] = await Promise.all([
      fromTemporal(deps.temporal, () =>
        describeRealtimeMonitor(deps.temporal, row.name, { taskQueue: deps.taskQueue }),
      ),
      scheduleStatesOf(row, states),
    ]);
    return {
      name: row.name,
      display_name: row.display_name,
      timezone: row.timezone,
      state: row.disabled_at === null ? 'active' : 'disabled',
      disabled_at: iso(row.disabled_at),
      monitor: { workflow_id: monitor.workflowId, running: monitor.running },
      schedules: {
        expected: schedules.length,
        present: schedules.filter((schedule) => schedule.present).length,
        paused: schedules.filter((schedule) => schedule.paused).length,
      },
      created_at: iso(row.created_at) as string,
      updated_at: iso(row.updated_at) as string,
    };
  }

  async function detailOf(row: TenantRow): Promise<TenantDetail> {
    const states = await fromTemporal(deps.temporal, () => listScheduleStates(deps.temporal));
    const [summary, keys, schedules] = await Promise.all([
      summaryOf(row, states),
      listApiKeys(deps.db, row.name),
      scheduleStatesOf(row, states),
    ]);
    const expiresAt = row.previous_webhook_secret_expires_at;
    return {
      ...summary,
      partner_endpoints: row.partner_endpoints,
      previous_webhook_secret_expires_at: expiresAt && expiresAt > now() ? iso(expiresAt) : null,
      api_keys: keys.map((key) => ({ prefix: key.prefix, created_at: iso(key.created_at) as string })),
      schedule_list: schedules,
    };
  }

  async function requireTenant(name: string): Promise<TenantRow> {
    const row = await findTenant(deps.db, name);
    if (!row) throw notFound(name);
    return row;
  }

  async function changed(row: TenantRow, kind: 'onboarding' | 'disable'): Promise<TenantChange> {
    const provisioning = await provision(kind, row.name);
    // Read again: the view shows the state the provisioning left.
    return { ...(await detailOf(await requireTenant(row.name))), provisioning };
  }

  return {
    async create(
      body: CreateTenantBody & { webhookSecret?: string; apiKey?: string },
    ): Promise<CreatedTenantView> {
      const created = await createTenant(deps.db, {
        name: body.name,
        ...(body.display_name !== undefined ? { displayName: body.display_name } : {}),
        ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
        ...(body.partner_url !== undefined ? { partnerEndpoints: partnerEndpointsAt(body.partner_url) } : {}),
        ...(body.webhookSecret !== undefined ? { webhookSecret: body.webhookSecret } : {}),
        ...(body.apiKey !== undefined ? { apiKey: body.apiKey } : {}),
      });
      if (!created) {
        throw new TenantAdminError('conflict', `Tenant ${body.name} already exists`, [
          { path: 'name', rule: 'must not be an existing tenant' },
        ]);
      }
      return { ...created, provisioning: await provision('onboarding', body.name) };
    },

    /** `e2a tenant create`: creates or updates (secret, key, zone, partners), then provisions. */
    async upsert(input: {
      name: string;
      webhookSecret?: string;
      apiKey?: string;
      timezone?: string;
      partnerUrl?: string;
    }): Promise<{
      name: string;
      webhook_secret: string;
      api_key: string | null;
      provisioning: Provisioning;
    }> {
      const result = await upsertTenant(deps.db, {
        name: input.name,
        ...(input.webhookSecret ? { webhookSecret: input.webhookSecret } : {}),
        ...(input.apiKey ? { apiKey: input.apiKey } : {}),
        ...(input.timezone ? { timezone: input.timezone } : {}),
        ...(input.partnerUrl ? { partnerEndpoints: partnerEndpointsAt(input.partnerUrl) } : {}),
      });
      const row = await requireTenant(input.name);
      const provisioning = await provision(row.disabled_at === null ? 'onboarding' : 'disable', input.name);
      return {
        name: result.name,
        webhook_secret: result.webhook_secret,
        api_key: result.api_key,
        provisioning,
      };
    },

    async list(): Promise<TenantSummary[]> {
      const [rows, states] = await Promise.all([
        listTenants(deps.db),
        fromTemporal(deps.temporal, () => listScheduleStates(deps.temporal)),
      ]);
      return Promise.all(rows.map((row) => summaryOf(row, states)));
    },

    async show(name: string): Promise<TenantDetail> {
      return detailOf(await requireTenant(name));
    },

    async update(name: string, body: UpdateTenantBody): Promise<TenantChange> {
      const row = await updateTenant(deps.db, name, {
        ...(body.display_name !== undefined ? { displayName: body.display_name } : {}),
        ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
        ...(body.partner_url !== undefined ? { partnerEndpoints: partnerEndpointsAt(body.partner_url) } : {}),
      });
      if (!row) throw notFound(name);
      // A new time zone moves the billing schedule; a disabled tenant's schedules stay paused.
      return changed(row, row.disabled_at === null ? 'onboarding' : 'disable');
    },

    async disable(name: string): Promise<TenantChange> {
      const row = await setTenantDisabled(deps.db, name, true, now());
      if (!row) throw notFound(name);
      return changed(row, 'disable');
    },

    async enable(name: string): Promise<TenantChange> {
      const row = await setTenantDisabled(deps.db, name, false, now());
      if (!row) throw notFound(name);
      return changed(row, 'onboarding');
    },

    async rotateWebhookSecret(name: string, options: { graceHours?: number } = {}): Promise<RotatedSecret> {
      const graceHours = options.graceHours ?? deps.webhookSecretGraceHours;
      const rotated = await rotateWebhookSecret(deps.db, name, {
        now: now(),
        graceSeconds: graceHours * 3600,
      });
      if (!rotated) throw notFound(name);
      return {
        name,
        webhook_secret: rotated.webhook_secret,
        previous_secret_valid_until: iso(rotated.previous_secret_expires_at),
      };
    },

    async addApiKey(name: string): Promise<ApiKeyCreated> {
      const added = await addApiKey(deps.db, name);
      if (!added) throw notFound(name);
      return {
        name,
        prefix: added.prefix,
        api_key: added.api_key,
        created_at: iso(added.created_at) as string,
      };
    },

    async revokeApiKey(name: string, prefix: string): Promise<ApiKeyRevoked> {
      await requireTenant(name);
      if (!(await revokeApiKey(deps.db, name, prefix))) {
        throw new TenantAdminError('not_found', `Tenant ${name} has no API key ${prefix}`, [
          { path: 'path.prefix', rule: "must name one of the tenant's API keys" },
        ]);
      }
      return { name, prefix, revoked: true };
    },
  };
}

export type TenantAdmin = ReturnType<typeof createTenantAdmin>;
