import { sql } from 'kysely';
import type { Db } from './connection';
import { countAutomation } from './playbooks.repository';
import type { ExceptionRow, InvoiceAdjustmentRow, InvoiceRow, ResolutionAttemptRow } from './schema';

// Read models and the few writes operators make from the CLI, straight on Postgres.

export interface OperatorStats {
  tenant: string | null;
  orders: number;
  events: number;
  exceptions: {
    total: number;
    /**
     * `resolved_by_late_event`: those the SLA engine resolved itself when a late-arriving event showed the window met
     * or the scan there (`context_data.resolution_note` "Resolved automatically: …"); a streamed backlog has many.
     */
    byReason: { reason_code: string; count: number; resolved_by_late_event: number }[];
    byStatus: { status: string; count: number }[];
    blocked: number;
  };
  invoices: { count: number; amount_cents: number; byStatus: { status: string; count: number }[] };
  ai: {
    /** Exceptions carrying an explanation (ops_note). */
    explained: number;
    /** Explained by the rule-based fallback: ops_note set, ai_confidence NULL. */
    fallback: number;
    /** fallback / explained, 0 when nothing is explained yet. */
    fallbackShare: number;
  };
  dlqPending: number;
  /** What automation did (docs/playbooks.md). */
  automation: {
    actions_executed: number;
    resolved_automatically: number;
    awaiting_approval: number;
    notifications_delivered: number;
  };
}

const count = (value: unknown) => Number(value ?? 0);

export async function operatorStats(db: Db, tenant?: string): Promise<OperatorStats> {
  const byTenant = tenant ? sql`tenant = ${tenant}` : sql`true`;
  const [orders, events, reasons, statuses, totals, invoices, invoiceStatuses, dlq] = await Promise.all([
    sql<{ n: string }>`SELECT count(*) AS n FROM orders WHERE ${byTenant}`.execute(db),
    sql<{ n: string }>`SELECT count(*) AS n FROM order_events WHERE ${byTenant}`.execute(db),
    sql<{ reason_code: string; n: string; auto: string }>`
      SELECT reason_code, count(*) AS n,
        count(*) FILTER (WHERE status = 'RESOLVED'
          AND context_data->>'resolution_note' LIKE 'Resolved automatically:%') AS auto
      FROM exceptions WHERE ${byTenant}
      GROUP BY reason_code ORDER BY count(*) DESC, reason_code`.execute(db),
    sql<{ status: string; n: string }>`
      SELECT status, count(*) AS n FROM exceptions WHERE ${byTenant} GROUP BY status ORDER BY status`.execute(
      db,
    ),
    sql<{ total: string; blocked: string; explained: string; fallback: string }>`
      SELECT count(*) AS total,
             count(*) FILTER (WHERE resolution_blocked) AS blocked,
             count(*) FILTER (WHERE ops_note IS NOT NULL) AS explained,
             count(*) FILTER (WHERE ops_note IS NOT NULL AND ai_confidence IS NULL) AS fallback
      FROM exceptions WHERE ${byTenant}`.execute(db),
    sql<{ n: string; amount: string | null }>`
      SELECT count(*) AS n, sum(amount_cents) AS amount FROM invoices WHERE ${byTenant}`.execute(db),
    sql<{ status: string; n: string }>`
      SELECT status, count(*) AS n FROM invoices WHERE ${byTenant} GROUP BY status ORDER BY status`.execute(
      db,
    ),
    sql<{ n: string }>`SELECT count(*) AS n FROM dlq WHERE status = 'PENDING' AND ${byTenant}`.execute(db),
  ]);
  const automation = await countAutomation(db, tenant);
  const total = totals.rows[0];
  const explained = count(total?.explained);
  const fallback = count(total?.fallback);
  return {
    tenant: tenant ?? null,
    orders: count(orders.rows[0]?.n),
    events: count(events.rows[0]?.n),
    exceptions: {
      total: count(total?.total),
      byReason: reasons.rows.map((row) => ({
        reason_code: row.reason_code,
        count: count(row.n),
        resolved_by_late_event: count(row.auto),
      })),
      byStatus: statuses.rows.map((row) => ({ status: row.status, count: count(row.n) })),
      blocked: count(total?.blocked),
    },
    invoices: {
      count: count(invoices.rows[0]?.n),
      amount_cents: count(invoices.rows[0]?.amount),
      byStatus: invoiceStatuses.rows.map((row) => ({ status: row.status, count: count(row.n) })),
    },
    ai: { explained, fallback, fallbackShare: explained === 0 ? 0 : fallback / explained },
    dlqPending: count(dlq.rows[0]?.n),
    automation: {
      actions_executed: automation.actionsExecuted,
      resolved_automatically: automation.resolvedAutomatically,
      awaiting_approval: automation.awaitingApproval,
      notifications_delivered: automation.notificationsDelivered,
    },
  };
}

export interface ExceptionFilter {
  tenant?: string;
  status?: string;
  reasonCode?: string;
  blocked?: boolean;
  orderId?: string;
  limit: number;
}

export async function listOperatorExceptions(db: Db, filter: ExceptionFilter): Promise<ExceptionRow[]> {
  let query = db.selectFrom('exceptions').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (filter.tenant) query = query.where('tenant', '=', filter.tenant);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.reasonCode) query = query.where('reason_code', '=', filter.reasonCode);
  if (filter.blocked !== undefined) query = query.where('resolution_blocked', '=', filter.blocked);
  if (filter.orderId) query = query.where('order_id', '=', filter.orderId);
  return query.limit(filter.limit).execute();
}

export interface ExceptionDetail {
  exception: ExceptionRow;
  attempts: ResolutionAttemptRow[];
}

export async function getOperatorException(
  db: Db,
  id: string,
  tenant?: string,
): Promise<ExceptionDetail | undefined> {
  let query = db.selectFrom('exceptions').selectAll().where('id', '=', id);
  if (tenant) query = query.where('tenant', '=', tenant);
  const exception = await query.executeTakeFirst();
  if (!exception) return undefined;
  const attempts = await db
    .selectFrom('resolution_attempts')
    .selectAll()
    .where('exception_id', '=', id)
    .orderBy('attempt_number')
    .execute();
  return { exception, attempts };
}

/** An operator blocks automated resolution with a custom reason; returns the updated row or undefined. */
export async function blockOperatorException(
  db: Db,
  input: { id: string; reason: string; tenant?: string; now: Date },
): Promise<ExceptionRow | undefined> {
  let query = db
    .updateTable('exceptions')
    .set({ resolution_blocked: true, resolution_block_reason: input.reason, updated_at: input.now })
    .where('id', '=', input.id);
  if (input.tenant) query = query.where('tenant', '=', input.tenant);
  return query.returningAll().executeTakeFirst();
}

/**
 * The knowledge base's reset: attempts to 0, unblocked, reason and last-attempt time cleared. Either the given ids
 * or every blocked exception (of the tenant when given). Returns the ids reset.
 */
export async function resetOperatorExceptions(
  db: Db,
  input: { ids?: string[]; allBlocked?: boolean; tenant?: string; now: Date },
): Promise<string[]> {
  if (!input.allBlocked && (!input.ids || input.ids.length === 0)) return [];
  let query = db.updateTable('exceptions').set({
    resolution_attempts: 0,
    resolution_blocked: false,
    resolution_block_reason: null,
    last_resolution_attempt_at: null,
    updated_at: input.now,
  });
  query = input.allBlocked
    ? query.where('resolution_blocked', '=', true)
    : query.where('id', 'in', input.ids!);
  if (input.tenant) query = query.where('tenant', '=', input.tenant);
  const rows = await query.returning('id').execute();
  return rows.map((row) => String(row.id));
}

export async function listOperatorInvoices(
  db: Db,
  filter: { tenant?: string; status?: string; period?: string; limit: number },
): Promise<InvoiceRow[]> {
  let query = db.selectFrom('invoices').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (filter.tenant) query = query.where('tenant', '=', filter.tenant);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.period) query = query.where('billing_period', '=', filter.period);
  return query.limit(filter.limit).execute();
}

/** One invoice by id or invoice number, with its adjustments. */
export async function getOperatorInvoice(
  db: Db,
  idOrNumber: string,
  tenant?: string,
): Promise<{ invoice: InvoiceRow; adjustments: InvoiceAdjustmentRow[] } | undefined> {
  let query = db.selectFrom('invoices').selectAll();
  query = /^\d+$/.test(idOrNumber)
    ? query.where('id', '=', idOrNumber)
    : query.where('invoice_number', '=', idOrNumber);
  if (tenant) query = query.where('tenant', '=', tenant);
  const invoice = await query.executeTakeFirst();
  if (!invoice) return undefined;
  const adjustments = await db
    .selectFrom('invoice_adjustments')
    .selectAll()
    .where('invoice_id', '=', invoice.id)
    .orderBy('id')
    .execute();
  return { invoice, adjustments };
}

export interface ExceptionExample {
  exception: ExceptionRow;
  attempts: ResolutionAttemptRow[];
}

/** One recent exception per reason code (the most explained first), with its resolution attempts. */
export async function exceptionExamples(db: Db, tenant: string, limit: number): Promise<ExceptionExample[]> {
  const picked = await sql<{ id: string }>`
    SELECT id FROM (
      SELECT DISTINCT ON (reason_code) id, reason_code, created_at
      FROM exceptions WHERE tenant = ${tenant}
      ORDER BY reason_code, (ops_note IS NOT NULL) DESC, resolution_attempts DESC, created_at DESC
    ) one_per_reason ORDER BY created_at DESC LIMIT ${limit}`.execute(db);
  const examples: ExceptionExample[] = [];
  for (const { id } of picked.rows) {
    const detail = await getOperatorException(db, String(id), tenant);
    if (detail) examples.push(detail);
  }
  return examples;
}

/** Invoice count and amount per currency (the demo summary). */
export async function invoiceTotalsByCurrency(
  db: Db,
  tenant: string,
): Promise<Array<{ currency: string; invoices: number; amount_cents: number }>> {
  const result = await sql<{ currency: string; n: string; amount: string | null }>`
    SELECT currency, count(*) AS n, sum(amount_cents) AS amount FROM invoices WHERE tenant = ${tenant}
    GROUP BY currency ORDER BY currency`.execute(db);
  return result.rows.map((row) => ({
    currency: row.currency,
    invoices: Number(row.n),
    amount_cents: Number(row.amount ?? 0),
  }));
}

/** The newest exception of one order and reason code, with its approval state. */
export async function findLatestOrderException(db: Db, tenant: string, orderId: string, reasonCode: string) {
  return db
    .selectFrom('exceptions')
    .select(['id', 'status', 'approval_status'])
    .where('tenant', '=', tenant)
    .where('order_id', '=', orderId)
    .where('reason_code', '=', reasonCode)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The oldest OPEN or IN_PROGRESS exception of a reason code that automation may still act on. */
export async function findFirstUnblockedException(db: Db, tenant: string, reasonCode: string) {
  return db
    .selectFrom('exceptions')
    .select(['id', 'reason_code', 'order_id'])
    .where('tenant', '=', tenant)
    .where('reason_code', '=', reasonCode)
    .where('status', 'in', ['OPEN', 'IN_PROGRESS'])
    .where('resolution_blocked', '=', false)
    .orderBy('id')
    .executeTakeFirst();
}
