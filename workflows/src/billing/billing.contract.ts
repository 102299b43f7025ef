import type { BillingReport } from '@e2a/domain';

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

/**
 * The monthly report as `billingReportSchema` (`@e2a/domain`) infers it; `minimum_fee_invoice` is optional here
 * because runs recorded before month close existed returned reports without it.
 */
export type BillingReportSummary = Omit<BillingReport, 'minimum_fee_invoice'> &
  Partial<Pick<BillingReport, 'minimum_fee_invoice'>>;

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
