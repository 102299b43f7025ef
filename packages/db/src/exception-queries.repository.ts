import { sql } from 'kysely';
import type { Db } from './connection';

// Read and edit exceptions for the tenant API: every query is scoped by tenant.

export interface ExceptionFilters {
  status?: string;
  reasonCode?: string;
  severity?: string;
  orderId?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** OPEN, ACKNOWLEDGED or IN_PROGRESS (true) or resolved/closed (false). */
  active?: boolean;
  /** Active and waiting for a human decision (approval_status PENDING). */
  awaitingApproval?: boolean;
  /** Active and escalated at least once. */
  escalated?: boolean;
  blocked?: boolean;
}

export const EXCEPTION_SORT_FIELDS = [
  'created_at',
  'updated_at',
  'severity',
  'priority',
  'order_id',
  'reason_code',
  'status',
] as const;
export type ExceptionSortField = (typeof EXCEPTION_SORT_FIELDS)[number];
export interface ExceptionSort {
  field: ExceptionSortField;
  direction: 'asc' | 'desc';
}

const ACTIVE = ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'];
// Severity sorts by rank, not alphabetically.
const SEVERITY_RANK = sql<number>`CASE severity WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 ELSE 1 END`;

const EXCEPTION_COLUMNS = [
  'id',
  'tenant',
  'order_id',
  'reason_code',
  'status',
  'severity',
  'priority',
  'ai_label',
  'ai_confidence',
  'ops_note',
  'client_note',
  'context_data',
  'correlation_id',
  'resolution_attempts',
  'max_resolution_attempts',
  'last_resolution_attempt_at',
  'resolution_blocked',
  'resolution_block_reason',
  'escalation_level',
  'created_at',
  'updated_at',
  'resolved_at',
] as const;

function filtered(db: Db, tenant: string, filters: ExceptionFilters) {
  let query = db.selectFrom('exceptions').where('tenant', '=', tenant);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.reasonCode) query = query.where('reason_code', '=', filters.reasonCode);
  if (filters.severity) query = query.where('severity', '=', filters.severity);
  if (filters.orderId) query = query.where('order_id', '=', filters.orderId);
  if (filters.createdAfter) query = query.where('created_at', '>=', filters.createdAfter);
  if (filters.createdBefore) query = query.where('created_at', '<', filters.createdBefore);
  if (filters.active !== undefined) query = query.where('status', filters.active ? 'in' : 'not in', ACTIVE);
  if (filters.awaitingApproval !== undefined)
    query = filters.awaitingApproval
      ? query.where('status', 'in', ACTIVE).where('approval_status', '=', 'PENDING')
      : query.where((eb) =>
          eb.or([eb('status', 'not in', ACTIVE), eb('approval_status', 'is distinct from', 'PENDING')]),
        );
  if (filters.escalated !== undefined)
    query = filters.escalated
      ? query.where('status', 'in', ACTIVE).where('escalation_level', '>', 0)
      : query.where((eb) => eb.or([eb('status', 'not in', ACTIVE), eb('escalation_level', '=', 0)]));
  if (filters.blocked !== undefined) query = query.where('resolution_blocked', '=', filters.blocked);
  return query;
}

export async function listExceptions(
  db: Db,
  tenant: string,
  filters: ExceptionFilters,
  page: { offset: number; limit: number },
  sort: ExceptionSort = { field: 'created_at', direction: 'desc' },
) {
  const key = sort.field === 'severity' ? SEVERITY_RANK : sort.field;
  const [items, count] = await Promise.all([
    filtered(db, tenant, filters)
      .select(EXCEPTION_COLUMNS)
      .orderBy(key, (order) =>
        sort.direction === 'asc' ? order.asc().nullsFirst() : order.desc().nullsLast(),
      )
      .orderBy('id', sort.direction)
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    filtered(db, tenant, filters)
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}

export async function findException(db: Db, tenant: string, id: string) {
  return db
    .selectFrom('exceptions')
    .select(EXCEPTION_COLUMNS)
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .executeTakeFirst();
}

export type ExceptionView = NonNullable<Awaited<ReturnType<typeof findException>>>;

export interface ExceptionEdit {
  status?: string;
  severity?: string;
  opsNote?: string;
  /** Set resolved_at (when it is still empty) because the new status resolves the exception. */
  isResolving: boolean;
}

/**
 * Applies an edit only if the status is still `expectedStatus` (optimistic check), so two concurrent edits cannot
 * both move the status; returns the updated row or undefined when the status changed meanwhile.
 */
export async function updateException(
  db: Db,
  tenant: string,
  id: string,
  expectedStatus: string,
  edit: ExceptionEdit,
) {
  return db
    .updateTable('exceptions')
    .set({
      ...(edit.status !== undefined ? { status: edit.status } : {}),
      ...(edit.severity !== undefined ? { severity: edit.severity } : {}),
      ...(edit.opsNote !== undefined ? { ops_note: edit.opsNote } : {}),
      ...(edit.isResolving ? { resolved_at: sql<Date>`coalesce(resolved_at, now())` } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .where('status', '=', expectedStatus)
    .returning(EXCEPTION_COLUMNS)
    .executeTakeFirst();
}

export async function summarizeExceptions(db: Db, tenant: string) {
  const grouped = await sql<{ dimension: string; key: string; count: number }>`
    SELECT 'status' AS dimension, status AS key, count(*)::int AS count FROM exceptions WHERE tenant = ${tenant} GROUP BY status
    UNION ALL
    SELECT 'severity', severity, count(*)::int FROM exceptions WHERE tenant = ${tenant} GROUP BY severity
    UNION ALL
    SELECT 'reason_code', reason_code, count(*)::int FROM exceptions WHERE tenant = ${tenant} GROUP BY reason_code`.execute(
    db,
  );
  const totals = await sql<{
    total: number;
    active: number;
    blocked: number;
    created_last_24h: number;
    avg_resolution_minutes: number | null;
    oldest_active_created_at: Date | null;
  }>`
    SELECT count(*)::int AS total,
      count(*) FILTER (WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'))::int AS active,
      count(*) FILTER (WHERE resolution_blocked)::int AS blocked,
      count(*) FILTER (WHERE created_at >= now() - interval '24 hours')::int AS created_last_24h,
      round((avg(extract(epoch FROM resolved_at - created_at) / 60) FILTER (WHERE resolved_at IS NOT NULL))::numeric, 2)::float8
        AS avg_resolution_minutes,
      min(created_at) FILTER (WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')) AS oldest_active_created_at
    FROM exceptions WHERE tenant = ${tenant}`.execute(db);
  const by = (dimension: string) =>
    Object.fromEntries(
      grouped.rows.filter((row) => row.dimension === dimension).map((row) => [row.key, row.count]),
    );
  return {
    ...totals.rows[0]!,
    by_status: by('status'),
    by_severity: by('severity'),
    by_reason_code: by('reason_code'),
  };
}
