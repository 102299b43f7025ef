import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
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

/**
 * `e2a schedules list`. `schedules apply` belongs to the schedules area: it registers itself on the `schedules`
 * command returned here (`registerSchedulesCommands(...).command('apply')`).
 */
export function registerSchedulesCommands(program: Command, config: CliConfig): Command {
  const schedules = program.command('schedules').description('Temporal Schedules of the flows');
  schedules
    .command('list')
    .description('every schedule with its workflow type, state and next runs')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const views = await withTemporal(config, async (client) => {
        const found: ScheduleView[] = [];
        for await (const schedule of client.schedule.list()) {
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
