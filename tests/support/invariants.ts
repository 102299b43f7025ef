import { sql, type Db } from '@e2a/db';

/**
 * What must hold after any failure (a killed worker, a restarted server, a second gateway): the invariants of the
 * chaos suite (issue 11), as SQL an operator could run. Each check returns the rows that break it; `reportInvariants`
 * adds what was counted, for the chaos suite's printout.
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

async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = (await query.execute(db)).rows as Array<{ n: number }>;
  return Number(row?.n ?? 0);
}

/** Whether the quarantine exists yet (the checker also runs against older databases). */
async function hasQuarantine(db: Db): Promise<boolean> {
  return (await count(db, sql`SELECT (to_regclass('quarantined_records') IS NOT NULL)::int AS n`)) === 1;
}

/** An order held in quarantine is deliberately not evaluated: it is reported there, not as waiting. */
const quarantinedOrder = sql`EXISTS (
  SELECT 1 FROM quarantined_records q
  WHERE q.tenant = o.tenant AND q.kind = 'order_evaluation' AND q.record_key = o.order_id
    AND q.status = 'open')`;

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

/**
 * Orders still flagged for evaluation, or whose next deadline passed more than `graceSeconds` ago (quarantined
 * orders excepted).
 */
export async function unevaluatedOrders(db: Db, tenant: string, graceSeconds = 0) {
  const notQuarantined = (await hasQuarantine(db)) ? sql`NOT ${quarantinedOrder}` : sql`true`;
  return rows(
    db,
    sql`SELECT o.order_id, o.needs_evaluation, o.next_deadline_at FROM orders o
        WHERE o.tenant = ${tenant}
          AND (o.needs_evaluation OR o.next_deadline_at < now() - make_interval(secs => ${graceSeconds}))
          AND ${notQuarantined}
        ORDER BY o.order_id LIMIT 20`,
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

/**
 * The counter on the exception equals its attempt rows, and never exceeds the exception's limit. (An operator reset
 * sets the counter back to 0 and keeps the rows, so a run that resets exceptions cannot use this check.)
 */
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

export const INVARIANTS = {
  stored: 'every 2xx-answered event stored',
  evaluated: 'every order evaluated',
  oneActiveException: 'one active exception per (order, reason)',
  oneInvoice: 'one invoice per invoiced order',
  attempts: 'attempt counters equal attempt rows, within the limit',
} as const;

export interface InvariantOptions {
  /** Every event a gateway answered 2xx for. */
  accepted?: AcceptedEvent[];
  /** How long past its deadline an order may still wait for the next evaluation cycle. */
  deadlineGraceSeconds?: number;
  /** The run invoiced (the chaos suite runs billing): no invoice at all fails the one-invoice check, never vacuous. */
  expectInvoices?: boolean;
}

/** Every invariant at once; an empty list means all hold. */
export async function checkInvariants(
  db: Db,
  tenant: string,
  options: InvariantOptions = {},
): Promise<InvariantViolation[]> {
  return (await reportInvariants(db, tenant, options))
    .filter((result) => !result.ok)
    .map((result) => ({ invariant: result.name, rows: result.rows }));
}

export interface InvariantResult {
  name: string;
  ok: boolean;
  /** What was counted ("2,004 acknowledged, 2,004 stored"). */
  summary: string;
  /** Up to 20 rows that break it. */
  rows: Record<string, unknown>[];
}

const format = (value: number) => value.toLocaleString('en-US');

/** Every invariant with what it counted: the chaos suite prints these. */
export async function reportInvariants(
  db: Db,
  tenant: string,
  options: InvariantOptions = {},
): Promise<InvariantResult[]> {
  const accepted = options.accepted ?? [];
  const unstored = await unstoredEvents(db, tenant, accepted);
  const waiting = await unevaluatedOrders(db, tenant, options.deadlineGraceSeconds ?? 0);
  const orders = await count(db, sql`SELECT count(*)::int AS n FROM orders WHERE tenant = ${tenant}`);
  const quarantined = (await hasQuarantine(db))
    ? await count(
        db,
        sql`SELECT count(*)::int AS n FROM orders o WHERE o.tenant = ${tenant} AND ${quarantinedOrder}`,
      )
    : 0;
  const duplicatedExceptions = await duplicatedActiveExceptions(db, tenant);
  const active = await count(
    db,
    sql`SELECT count(*)::int AS n FROM exceptions
        WHERE tenant = ${tenant} AND status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')`,
  );
  const doubleInvoiced = await duplicatedInvoices(db, tenant);
  const invoices = await count(db, sql`SELECT count(*)::int AS n FROM invoices WHERE tenant = ${tenant}`);
  const invoicedOrders = await count(
    db,
    sql`SELECT count(DISTINCT order_id)::int AS n FROM invoices WHERE tenant = ${tenant}`,
  );
  const isInvoicingMissing = options.expectInvoices === true && invoicedOrders === 0;
  const countersOff = await attemptCountersOff(db, tenant);
  const attempts = await count(
    db,
    sql`SELECT count(*)::int AS n FROM resolution_attempts WHERE tenant = ${tenant}`,
  );
  const exceptions = await count(db, sql`SELECT count(*)::int AS n FROM exceptions WHERE tenant = ${tenant}`);

  return [
    {
      name: INVARIANTS.stored,
      ok: unstored.length === 0,
      summary: `${format(accepted.length)} acknowledged, ${format(accepted.length - unstored.length)} stored`,
      rows: unstored.slice(0, 20).map((event) => ({ ...event })),
    },
    {
      name: INVARIANTS.evaluated,
      ok: waiting.length === 0,
      summary: `${format(orders)} orders, ${waiting.length === 20 ? '20+' : format(waiting.length)} waiting, ${format(quarantined)} quarantined`,
      rows: waiting,
    },
    {
      name: INVARIANTS.oneActiveException,
      ok: duplicatedExceptions.length === 0,
      summary: `${format(active)} active exceptions, ${format(duplicatedExceptions.length)} duplicated`,
      rows: duplicatedExceptions,
    },
    {
      name: INVARIANTS.oneInvoice,
      ok: doubleInvoiced.length === 0 && !isInvoicingMissing,
      summary:
        `${format(invoices)} invoices, ${format(invoicedOrders)} orders invoiced, ` +
        `${format(doubleInvoiced.length)} invoiced twice${isInvoicingMissing ? ' (expected invoices, none issued)' : ''}`,
      rows: doubleInvoiced,
    },
    {
      name: INVARIANTS.attempts,
      ok: countersOff.length === 0,
      summary: `${format(exceptions)} exceptions, ${format(attempts)} attempt rows, ${format(countersOff.length)} mismatched`,
      rows: countersOff,
    },
  ];
}

/** One `PASS`/`FAIL` line per invariant, with the offending rows under a failure. */
export function formatInvariants(results: InvariantResult[]): string {
  return results
    .map((result) => {
      const head = `${result.ok ? 'PASS' : 'FAIL'}  ${result.name}: ${result.summary}`;
      return result.ok || result.rows.length === 0
        ? head
        : `${head}\n${result.rows.map((row) => `        ${JSON.stringify(row)}`).join('\n')}`;
    })
    .join('\n');
}
