import type { Client } from '@temporalio/client';
import { listTenants, type Db } from '@e2a/db';
import {
  applyTenantReconcilerSchedule,
  ensureNotificationDispatcher,
  ensureRealtimeMonitors,
  syncTenantSchedules,
} from '@e2a/schedules';
import type { Logger } from '@e2a/telemetry';

export interface StartUpOptions {
  taskQueue: string;
  applySchedules: boolean;
  startMonitors: boolean;
  realtimePollSeconds?: number;
  logger: Logger;
}

/**
 * What a worker does when it starts: the `tenant-reconciler` schedule, every tenant's schedules (docs/schedules.md;
 * paused for disabled tenants), the real-time shard monitors that watch the active ones and, with them, the
 * notification dispatcher. Tenants created later are provisioned by their onboarding workflow; whatever drifts is
 * repaired by the reconciler every 5 min.
 */
export async function provisionAtStartUp(client: Client, db: Db, options: StartUpOptions): Promise<void> {
  const { taskQueue, logger } = options;
  const tenants = await listTenants(db);
  await applyTenantReconcilerSchedule(client, { taskQueue });
  if (options.applySchedules) {
    // A failure is logged and the worker still runs: the tenant-reconciler repairs what is missing.
    try {
      let schedules = 0;
      for (const tenant of tenants) {
        const target = {
          name: tenant.name,
          timezone: tenant.timezone,
          isDisabled: tenant.disabled_at !== null,
        };
        schedules += (await syncTenantSchedules(client, target, { taskQueue })).length;
      }
      logger.info({ schedules, tenants: tenants.length }, 'schedules applied');
    } catch (error) {
      logger.error({ err: error }, 'applying schedules failed');
    }
  }
  if (options.startMonitors) {
    const monitors = await ensureRealtimeMonitors(client, {
      taskQueue,
      ...(options.realtimePollSeconds !== undefined ? { pollSeconds: options.realtimePollSeconds } : {}),
    });
    logger.info(
      {
        monitors: monitors.length,
        activeTenants: tenants.filter((tenant) => tenant.disabled_at === null).length,
      },
      'real-time shard monitors running',
    );
    // The long-running workflows start together: the dispatcher delivers the notifications the triggers queue.
    await ensureNotificationDispatcher(client, { taskQueue });
    logger.info('notification dispatcher running');
  }
}
