import { sql, type Db } from '@e2a/db';

// The system invariants a run must leave behind, whatever crashed or restarted during it: the chaos suite prints
// them, the scale-out test reuses them. Each check reads Postgres directly, as an operator would.

export interface InvariantResult {
  name: string;
  ok: boolean;
  /** What was counted (e.g. "2,004 acknowledged, 2,004 stored"). */
  summary: string;
  /** Up to 10 offending keys, for the report. */
  examples: string[];
}

export interface InvariantOptions {
  /** Only these tenants (default: every tenant in the database). */
  tenants?: string[];
  /** `source:event_id` of every event a gateway answered 2xx for, all of `acknowledgedTenant`. */
  acknowledgedEvents?: Iterable<string>;
  acknowledgedTenant?: string;
}

const EXAMPLES = 10;
const format = (value: number) => value.toLocaleString('en-US');

function tenantFilter(column: string, tenants: string[] | undefined) {
  return tenants && tenants.length > 0 ? sql`${sql.ref(column)} = ANY(${tenants})` : sql`true`;
}

async function quarantineTableExists(db: Db): Promise<boolean> {
  const result = await sql<{ exists: boolean }>`
    SELECT to_regclass('quarantined_records') IS NOT NULL AS exists`.execute(db);
  return result.rows[0]?.exists ?? false;
}

/** Every event a gateway answered 2xx for is a row in `order_events`. */
export async function checkAcknowledgedEventsStored(
  db: Db,
  acknowledged: Iterable<string>,
  tenant: string,
): Promise<InvariantResult> {
  const keys = [...new Set(acknowledged)];
  const missing: string[] = [];
  // In pages, so a run of hundreds of thousands of events stays one cheap query each.
  for (let start = 0; start < keys.length; start += 5_000) {
    const page = keys.slice(start, start + 5_000);
    const result = await sql<{ key: string }>`
      SELECT k.key FROM unnest(${page}::text[]) AS k(key)
      WHERE NOT EXISTS (
        SELECT 1 FROM order_events e
        WHERE e.tenant = ${tenant} AND e.source = split_part(k.key, ':', 1)
          AND e.event_id = substr(k.key, length(split_part(k.key, ':', 1)) + 2))`.execute(db);
    missing.push(...result.rows.map((row) => row.key));
  }
  return {
    name: 'every 2xx-answered event stored',
    ok: missing.length === 0,
    summary: `${format(keys.length)} acknowledged, ${format(keys.length - missing.length)} stored`,
    examples: missing.slice(0, EXAMPLES),
  };
}

/** No order waits for evaluation: each was evaluated since its last event, or is held in quarantine. */
export async function checkOrdersEvaluated(db: Db, tenants?: string[]): Promise<InvariantResult> {
  const hasQuarantine = await quarantineTableExists(db);
  const quarantined = hasQuarantine
    ? sql`EXISTS (
        SELECT 1 FROM quarantined_records q
        WHERE q.tenant = o.tenant AND q.record_key = o.order_id AND q.kind = 'order_evaluation'
          AND q.status = 'QUARANTINED')`
    : sql`false`;
  const result = await sql<{
    orders: number;
    waiting: number;
    quarantined: number;
    examples: string[] | null;
  }>`
    SELECT count(*)::int AS orders,
      count(*) FILTER (WHERE (o.needs_evaluation OR o.evaluated_at IS NULL) AND NOT ${quarantined})::int AS waiting,
      count(*) FILTER (WHERE ${quarantined})::int AS quarantined,
      (array_agg(o.tenant || '/' || o.order_id) FILTER (
        WHERE (o.needs_evaluation OR o.evaluated_at IS NULL) AND NOT ${quarantined}))[1:${EXAMPLES}] AS examples
    FROM orders o WHERE ${tenantFilter('o.tenant', tenants)}`.execute(db);
  const row = result.rows[0] ?? { orders: 0, waiting: 0, quarantined: 0, examples: [] };
  return {
    name: 'every order evaluated',
    ok: row.waiting === 0,
    summary: `${format(row.orders)} orders, ${format(row.waiting)} waiting for evaluation, ${format(row.quarantined)} quarantined`,
    examples: row.examples ?? [],
  };
}

/** At most one OPEN/ACKNOWLEDGED/IN_PROGRESS exception per (tenant, order, reason code). */
export async function checkNoDuplicateActiveExceptions(db: Db, tenants?: string[]): Promise<InvariantResult> {
  const result = await sql<{ key: string; active: number }>`
    SELECT tenant || '/' || order_id || '/' || reason_code AS key, count(*)::int AS active
    FROM exceptions
    WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') AND ${tenantFilter('tenant', tenants)}
    GROUP BY tenant, order_id, reason_code HAVING count(*) > 1`.execute(db);
  const total = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM exceptions
    WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') AND ${tenantFilter('tenant', tenants)}`.execute(
    db,
  );
  return {
    name: 'zero duplicated active exceptions per (order, reason)',
    ok: result.rows.length === 0,
    summary: `${format(total.rows[0]?.n ?? 0)} active exceptions, ${format(result.rows.length)} duplicated keys`,
    examples: result.rows.slice(0, EXAMPLES).map((row) => `${row.key} ×${row.active}`),
  };
}

/** Every invoiced order has exactly one invoice. */
export async function checkOneInvoicePerOrder(db: Db, tenants?: string[]): Promise<InvariantResult> {
  const result = await sql<{ key: string; invoices: number }>`
    SELECT tenant || '/' || order_id AS key, count(*)::int AS invoices
    FROM invoices WHERE ${tenantFilter('tenant', tenants)}
    GROUP BY tenant, order_id HAVING count(*) <> 1`.execute(db);
  const total = await sql<{ orders: number; invoices: number }>`
    SELECT count(DISTINCT (tenant, order_id))::int AS orders, count(*)::int AS invoices
    FROM invoices WHERE ${tenantFilter('tenant', tenants)}`.execute(db);
  const row = total.rows[0] ?? { orders: 0, invoices: 0 };
  return {
    name: 'exactly one invoice per invoiced order',
    ok: result.rows.length === 0,
    summary: `${format(row.orders)} invoiced orders, ${format(row.invoices)} invoices`,
    examples: result.rows.slice(0, EXAMPLES).map((item) => `${item.key} ×${item.invoices}`),
  };
}

/**
 * `exceptions.resolution_attempts` equals the number of `resolution_attempts` rows of the exception: no attempt ran
 * without its row, none was counted twice. (An operator reset sets the counter back to 0 and keeps the rows, so a
 * run that resets exceptions cannot use this check.)
 */
export async function checkAttemptCounters(db: Db, tenants?: string[]): Promise<InvariantResult> {
  const result = await sql<{ id: string; counter: number; rows: number }>`
    SELECT e.tenant || '/' || e.id AS id, e.resolution_attempts AS counter, count(a.id)::int AS rows
    FROM exceptions e LEFT JOIN resolution_attempts a ON a.exception_id = e.id
    WHERE ${tenantFilter('e.tenant', tenants)}
    GROUP BY e.tenant, e.id, e.resolution_attempts
    HAVING e.resolution_attempts <> count(a.id)`.execute(db);
  const total = await sql<{ exceptions: number; attempts: number }>`
    SELECT (SELECT count(*)::int FROM exceptions WHERE ${tenantFilter('tenant', tenants)}) AS exceptions,
           (SELECT count(*)::int FROM resolution_attempts WHERE ${tenantFilter('tenant', tenants)}) AS attempts`.execute(
    db,
  );
  const row = total.rows[0] ?? { exceptions: 0, attempts: 0 };
  return {
    name: 'attempt counters equal attempt rows',
    ok: result.rows.length === 0,
    summary: `${format(row.exceptions)} exceptions, ${format(row.attempts)} attempt rows, ${format(result.rows.length)} mismatched`,
    examples: result.rows
      .slice(0, EXAMPLES)
      .map((item) => `${item.id}: counter ${item.counter}, rows ${item.rows}`),
  };
}

/** Runs every data invariant (the acknowledged-events check only when acknowledgements are given). */
export async function checkInvariants(db: Db, options: InvariantOptions = {}): Promise<InvariantResult[]> {
  const results: InvariantResult[] = [];
  if (options.acknowledgedEvents) {
    if (!options.acknowledgedTenant)
      throw new Error('acknowledgedTenant is required with acknowledgedEvents');
    results.push(
      await checkAcknowledgedEventsStored(db, options.acknowledgedEvents, options.acknowledgedTenant),
    );
  }
  results.push(await checkOrdersEvaluated(db, options.tenants));
  results.push(await checkNoDuplicateActiveExceptions(db, options.tenants));
  results.push(await checkOneInvoicePerOrder(db, options.tenants));
  results.push(await checkAttemptCounters(db, options.tenants));
  return results;
}

/** One line per invariant, `PASS`/`FAIL`, with up to 10 offending keys under a failure. */
export function formatInvariants(results: InvariantResult[]): string {
  return results
    .map((result) => {
      const head = `${result.ok ? 'PASS' : 'FAIL'}  ${result.name}: ${result.summary}`;
      return result.ok || result.examples.length === 0
        ? head
        : `${head}\n${result.examples.map((example) => `        ${example}`).join('\n')}`;
    })
    .join('\n');
}
