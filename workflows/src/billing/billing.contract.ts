/** Daily at 02:00 tenant time with a 24 h lookback: invoices, validation, adjustments, SLA credits, report. */
export const BILLING_MANAGEMENT_WORKFLOW = 'billingManagementWorkflow';

export interface BillingManagementInput {
  tenant: string;
  lookbackHours?: number;
  chunkSize?: number;
  /** `YYYY-MM`: close this (ended) month by hand; by default a run on the 1st (tenant time) closes the previous month. */
  closeMonth?: string;
}

/** The patch id behind the month-close step (histories recorded before it replay without it). */
export const MINIMUM_MONTHLY_FEE_PATCH = 'billing-minimum-monthly-fee';

export const billingManagementWorkflowId = (tenant: string, window: string) => `billing:${tenant}:${window}`;

export const DEFAULT_BILLING_LOOKBACK_HOURS = 24;
export const DEFAULT_BILLING_CHUNK_SIZE = 2000;

/** The monthly report as stored in `billing_reports.report` (mirrors the activity's BillingReport). */
export interface BillingReportSummary {
  tenant: string;
  period: string;
  generated_at: string;
  invoice_count: number;
  gross_cents: number;
  adjustments_by_reason: Record<
    string,
    { count: number; applied_cents: number; pending_review_cents: number; rejected_cents: number }
  >;
  adjustments_applied_cents: number;
  net_cents: number;
  by_status: Record<string, { count: number; amount_cents: number }>;
  minimum_monthly_fee_cents: number;
  minimum_fee_shortfall_cents: number;
  /** Absent in reports stored before month close existed. */
  minimum_fee_invoice?: { invoice_number: string; amount_cents: number; status: string } | null;
}

export interface BillingManagementResult {
  tenant: string;
  lookbackHours: number;
  invoicesIssued: number;
  invoiceChunks: number;
  validation: {
    checked: number;
    discrepancies: number;
    created: number;
    applied: number;
    pendingReview: number;
    highPriority: number;
  };
  lateFeesCreated: number;
  slaCredits: { created: number; creditedCents: number };
  /** The month closed by this run (absent in runs recorded before month close existed). */
  monthClose?: {
    period: string | null;
    invoiceNumber: string | null;
    shortfallCents: number;
    issued: boolean;
  };
  report: BillingReportSummary;
}
