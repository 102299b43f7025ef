import { sql, type Db } from '@e2a/db';

/**
 * What must hold after any failure (a killed worker, a restarted server, a second gateway): the invariants of the
 * chaos suite (issue 11), as SQL an operator could run. Each check returns the rows that break it.
 */
export interface InvariantViolation {
  invariant: string;
  rows: Record<string, unknown>[];
}

export interface AcceptedEvent {
  source: string;
  event_id: string;
}

async function rows(db: Db, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  return (await query.execute(db)).rows as Record<string, unknown>[];
}

/** Every event the gateway answered 2xx for is in order_events. */
export async function unstoredEvents(db: Db, tenant: string, accepted: AcceptedEvent[]) {
  if (accepted.length === 0) return [];
  const stored = await db
    .selectFrom('order_events')
    .select(['source', 'event_id'])
    .where('tenant', '=', tenant)
    .execute();
  const keys = new Set(stored.map((row) => `${row.source}\u0000${row.event_id}`));
  return accepted.filter((event) => !keys.has(`${event.source}\u0000${event.event_id}`));
}

/** Orders still flagged for evaluation, or whose next deadline passed more than `graceSeconds` ago. */
export function unevaluatedOrders(db: Db, tenant: string, graceSeconds = 0) {
  return rows(
    db,
    sql`SELECT order_id, needs_evaluation, next_deadline_at FROM orders
        WHERE tenant = ${tenant}
          AND (needs_evaluation OR next_deadline_at < now() - make_interval(secs => ${graceSeconds}))
        ORDER BY order_id LIMIT 20`,
  );
}

export function duplicatedActiveExceptions(db: Db, tenant: string) {
  return rows(
    db,
    sql`SELECT order_id, reason_code, count(*)::int AS active FROM exceptions
        WHERE tenant = ${tenant} AND status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
        GROUP BY order_id, reason_code HAVING count(*) > 1 LIMIT 20`,
  );
}

export function duplicatedInvoices(db: Db, tenant: string) {
  return rows(
    db,
    sql`SELECT order_id, count(*)::int AS invoices FROM invoices
        WHERE tenant = ${tenant} GROUP BY order_id HAVING count(*) > 1 LIMIT 20`,
  );
}

/** The counter on the exception equals its attempt rows, and never exceeds the exception's limit. */
export function attemptCountersOff(db: Db, tenant: string) {
  return rows(
    db,
    sql`SELECT e.id, e.resolution_attempts, e.max_resolution_attempts, count(a.id)::int AS attempt_rows
        FROM exceptions e LEFT JOIN resolution_attempts a ON a.exception_id = e.id
        WHERE e.tenant = ${tenant}
        GROUP BY e.id
        HAVING e.resolution_attempts <> count(a.id) OR e.resolution_attempts > e.max_resolution_attempts
        LIMIT 20`,
  );
}

/** Every invariant at once; an empty list means all hold. */
export async function checkInvariants(
  db: Db,
  tenant: string,
  options: { accepted?: AcceptedEvent[]; deadlineGraceSeconds?: number } = {},
): Promise<InvariantViolation[]> {
  const checks: [string, Promise<unknown[]>][] = [
    ['every 2xx-answered event stored', unstoredEvents(db, tenant, options.accepted ?? [])],
    ['every order evaluated', unevaluatedOrders(db, tenant, options.deadlineGraceSeconds ?? 0)],
    ['one active exception per (order, reason)', duplicatedActiveExceptions(db, tenant)],
    ['one invoice per invoiced order', duplicatedInvoices(db, tenant)],
    ['attempt counters equal attempt rows, within the limit', attemptCountersOff(db, tenant)],
  ];
  const violations: InvariantViolation[] = [];
  for (const [invariant, check] of checks) {
    const found = (await check) as Record<string, unknown>[];
    if (found.length > 0) violations.push({ invariant, rows: found });
  }
  return violations;
}
