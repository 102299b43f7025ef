import { sql } from 'kysely';
import type { Db } from './connection';
import type { DlqTable } from './schema';
import type { DlqEntryKind } from '@e2a/domain';
import type { Selectable } from 'kysely';

export type DlqRow = Selectable<DlqTable>;
export type DlqKind = DlqEntryKind;

export interface AddToDlqInput {
  tenant: string | null;
  kind: DlqKind;
  source?: string | null;
  /** The same failure queued twice keeps one row (the latest error wins). */
  dedupeKey: string;
  payload: unknown;
  error: string;
}

/** Queues a failure for replay; a known dedupe key that is not replayed yet only refreshes the error. */
export async function addToDlq(db: Db, input: AddToDlqInput): Promise<{ id: string; created: boolean }> {
  const row = await sql<{ id: string; created: boolean }>`
    INSERT INTO dlq (tenant, kind, source, dedupe_key, payload, error)
    VALUES (${input.tenant}, ${input.kind}, ${input.source ?? null}, ${input.dedupeKey},
            ${JSON.stringify(input.payload ?? null)}::jsonb, ${input.error.slice(0, 4000)})
    ON CONFLICT (dedupe_key) DO UPDATE SET
      error = CASE WHEN dlq.status = 'REPLAYED' THEN dlq.error ELSE excluded.error END
    RETURNING id, (xmax = 0) AS created`.execute(db);
  const result = row.rows[0]!;
  return { id: String(result.id), created: result.created };
}

export interface DlqStats {
  total: number;
  byStatus: Record<'PENDING' | 'REPLAYED' | 'FAILED', number>;
  byKind: { kind: string; status: string; count: number }[];
  /** Pending entries whose next attempt is due now. */
  due: number;
  oldestPendingAt: string | null;
}

export async function dlqStats(db: Db, options: { tenant?: string; now: Date }): Promise<DlqStats> {
  let query = db
    .selectFrom('dlq')
    .select((eb) => [
      'kind',
      'status',
      eb.fn.countAll<string>().as('count'),
      sql<string>`count(*) FILTER (WHERE status = 'PENDING' AND next_attempt_at <= ${options.now})`.as('due'),
      sql<Date | null>`min(created_at) FILTER (WHERE status = 'PENDING')`.as('oldest'),
    ])
    .groupBy(['kind', 'status'])
    .orderBy('kind')
    .orderBy('status');
  if (options.tenant) query = query.where('tenant', '=', options.tenant);
  const rows = await query.execute();
  const byStatus = { PENDING: 0, REPLAYED: 0, FAILED: 0 };
  let due = 0;
  let oldest: Date | null = null;
  for (const row of rows) {
    byStatus[row.status as keyof typeof byStatus] += Number(row.count);
    due += Number(row.due);
    if (row.oldest && (!oldest || row.oldest < oldest)) oldest = row.oldest;
  }
  return {
    total: byStatus.PENDING + byStatus.REPLAYED + byStatus.FAILED,
    byStatus,
    byKind: rows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.count) })),
    due,
    oldestPendingAt: oldest ? oldest.toISOString() : null,
  };
}

export interface ClaimOptions {
  now: Date;
  limit: number;
  tenant?: string;
  kind?: DlqKind;
  /** Replays these ids whatever their next_attempt_at (an operator's explicit request); FAILED included. */
  ids?: string[];
  /** How long a claim holds an entry before another replayer may take it. */
  leaseSeconds?: number;
}

/**
 * Takes due PENDING entries (or the given ids) with `FOR UPDATE SKIP LOCKED`, so concurrent replayers never take
 * the same entry; pushing next_attempt_at forward is the lease.
 */
export async function claimDueDlqEntries(db: Db, options: ClaimOptions): Promise<DlqRow[]> {
  const lease = options.leaseSeconds ?? 300;
  const explicit = options.ids && options.ids.length > 0;
  const result = await sql<DlqRow>`
    UPDATE dlq SET next_attempt_at = ${options.now}::timestamptz + make_interval(secs => ${lease})
    WHERE id IN (
      SELECT id FROM dlq
      WHERE ${
        explicit
          ? sql`id = ANY(${options.ids!.map(String)}::bigint[]) AND status IN ('PENDING', 'FAILED')`
          : sql`status = 'PENDING' AND next_attempt_at <= ${options.now}`
      }
        ${options.tenant ? sql`AND tenant = ${options.tenant}` : sql``}
        ${options.kind ? sql`AND kind = ${options.kind}` : sql``}
      ORDER BY next_attempt_at, id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return result.rows.map((row) => ({ ...row, id: String(row.id) }));
}

export async function markReplayed(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('dlq')
    .set((eb) => ({
      status: 'REPLAYED',
      attempts: eb('attempts', '+', 1),
      last_attempt_at: now,
      replayed_at: now,
    }))
    .where('id', '=', id)
    .execute();
}

/** Backoff between replays of one entry: 1 min, 2, 4, ... capped at 6 h. */
export function dlqBackoffSeconds(attempts: number): number {
  return Math.min(6 * 3600, 60 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Records a failed replay: next_attempt_at moves out exponentially; after `maxAttempts` the entry is FAILED and
 * waits for an operator (an explicit replay by id still takes it).
 */
export async function markReplayFailed(
  db: Db,
  id: string,
  error: string,
  now: Date,
  maxAttempts = 8,
): Promise<{ attempts: number; status: 'PENDING' | 'FAILED'; nextAttemptAt: Date }> {
  const row = await db.selectFrom('dlq').select('attempts').where('id', '=', id).executeTakeFirstOrThrow();
  const attempts = row.attempts + 1;
  const status = attempts >= maxAttempts ? 'FAILED' : 'PENDING';
  const nextAttemptAt = new Date(now.getTime() + dlqBackoffSeconds(attempts) * 1000);
  await db
    .updateTable('dlq')
    .set({
      attempts,
      status,
      error: error.slice(0, 4000),
      last_attempt_at: now,
      next_attempt_at: nextAttemptAt,
    })
    .where('id', '=', id)
    .execute();
  return { attempts, status, nextAttemptAt };
}

export async function listDlqEntries(
  db: Db,
  options: { tenant?: string; status?: string; limit: number },
): Promise<DlqRow[]> {
  let query = db.selectFrom('dlq').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.tenant) query = query.where('tenant', '=', options.tenant);
  if (options.status) query = query.where('status', '=', options.status as DlqRow['status']);
  return query.execute();
}
