import { ApplicationFailure } from '@temporalio/common';
import {
  advanceInvoiceSequence,
  buildBillingReport,
  findFulfilledOrders,
  findInvoicedOrderIds,
  findInvoicesToValidate,
  findOverdueInvoices,
  findRecentInvoiceIds,
  findSlaCreditCandidates,
  findTenant,
  findUninvoicedOrderIds,
  insertAdjustments,
  insertDraftInvoices,
  insertMinimumFeeInvoice,
  findMinimumFeeInvoice,
  monthCurrency,
  loadEventsByOrder,
  lockCreditedSlaCents,
  lockInvoiceSequence,
  storeBillingReport,
  type Db,
  type TenantRow,
} from '@e2a/db';
import {
  billingDatesAt,
  draftInvoices,
  isClosedMonth,
  lateFeeAdjustment,
  minimumFeeInvoice,
  monthClosedAt,
  planSlaCredits,
  priceOrder,
  recalculationAdjustment,
  reportPeriodOf,
  resolveCreditRules,
  resolveTariff,
  tariffOfInvoice,
  tenantExistedIn,
  type BillingReport,
} from '@e2a/domain';
import type { ActivityDeps } from '../deps';
import { counter } from '../shared/metrics';
import { isolateEach, isolateRecords } from '../shared/quarantine';

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
  /** Orders set aside in `quarantined_records` (kind `invoicing`) after a data error; the rest were issued. */
  quarantined: number;
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
  /** Invoices set aside in `quarantined_records` (kind `invoice_validation`) after a data error. */
  quarantined: number;
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

export interface CloseBillingMonthInput {
  tenant: string;
  /** `YYYY-MM`, a month that has ended, to close by hand; by default the previous month on the 1st (tenant time). */
  period?: string;
}

export interface CloseBillingMonthResult {
  /** The month closed, or null when this run closes none (not the 1st of a month). */
  period: string | null;
  /** The month's minimum-fee invoice (issued now or by an earlier run), null when the month reached its minimum. */
  invoiceNumber: string | null;
  shortfallCents: number;
  /** True when this call issued the invoice. */
  issued: boolean;
}

async function requireTenant(db: Db, tenant: string): Promise<TenantRow> {
  const row = await findTenant(db, tenant);
  if (!row) throw ApplicationFailure.nonRetryable(`Unknown tenant "${tenant}"`, 'UnknownTenant');
  return row;
}

/** Invoices whose recomputed amount differs from the issued one (alerted on: infra/observability). */
const invoiceValidationFailures = (deps: ActivityDeps) =>
  counter(
    deps.metrics,
    'invoice_validation_failures_total',
    'Invoices whose recomputation from their events differs from the invoiced amount',
    ['tenant'],
  );

/** Invoicing, validation, late fees, SLA credits and the monthly report, set-based over chunks. */
export const createInvoicingActivities = (deps: ActivityDeps) => ({
  /** Fulfilled orders (carrier hand-off, order_fulfilled or delivered) without an invoice, by order id. */
  async findUninvoicedOrders(input: FindUninvoicedOrdersInput): Promise<string[]> {
    return findUninvoicedOrderIds(deps.db, input.tenant, input.afterOrderId ?? null, input.limit);
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
    const empty = {
      issued: 0,
      skipped: 0,
      quarantined: 0,
      period: dates.period,
      firstSequence: null,
      lastSequence: null,
    };
    if (input.orderIds.length === 0) return empty;

    const orders = await findFulfilledOrders(deps.db, input.tenant, input.orderIds);
    const eventsByOrder = await loadEventsByOrder(deps.db, input.tenant, input.orderIds);

    return deps.db.transaction().execute(async (trx) => {
      const firstValue = await lockInvoiceSequence(trx, input.tenant, dates.period);
      const invoiced = await findInvoicedOrderIds(trx, input.tenant, input.orderIds);
      const toIssue = orders.filter((order) => !invoiced.has(order.order_id));
      if (toIssue.length === 0) return { ...empty, skipped: input.orderIds.length };

      // Numbers are drafted from the sequence as it stands, so a quarantined order's rolled-back savepoint
      // leaves no gap: the next order takes the number it would have had.
      let lastValue = firstValue;
      const issue = async (chunk: typeof toIssue) => {
        const drafts = draftInvoices({
          tenant: input.tenant,
          period: dates.period,
          lastSequence: lastValue,
          orders: chunk,
          eventsByOrder,
          tariff,
        });
        const inserted = await insertDraftInvoices(
          trx,
          input.tenant,
          {
            tariff,
            billingPeriod: reportPeriodOf(dates.period),
            invoiceDate: dates.invoiceDate,
            dueDate: dates.dueDate,
          },
          drafts,
        );
        if (inserted.length !== drafts.length) {
          // Rolling back keeps the sequence gap-free; the retry sees the other run's invoices and skips them.
          throw new Error(
            `Invoice conflict for tenant ${input.tenant}: ${drafts.length - inserted.length} orders were invoiced concurrently`,
          );
        }
        await advanceInvoiceSequence(trx, input.tenant, dates.period, lastValue + drafts.length);
        lastValue += drafts.length;
        return drafts.length;
      };
      const { outputs, quarantined } = await isolateRecords(deps, {
        tenant: input.tenant,
        kind: 'invoicing',
        records: toIssue,
        keyOf: (order) => order.order_id,
        trx,
        run: issue,
      });
      const issued = outputs.reduce((sum, count) => sum + count, 0);
      deps.logger.info({ tenant: input.tenant, issued, period: dates.period }, 'invoices issued');
      return {
        issued,
        skipped: input.orderIds.length - issued - quarantined.length,
        quarantined: quarantined.length,
        period: dates.period,
        firstSequence: issued > 0 ? firstValue + 1 : null,
        lastSequence: issued > 0 ? lastValue : null,
      };
    });
  },

  /** Non-void invoices issued in the lookback window, or whose order received events in it. */
  async findRecentInvoices(input: RecentInvoicesInput): Promise<string[]> {
    const since = new Date(deps.now().getTime() - input.lookbackHours * HOUR_MS);
    return findRecentInvoiceIds(deps.db, input.tenant, since, input.afterInvoiceId ?? null, input.limit);
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
      quarantined: 0,
    };
    if (input.invoiceIds.length === 0) return result;
    const tenant = await requireTenant(deps.db, input.tenant);
    const thresholds = resolveTariff(tenant.tariffs);
    const invoices = await findInvoicesToValidate(deps.db, input.tenant, input.invoiceIds);
    const eventsByOrder = await loadEventsByOrder(
      deps.db,
      input.tenant,
      invoices.map((invoice) => invoice.order_id),
    );
    const scope = { tenant: input.tenant, kind: 'invoice_validation' as const };
    // An invoice that cannot be recomputed or whose adjustment cannot be stored (a data error) is quarantined.
    const recomputed = await isolateEach(deps, {
      ...scope,
      records: invoices,
      keyOf: (invoice) => invoice.id,
      run: async (invoice) => {
        const tariff = tariffOfInvoice(invoice.tariff_snapshot, tenant.tariffs);
        const { amount } = priceOrder(
          eventsByOrder.get(invoice.order_id) ?? [],
          tariff,
          invoice.monthly_invoiced_count,
        );
        return recalculationAdjustment(
          {
            id: invoice.id,
            expectedCents: amount.amount_cents,
            invoicedCents: invoice.amount_cents + invoice.recalculated_cents,
          },
          thresholds,
        );
      },
    });
    result.checked = recomputed.outputs.length;
    const adjustments = recomputed.outputs.filter((adjustment) => adjustment !== null);
    result.discrepancies = adjustments.length;
    result.quarantined = recomputed.quarantined.length;
    if (result.discrepancies > 0)
      invoiceValidationFailures(deps).inc({ tenant: input.tenant }, result.discrepancies);
    if (adjustments.length === 0) return result;
    const stored = await isolateRecords(deps, {
      ...scope,
      records: adjustments,
      keyOf: (adjustment) => adjustment.invoice_id,
      run: (chunk) => insertAdjustments(deps.db, input.tenant, 'RECALCULATION', chunk),
    });
    result.quarantined += stored.quarantined.length;
    for (const row of stored.outputs.flat()) {
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
    const overdue = await findOverdueInvoices(deps.db, input.tenant, today);
    const fees = overdue.map((invoice) => lateFeeAdjustment(invoice, tariff.late_fee_cents));
    const inserted = await insertAdjustments(deps.db, input.tenant, 'LATE_FEE', fees);
    return { created: inserted.length };
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
      const candidates = await findSlaCreditCandidates(trx, input.tenant, since, input.limit);
      if (candidates.length === 0) return { created: 0, creditedCents: 0, hasMore: false };
      const invoiceIds = [...new Set(candidates.map((candidate) => candidate.invoiceId))];
      const credited = await lockCreditedSlaCents(trx, invoiceIds);
      const credits = planSlaCredits(candidates, credited, rules, tariff);
      const inserted = await insertAdjustments(trx, input.tenant, 'SLA_CREDIT', credits);
      return {
        created: inserted.length,
        creditedCents: inserted.reduce((sum, row) => sum - row.delta_cents, 0),
        hasMore: candidates.length === input.limit,
      };
    });
  },

  /**
   * Month close: on the 1st of a month (tenant time zone) the previous month's shortfall against the minimum monthly
   * fee is invoiced, once, as its own invoice numbered in that month's sequence, and the month's final report is
   * stored. The month's sequence row is locked first, so overlapping runs serialise and the later one finds the
   * invoice; the unique index per tenant-month stops any other duplicate.
   */
  async closeBillingMonth(input: CloseBillingMonthInput): Promise<CloseBillingMonthResult> {
    const tenant = await requireTenant(deps.db, input.tenant);
    const now = deps.now();
    const period = input.period ?? monthClosedAt(now, tenant.timezone);
    const none = { invoiceNumber: null, shortfallCents: 0, issued: false };
    if (period === null) return { period: null, ...none };
    if (!isClosedMonth(period, now, tenant.timezone)) {
      throw ApplicationFailure.nonRetryable(
        `period must be a month that has ended (YYYY-MM), got "${period}"`,
        'InvalidPeriod',
      );
    }
    if (!tenantExistedIn(period, tenant.created_at, tenant.timezone)) return { period, ...none };
    const tariff = resolveTariff(tenant.tariffs);
    const dates = billingDatesAt(now, tenant.timezone, tariff.payment_terms_days);
    const result = await deps.db.transaction().execute(async (trx): Promise<CloseBillingMonthResult> => {
      const lastValue = await lockInvoiceSequence(trx, input.tenant, period.replace('-', ''));
      const existing = await findMinimumFeeInvoice(trx, input.tenant, period);
      if (existing) {
        return {
          period,
          invoiceNumber: existing.invoice_number,
          shortfallCents: existing.amount_cents,
          issued: false,
        };
      }
      const report = await buildBillingReport(trx, tenant, period, now);
      const invoice = minimumFeeInvoice({
        tenant: input.tenant,
        period,
        minimumMonthlyFeeCents: tariff.minimum_monthly_fee_cents,
        netCents: report.net_cents,
        lastSequence: lastValue,
      });
      if (!invoice) return { period, ...none };
      const terms = {
        tariff,
        billingPeriod: period,
        invoiceDate: dates.invoiceDate,
        dueDate: dates.dueDate,
        currency: await monthCurrency(trx, input.tenant, period),
      };
      if (!(await insertMinimumFeeInvoice(trx, input.tenant, terms, invoice))) {
        throw new Error(`Minimum-fee invoice conflict for tenant ${input.tenant}, ${period}: retrying`);
      }
      await advanceInvoiceSequence(trx, input.tenant, invoice.sequence_period, invoice.sequence);
      return {
        period,
        invoiceNumber: invoice.invoice_number,
        shortfallCents: invoice.amount_cents,
        issued: true,
      };
    });
    if (result.issued) {
      deps.logger.info(
        { tenant: input.tenant, period, invoice: result.invoiceNumber, shortfall: result.shortfallCents },
        'minimum monthly fee invoiced',
      );
    }
    await storeBillingReport(deps.db, await buildBillingReport(deps.db, tenant, period, now));
    return result;
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
