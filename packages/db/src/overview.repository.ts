import { sql } from 'kysely';
import type { Db } from './connection';

// The console's Overview numbers: each is the count a filtered exception list (or DLQ stats) returns, so the two
// agree. Active = OPEN, ACKNOWLEDGED, IN_PROGRESS (as in summarizeExceptions).

export interface ExceptionOverviewCounts {
  open: number;
  openByReasonCode: Record<string, number>;
  openBySeverity: Record<string, number>;
  /** Exceptions created since `since`, by reason code (the breach codes are picked by the caller). */
  createdSinceByReasonCode: Record<string, number>;
  awaitingApproval: number;
  escalated: number;
  blocked: number;
}

export async function countExceptionOverview(
  db: Db,
  tenant: string,
  since: Date,
): Promise<ExceptionOverviewCounts> {
  const grouped = await sql<{ dimension: string; key: string; count: number }>`
    SELECT 'reason_code' AS dimension, reason_code AS key, count(*)::int AS count FROM exceptions
      WHERE tenant = ${tenant} AND status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') GROUP BY reason_code
    UNION ALL
    SELECT 'severity', severity, count(*)::int FROM exceptions
      WHERE tenant = ${tenant} AND status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') GROUP BY severity
    UNION ALL
    SELECT 'created_since', reason_code, count(*)::int FROM exceptions
      WHERE tenant = ${tenant} AND created_at >= ${since} GROUP BY reason_code`.execute(db);
  const totals = await sql<{ open: number; awaiting_approval: number; escalated: number; blocked: number }>`
    SELECT count(*) FILTER (WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'))::int AS open,
      count(*) FILTER (WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') AND approval_status = 'PENDING')::int
        AS awaiting_approval,
      count(*) FILTER (WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') AND escalation_level > 0)::int AS escalated,
      count(*) FILTER (WHERE resolution_blocked)::int AS blocked
    FROM exceptions WHERE tenant = ${tenant}`.execute(db);
  const by = (dimension: string) =>
    Object.fromEntries(
      grouped.rows.filter((row) => row.dimension === dimension).map((row) => [row.key, row.count]),
    );
  const row = totals.rows[0]!;
  return {
    open: row.open,
    openByReasonCode: by('reason_code'),
    openBySeverity: by('severity'),
    createdSinceByReasonCode: by('created_since'),
    awaitingApproval: row.awaiting_approval,
    escalated: row.escalated,
    blocked: row.blocked,
  };
}

/** Records held in quarantine for the tenant (open: not replayed or discarded yet). */
export async function countQuarantined(db: Db, tenant: string): Promise<number> {
  const row = await db
    .selectFrom('quarantined_records')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('tenant', '=', tenant)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
