import { sql } from 'kysely';
import { ACTIVE_EXCEPTION_STATUSES } from '@e2a/domain';
import type { Db } from './connection';

// Escalation, pattern analysis and approval state of exceptions (domain reference §7).

export interface EscalationRun {
  tenant: string;
  /** Only these exceptions (approval timeout); null escalates every active exception past its hours. */
  onlyIds: string[] | null;
  reason: string;
  now: Date;
  escalationHours: ReadonlyArray<{ code: string; hours: number }>;
  severitySteps: ReadonlyArray<{ from: string; to: string }>;
}

/**
 * One statement: escalate (escalated_at, level + 1, severity one step up), alert once per exception and report
 * counts per reason code, however many rows. Rows locked by another run are skipped.
 */
export async function escalateDueExceptions(
  db: Db,
  run: EscalationRun,
): Promise<Array<{ reason_code: string; escalated: number; ids: string[] }>> {
  const rows = await sql<{ reason_code: string; escalated: string; ids: string[] }>`
    WITH hours AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(run.escalationHours)}::jsonb) AS h(code text, hours double precision)
    ), steps AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(run.severitySteps)}::jsonb) AS s("from" text, "to" text)
    ), due AS (
      SELECT e.id, e.severity AS previous FROM exceptions e
      JOIN hours h ON h.code = e.reason_code
      WHERE e.tenant = ${run.tenant}
        AND e.status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
        AND e.escalated_at IS NULL
        AND (${run.onlyIds}::bigint[] IS NOT NULL OR e.created_at + h.hours * interval '1 hour' <= ${run.now})
        AND (${run.onlyIds}::bigint[] IS NULL OR e.id = ANY(${run.onlyIds}::bigint[]))
      FOR UPDATE OF e SKIP LOCKED
    ), escalated AS (
      UPDATE exceptions e SET
        escalated_at = ${run.now},
        escalation_level = e.escalation_level + 1,
        severity = COALESCE((SELECT "to" FROM steps WHERE "from" = e.severity), e.severity),
        updated_at = ${run.now}
      FROM due WHERE e.id = due.id
      RETURNING e.id, e.tenant, e.order_id, e.reason_code, e.severity, due.previous
    ), alerted AS (
      INSERT INTO alerts (tenant, kind, severity, message, data, dedupe_key)
      SELECT tenant, 'exception_escalated',
        CASE WHEN severity = 'CRITICAL' THEN 'CRITICAL' ELSE 'WARNING' END,
        'Exception ' || id || ' (' || reason_code || ') on order ' || order_id || ' escalated: ' || ${run.reason}::text
          || '; severity ' || previous || ' → ' || severity,
        jsonb_build_object('exception_id', id, 'reason_code', reason_code, 'from', previous, 'to', severity),
        'exception_escalated:' || id
      FROM escalated
      ON CONFLICT (dedupe_key) DO NOTHING
    )
    SELECT reason_code, count(*) AS escalated, (array_agg(id::text ORDER BY id))[1:100] AS ids
    FROM escalated GROUP BY reason_code`.execute(db);
  return rows.rows.map((row) => ({
    reason_code: row.reason_code,
    escalated: Number(row.escalated),
    ids: row.ids,
  }));
}

/** Every exception created since `since` (the pattern analysis window). */
export async function listExceptionsCreatedSince(db: Db, tenant: string, since: Date) {
  return db
    .selectFrom('exceptions')
    .select(['reason_code', 'severity', 'status', 'created_at', 'resolved_at', 'resolution_blocked'])
    .where('tenant', '=', tenant)
    .where('created_at', '>=', since)
    .execute();
}

/** Active exceptions created since `since`, with what the priority score needs. */
export async function listActiveExceptionsCreatedSince(db: Db, tenant: string, since: Date) {
  return db
    .selectFrom('exceptions')
    .select([
      'id',
      'order_id',
      'reason_code',
      'severity',
      'created_at',
      'escalated_at',
      'resolution_attempts',
    ])
    .where('tenant', '=', tenant)
    .where('status', 'in', [...ACTIVE_EXCEPTION_STATUSES])
    .where('created_at', '>=', since)
    .execute();
}

/** Marks an exception as waiting for (or decided by) a human, optionally blocking automation with a reason. */
export async function setExceptionApprovalStatus(
  db: Db,
  tenant: string,
  exceptionId: string,
  approval: { status: 'PENDING' | 'APPROVED' | 'REJECTED'; blockReason?: string },
  now: Date,
): Promise<void> {
  await db
    .updateTable('exceptions')
    .set({
      approval_status: approval.status,
      updated_at: now,
      ...(approval.blockReason
        ? { resolution_blocked: true, resolution_block_reason: approval.blockReason }
        : {}),
    })
    .where('tenant', '=', tenant)
    .where('id', '=', exceptionId)
    .execute();
}
