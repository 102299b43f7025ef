import { sql, type Transaction } from 'kysely';
import type { Database } from './schema';
import type { Db } from './connection';
import { notQuarantined } from './quarantine.repository';

// Set-based reads and writes of the SLA evaluation: claim a chunk of orders, then upsert everything it found.

type Executor = Transaction<Database> | Db;

export interface ClaimedOrderRow {
  order_id: string;
  order_created_at: Date | null;
  paid_at: Date | null;
  pick_completed_at: Date | null;
  pack_completed_at: Date | null;
  handoff_at: Date | null;
  delivered_at: Date | null;
  cancelled_at: Date | null;
  service_level: 'standard' | 'express' | 'overnight';
  is_oversized: boolean;
  is_hazmat: boolean;
  is_fragile: boolean;
  order_data: Record<string, unknown> | null;
  needs_evaluation: boolean;
  next_deadline_at: Date | null;
  ai_analyzed_at: Date | null;
  traceparent: string | null;
}

const NOT_QUARANTINED = notQuarantined(
  'order_evaluation',
  sql.ref('orders.tenant'),
  sql.ref('orders.order_id'),
);

const CLAIM_COLUMNS = sql`order_id, order_created_at, paid_at, pick_completed_at, pack_completed_at, handoff_at,
  delivered_at, cancelled_at, service_level, is_oversized, is_hazmat, is_fragile, order_data, needs_evaluation,
  next_deadline_at, ai_analyzed_at, traceparent`;

/**
 * Locks up to `limit` orders that have new events or a deadline that passed (strictly before `now`, so an order
 * exactly at its deadline is not re-claimed in a loop). Rows locked by another evaluator are skipped.
 */
export async function claimDueOrders(
  trx: Executor,
  tenant: string,
  now: Date,
  limit: number,
): Promise<ClaimedOrderRow[]> {
  const result = await sql<ClaimedOrderRow>`
    SELECT ${CLAIM_COLUMNS} FROM orders
    WHERE tenant = ${tenant} AND (needs_evaluation OR next_deadline_at < ${now})
      AND NOT EXISTS (SELECT 1 FROM tenants WHERE name = ${tenant} AND disabled_at IS NOT NULL)
      AND ${NOT_QUARANTINED}
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`.execute(trx);
  return result.rows;
}

/** The scheduled pass: orders touched in the lookback or with an open deadline, keyset-paged by order id. */
export async function claimLookbackOrders(
  trx: Executor,
  tenant: string,
  since: Date,
  afterOrderId: string | null,
  limit: number,
): Promise<ClaimedOrderRow[]> {
  const result = await sql<ClaimedOrderRow>`
    SELECT ${CLAIM_COLUMNS} FROM orders
    WHERE tenant = ${tenant}
      AND order_id > ${afterOrderId ?? ''}
      AND (updated_at >= ${since} OR last_event_at >= ${since} OR next_deadline_at IS NOT NULL OR needs_evaluation)
      AND ${NOT_QUARANTINED}
    ORDER BY order_id
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`.execute(trx);
  return result.rows;
}

/** Tenant orders per hour (by first event, hour start in the tenant zone) for the given hour starts. */
export async function countOrdersPerHour(
  trx: Executor,
  tenant: string,
  timezone: string,
  hourStarts: Date[],
): Promise<Map<string, number>> {
  if (hourStarts.length === 0) return new Map();
  const times = hourStarts.map((hour) => hour.getTime());
  const from = new Date(Math.min(...times));
  const until = new Date(Math.max(...times) + 3_600_000);
  const result = await sql<{ hour: Date; orders: number }>`
    SELECT date_trunc('hour', first_event_at, ${timezone}) AS hour, count(*)::int AS orders
    FROM orders
    WHERE tenant = ${tenant} AND first_event_at >= ${from} AND first_event_at < ${until}
      AND date_trunc('hour', first_event_at, ${timezone}) = ANY(${hourStarts.map((h) => h.toISOString())}::timestamptz[])
    GROUP BY 1`.execute(trx);
  return new Map(result.rows.map((row) => [row.hour.toISOString(), row.orders]));
}

export interface ExceptionCandidate {
  order_id: string;
  reason_code: string;
  severity: string;
  priority: number | null;
  /** `window` for SLA breaches, `source` for order problems: one exception per (order, reason code, key). */
  context: Record<string, unknown>;
}

export interface ExceptionUpsertResult {
  created: Array<{ id: string; order_id: string; reason_code: string }>;
  updatedCount: number;
}

/**
 * Creates the exceptions not seen before and gives an active one the final figures when its window closed late.
 * One active exception per (tenant, order, reason code) is enforced by `uq_exceptions_one_active`; a resolved or
 * closed exception for the same window is never re-opened by a re-evaluation.
 */
export async function upsertDetectedExceptions(
  trx: Executor,
  tenant: string,
  candidates: ExceptionCandidate[],
  maxResolutionAttempts: number,
): Promise<ExceptionUpsertResult> {
  if (candidates.length === 0) return { created: [], updatedCount: 0 };
  const result = await sql<{ id: string; order_id: string; reason_code: string; inserted: boolean }>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(candidates)}::jsonb)
        AS r(order_id text, reason_code text, severity text, priority int, context jsonb)
    ), fresh AS (
      SELECT i.* FROM input i
      WHERE NOT EXISTS (
        SELECT 1 FROM exceptions e
        WHERE e.tenant = ${tenant} AND e.order_id = i.order_id AND e.reason_code = i.reason_code
          AND e.status IN ('RESOLVED', 'CLOSED')
          -- a delay that gave way to MISSING_SCAN measured nothing: the window, once its scan arrives, may breach
          AND NOT coalesce((e.context_data->>'scan_missing')::boolean, false)
          AND coalesce(e.context_data->>'window', e.context_data->>'source')
            = coalesce(i.context->>'window', i.context->>'source'))
    )
    INSERT INTO exceptions AS x (tenant, order_id, reason_code, severity, priority, context_data, max_resolution_attempts)
    SELECT ${tenant}, order_id, reason_code, severity, priority, context, ${maxResolutionAttempts} FROM fresh
    ON CONFLICT (tenant, order_id, reason_code) WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
    DO UPDATE SET context_data = x.context_data || excluded.context_data, updated_at = now()
      WHERE coalesce(x.context_data->>'window', x.context_data->>'source')
          = coalesce(excluded.context_data->>'window', excluded.context_data->>'source')
        -- Final figures only: an open breach keeps the figures of its first detection.
        AND excluded.context_data->>'ended_at' IS NOT NULL
        AND x.context_data IS DISTINCT FROM x.context_data || excluded.context_data
    RETURNING id, order_id, reason_code, (xmax = 0) AS inserted`.execute(trx);
  return {
    created: result.rows
      .filter((row) => row.inserted)
      .map(({ id, order_id, reason_code }) => ({ id: String(id), order_id, reason_code })),
    updatedCount: result.rows.filter((row) => !row.inserted).length,
  };
}

export interface WindowMet {
  order_id: string;
  reason_code: string;
  window: string;
  context: Record<string, unknown>;
}

/** The resolution note of a window flagged while open whose late-arriving end event shows it was met. */
export const WINDOW_MET_NOTE =
  'Resolved automatically: the end event arrived late and shows the window was met.';

/** The resolution note of a MISSING_SCAN whose scan arrived after it was raised. */
export const SCAN_ARRIVED_LATE_NOTE =
  'Resolved automatically: the scan arrived late; the lateness stays with the stage delay exception, if any.';

/** The resolution note of an open delay whose order moved past the stage without its scan. */
export const DELAY_GAVE_WAY_NOTE =
  'Resolved automatically: the order moved past this stage without its scan, so the stage cannot be measured; ' +
  'the missing scan is tracked as MISSING_SCAN.';

/**
 * Resolves the active exception of each (order, reason code, window), merging the row's context and the note into
 * `context_data` (`resolution_note`; `ops_note` too when empty). `isOpenBreachOnly`: only one flagged while its
 * window was still open (`ended_at` NULL). One already resolved by someone else gets the context and the note as
 * `late_event_note`, its status untouched; only the status changes are counted.
 */
async function resolveAutomatically(
  trx: Executor,
  tenant: string,
  rows: WindowMet[],
  note: string,
  isOpenBreachOnly: boolean,
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(order_id text, reason_code text, "window" text, context jsonb)
    )
    UPDATE exceptions x SET
      context_data = x.context_data || i.context || jsonb_build_object('resolution_note', ${note}::text),
      status = 'RESOLVED',
      resolved_at = now(),
      updated_at = now(),
      ops_note = coalesce(x.ops_note, ${note}::text)
    FROM input i
    WHERE x.tenant = ${tenant} AND x.order_id = i.order_id AND x.reason_code = i.reason_code
      AND x.status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
      AND x.context_data->>'window' = i."window"
      AND (NOT ${isOpenBreachOnly} OR x.context_data->>'ended_at' IS NULL)`.execute(trx);
  // One resolved meanwhile (by the resolution flow or a person) keeps its status, but gets the late facts too, so
  // its record and its SLA credit tell the truth: a window met after all has no delay, an arrived scan credits 0.
  await sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(order_id text, reason_code text, "window" text, context jsonb)
    )
    UPDATE exceptions x SET
      context_data = x.context_data || i.context || jsonb_build_object('late_event_note', ${note}::text),
      updated_at = now()
    FROM input i
    WHERE x.tenant = ${tenant} AND x.order_id = i.order_id AND x.reason_code = i.reason_code
      AND x.status IN ('RESOLVED', 'CLOSED')
      AND x.context_data->>'window' = i."window"
      AND NOT x.context_data @> i.context
      AND NOT x.context_data ? 'resolution_note'
      AND (NOT ${isOpenBreachOnly} OR x.context_data->>'ended_at' IS NULL)`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * A window flagged while open whose (late-arriving) end event shows it was met: the active exception gets the
 * final figures and is resolved, so the record tells the truth.
 */
function resolveWindowsMet(trx: Executor, tenant: string, windows: WindowMet[]): Promise<number> {
  return resolveAutomatically(trx, tenant, windows, WINDOW_MET_NOTE, true);
}

export interface WindowScan {
  order_id: string;
  window: string;
  /** When the scan happened, or (a skipped scan) the later scan that shows the order moved on. */
  at: string;
}

/**
 * The scans that are now present resolve their window's active MISSING_SCAN (the scan arrived late): a late scan
 * is one active exception, the stage's delay, never two. The context keeps the detection figures and gains
 * `scan_arrived_at` and the note.
 */
function resolveArrivedScans(trx: Executor, tenant: string, scans: WindowScan[]): Promise<number> {
  const rows = scans.map((scan) => ({
    order_id: scan.order_id,
    reason_code: 'MISSING_SCAN',
    window: scan.window,
    context: { scan_arrived_at: scan.at },
  }));
  return resolveAutomatically(trx, tenant, rows, SCAN_ARRIVED_LATE_NOTE, false);
}

/**
 * An open delay exception (flagged while its window was open) whose order then moved past the stage without the
 * scan gives way to the window's MISSING_SCAN instead of staying open forever. Marked `scan_missing`, so it is
 * never credited and the window may still breach once the scan arrives.
 */
function resolveDelaysOfSkippedScans(
  trx: Executor,
  tenant: string,
  scans: Array<WindowScan & { reason_code: string }>,
): Promise<number> {
  const rows = scans.map((scan) => ({
    order_id: scan.order_id,
    reason_code: scan.reason_code,
    window: scan.window,
    context: { scan_missing: true, moved_on_at: scan.at },
  }));
  return resolveAutomatically(trx, tenant, rows, DELAY_GAVE_WAY_NOTE, true);
}

/** What a chunk's evaluation found settled: windows met, scans that arrived, delays whose scan was skipped. */
export interface SettledWindows {
  windowsMet: WindowMet[];
  arrivedScans: WindowScan[];
  skippedScans: Array<WindowScan & { reason_code: string }>;
}

/**
 * Resolves the active exceptions the settled windows answer (see the three rules above); the number resolved.
 * Nearly every evaluated order has windows met and almost none has an exception: one indexed look at which
 * (order, reason code) pairs have exception rows at all keeps the three updates to those, instead of joining
 * every window of the chunk against `exceptions` twice each.
 */
export async function resolveSettledWindows(
  trx: Executor,
  tenant: string,
  settled: SettledWindows,
): Promise<number> {
  const all = [...settled.windowsMet, ...settled.arrivedScans, ...settled.skippedScans];
  if (all.length === 0) return 0;
  const orderIds = [...new Set(all.map((row) => row.order_id))];
  const existing = await sql<{ order_id: string; reason_code: string }>`
    SELECT DISTINCT order_id, reason_code FROM exceptions
    WHERE tenant = ${tenant} AND order_id = ANY(${orderIds}::text[])`.execute(trx);
  if (existing.rows.length === 0) return 0;
  const keys = new Set(existing.rows.map((row) => `${row.order_id}\u0000${row.reason_code}`));
  const hasException = (orderId: string, reasonCode: string) => keys.has(`${orderId}\u0000${reasonCode}`);
  return (
    (await resolveWindowsMet(
      trx,
      tenant,
      settled.windowsMet.filter((row) => hasException(row.order_id, row.reason_code)),
    )) +
    // An arrived scan answers its window's MISSING_SCAN.
    (await resolveArrivedScans(
      trx,
      tenant,
      settled.arrivedScans.filter((scan) => hasException(scan.order_id, 'MISSING_SCAN')),
    )) +
    (await resolveDelaysOfSkippedScans(
      trx,
      tenant,
      settled.skippedScans.filter((scan) => hasException(scan.order_id, scan.reason_code)),
    ))
  );
}

export interface StageRow {
  order_id: string;
  stage_name: string;
  status: string;
  depends_on: string[];
  started_at: string | null;
  completed_at: string | null;
  stage_data: Record<string, unknown>;
}

/** One row per (order, stage); rewritten only when something about the stage changed. */
export async function upsertProcessingStages(
  trx: Executor,
  tenant: string,
  stages: StageRow[],
): Promise<void> {
  if (stages.length === 0) return;
  await sql`
    INSERT INTO order_processing_stages AS s (tenant, order_id, stage_name, status, depends_on, started_at, completed_at, stage_data)
    SELECT ${tenant}, r.order_id, r.stage_name, r.status, ARRAY(SELECT jsonb_array_elements_text(r.depends_on)),
           r.started_at, r.completed_at, r.stage_data
    FROM jsonb_to_recordset(${JSON.stringify(stages)}::jsonb) AS r(
      order_id text, stage_name text, status text, depends_on jsonb, started_at timestamptz, completed_at timestamptz,
      stage_data jsonb)
    ON CONFLICT (tenant, order_id, stage_name) DO UPDATE SET
      status = excluded.status, started_at = excluded.started_at, completed_at = excluded.completed_at,
      stage_data = excluded.stage_data, depends_on = excluded.depends_on, updated_at = now()
    WHERE (s.status, s.started_at, s.completed_at, s.stage_data)
      IS DISTINCT FROM (excluded.status, excluded.started_at, excluded.completed_at, excluded.stage_data)`.execute(
    trx,
  );
}

export interface CompletenessRow {
  order_id: string;
  check_name: string;
  passed: boolean;
  details: Record<string, unknown>;
}

export async function upsertCompletenessChecks(
  trx: Executor,
  tenant: string,
  checks: CompletenessRow[],
): Promise<void> {
  if (checks.length === 0) return;
  await sql`
    INSERT INTO data_completeness_checks AS c (tenant, order_id, check_name, passed, details)
    SELECT ${tenant}, r.order_id, r.check_name, r.passed, r.details
    FROM jsonb_to_recordset(${JSON.stringify(checks)}::jsonb) AS r(order_id text, check_name text, passed boolean, details jsonb)
    ON CONFLICT (tenant, order_id, check_name) DO UPDATE SET
      passed = excluded.passed, details = excluded.details, checked_at = now()
    WHERE (c.passed, c.details) IS DISTINCT FROM (excluded.passed, excluded.details)`.execute(trx);
}

/** Marks the chunk evaluated and stores each order's next deadline; untouched when nothing changed. */
export async function markOrdersEvaluated(
  trx: Executor,
  tenant: string,
  now: Date,
  orders: Array<{ order_id: string; next_deadline_at: string | null }>,
): Promise<void> {
  if (orders.length === 0) return;
  await sql`
    UPDATE orders o SET needs_evaluation = false, next_deadline_at = r.next_deadline_at, evaluated_at = ${now}
    FROM jsonb_to_recordset(${JSON.stringify(orders)}::jsonb) AS r(order_id text, next_deadline_at timestamptz)
    WHERE o.tenant = ${tenant} AND o.order_id = r.order_id
      AND (o.needs_evaluation OR o.next_deadline_at IS DISTINCT FROM r.next_deadline_at)`.execute(trx);
}

export interface ReportedExceptionRow {
  order_id: string;
  event_id: string;
  occurred_at: Date;
  exception_reason: string | null;
}

/** WMS `exception_reported` events of the given orders, oldest first (the evaluation classifies each). */
export async function listReportedExceptions(
  trx: Executor,
  tenant: string,
  orderIds: string[],
): Promise<ReportedExceptionRow[]> {
  if (orderIds.length === 0) return [];
  const result = await sql<ReportedExceptionRow>`
    SELECT order_id, event_id, occurred_at,
           coalesce(extras->>'exception_reason', payload->>'exception_reason') AS exception_reason
    FROM order_events
    WHERE tenant = ${tenant} AND event_type = 'exception_reported' AND order_id = ANY(${orderIds})
    ORDER BY occurred_at, id`.execute(trx);
  return result.rows;
}
