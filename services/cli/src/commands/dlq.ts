import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { dlqStats, listDlqEntries } from '@e2a/db';
import { dlqReplayRequestSchema } from '@e2a/domain';
import {
  DLQ_REPLAY_WORKFLOW,
  dlqReplaySearchAttributes,
  dlqReplayWorkflowId,
  type DlqReplayResult,
} from '@e2a/workflows/contracts';
import { withDb } from '../database';
import { collect, iso, positiveInt, printJson, printTable } from '../output';
import { withTemporal } from '../temporal';

const FLAG_OF: Record<string, string> = { tenant: '--tenant', kind: '--kind', ids: '--id', limit: '--limit' };

/** `e2a dlq stats|list` straight on Postgres; `e2a dlq replay` through the worker's `dlqReplayWorkflow`. */
export function registerDlqCommands(program: Command, config: CliConfig): void {
  const dlq = program
    .command('dlq')
    .description('dead-letter queue: accepted events and activity payloads that failed');

  dlq
    .command('stats')
    .description('entries by kind and status, and how many are due for replay')
    .option('--tenant <tenant>', 'one tenant (default: all)')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; json?: boolean }) => {
      const stats = await withDb(config, (db) =>
        dlqStats(db, { now: new Date(), ...(options.tenant ? { tenant: options.tenant } : {}) }),
      );
      if (options.json) return printJson(stats);
      printTable(
        ['total', 'pending', 'due now', 'replayed', 'failed', 'oldest pending'],
        [
          [
            stats.total,
            stats.byStatus.PENDING,
            stats.due,
            stats.byStatus.REPLAYED,
            stats.byStatus.FAILED,
            stats.oldestPendingAt,
          ],
        ],
      );
      if (stats.byKind.length)
        printTable(
          ['kind', 'status', 'entries'],
          stats.byKind.map((k) => [k.kind, k.status, k.count]),
        );
    });

  dlq
    .command('list')
    .description('recent entries with their errors')
    .option('--tenant <tenant>', 'one tenant')
    .option('--status <status>', 'PENDING, REPLAYED or FAILED')
    .option('--limit <n>', 'at most n rows', positiveInt('--limit'), 50)
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; status?: string; limit: number; json?: boolean }) => {
      const rows = await withDb(config, (db) =>
        listDlqEntries(db, {
          limit: options.limit,
          ...(options.tenant ? { tenant: options.tenant } : {}),
          ...(options.status ? { status: options.status.toUpperCase() } : {}),
        }),
      );
      const views = rows.map((row) => ({
        id: String(row.id),
        tenant: row.tenant,
        kind: row.kind,
        source: row.source,
        dedupe_key: row.dedupe_key,
        status: row.status,
        attempts: row.attempts,
        error: row.error,
        next_attempt_at: iso(row.next_attempt_at),
        created_at: iso(row.created_at),
      }));
      if (options.json) return printJson(views);
      printTable(
        ['id', 'tenant', 'kind', 'source', 'status', 'attempts', 'next attempt', 'error'],
        views.map((v) => [
          v.id,
          v.tenant,
          v.kind,
          v.source,
          v.status,
          v.attempts,
          v.next_attempt_at,
          v.error.slice(0, 80),
        ]),
      );
    });

  dlq
    .command('replay')
    .description(
      'replay due entries (or --id ones) in the worker (dlqReplayWorkflow); an event replay never stores the event twice',
    )
    .option('--tenant <tenant>', 'one tenant')
    .option('--kind <kind>', 'event or activity')
    .option('--id <id>', 'replay this entry now, even if not due or FAILED (repeatable)', collect, [])
    .option('--limit <n>', 'at most n entries', positiveInt('--limit'), 100)
    .option('--json', 'print JSON')
    .action(
      async (options: { tenant?: string; kind?: string; id: string[]; limit: number; json?: boolean }) => {
        const request = dlqReplayRequestSchema.safeParse({
          tenant: options.tenant,
          kind: options.kind,
          ids: options.id.length ? options.id : undefined,
          limit: options.limit,
        });
        if (!request.success) {
          const issue = request.error.issues[0]!;
          throw new Error(`${FLAG_OF[String(issue.path[0])] ?? 'input'} ${issue.message}`);
        }
        // Replayed activities run in the worker, the one process that composes them.
        const summary: DlqReplayResult = await withTemporal(config, (client) =>
          client.workflow.execute(DLQ_REPLAY_WORKFLOW, {
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            workflowId: dlqReplayWorkflowId(request.data.tenant, randomUUID()),
            args: [request.data],
            typedSearchAttributes: dlqReplaySearchAttributes(request.data.tenant),
          }),
        );
        if (options.json) return printJson(summary);
        console.log(`claimed ${summary.claimed}, replayed ${summary.replayed}, failed ${summary.failed}`);
        if (summary.results.length) {
          printTable(
            ['id', 'kind', 'outcome', 'event', 'next attempt', 'error'],
            summary.results.map((r) => [r.id, r.kind, r.outcome, r.eventStatus, r.nextAttemptAt, r.error]),
          );
        }
        if (summary.failed > 0) process.exitCode = 2;
      },
    );
}
