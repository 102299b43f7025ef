import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { operatorStats } from '@e2a/db';
import { withDb } from '../database';
import { dollars, printJson, printTable } from '../output';

/** `e2a stats [--tenant T] [--json]`: counts straight from Postgres. */
export function registerStatsCommand(program: Command, config: CliConfig): void {
  program
    .command('stats')
    .description('orders, events, exceptions by reason and status, blocked, invoices, AI fallback share')
    .option('--tenant <tenant>', 'one tenant (default: all)')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; json?: boolean }) => {
      const stats = await withDb(config, (db) => operatorStats(db, options.tenant));
      if (options.json) return printJson(stats);
      console.log(`E²A statistics for ${stats.tenant ?? 'all tenants'}`);
      printTable(
        ['metric', 'value'],
        [
          ['orders', stats.orders],
          ['events', stats.events],
          ['exceptions', stats.exceptions.total],
          ['blocked exceptions', stats.exceptions.blocked],
          ['invoices', stats.invoices.count],
          ['invoiced', dollars(stats.invoices.amount_cents)],
          ['explained exceptions', stats.ai.explained],
          ['AI fallback share', `${(stats.ai.fallbackShare * 100).toFixed(1)} % (${stats.ai.fallback})`],
          ['DLQ pending', stats.dlqPending],
          ['actions executed', stats.automation.actions_executed],
          ['resolved automatically (verified)', stats.automation.resolved_automatically],
          ['awaiting approval', stats.automation.awaiting_approval],
          ['notifications delivered', stats.automation.notifications_delivered],
        ],
      );
      if (stats.exceptions.byReason.length) {
        printTable(
          ['reason code', 'exceptions'],
          stats.exceptions.byReason.map((r) => [r.reason_code, r.count]),
        );
      }
      if (stats.exceptions.byStatus.length) {
        printTable(
          ['status', 'exceptions'],
          stats.exceptions.byStatus.map((r) => [r.status, r.count]),
        );
      }
    });
}
