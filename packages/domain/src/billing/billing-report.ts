import { z } from 'zod';
import { ADJUSTMENT_REASONS, type AdjustmentReason } from './adjustments';
import { INVOICE_STATUSES, type InvoiceStatus } from './invoice-lifecycle';

// The monthly billing report: one zod schema, the type inferred from it. The API serves (and documents) it, the
// billing workflow's contract returns it, `billing_reports.report` stores it.

export const adjustmentSummarySchema = z.object({
  count: z.number().int(),
  applied_cents: z.number().int(),
  pending_review_cents: z.number().int(),
  rejected_cents: z.number().int(),
});
export type AdjustmentSummary = z.infer<typeof adjustmentSummarySchema>;

/** The month's minimum-fee invoice; counted apart from the order invoices (gross and net are theirs). */
export const minimumFeeInvoiceSummarySchema = z.object({
  invoice_number: z.string(),
  amount_cents: z.number().int(),
  status: z.string(),
});
export type MinimumFeeInvoiceSummary = z.infer<typeof minimumFeeInvoiceSummarySchema>;

/**
 * Monthly billing report as stored in `billing_reports.report` and served by the API. Counts, gross and net are the
 * month's order invoices; the minimum-fee invoice issued at month close is reported on its own.
 */
export const billingReportSchema = z.object({
  tenant: z.string(),
  period: z.string().meta({ description: 'YYYY-MM' }),
  generated_at: z.string(),
  invoice_count: z
    .number()
    .int()
    .meta({ description: 'every invoice issued in the period, void ones included' }),
  gross_cents: z.number().int().meta({ description: "sum of the non-void invoices' amounts" }),
  adjustments_by_reason: z.record(z.enum(ADJUSTMENT_REASONS), adjustmentSummarySchema),
  adjustments_applied_cents: z
    .number()
    .int()
    .meta({ description: 'applied adjustments on non-void invoices' }),
  net_cents: z.number().int().meta({ description: 'gross plus applied adjustments' }),
  by_status: z.record(
    z.enum(INVOICE_STATUSES),
    z.object({ count: z.number().int(), amount_cents: z.number().int() }),
  ),
  minimum_monthly_fee_cents: z.number().int(),
  minimum_fee_shortfall_cents: z
    .number()
    .int()
    .meta({ description: 'what the tenant owes on top of net to reach its minimum monthly fee' }),
  minimum_fee_invoice: minimumFeeInvoiceSummarySchema.nullable().meta({
    description: 'the shortfall invoiced at month close (null before the close or without shortfall)',
  }),
});
export type BillingReport = z.infer<typeof billingReportSchema>;

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
