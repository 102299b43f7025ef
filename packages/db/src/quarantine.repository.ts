import { sql, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import type { Db } from './connection';
import type { Database, QuarantinedRecordsTable } from './schema';

// Records whose processing failed with a data error: parked per (tenant, kind, record key) while open, skipped by
// later passes, replayed or discarded by an operator.

type Executor = Transaction<Database> | Db;

export type QuarantinedRecordRow = Selectable<QuarantinedRecordsTable>;
export type QuarantineStatus = QuarantinedRecordRow['status'];

export interface QuarantineRecordInput {
  tenant: string;
  kind: string;
  recordKey: string;
  errorClass: string;
  errorMessage: string;
  workflowId?: string | null;
  runId?: string | null;
  activityType?: string | null;
  now: Date;
}

/**
 * Parks a record (or counts one more failure of an open one) and raises an alert row once per quarantine, in one
 * statement so the two never disagree.
 */
export async function quarantineRecord(
  executor: Executor,
  input: QuarantineRecordInput,
): Promise<{ id: string; created: boolean; attempts: number }> {
  const message = input.errorMessage.slice(0, 4000);
  const result = await sql<{ id: string; created: boolean; attempts: number }>`
    WITH parked AS (
      INSERT INTO quarantined_records AS q
        (tenant, kind, record_key, error_class, error_message, workflow_id, run_id, activity_type,
         first_seen_at, last_seen_at)
      VALUES (${input.tenant}, ${input.kind}, ${input.recordKey}, ${input.errorClass}, ${message},
              ${input.workflowId ?? null}, ${input.runId ?? null}, ${input.activityType ?? null},
              ${input.now}, ${input.now})
      ON CONFLICT (tenant, kind, record_key) WHERE status = 'open'
      DO UPDATE SET attempts = q.attempts + 1, last_seen_at = excluded.last_seen_at,
        error_class = excluded.error_class, error_message = excluded.error_message,
        workflow_id = excluded.workflow_id, run_id = excluded.run_id, activity_type = excluded.activity_type
      RETURNING id, (xmax = 0) AS created, attempts
    ), alerted AS (
      INSERT INTO alerts (tenant, kind, severity, message, data, dedupe_key)
      SELECT ${input.tenant}, 'record_quarantined', 'WARNING',
        ${`${input.kind} ${input.recordKey} quarantined: ${input.errorClass}: ${message}`.slice(0, 2000)},
        jsonb_build_object('quarantine_id', id::text, 'kind', ${input.kind}::text,
          'record_key', ${input.recordKey}::text, 'error_class', ${input.errorClass}::text),
        'record_quarantined:' || id
      FROM parked
      ON CONFLICT (dedupe_key) DO NOTHING
    )
    SELECT id::text AS id, created, attempts FROM parked`.execute(executor);
  const row = result.rows[0]!;
  return { id: row.id, created: row.created, attempts: row.attempts };
}

/** `AND NOT EXISTS (open quarantine of this record)`, for the claim queries of batch passes. */
export function notQuarantined(kind: string, tenant: RawBuilder<unknown>, recordKey: RawBuilder<unknown>) {
  return sql<boolean>`NOT EXISTS (
    SELECT 1 FROM quarantined_records q
    WHERE q.tenant = ${tenant} AND q.kind = ${kind} AND q.record_key = ${recordKey}::text AND q.status = 'open')`;
}

/** The keys among `recordKeys` that are quarantined and open (for passes that do not claim through SQL). */
export async function findOpenQuarantinedKeys(
  executor: Executor,
  tenant: string,
  kind: string,
  recordKeys: string[],
): Promise<Set<string>> {
  if (recordKeys.length === 0) return new Set();
  const rows = await executor
    .selectFrom('quarantined_records')
    .select('record_key')
    .where('tenant', '=', tenant)
    .where('kind', '=', kind)
    .where('status', '=', 'open')
    .where('record_key', 'in', recordKeys)
    .execute();
  return new Set(rows.map((row) => row.record_key));
}

let savepointSequence = 0;

/**
 * Runs `work` inside a savepoint of `trx`: a failure rolls back only what `work` wrote (and leaves the transaction
 * usable), then rethrows.
 */
export async function withSavepoint<T>(trx: Transaction<Database>, work: () => Promise<T>): Promise<T> {
  const name = sql.raw(`sp_isolate_${++savepointSequence}`);
  await sql`SAVEPOINT ${name}`.execute(trx);
  try {
    const result = await work();
    await sql`RELEASE SAVEPOINT ${name}`.execute(trx);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(trx);
    throw error;
  }
}

export interface QuarantineListOptions {
  tenant?: string;
  kind?: string;
  status?: QuarantineStatus;
  limit: number;
}

export async function listQuarantinedRecords(
  db: Db,
  options: QuarantineListOptions,
): Promise<QuarantinedRecordRow[]> {
  let query = db.selectFrom('quarantined_records').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.tenant) query = query.where('tenant', '=', options.tenant);
  if (options.kind) query = query.where('kind', '=', options.kind);
  if (options.status) query = query.where('status', '=', options.status);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, id: String(row.id) }));
}

export async function findQuarantinedRecord(db: Db, id: string): Promise<QuarantinedRecordRow | undefined> {
  const row = await db.selectFrom('quarantined_records').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...row, id: String(row.id) } : undefined;
}

export type QuarantineActionResult =
  | { outcome: 'replayed' | 'discarded'; record: QuarantinedRecordRow }
  | { outcome: 'not_found' }
  | { outcome: 'not_open'; record: QuarantinedRecordRow };

/**
 * Replays an open quarantined record: the row is closed as `replayed`, so the pass that quarantined it takes the
 * record again through the same code (an order is also flagged `needs_evaluation`, so the real-time monitor takes
 * it within seconds; the other kinds are taken by their next scheduled or started run). A record that fails again
 * is quarantined again, as a new open row. Replaying a closed row changes nothing (`not_open`).
 */
export async function replayQuarantinedRecord(
  db: Db,
  id: string,
  now: Date,
): Promise<QuarantineActionResult> {
  return db.transaction().execute(async (trx) => {
    const closed = await closeQuarantinedRecord(trx, id, 'replayed', now);
    if (!closed) return notOpen(trx, id);
    if (closed.kind === 'order_evaluation' || closed.kind === 'order_analysis') {
      await trx
        .updateTable('orders')
        .set({ needs_evaluation: true })
        .where('tenant', '=', closed.tenant)
        .where('order_id', '=', closed.record_key)
        .execute();
    }
    return { outcome: 'replayed', record: closed };
  });
}

/** Closes an open quarantined record without processing it (nothing more to do for it). */
export async function discardQuarantinedRecord(
  db: Db,
  id: string,
  now: Date,
): Promise<QuarantineActionResult> {
  const closed = await closeQuarantinedRecord(db, id, 'discarded', now);
  return closed ? { outcome: 'discarded', record: closed } : notOpen(db, id);
}

async function notOpen(executor: Executor, id: string): Promise<QuarantineActionResult> {
  const row = await executor
    .selectFrom('quarantined_records')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { outcome: 'not_open', record: { ...row, id: String(row.id) } } : { outcome: 'not_found' };
}

/** A quarantined record as the API and the CLI show it (ids as strings, times as ISO). */
export interface QuarantinedRecordView {
  id: string;
  tenant: string;
  kind: string;
  record_key: string;
  error_class: string;
  error_message: string;
  attempts: number;
  workflow_id: string | null;
  run_id: string | null;
  activity_type: string | null;
  status: QuarantineStatus;
  first_seen_at: string;
  last_seen_at: string;
  closed_at: string | null;
}

export function quarantinedRecordView(row: QuarantinedRecordRow): QuarantinedRecordView {
  const iso = (value: Date | string) => new Date(value).toISOString();
  return {
    id: String(row.id),
    tenant: row.tenant,
    kind: row.kind,
    record_key: row.record_key,
    error_class: row.error_class,
    error_message: row.error_message,
    attempts: row.attempts,
    workflow_id: row.workflow_id,
    run_id: row.run_id,
    activity_type: row.activity_type,
    status: row.status,
    first_seen_at: iso(row.first_seen_at),
    last_seen_at: iso(row.last_seen_at),
    closed_at: row.closed_at === null ? null : iso(row.closed_at),
  };
}

/** Closes an open quarantine (replayed or discarded); undefined when it was not open any more. */
export async function closeQuarantinedRecord(
  executor: Executor,
  id: string,
  status: 'replayed' | 'discarded',
  now: Date,
): Promise<QuarantinedRecordRow | undefined> {
  const row = await executor
    .updateTable('quarantined_records')
    .set({ status, closed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  return row ? { ...row, id: String(row.id) } : undefined;
}
