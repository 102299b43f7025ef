import { sql } from 'kysely';
import {
  SLA_CREDIT_REASON_CODES,
  type AdjustmentReason,
  type BillableEvent,
  type CreditedSlaCents,
  type DraftInvoice,
  type MinimumFeeInvoice,
  type NewAdjustment,
  type SlaCreditCandidate,
  type Tariff,
} from '@e2a/domain';
import type { Db } from './connection';
import { notQuarantined } from './quarantine.repository';

// The billing flow's set-based reads and writes over chunks: issue, validate, late fees, SLA credits.

const SLA_DELAY_REASON_CODES = SLA_CREDIT_REASON_CODES.filter((code) => code !== 'MISSING_SCAN');

const FULFILLED = sql`(o.handoff_at IS NOT NULL OR o.fulfilled_at IS NOT NULL OR o.delivered_at IS NOT NULL)`;

/** Fulfilled orders (carrier hand-off, order_fulfilled or delivered) without an invoice, keyset-paged by order id. */
export async function findUninvoicedOrderIds(
  db: Db,
  tenant: string,
  afterOrderId: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ order_id: string }>`
    SELECT o.order_id FROM orders o
    WHERE o.tenant = ${tenant} AND ${FULFILLED}
      AND o.order_id > ${afterOrderId ?? ''}
      AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.tenant = o.tenant AND i.order_id = o.order_id)
      AND ${notQuarantined('invoicing', sql.ref('o.tenant'), sql.ref('o.order_id'))}
    ORDER BY o.order_id
    LIMIT ${limit}`.execute(db);
  return rows.map((row) => row.order_id);
}

/** The given orders that are (still) fulfilled, with their currency, in order id order. */
export async function findFulfilledOrders(
  db: Db,
  tenant: string,
  orderIds: readonly string[],
): Promise<Array<{ order_id: string; currency: string }>> {
  const { rows } = await sql<{ order_id: string; currency: string }>`
    SELECT o.order_id, o.currency FROM orders o
    WHERE o.tenant = ${tenant} AND o.order_id = ANY(${orderIds as string[]}::text[]) AND ${FULFILLED}
    ORDER BY o.order_id`.execute(db);
  return rows;
}

/** Every event of the given orders, grouped by order: the source of truth for what is billed. */
export async function loadEventsByOrder(
  db: Db,
  tenant: string,
  orderIds: readonly string[],
): Promise<Map<string, BillableEvent[]>> {
  const byOrder = new Map<string, BillableEvent[]>();
  if (orderIds.length === 0) return byOrder;
  const { rows } = await sql<{
    order_id: string;
    event_type: string;
    occurred_at: Date;
    payload: Record<string, unknown> | null;
  }>`
    SELECT order_id, event_type, occurred_at, payload
    FROM order_events
    WHERE tenant = ${tenant} AND order_id = ANY(${orderIds as string[]}::text[])`.execute(db);
  for (const row of rows) {
    let events = byOrder.get(row.order_id);
    if (!events) byOrder.set(row.order_id, (events = []));
    events.push(row);
  }
  return byOrder;
}

/**
 * Locks the tenant-month invoice sequence (creating it at 0) for the rest of the transaction and returns its last
 * value, so overlapping runs serialise and numbers stay consecutive.
 */
export async function lockInvoiceSequence(trx: Db, tenant: string, period: string): Promise<number> {
  await sql`
    INSERT INTO invoice_number_sequences (tenant, period) VALUES (${tenant}, ${period})
    ON CONFLICT DO NOTHING`.execute(trx);
  const { rows } = await sql<{ last_value: number }>`
    SELECT last_value FROM invoice_number_sequences
    WHERE tenant = ${tenant} AND period = ${period}
    FOR UPDATE`.execute(trx);
  return rows[0]?.last_value ?? 0;
}

export async function advanceInvoiceSequence(
  trx: Db,
  tenant: string,
  period: string,
  lastValue: number,
): Promise<void> {
  await sql`
    UPDATE invoice_number_sequences SET last_value = ${lastValue}
    WHERE tenant = ${tenant} AND period = ${period}`.execute(trx);
}

/** The given orders that already have an invoice. */
export async function findInvoicedOrderIds(
  trx: Db,
  tenant: string,
  orderIds: readonly string[],
): Promise<Set<string>> {
  const { rows } = await sql<{ order_id: string }>`
    SELECT order_id FROM invoices
    WHERE tenant = ${tenant} AND order_id = ANY(${orderIds as string[]}::text[])`.execute(trx);
  return new Set(rows.map((row) => row.order_id));
}

export interface InvoiceTerms {
  /** Stored with every invoice, so later validation prices it as it was issued. */
  tariff: Tariff;
  /** `YYYY-MM`. */
  billingPeriod: string;
  invoiceDate: string;
  dueDate: string;
}

/** Inserts DRAFT invoices in one statement; returns the order ids actually inserted (a conflict skips a row). */
export async function insertDraftInvoices(
  trx: Db,
  tenant: string,
  terms: InvoiceTerms,
  drafts: readonly DraftInvoice[],
): Promise<string[]> {
  const { rows } = await sql<{ order_id: string }>`
    INSERT INTO invoices (tenant, order_id, invoice_number, status, amount_cents, currency, line_items,
      billable_operations, tariff_snapshot, volume_tier_percent, billing_period, invoice_date, due_date)
    SELECT ${tenant}, r.order_id, r.invoice_number, 'DRAFT', r.amount_cents, r.currency, r.line_items,
      r.billable_operations, ${JSON.stringify(terms.tariff)}::jsonb, r.volume_tier_percent,
      ${terms.billingPeriod}, ${terms.invoiceDate}::date, ${terms.dueDate}::date
    FROM jsonb_to_recordset(${JSON.stringify(drafts)}::jsonb) AS r(order_id text, invoice_number text,
      amount_cents bigint, currency text, line_items jsonb, billable_operations jsonb, volume_tier_percent int)
    ON CONFLICT (tenant, order_id) DO NOTHING
    RETURNING order_id`.execute(trx);
  return rows.map((row) => row.order_id);
}

/**
 * Non-void order invoices issued since `since`, or whose order received events since then, keyset-paged by id (a
 * minimum-fee invoice has no events to re-price it from).
 */
export async function findRecentInvoiceIds(
  db: Db,
  tenant: string,
  since: Date,
  afterInvoiceId: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT i.id FROM invoices i
    WHERE i.tenant = ${tenant} AND i.kind = 'ORDER' AND i.status <> 'VOID' AND i.id > ${afterInvoiceId ?? '0'}::bigint
      AND ${notQuarantined('invoice_validation', sql.ref('i.tenant'), sql.ref('i.id'))}
      AND (i.created_at >= ${since} OR i.order_id IN (
        SELECT e.order_id FROM order_events e WHERE e.tenant = ${tenant} AND e.received_at >= ${since}))
    ORDER BY i.id
    LIMIT ${limit}`.execute(db);
  return rows.map((row) => String(row.id));
}

export interface InvoiceToValidate {
  id: string;
  order_id: string;
  amount_cents: number;
  tariff_snapshot: unknown;
  /** The month's invoice count the volume tier came from. */
  monthly_invoiced_count: number;
  /** Recalculations already recorded and not rejected, so a corrected invoice is not corrected again. */
  recalculated_cents: number;
}

export async function findInvoicesToValidate(
  db: Db,
  tenant: string,
  invoiceIds: readonly string[],
): Promise<InvoiceToValidate[]> {
  const { rows } = await sql<{
    id: string;
    order_id: string;
    amount_cents: string;
    tariff_snapshot: unknown;
    billable_operations: { monthly_invoiced_count?: number };
    recalculated_cents: string;
  }>`
    SELECT i.id, i.order_id, i.amount_cents, i.tariff_snapshot, i.billable_operations,
      COALESCE((SELECT sum(a.delta_cents) FROM invoice_adjustments a
        WHERE a.invoice_id = i.id AND a.reason = 'RECALCULATION' AND a.status <> 'REJECTED'), 0) AS recalculated_cents
    FROM invoices i
    WHERE i.tenant = ${tenant} AND i.id = ANY(${invoiceIds as string[]}::bigint[]) AND i.kind = 'ORDER'
      AND i.status <> 'VOID'`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    order_id: row.order_id,
    amount_cents: Number(row.amount_cents),
    tariff_snapshot: row.tariff_snapshot,
    monthly_invoiced_count: row.billable_operations.monthly_invoiced_count ?? 0,
    recalculated_cents: Number(row.recalculated_cents),
  }));
}

/** SENT invoices due before `today` (`YYYY-MM-DD`) that have no late fee yet. */
export async function findOverdueInvoices(
  db: Db,
  tenant: string,
  today: string,
): Promise<Array<{ id: string; invoice_number: string; due_date: string }>> {
  const { rows } = await sql<{ id: string; invoice_number: string; due_date: string }>`
    SELECT i.id, i.invoice_number, to_char(i.due_date, 'YYYY-MM-DD') AS due_date
    FROM invoices i
    WHERE i.tenant = ${tenant} AND i.status = 'SENT' AND i.due_date < ${today}::date
      AND NOT EXISTS (SELECT 1 FROM invoice_adjustments a WHERE a.dedupe_key = 'late-fee:' || i.id::text)
    ORDER BY i.id`.execute(db);
  return rows.map((row) => ({ ...row, id: String(row.id) }));
}

/**
 * Breached SLA windows (an exception with a breach context and a delay) on invoiced orders touched since `since`
 * that have no credit yet, by invoice then exception, with the facts that decide whether the window is credited
 * through this exception (scan arrived, delay gave way, another delay for the window).
 */
export async function findSlaCreditCandidates(
  trx: Db,
  tenant: string,
  since: Date,
  limit: number,
): Promise<SlaCreditCandidate[]> {
  const { rows } = await sql<{
    exception_id: string;
    reason_code: string;
    context_data: {
      window?: string;
      delay_minutes?: number;
      scan_arrived_at?: string;
      scan_missing?: boolean;
    };
    invoice_id: string;
    invoice_number: string;
    amount_cents: string;
    window_has_delay: boolean;
  }>`
    SELECT e.id AS exception_id, e.reason_code, e.context_data, i.id AS invoice_id, i.invoice_number, i.amount_cents,
      EXISTS (SELECT 1 FROM exceptions d
        WHERE d.tenant = e.tenant AND d.order_id = e.order_id AND d.id <> e.id
          AND d.reason_code = ANY(${SLA_DELAY_REASON_CODES}::text[])
          AND d.context_data->>'window' = e.context_data->>'window'
          AND NOT coalesce((d.context_data->>'scan_missing')::boolean, false)
          AND COALESCE((d.context_data->>'delay_minutes')::numeric, 0) > 0) AS window_has_delay
    FROM exceptions e
    JOIN invoices i ON i.tenant = e.tenant AND i.order_id = e.order_id
    WHERE e.tenant = ${tenant} AND e.reason_code = ANY(${[...SLA_CREDIT_REASON_CODES]}::text[])
      AND i.status <> 'VOID'
      AND e.context_data ? 'window'
      AND COALESCE((e.context_data->>'delay_minutes')::numeric, 0) > 0
      AND (e.updated_at >= ${since} OR i.created_at >= ${since})
      AND NOT EXISTS (SELECT 1 FROM invoice_adjustments a
        WHERE a.dedupe_key = 'sla-credit:' || i.id::text || ':' || e.id::text)
    ORDER BY i.id, e.id
    LIMIT ${limit}`.execute(trx);
  return rows.map((row) => ({
    exceptionId: row.exception_id,
    reasonCode: row.reason_code,
    window: row.context_data.window,
    delayMinutes: row.context_data.delay_minutes,
    invoiceId: row.invoice_id,
    invoiceNumber: row.invoice_number,
    orderFeesCents: Number(row.amount_cents),
    scanArrived: typeof row.context_data.scan_arrived_at === 'string',
    scanMissing: row.context_data.scan_missing === true,
    windowHasDelay: row.window_has_delay,
  }));
}

/**
 * Locks the invoices (in id order, so two runs cannot deadlock) and returns the SLA credits already on them per
 * reason, so concurrent runs cannot both fill the same cap.
 */
export async function lockCreditedSlaCents(
  trx: Db,
  invoiceIds: readonly string[],
): Promise<CreditedSlaCents[]> {
  await sql`SELECT id FROM invoices WHERE id = ANY(${invoiceIds as string[]}::bigint[]) ORDER BY id FOR UPDATE`.execute(
    trx,
  );
  const { rows } = await sql<{
    invoice_id: string;
    reason_code: string | null;
    window: string | null;
    cents: string;
  }>`
    SELECT a.invoice_id, e.reason_code, e.context_data->>'window' AS "window", -sum(a.delta_cents) AS cents
    FROM invoice_adjustments a LEFT JOIN exceptions e ON e.id = a.exception_id
    WHERE a.invoice_id = ANY(${invoiceIds as string[]}::bigint[]) AND a.reason = 'SLA_CREDIT' AND a.status <> 'REJECTED'
    GROUP BY a.invoice_id, e.reason_code, e.context_data->>'window'`.execute(trx);
  return rows.map((row) => ({
    invoiceId: row.invoice_id,
    reasonCode: row.reason_code,
    window: row.window,
    cents: Number(row.cents),
  }));
}

/** Inserts adjustments of one reason; a dedupe key already present skips its row. Returns the rows inserted. */
export async function insertAdjustments(
  db: Db,
  tenant: string,
  reason: AdjustmentReason,
  adjustments: readonly NewAdjustment[],
): Promise<Array<{ status: string; priority: string; delta_cents: number }>> {
  if (adjustments.length === 0) return [];
  const { rows } = await sql<{ status: string; priority: string; delta_cents: string }>`
    INSERT INTO invoice_adjustments (tenant, invoice_id, reason, delta_cents, rationale, status, priority,
      exception_id, dedupe_key)
    SELECT ${tenant}, r.invoice_id, ${reason}, r.delta_cents, r.rationale, r.status, r.priority,
      r.exception_id, r.dedupe_key
    FROM jsonb_to_recordset(${JSON.stringify(adjustments)}::jsonb) AS r(invoice_id bigint, exception_id bigint,
      delta_cents bigint, rationale text, status text, priority text, dedupe_key text)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING status, priority, delta_cents`.execute(db);
  return rows.map((row) => ({
    status: row.status,
    priority: row.priority,
    delta_cents: Number(row.delta_cents),
  }));
}

/** The most common currency of the month's order invoices (`period` = `YYYY-MM`), USD for a month without any. */
export async function monthCurrency(db: Db, tenant: string, period: string): Promise<string> {
  const { rows } = await sql<{ currency: string | null }>`
    SELECT mode() WITHIN GROUP (ORDER BY currency) AS currency FROM invoices
    WHERE tenant = ${tenant} AND billing_period = ${period} AND kind = 'ORDER'`.execute(db);
  return rows[0]?.currency ?? 'USD';
}

/**
 * Inserts a closed month's minimum-fee invoice as DRAFT unless the month has one (`uq_invoices_minimum_fee`);
 * returns whether it was inserted.
 */
export async function insertMinimumFeeInvoice(
  trx: Db,
  tenant: string,
  terms: InvoiceTerms & { currency: string },
  invoice: MinimumFeeInvoice,
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO invoices (tenant, kind, order_id, invoice_number, status, amount_cents, currency, line_items,
      billable_operations, tariff_snapshot, volume_tier_percent, billing_period, invoice_date, due_date)
    VALUES (${tenant}, 'MINIMUM_MONTHLY_FEE', NULL, ${invoice.invoice_number}, 'DRAFT', ${invoice.amount_cents},
      ${terms.currency}, ${JSON.stringify(invoice.line_items)}::jsonb, '{}'::jsonb, ${JSON.stringify(terms.tariff)}::jsonb,
      0, ${terms.billingPeriod}, ${terms.invoiceDate}::date, ${terms.dueDate}::date)
    ON CONFLICT (tenant, billing_period) WHERE kind = 'MINIMUM_MONTHLY_FEE' DO NOTHING
    RETURNING id`.execute(trx);
  return rows.length === 1;
}
