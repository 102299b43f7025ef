/** Daily at 02:00 tenant time with a 24 h lookback: invoices, validation, adjustments, SLA credits, report. */
export const BILLING_MANAGEMENT_WORKFLOW = 'billingManagementWorkflow';

export interface BillingManagementInput {
  tenant: string;
  lookbackHours?: number;
  chunkSize?: number;
}

export const billingManagementWorkflowId = (tenant: string, window: string) => `billing:${tenant}:${window}`;
