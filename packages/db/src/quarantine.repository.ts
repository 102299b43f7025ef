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
  return sql`NOT EXISTS (
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
