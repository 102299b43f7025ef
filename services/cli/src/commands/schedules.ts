import { Client, Connection } from '@temporalio/client';
import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { createDb } from '@e2a/db';
import { applySchedules, listE2aSchedules } from '@e2a/schedules';

async function withClient<T>(config: CliConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    return await work(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }));
  } finally {
    await connection.close();
  }
}

/** `e2a schedules apply|list`: the per-tenant Temporal Schedules of docs/schedules.md. */
export function registerScheduleCommands(program: Command, config: CliConfig): void {
  const schedules = program.command('schedules').description('Temporal Schedules, one per flow and tenant');
  schedules
    .command('apply')
    .description('create or update the schedules of every tenant (or one); prints one JSON line per schedule')
    .option('--tenant <name>', 'only this tenant')
    .action(async (options: { tenant?: string }) => {
      const { db } = createDb(config.DATABASE_URL, { max: 1 });
      try {
        let query = db.selectFrom('tenants').select(['name', 'timezone']).orderBy('name');
        if (options.tenant) query = query.where('name', '=', options.tenant);
        const tenants = await query.execute();
        if (options.tenant && tenants.length === 0) throw new Error(`unknown tenant "${options.tenant}"`);
        const applied = await withClient(config, (client) =>
          applySchedules(client, tenants, { taskQueue: config.TEMPORAL_TASK_QUEUE }),
        );
        for (const schedule of applied) console.log(JSON.stringify(schedule));
      } finally {
        await db.destroy();
      }
    });
  schedules
    .command('list')
    .description('list the E²A schedules with their next run times')
    .option('--tenant <name>', 'only this tenant')
    .action(async (options: { tenant?: string }) => {
      const listings = await withClient(config, (client) => listE2aSchedules(client, options.tenant));
      for (const listing of listings) {
        console.log(
          JSON.stringify({
            scheduleId: listing.scheduleId,
            workflowType: listing.workflowType,
            paused: listing.paused,
            next: listing.nextActionTimes.slice(0, 2).map((time) => time.toISOString()),
            recentActions: listing.recentActions,
          }),
        );
      }
    });
}
