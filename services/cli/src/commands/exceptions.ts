import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import {
  blockOperatorException,
  getOperatorException,
  listOperatorExceptions,
  resetOperatorExceptions,
} from '@e2a/db';
import { EXCEPTION_STATUSES, isReasonCode } from '@e2a/domain';
import { withDb } from '../database';
import { exceptionDetail, exceptionSummary, positiveInt, printJson, printTable } from '../output';

const numericId = (value: string) => {
  if (!/^\d+$/.test(value)) throw new Error(`exception id must be numeric (got "${value}")`);
  return value;
};

/** `e2a exceptions list|show|block|reset`, straight on Postgres (works without the API running). */
export function registerExceptionCommands(program: Command, config: CliConfig): void {
  const exceptions = program.command('exceptions').description('inspect, block and reset exceptions');

  exceptions
    .command('list')
    .description('recent exceptions, newest first')
    .option('--tenant <tenant>', 'one tenant (default: all)')
    .option('--status <status>', `one of ${EXCEPTION_STATUSES.join(', ')}`)
    .option('--reason <code>', 'reason code, e.g. PICK_DELAY')
    .option('--order <orderId>', 'one order')
    .option('--blocked', 'only exceptions whose automated resolution is blocked')
    .option('--limit <n>', 'at most n rows', positiveInt('--limit'), 50)
    .option('--json', 'print JSON')
    .action(
      async (options: {
        tenant?: string;
        status?: string;
        reason?: string;
        order?: string;
        blocked?: boolean;
        limit: number;
        json?: boolean;
      }) => {
        const status = options.status?.toUpperCase();
        if (status && !(EXCEPTION_STATUSES as readonly string[]).includes(status)) {
          throw new Error(`--status must be one of ${EXCEPTION_STATUSES.join(', ')}`);
        }
        const reason = options.reason?.toUpperCase();
        if (reason && !isReasonCode(reason))
          throw new Error(`--reason "${options.reason}" is not a reason code`);
        const rows = await withDb(config, (db) =>
          listOperatorExceptions(db, {
            limit: options.limit,
            ...(options.tenant ? { tenant: options.tenant } : {}),
            ...(status ? { status } : {}),
            ...(reason ? { reasonCode: reason } : {}),
            ...(options.order ? { orderId: options.order } : {}),
            ...(options.blocked ? { blocked: true } : {}),
          }),
        );
        const views = rows.map(exceptionSummary);
        if (options.json) return printJson(views);
        printTable(
          ['id', 'tenant', 'order', 'reason', 'status', 'severity', 'attempts', 'blocked', 'created'],
          views.map((v) => [
            v.id,
            v.tenant,
            v.order_id,
            v.reason_code,
            v.status,
            v.severity,
            `${v.resolution_attempts}/${v.max_resolution_attempts}`,
            v.resolution_blocked ? 'yes' : '',
            v.created_at,
          ]),
        );
      },
    );

  exceptions
    .command('show <id>')
    .description('one exception with its explanation and resolution attempts')
    .option('--tenant <tenant>', 'require this tenant')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { tenant?: string; json?: boolean }) => {
      const detail = await withDb(config, (db) => getOperatorException(db, numericId(id), options.tenant));
      if (!detail) throw new Error(`exception ${id} not found`);
      const view = exceptionDetail(detail.exception, detail.attempts);
      if (options.json) return printJson(view);
      printTable(
        ['field', 'value'],
        [
          ['id', view.id],
          ['tenant / order', `${view.tenant} / ${view.order_id}`],
          ['reason / severity', `${view.reason_code} / ${view.severity}`],
          ['status', view.status],
          [
            'AI label / confidence',
            `${view.ai_label ?? '-'} / ${view.ai_confidence ?? 'NULL (rule-based fallback)'}`,
          ],
          ['attempts', `${view.resolution_attempts}/${view.max_resolution_attempts}`],
          ['blocked', view.resolution_blocked ? `yes: ${view.resolution_block_reason ?? ''}` : 'no'],
          ['ops note', view.ops_note],
          ['client note', view.client_note],
          ['context', JSON.stringify(view.context_data)],
        ],
      );
      if (view.attempts.length) {
        printTable(
          ['#', 'status', 'actions', 'error', 'started'],
          view.attempts.map((a) => [
            a.attempt_number,
            a.status,
            JSON.stringify(a.actions),
            a.error,
            a.started_at,
          ]),
        );
      }
    });

  exceptions
    .command('block <id>')
    .description('block automated resolution of an exception with a reason')
    .requiredOption('--reason <text>', 'why (stored as resolution_block_reason)')
    .option('--tenant <tenant>', 'require this tenant')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { reason: string; tenant?: string; json?: boolean }) => {
      const row = await withDb(config, (db) =>
        blockOperatorException(db, {
          id: numericId(id),
          reason: options.reason,
          now: new Date(),
          ...(options.tenant ? { tenant: options.tenant } : {}),
        }),
      );
      if (!row) throw new Error(`exception ${id} not found`);
      if (options.json) return printJson(exceptionSummary(row));
      console.log(`exception ${id} blocked: ${options.reason}`);
    });

  exceptions
    .command('reset [ids...]')
    .description('clear attempts, blocked flag, reason and last-attempt time (the knowledge base reset)')
    .option('--all-blocked', 'reset every blocked exception (of --tenant when given)')
    .option('--tenant <tenant>', 'one tenant')
    .option('--json', 'print JSON')
    .action(async (ids: string[], options: { allBlocked?: boolean; tenant?: string; json?: boolean }) => {
      if (!options.allBlocked && ids.length === 0) throw new Error('give exception ids or --all-blocked');
      const reset = await withDb(config, (db) =>
        resetOperatorExceptions(db, {
          now: new Date(),
          ...(options.allBlocked ? { allBlocked: true } : { ids: ids.map(numericId) }),
          ...(options.tenant ? { tenant: options.tenant } : {}),
        }),
      );
      if (options.json) return printJson({ reset });
      console.log(`reset ${reset.length} exception(s)${reset.length ? `: ${reset.join(', ')}` : ''}`);
    });
}
