import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { findTenant, pingDatabase } from '@e2a/db';
import {
  MaintenanceWindowSchema,
  isInBillingWindow,
  isInMaintenanceWindow,
  localDate,
  type MaintenanceWindow,
} from '@e2a/domain';
import type { ActivityDeps } from '../deps';
import { AI_SERVICE_BREAKER, readBreaker, type BreakerState } from '@e2a/circuit-breaker';

export interface PlanOrchestratorRunInput {
  tenant: string;
  /** Workflow time (ISO). */
  at: string;
  /** Overrides the tenant's `maintenance_window` for this run. */
  maintenanceWindow?: MaintenanceWindow | null;
  /** Runs billing whatever the hour (an operator's manual run). */
  forceBilling?: boolean;
}

export interface OrchestratorPlan {
  tenant: string;
  timezone: string;
  inMaintenanceWindow: boolean;
  maintenanceWindow: MaintenanceWindow | null;
  billingDue: boolean;
  /** Tenant-local date: the business key of the day's billing run. */
  localDate: string;
}

export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  detail: string;
}

export interface ReadinessReport {
  postgres: ProbeResult;
  redis: ProbeResult;
  temporal: ProbeResult;
  aiBreaker: ProbeResult & { state: BreakerState | 'unknown' };
  /** Postgres and Temporal are required; Redis and the AI breaker only degrade the run. */
  ready: boolean;
  degraded: boolean;
}

const PROBE_TIMEOUT_MS = 3000;

async function probe(check: () => Promise<string>): Promise<ProbeResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started), detail };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function createOrchestratorActivities(deps: ActivityDeps) {
  return {
    /** Tenant time zone, maintenance window and billing window for this hour. */
    async planOrchestratorRun(input: PlanOrchestratorRunInput): Promise<OrchestratorPlan> {
      const tenant = await findTenant(deps.db, input.tenant);
      if (!tenant) throw ApplicationFailure.nonRetryable(`Unknown tenant "${input.tenant}"`, 'UnknownTenant');
      const at = new Date(input.at);
      let window: MaintenanceWindow | null = null;
      if (input.maintenanceWindow !== undefined) {
        window = input.maintenanceWindow;
      } else if (tenant.maintenance_window) {
        const parsed = MaintenanceWindowSchema.safeParse(tenant.maintenance_window);
        if (!parsed.success) {
          throw ApplicationFailure.nonRetryable(
            `tenants.maintenance_window of "${input.tenant}" is invalid: ${parsed.error.issues[0]?.message}`,
            'InvalidMaintenanceWindow',
          );
        }
        window = parsed.data;
      }
      return {
        tenant: tenant.name,
        timezone: tenant.timezone,
        maintenanceWindow: window,
        inMaintenanceWindow: isInMaintenanceWindow(window, at, tenant.timezone),
        billingDue: input.forceBilling === true || isInBillingWindow(at, tenant.timezone),
        localDate: localDate(at, tenant.timezone),
      };
    },

    /** Real probes: SELECT 1, PING, DescribeNamespace through the worker's client, the AI breaker in Redis. */
    async checkReadiness(input: { tenant: string }): Promise<ReadinessReport> {
      void input;
      const postgres = await probe(async () => {
        await pingDatabase(deps.db);
        return 'SELECT 1 ok';
      });
      const redis = await probe(async () => `PING ${await deps.redis.ping()}`);
      const temporal = await probe(async () => {
        const client = Context.current().client;
        const namespace = client.options.namespace;
        const described = await client.workflowService.describeNamespace({ namespace });
        return `namespace ${described.namespaceInfo?.name ?? namespace} reachable`;
      });
      let breakerState: BreakerState | 'unknown' = 'unknown';
      const breakerProbe = await probe(async () => {
        const breaker = await readBreaker(
          deps.redis,
          AI_SERVICE_BREAKER,
          {
            failureThreshold: deps.settings.aiBreakerFailureThreshold,
            resetSeconds: deps.settings.aiBreakerResetSeconds,
          },
          deps.now(),
        );
        breakerState = breaker.state;
        if (breaker.state === 'open')
          throw new Error(`breaker ${AI_SERVICE_BREAKER} is open since ${breaker.opened_at}`);
        return `breaker ${AI_SERVICE_BREAKER} ${breaker.state} (${breaker.failure_count} failures)`;
      });
      const aiBreaker = { ...breakerProbe, state: breakerState };
      const ready = postgres.ok && temporal.ok;
      return { postgres, redis, temporal, aiBreaker, ready, degraded: ready && (!redis.ok || !aiBreaker.ok) };
    },
  };
}

export type OrchestratorActivities = ReturnType<typeof createOrchestratorActivities>;
