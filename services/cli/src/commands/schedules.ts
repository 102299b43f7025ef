import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { createDb, findTenant, listTenants, withApplicationName } from '@e2a/db';
import { applySchedules } from '@e2a/schedules';
import { withTemporal } from '../temporal';
import { iso, printJson, printTable } from '../output';

export interface ScheduleView {
  scheduleId: string;
  workflowType: string | null;
  paused: boolean;
  note: string | null;
  nextActionTimes: string[];
  recentActions: { scheduledAt: string | null; workflowId: string | null }[];
}

/** `e2a schedules apply|list`: the per-tenant Temporal Schedules of docs/schedules.md. */
export function registerSchedulesCommands(program: Command, config: CliConfig): Command {
  const schedules = program.command('schedules').description('Temporal Schedules, one per flow and tenant');
  schedules
    .command('apply')
    .description('create or update the schedules of every tenant (or one); prints one JSON line per schedule')
    .option('--tenant <name>', 'only this tenant')
    .action(async (options: { tenant?: string }) => {
      const { db } = createDb(withApplicationName(config.DATABASE_URL, 'e2a-cli'), { max: 1 });
      try {
        const tenants = options.tenant
          ? [await findTenant(db, options.tenant)].filter((tenant) => tenant !== undefined)
          : await listTenants(db);
        if (options.tenant && tenants.length === 0) throw new Error(`unknown tenant "${options.tenant}"`);
        const applied = await withTemporal(config, (client) =>
          applySchedules(client, tenants, { taskQueue: config.TEMPORAL_TASK_QUEUE }),
        );
        for (const schedule of applied) console.log(JSON.stringify(schedule));
      } finally {
        await db.destroy();
      }
    });
  schedules
    .command('list')
    .description('every schedule with its workflow type, state and next runs')
    .option('--tenant <name>', "only this tenant's schedules (ids ending in :<tenant>)")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean; tenant?: string }) => {
      const views = await withTemporal(config, async (client) => {
        const found: ScheduleView[] = [];
        for await (const schedule of client.schedule.list()) {
          if (options.tenant && !schedule.scheduleId.endsWith(`:${options.tenant}`)) continue;
          found.push({
            scheduleId: schedule.scheduleId,
            workflowType: schedule.action?.type === 'startWorkflow' ? schedule.action.workflowType : null,
            paused: schedule.state.paused,
            note: schedule.state.note ?? null,
            nextActionTimes: schedule.info.nextActionTimes.slice(0, 3).map((at) => iso(at)!),
            recentActions: schedule.info.recentActions.slice(-3).map((action) => ({
              scheduledAt: iso(action.scheduledAt),
              workflowId: action.action.type === 'startWorkflow' ? action.action.workflow.workflowId : null,
            })),
          });
        }
        return found.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
      });
      if (options.json) return printJson(views);
      printTable(
        ['schedule', 'workflow type', 'paused', 'next run', 'last run'],
        views.map((v) => [
          v.scheduleId,
          v.workflowType,
          v.paused ? 'yes' : '',
          v.nextActionTimes[0],
          v.recentActions.at(-1)?.scheduledAt,
        ]),
      );
    });
  return schedules;
}
