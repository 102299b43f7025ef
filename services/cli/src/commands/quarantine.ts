import type { Command } from 'commander';
import {
  discardQuarantinedRecord,
  listQuarantinedRecords,
  quarantinedRecordView,
  replayQuarantinedRecord,
  type QuarantineActionResult,
  type QuarantineStatus,
} from '@e2a/db';
import { QUARANTINE_KINDS, type QuarantineKind } from '@e2a/domain';
import type { CliConfig } from '@e2a/config';
import { withDb } from '../database';
import { positiveInt, printJson, printTable } from '../output';

const STATUSES: readonly QuarantineStatus[] = ['open', 'replayed', 'discarded'];

function numericId(id: string): string {
  if (!/^\d{1,18}$/.test(id)) throw new Error(`<id> must be a numeric quarantine id (got "${id}")`);
  return id;
}

function report(result: QuarantineActionResult, id: string, json: boolean | undefined): void {
  if (result.outcome === 'not_found') throw new Error(`no quarantined record ${id}`);
  if (result.outcome === 'not_open')
    throw new Error(`quarantined record ${id} is ${result.record.status}, not open`);
  const view = { outcome: result.outcome, record: quarantinedRecordView(result.record) };
  if (json) return printJson(view);
  console.log(`${view.record.kind} ${view.record.record_key} (#${id}): ${result.outcome}`);
}

/** `e2a quarantine list|replay|discard`: records set aside after a data error, straight on Postgres. */
export function registerQuarantineCommands(program: Command, config: CliConfig): void {
  const quarantine = program
    .command('quarantine')
    .description(
      'records set aside after a data error: list them, replay one through its activity, or discard it',
    );

  quarantine
    .command('list')
    .description('quarantined records, newest first')
    .option('--tenant <tenant>', 'one tenant')
    .option('--kind <kind>', `one kind: ${QUARANTINE_KINDS.join(', ')}`)
    .option('--status <status>', 'open, replayed or discarded (default: all)')
    .option('--limit <n>', 'at most n rows', positiveInt('--limit'), 50)
    .option('--json', 'print JSON')
    .action(
      async (options: { tenant?: string; kind?: string; status?: string; limit: number; json?: boolean }) => {
        if (options.kind && !QUARANTINE_KINDS.includes(options.kind as QuarantineKind))
          throw new Error(`--kind must be one of ${QUARANTINE_KINDS.join(', ')}`);
        if (options.status && !STATUSES.includes(options.status as QuarantineStatus))
          throw new Error(`--status must be one of ${STATUSES.join(', ')}`);
        const rows = await withDb(config, (db) =>
          listQuarantinedRecords(db, {
            limit: options.limit,
            ...(options.tenant ? { tenant: options.tenant } : {}),
            ...(options.kind ? { kind: options.kind } : {}),
            ...(options.status ? { status: options.status as QuarantineStatus } : {}),
          }),
        );
        const views = rows.map(quarantinedRecordView);
        if (options.json) return printJson(views);
        printTable(
          ['id', 'tenant', 'kind', 'record', 'status', 'attempts', 'last seen', 'error'],
          views.map((v) => [
            v.id,
            v.tenant,
            v.kind,
            v.record_key,
            v.status,
            v.attempts,
            v.last_seen_at,
            `${v.error_class}: ${v.error_message}`.slice(0, 80),
          ]),
        );
      },
    );

  quarantine
    .command('replay <id>')
    .description(
      're-run an open record through the activity that quarantined it (idempotent); exit 2 if it fails again',
    )
    .option('--json', 'print JSON')
    .action(async (rawId: string, options: { json?: boolean }) => {
      const id = numericId(rawId);
      const result = await withDb(config, (db) => replayQuarantinedRecord(db, id, new Date()));
      report(result, id, options.json);
    });

  quarantine
    .command('discard <id>')
    .description('close an open record without processing it')
    .option('--json', 'print JSON')
    .action(async (rawId: string, options: { json?: boolean }) => {
      const id = numericId(rawId);
      const result = await withDb(config, (db) => discardQuarantinedRecord(db, id, new Date()));
      report(result, id, options.json);
    });
}
