import { ApplicationFailure } from '@temporalio/common';
import { findTenant, sql, type Db, type TenantRow } from '@e2a/db';
import {
  SLA_CREDIT_REASON_CODES,
  billingDatesAt,
  classifyAdjustment,
  computeSlaCredit,
  formatInvoiceNumber,
  isSlaCreditReasonCode,
  lateFeeDedupeKey,
  recalculationDedupeKey,
  recalculationRationale,
  reportPeriodOf,
  resolveCreditRules,
  resolveTariff,
  slaCreditDedupeKey,
  TariffSchema,
  type Tariff,
} from '@e2a/domain';
import type { ActivityDeps } from '../deps';
import { buildBillingReport, storeBillingReport, type BillingReport } from './billing-report';
import { loadEventsByOrder, priceOrder } from './invoice-computation';

const HOUR_MS = 3_600_000;

export interface FindUninvoicedOrdersInput {
  tenant: string;
  /** Keyset cursor: only order ids after this one. */
  afterOrderId?: string | null;
  limit: number;
}

export interface IssueInvoicesInput {
  tenant: string;
  orderIds: string[];
}

export interface IssueInvoicesResult {
  issued: number;
  /** Already invoiced by an overlapping run, or no longer fulfilled. */
  skipped: number;
  period: string;
  firstSequence: number | null;
  lastSequence: number | null;
}

export interface RecentInvoicesInput {
  tenant: string;
  lookbackHours: number;
  afterInvoiceId?: string | null;
  limit: number;
}

export interface ValidateInvoicesResult {
  checked: number;
  discrepancies: number;
  created: number;
  applied: number;
  pendingReview: number;
  highPriority: number;
}

export interface ApplySlaCreditsInput {
  tenant: string;
  lookbackHours: number;
  limit: number;
}

export interface ApplySlaCreditsResult {
  created: number;
  creditedCents: number;
  /** True when a full chunk was processed and more candidates may remain. */
  hasMore: boolean;
}

async function requireTenant(db: Db, tenant: string): Promise<TenantRow> {
  const row = await findTenant(db, tenant);
  if (!row) throw ApplicationFailure.nonRetryable(`Unknown tenant "${tenant}"`, 'UnknownTenant');
  return row;
}

const FULFILLED = sql`(o.handoff_at IS NOT NULL OR o.fulfilled_at IS NOT NULL OR o.delivered_at IS NOT NULL)`;

/** Invoicing, validation, late fees, SLA credits and the monthly report, set-based over chunks. */
export const createInvoicingActivities = (deps: ActivityDeps) => ({
  /** Fulfilled orders (carrier hand-off, order_fulfilled or delivered) without an invoice, by order id. */
  async findUninvoicedOrders(input: FindUninvoicedOrdersInput): Promise<string[]> {
    const { rows } = await sql<{ order_id: string }>`
      SELECT o.order_id FROM orders o
      WHERE o.tenant = ${input.tenant} AND ${FULFILLED}
        AND o.order_id > ${input.afterOrderId ?? ''}
        AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.tenant = o.tenant AND i.order_id = o.order_id)
      ORDER BY o.order_id
      LIMIT ${input.limit}`.execute(deps.db);
    return rows.map((row) => row.order_id);
  },

  /**
   * Issues one invoice per order in a single transaction. The tenant-month sequence row is locked first, so
   * overlapping runs serialise: the later one sees the earlier one's invoices and skips them, and numbers stay
   * consecutive. A conflict that slips through rolls everything back (no gap) and is retried.
   */
  async issueInvoices(input: IssueInvoicesInput): Promise<IssueInvoicesResult> {
    const tenant = await requireTenant(deps.db, input.tenant);
    const tariff = resolveTariff(tenant.tariffs);
    const dates = billingDatesAt(deps.now(), tenant.timezone, tariff.payment_terms_days);
    const empty = { issued: 0, skipped: 0, period: dates.period, firstSequence: null, lastSequence: null };
    if (input.orderIds.length === 0) return empty;

    const { rows: orders } = await sql<{ order_id: string; currency: string }>`
      SELECT o.order_id, o.currency FROM orders o
      WHERE o.tenant = ${input.tenant} AND o.order_id = ANY(${input.orderIds}::text[]) AND ${FULFILLED}
      ORDER BY o.order_id`.execute(deps.db);
    const eventsByOrder = await loadEventsByOrder(deps.db, input.tenant, input.orderIds);

    return deps.db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO invoice_number_sequences (tenant, period) VALUES (${input.tenant}, ${dates.period})
        ON CONFLICT DO NOTHING`.execute(trx);
      const { rows: sequenceRows } = await sql<{ last_value: number }>`
        SELECT last_value FROM invoice_number_sequences
        WHERE tenant = ${input.tenant} AND period = ${dates.period}
        FOR UPDATE`.execute(trx);
      const lastValue = sequenceRows[0]?.last_value ?? 0;

      const { rows: existing } = await sql<{ order_id: string }>`
        SELECT order_id FROM invoices
        WHERE tenant = ${input.tenant} AND order_id = ANY(${input.orderIds}::text[])`.execute(trx);
      const invoiced = new Set(existing.map((row) => row.order_id));
      const toIssue = orders.filter((order) => !invoiced.has(order.order_id));
      if (toIssue.length === 0) return { ...empty, skipped: input.orderIds.length };

      const records = toIssue.map((order, index) => {
        const sequence = lastValue + index + 1;
        // The tier counts the month's invoices issued before this one.
        const { operations, amount } = priceOrder(
          eventsByOrder.get(order.order_id) ?? [],
          tariff,
          sequence - 1,
        );
        return {
          order_id: order.order_id,
          invoice_number: formatInvoiceNumber(input.tenant, dates.period, sequence),
          amount_cents: amount.amount_cents,
          currency: order.currency,
          line_items: amount.line_items,
          billable_operations: operations,
          volume_tier_percent: amount.volume_tier_percent,
        };
      });

      const { rows: inserted } = await sql<{ order_id: string }>`
        INSERT INTO invoices (tenant, order_id, invoice_number, status, amount_cents, currency, line_items,
          billable_operations, tariff_snapshot, volume_tier_percent, billing_period, invoice_date, due_date)
        SELECT ${input.tenant}, r.order_id, r.invoice_number, 'DRAFT', r.amount_cents, r.currency, r.line_items,
          r.billable_operations, ${JSON.stringify(tariff)}::jsonb, r.volume_tier_percent,
          ${reportPeriodOf(dates.period)}, ${dates.invoiceDate}::date, ${dates.dueDate}::date
        FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(order_id text, invoice_number text,
          amount_cents bigint, currency text, line_items jsonb, billable_operations jsonb, volume_tier_percent int)
        ON CONFLICT (tenant, order_id) DO NOTHING
        RETURNING order_id`.execute(trx);
      if (inserted.length !== records.length) {
        // Rolling back keeps the sequence gap-free; the retry sees the other run's invoices and skips them.
        throw new Error(
          `Invoice conflict for tenant ${input.tenant}: ${records.length - inserted.length} orders were invoiced concurrently`,
        );
      }
      await sql`
        UPDATE invoice_number_sequences SET last_value = ${lastValue + records.length}
        WHERE tenant = ${input.tenant} AND period = ${dates.period}`.execute(trx);
      deps.logger.info(
        { tenant: input.tenant, issued: records.length, period: dates.period },
        'invoices issued',
      );
      return {
        issued: records.length,
        skipped: input.orderIds.length - records.length,
        period: dates.period,
        firstSequence: lastValue + 1,
        lastSequence: lastValue + records.length,
      };
    });
  },

  /** Non-void invoices issued in the lookback window, or whose order received events in it. */
  async findRecentInvoices(input: RecentInvoicesInput): Promise<string[]> {
    const since = new Date(deps.now().getTime() - input.lookbackHours * HOUR_MS);
    const { rows } = await sql<{ id: string }>`
      SELECT i.id FROM invoices i
      WHERE i.tenant = ${input.tenant} AND i.status <> 'VOID' AND i.id > ${input.afterInvoiceId ?? '0'}::bigint
        AND (i.created_at >= ${since} OR i.order_id IN (
          SELECT e.order_id FROM order_events e WHERE e.tenant = ${input.tenant} AND e.received_at >= ${since}))
      ORDER BY i.id
      LIMIT ${input.limit}`.execute(deps.db);
    return rows.map((row) => String(row.id));
  },

  /**
   * Recomputes each invoice from its events with the tariff it was issued under. The invoiced figure includes
   * earlier recalculations that were not rejected, so a corrected invoice is not corrected again, and a
   * rejected difference keeps its dedupe key, so it is never proposed twice.
   */
  async validateInvoices(input: { tenant: string; invoiceIds: string[] }): Promise<ValidateInvoicesResult> {
    const result: ValidateInvoicesResult = {
      checked: 0,
      discrepancies: 0,
      created: 0,
      applied: 0,
      pendingReview: 0,
      highPriority: 0,
    };
    if (input.invoiceIds.length === 0) return result;
    const tenant = await requireTenant(deps.db, input.tenant);
    const thresholds = resolveTariff(tenant.tariffs);
    const { rows: invoices } = await sql<{
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
      WHERE i.tenant = ${input.tenant} AND i.id = ANY(${input.invoiceIds}::bigint[]) AND i.status <> 'VOID'`.execute(
      deps.db,
    );
    const eventsByOrder = await loadEventsByOrder(
      deps.db,
      input.tenant,
      invoices.map((invoice) => invoice.order_id),
    );
    const adjustments = [];
    for (const invoice of invoices) {
      result.checked += 1;
      const snapshot = TariffSchema.safeParse(invoice.tariff_snapshot);
      const tariff: Tariff = snapshot.success ? snapshot.data : resolveTariff(tenant.tariffs);
      const { amount } = priceOrder(
        eventsByOrder.get(invoice.order_id) ?? [],
        tariff,
        invoice.billable_operations.monthly_invoiced_count ?? 0,
      );
      const expected = amount.amount_cents;
      const invoicedCents = Number(invoice.amount_cents) + Number(invoice.recalculated_cents);
      if (expected === invoicedCents) continue;
      result.discrepancies += 1;
      const delta = expected - invoicedCents;
      const { status, priority } = classifyAdjustment(delta, thresholds);
      adjustments.push({
        invoice_id: invoice.id,
        delta_cents: delta,
        rationale: recalculationRationale(expected, invoicedCents),
        status,
        priority,
        dedupe_key: recalculationDedupeKey(invoice.id, expected, invoicedCents),
      });
    }
    if (adjustments.length === 0) return result;
    const { rows: inserted } = await sql<{ status: string; priority: string }>`
      INSERT INTO invoice_adjustments (tenant, invoice_id, reason, delta_cents, rationale, status, priority, dedupe_key)
      SELECT ${input.tenant}, r.invoice_id, 'RECALCULATION', r.delta_cents, r.rationale, r.status, r.priority, r.dedupe_key
      FROM jsonb_to_recordset(${JSON.stringify(adjustments)}::jsonb) AS r(invoice_id bigint, delta_cents bigint,
        rationale text, status text, priority text, dedupe_key text)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING status, priority`.execute(deps.db);
    for (const row of inserted) {
      result.created += 1;
      if (row.status === 'APPLIED') result.applied += 1;
      else result.pendingReview += 1;
      if (row.priority === 'HIGH') result.highPriority += 1;
    }
    return result;
  },

  /** SENT invoices past their due date get the tenant's late fee once (dedupe key per invoice). */
  async applyLateFees(input: { tenant: string }): Promise<{ created: number }> {
    const tenant = await requireTenant(deps.db, input.tenant);
    const tariff = resolveTariff(tenant.tariffs);
    const today = billingDatesAt(deps.now(), tenant.timezone, 0).invoiceDate;
    if (tariff.late_fee_cents === 0) return { created: 0 };
    const { rows } = await sql<{ id: string }>`
      INSERT INTO invoice_adjustments (tenant, invoice_id, reason, delta_cents, rationale, status, priority, dedupe_key)
      SELECT i.tenant, i.id, 'LATE_FEE', ${tariff.late_fee_cents},
        'Late fee of ' || ${tariff.late_fee_cents}::text || ' cents: invoice ' || i.invoice_number
          || ' was due ' || to_char(i.due_date, 'YYYY-MM-DD') || ' and is unpaid',
        'APPLIED', 'NORMAL', ${lateFeeDedupeKey('')} || i.id::text
      FROM invoices i
      WHERE i.tenant = ${input.tenant} AND i.status = 'SENT' AND i.due_date < ${today}::date
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id`.execute(deps.db);
    return { created: rows.length };
  },

  /**
   * Each breached SLA window (an exception with a breach context) on an invoiced order becomes one
   * SLA_CREDIT adjustment by the tenant's credit rule, capped per reason and by the order's fees. The
   * invoices are locked while the caps are computed so concurrent runs cannot both fill the same cap.
   */
  async applySlaCredits(input: ApplySlaCreditsInput): Promise<ApplySlaCreditsResult> {
    const tenant = await requireTenant(deps.db, input.tenant);
    const tariff = resolveTariff(tenant.tariffs);
    const rules = resolveCreditRules(tenant.credit_rules);
    const since = new Date(deps.now().getTime() - input.lookbackHours * HOUR_MS);
    return deps.db.transaction().execute(async (trx) => {
      const { rows: candidates } = await sql<{
        exception_id: string;
        reason_code: string;
        context_data: { window?: string; delay_minutes?: number };
        invoice_id: string;
        invoice_number: string;
        amount_cents: string;
      }>`
        SELECT e.id AS exception_id, e.reason_code, e.context_data, i.id AS invoice_id, i.invoice_number, i.amount_cents
        FROM exceptions e
        JOIN invoices i ON i.tenant = e.tenant AND i.order_id = e.order_id
        WHERE e.tenant = ${input.tenant} AND e.reason_code = ANY(${[...SLA_CREDIT_REASON_CODES]}::text[])
          AND i.status <> 'VOID'
          AND e.context_data ? 'window'
          AND COALESCE((e.context_data->>'delay_minutes')::numeric, 0) > 0
          AND (e.updated_at >= ${since} OR i.created_at >= ${since})
          AND NOT EXISTS (SELECT 1 FROM invoice_adjustments a
            WHERE a.dedupe_key = 'sla-credit:' || i.id::text || ':' || e.id::text)
        ORDER BY i.id, e.id
        LIMIT ${input.limit}`.execute(trx);
      if (candidates.length === 0) return { created: 0, creditedCents: 0, hasMore: false };

      const invoiceIds = [...new Set(candidates.map((row) => row.invoice_id))];
      await sql`SELECT id FROM invoices WHERE id = ANY(${invoiceIds}::bigint[]) ORDER BY id FOR UPDATE`.execute(
        trx,
      );
      const { rows: credited } = await sql<{ invoice_id: string; reason_code: string | null; cents: string }>`
        SELECT a.invoice_id, e.reason_code, -sum(a.delta_cents) AS cents
        FROM invoice_adjustments a LEFT JOIN exceptions e ON e.id = a.exception_id
        WHERE a.invoice_id = ANY(${invoiceIds}::bigint[]) AND a.reason = 'SLA_CREDIT' AND a.status <> 'REJECTED'
        GROUP BY a.invoice_id, e.reason_code`.execute(trx);
      const byReason = new Map<string, number>();
      const byInvoice = new Map<string, number>();
      for (const row of credited) {
        const cents = Number(row.cents);
        byReason.set(
          `${row.invoice_id}:${row.reason_code}`,
          (byReason.get(`${row.invoice_id}:${row.reason_code}`) ?? 0) + cents,
        );
        byInvoice.set(row.invoice_id, (byInvoice.get(row.invoice_id) ?? 0) + cents);
      }

      const adjustments = [];
      for (const candidate of candidates) {
        if (!isSlaCreditReasonCode(candidate.reason_code)) continue;
        const rule = rules[candidate.reason_code];
        const reasonKey = `${candidate.invoice_id}:${candidate.reason_code}`;
        const fees = Number(candidate.amount_cents);
        const credit = computeSlaCredit({
          rule,
          orderFeesCents: fees,
          creditedForReasonCents: byReason.get(reasonKey) ?? 0,
          creditedTotalCents: byInvoice.get(candidate.invoice_id) ?? 0,
        });
        const ruleText =
          rule.type === 'percent' ? `${rule.percent}% of ${fees} cents` : `fixed ${rule.amount_cents} cents`;
        const capText =
          credit.cappedBy === 'reason_cap'
            ? `, capped at ${rule.max_per_order_cents} cents per order for ${candidate.reason_code}`
            : credit.cappedBy === 'order_fees'
              ? `, capped at the order's fees of ${fees} cents`
              : '';
        const delta = -credit.creditCents;
        const { status, priority } = classifyAdjustment(delta, tariff);
        byReason.set(reasonKey, (byReason.get(reasonKey) ?? 0) + credit.creditCents);
        byInvoice.set(candidate.invoice_id, (byInvoice.get(candidate.invoice_id) ?? 0) + credit.creditCents);
        adjustments.push({
          invoice_id: candidate.invoice_id,
          exception_id: candidate.exception_id,
          delta_cents: delta,
          rationale:
            `SLA credit for ${candidate.reason_code} (${candidate.context_data.window ?? 'unknown'} window, ` +
            `${candidate.context_data.delay_minutes ?? 0} min late) on ${candidate.invoice_number}: ` +
            `${ruleText} = ${credit.rawCents} cents${capText}; credited ${credit.creditCents} cents`,
          status,
          priority,
          dedupe_key: slaCreditDedupeKey(candidate.invoice_id, candidate.exception_id),
        });
      }
      // A credit capped to zero is still recorded, so the breach is accounted for and never re-examined.
      const { rows: inserted } = await sql<{ delta_cents: string }>`
        INSERT INTO invoice_adjustments (tenant, invoice_id, reason, delta_cents, rationale, status, priority,
          exception_id, dedupe_key)
        SELECT ${input.tenant}, r.invoice_id, 'SLA_CREDIT', r.delta_cents, r.rationale, r.status, r.priority,
          r.exception_id, r.dedupe_key
        FROM jsonb_to_recordset(${JSON.stringify(adjustments)}::jsonb) AS r(invoice_id bigint, exception_id bigint,
          delta_cents bigint, rationale text, status text, priority text, dedupe_key text)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING delta_cents`.execute(trx);
      return {
        created: inserted.length,
        creditedCents: inserted.reduce((sum, row) => sum - Number(row.delta_cents), 0),
        hasMore: candidates.length === input.limit,
      };
    });
  },

  /** The tenant's current month (tenant time zone) summarised, stored in billing_reports and returned. */
  async generateBillingReport(input: { tenant: string; period?: string }): Promise<BillingReport> {
    const tenant = await requireTenant(deps.db, input.tenant);
    const period = input.period ?? reportPeriodOf(billingDatesAt(deps.now(), tenant.timezone, 0).period);
    const report = await buildBillingReport(deps.db, tenant, period, deps.now());
    await storeBillingReport(deps.db, report);
    return report;
  },
});

export type InvoicingActivities = ReturnType<typeof createInvoicingActivities>;
