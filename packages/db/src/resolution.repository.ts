import { sql } from 'kysely';
import {
  ACTIVE_EXCEPTION_STATUSES,
  type DecisionSource,
  type ResolutionAttemptOutcome,
  type ResolutionAttemptStatus,
  type ResolutionPlanSource,
} from '@e2a/domain';
import type { Db } from './connection';
import { notQuarantined } from './quarantine.repository';

// Automated resolution (domain reference §7): eligibility, attempts counted before they run, and their outcome.

export interface EligibleExceptionsFilter {
  tenant: string;
  analysisHours: number;
  exceptionIds?: string[];
  afterId?: string;
  limit: number;
}

/** The eligibility query (§7), shaped for ix_exceptions_resolution_eligible; the benchmark EXPLAINs it. */
export function eligibleExceptionsQuery(
  db: Db,
  filter: EligibleExceptionsFilter,
  now: Date,
  retryMinutes = 0,
) {
  let query = db
    .selectFrom('exceptions')
    .select(['id', 'reason_code'])
    .where('tenant', '=', filter.tenant)
    .where('status', 'in', ['OPEN', 'IN_PROGRESS'])
    .where('resolution_blocked', '=', false)
    .whereRef('resolution_attempts', '<', 'max_resolution_attempts')
    .where('created_at', '>=', new Date(now.getTime() - filter.analysisHours * 3_600_000))
    .where(notQuarantined('resolution', sql.ref('exceptions.tenant'), sql.ref('exceptions.id')))
    // Attempts are spaced out, so the prompt hand-off and a scheduled run seconds apart cannot spend them all.
    .where((eb) =>
      eb.or([
        eb('last_resolution_attempt_at', 'is', null),
        eb('last_resolution_attempt_at', '<=', new Date(now.getTime() - retryMinutes * 60_000)),
      ]),
    )
    .orderBy('id')
    .limit(filter.limit);
  if (filter.exceptionIds)
    query = query.where('id', 'in', filter.exceptionIds.length ? filter.exceptionIds : ['0']);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query;
}

/** One id page of exceptions eligible for an automated attempt. */
export async function findEligibleExceptions(
  db: Db,
  filter: EligibleExceptionsFilter,
  now: Date,
  retryMinutes: number,
): Promise<Array<{ id: string; reason_code: string }>> {
  return eligibleExceptionsQuery(db, filter, now, retryMinutes).execute();
}

export interface RecordedAttempt {
  attemptNumber: number;
  status: string;
  /** The outcome a finished attempt stored; null while it is STARTED. */
  outcome: ResolutionAttemptOutcome | null;
}

/** The attempt a workflow-made idempotency key already counted, so a retried activity does not count again. */
export async function findAttemptByIdempotencyKey(
  trx: Db,
  idempotencyKey: string,
): Promise<RecordedAttempt | undefined> {
  const row = await trx
    .selectFrom('resolution_attempts')
    .select(['attempt_number', 'status', 'outcome'])
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  if (!row) return undefined;
  const stored = (row.outcome as { outcome?: ResolutionAttemptOutcome } | null)?.outcome ?? null;
  return { attemptNumber: row.attempt_number, status: row.status, outcome: stored };
}

/** Locks the exception row for the rest of the transaction: two runs that picked it at once attempt it once. */
export async function lockExceptionForAttempt(trx: Db, tenant: string, exceptionId: string) {
  return trx
    .selectFrom('exceptions')
    .select([
      'status',
      'resolution_blocked',
      'resolution_attempts',
      'max_resolution_attempts',
      'last_resolution_attempt_at',
    ])
    .where('id', '=', exceptionId)
    .where('tenant', '=', tenant)
    .forUpdate()
    .executeTakeFirst();
}

export interface StartedAttempt {
  tenant: string;
  exceptionId: string;
  attemptNumber: number;
  idempotencyKey: string;
  workflowId: string;
  runId: string;
  startedAt: Date;
}

/** Inserts the STARTED row and counts it on the exception, before any partner is called. */
export async function insertResolutionAttempt(trx: Db, attempt: StartedAttempt): Promise<void> {
  await trx
    .insertInto('resolution_attempts')
    .values({
      tenant: attempt.tenant,
      exception_id: attempt.exceptionId,
      attempt_number: attempt.attemptNumber,
      idempotency_key: attempt.idempotencyKey,
      workflow_id: attempt.workflowId,
      run_id: attempt.runId,
      status: 'STARTED',
      started_at: attempt.startedAt,
    })
    .execute();
  await trx
    .updateTable('exceptions')
    .set({
      resolution_attempts: attempt.attemptNumber,
      last_resolution_attempt_at: attempt.startedAt,
      updated_at: attempt.startedAt,
    })
    .where('id', '=', attempt.exceptionId)
    .execute();
}

export interface FinishedAttemptRecord {
  status: Exclude<ResolutionAttemptStatus, 'STARTED'>;
  outcome: ResolutionAttemptOutcome;
  blockReason: string | null;
  planSource: ResolutionPlanSource | null;
  analysis: Record<string, unknown> | null;
  actions: unknown[];
  error: string | null;
  finishedAt: Date;
  /** Who decided: the model, the tenant's playbook or a person; null when nothing was decided. */
  decisionSource: DecisionSource | null;
  /** What the success checks found (resolved attempts carry the proof). */
  evidence: unknown[] | null;
}

export async function finishResolutionAttempt(
  trx: Db,
  idempotencyKey: string,
  finished: FinishedAttemptRecord,
): Promise<void> {
  await trx
    .updateTable('resolution_attempts')
    .set({
      status: finished.status,
      analysis: finished.analysis ? JSON.stringify(finished.analysis) : null,
      actions: JSON.stringify(finished.actions),
      outcome: JSON.stringify({
        outcome: finished.outcome,
        block_reason: finished.blockReason,
        plan_source: finished.planSource,
      }),
      error: finished.error,
      finished_at: finished.finishedAt,
      decision_source: finished.decisionSource,
      evidence: finished.evidence ? JSON.stringify(finished.evidence) : null,
    })
    .where('idempotency_key', '=', idempotencyKey)
    .execute();
}

/** Resolves an exception that is still active (a person may have closed it meanwhile). */
export async function resolveExceptionAfterAttempt(trx: Db, exceptionId: string, now: Date): Promise<void> {
  await trx
    .updateTable('exceptions')
    .set({ status: 'RESOLVED', resolved_at: now, updated_at: now })
    .where('id', '=', exceptionId)
    .where('status', 'in', [...ACTIVE_EXCEPTION_STATUSES])
    .execute();
}

/** Blocks automation on an exception unless already blocked, so the first reason stays. */
export async function blockExceptionAfterAttempt(
  trx: Db,
  exceptionId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('exceptions')
    .set({ resolution_blocked: true, resolution_block_reason: reason, updated_at: now })
    .where('id', '=', exceptionId)
    .where('resolution_blocked', '=', false)
    .execute();
}

export interface AttemptGaugeCounts {
  /** Active exceptions per resolution attempt count, with how many of them are blocked. */
  byAttempts: Array<{ attempts: number; count: number; blocked: number }>;
  finishedAttempts: number;
  succeededAttempts: number;
}

/** The figures behind the resolution gauges of one tenant. */
export async function countAttemptGauges(db: Db, tenant: string): Promise<AttemptGaugeCounts> {
  const byAttempts = await sql<{ attempts: number; count: string; blocked: string }>`
    SELECT resolution_attempts AS attempts, count(*) AS count,
           count(*) FILTER (WHERE resolution_blocked) AS blocked
    FROM exceptions WHERE tenant = ${tenant} AND status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
    GROUP BY resolution_attempts`.execute(db);
  const rate = await sql<{ finished: string; succeeded: string }>`
    SELECT count(*) FILTER (WHERE status <> 'STARTED') AS finished,
           count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded
    FROM resolution_attempts WHERE tenant = ${tenant}`.execute(db);
  return {
    byAttempts: byAttempts.rows.map((row) => ({
      attempts: row.attempts,
      count: Number(row.count),
      blocked: Number(row.blocked),
    })),
    finishedAttempts: Number(rate.rows[0]?.finished ?? 0),
    succeededAttempts: Number(rate.rows[0]?.succeeded ?? 0),
  };
}

// The operator API: read, block and reset one exception's automated resolution, always scoped by tenant.

export async function findExceptionResolutionState(db: Db, tenant: string, exceptionId: string) {
  return db
    .selectFrom('exceptions')
    .select([
      'id',
      'reason_code',
      'status',
      'resolution_attempts',
      'max_resolution_attempts',
      'resolution_blocked',
      'resolution_block_reason',
      'last_resolution_attempt_at',
      'approval_status',
    ])
    .where('tenant', '=', tenant)
    .where('id', '=', exceptionId)
    .executeTakeFirst();
}

export type ExceptionResolutionRow = NonNullable<Awaited<ReturnType<typeof findExceptionResolutionState>>>;

export async function blockExceptionResolution(
  db: Db,
  tenant: string,
  exceptionId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('exceptions')
    .set({ resolution_blocked: true, resolution_block_reason: reason, updated_at: now })
    .where('tenant', '=', tenant)
    .where('id', '=', exceptionId)
    .execute();
}

/** Clears attempts, the blocked flag, its reason and the last-attempt time. */
export async function resetExceptionResolution(
  db: Db,
  tenant: string,
  exceptionId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('exceptions')
    .set({
      resolution_attempts: 0,
      resolution_blocked: false,
      resolution_block_reason: null,
      last_resolution_attempt_at: null,
      updated_at: now,
    })
    .where('tenant', '=', tenant)
    .where('id', '=', exceptionId)
    .execute();
}

/** Every attempt of one exception in order (the exception detail and the attempts route both show them). */
export async function listResolutionAttempts(db: Db, tenant: string, exceptionId: string) {
  return db
    .selectFrom('resolution_attempts')
    .select([
      'id',
      'attempt_number',
      'status',
      'workflow_id',
      'run_id',
      'analysis',
      'actions',
      'outcome',
      'error',
      'started_at',
      'finished_at',
      'decision_source',
      'evidence',
    ])
    .where('tenant', '=', tenant)
    .where('exception_id', '=', exceptionId)
    .orderBy('attempt_number')
    .execute();
}
