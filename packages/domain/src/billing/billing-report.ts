import { ADJUSTMENT_REASONS, type AdjustmentReason } from './adjustments';
import { INVOICE_STATUSES, type InvoiceStatus } from './invoice-lifecycle';

export interface AdjustmentSummary {
  count: number;
  applied_cents: number;
  pending_review_cents: number;
  rejected_cents: number;
}

/**
 * Monthly billing report as stored in `billing_reports.report` and served by the API. Counts, gross and net are the
 * month's order invoices; the minimum-fee invoice issued at month close is reported on its own.
 */
export interface BillingReport {
  tenant: string;
  /** `YYYY-MM`. */
  period: string;
  generated_at: string;
  /** Every invoice issued in the period, void ones included. */
  invoice_count: number;
  /** Sum of the non-void invoices' amounts. */
  gross_cents: number;
  adjustments_by_reason: Record<AdjustmentReason, AdjustmentSummary>;
  /** Applied adjustments on non-void invoices. */
  adjustments_applied_cents: number;
  /** Gross plus applied adjustments. */
  net_cents: number;
  by_status: Record<InvoiceStatus, { count: number; amount_cents: number }>;
  minimum_monthly_fee_cents: number;
  /** What the tenant owes on top of net to reach its minimum monthly fee. */
  minimum_fee_shortfall_cents: number;
  /** The shortfall invoice issued at month close (null until the month is closed, or when there was none). */
  minimum_fee_invoice: MinimumFeeInvoiceSummary | null;
}

/** The month's minimum-fee invoice; counted apart from the order invoices above (gross and net are theirs). */
export interface MinimumFeeInvoiceSummary {
  invoice_number: string;
  amount_cents: number;
  status: string;
}

export interface BillingReportInput {
  tenant: string;
  period: string;
  generatedAt: Date;
  minimumMonthlyFeeCents: number;
  /** The period's invoices per status (void ones included). */
  invoicesByStatus: ReadonlyArray<{ status: string; count: number; amount_cents: number }>;
  /** Adjustments on the period's non-void invoices per reason and status. */
  adjustmentsByReason: ReadonlyArray<{ reason: string; status: string; count: number; cents: number }>;
  minimumFeeInvoice?: MinimumFeeInvoiceSummary | null;
}

/** Rolls the period's counts up into the report; unknown statuses and reasons are left out. */
export function summarizeBillingReport(input: BillingReportInput): BillingReport {
  const byStatus = Object.fromEntries(
    INVOICE_STATUSES.map((status) => [status, { count: 0, amount_cents: 0 }]),
  ) as BillingReport['by_status'];
  for (const row of input.invoicesByStatus) {
    const entry = byStatus[row.status as InvoiceStatus];
    if (entry) {
      entry.count = row.count;
      entry.amount_cents = row.amount_cents;
    }
  }
  const byReason = Object.fromEntries(
    ADJUSTMENT_REASONS.map((reason) => [
      reason,
      { count: 0, applied_cents: 0, pending_review_cents: 0, rejected_cents: 0 },
    ]),
  ) as BillingReport['adjustments_by_reason'];
  for (const row of input.adjustmentsByReason) {
    const entry = byReason[row.reason as AdjustmentReason];
    if (!entry) continue;
    entry.count += row.count;
    if (row.status === 'APPLIED') entry.applied_cents += row.cents;
    else if (row.status === 'PENDING_REVIEW') entry.pending_review_cents += row.cents;
    else entry.rejected_cents += row.cents;
  }
  const invoiceCount = Object.values(byStatus).reduce((sum, entry) => sum + entry.count, 0);
  const gross = Object.entries(byStatus)
    .filter(([status]) => status !== 'VOID')
    .reduce((sum, [, entry]) => sum + entry.amount_cents, 0);
  const applied = Object.values(byReason).reduce((sum, entry) => sum + entry.applied_cents, 0);
  const net = gross + applied;
  return {
    tenant: input.tenant,
    period: input.period,
    generated_at: input.generatedAt.toISOString(),
    invoice_count: invoiceCount,
    gross_cents: gross,
    adjustments_by_reason: byReason,
    adjustments_applied_cents: applied,
    net_cents: net,
    by_status: byStatus,
    minimum_monthly_fee_cents: input.minimumMonthlyFeeCents,
    minimum_fee_shortfall_cents: Math.max(0, input.minimumMonthlyFeeCents - net),
    minimum_fee_invoice: input.minimumFeeInvoice ?? null,
  };
}
