import { DateTime } from 'luxon';

// DRAFT → PENDING (finalised) → SENT → PAID, or VOID from any unpaid state.

export const INVOICE_STATUSES = ['DRAFT', 'PENDING', 'SENT', 'PAID', 'VOID'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_ACTIONS = ['finalize', 'send', 'mark-paid', 'void'] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

export interface InvoiceTransition {
  from: readonly InvoiceStatus[];
  to: InvoiceStatus;
  /** The timestamp column the transition sets. */
  stamp: 'finalized_at' | 'sent_at' | 'paid_at' | 'voided_at';
}

export const INVOICE_TRANSITIONS: Record<InvoiceAction, InvoiceTransition> = {
  finalize: { from: ['DRAFT'], to: 'PENDING', stamp: 'finalized_at' },
  send: { from: ['PENDING'], to: 'SENT', stamp: 'sent_at' },
  'mark-paid': { from: ['SENT'], to: 'PAID', stamp: 'paid_at' },
  void: { from: ['DRAFT', 'PENDING', 'SENT'], to: 'VOID', stamp: 'voided_at' },
};

export type TransitionResult =
  | { kind: 'allowed'; to: InvoiceStatus; stamp: InvoiceTransition['stamp'] }
  | { kind: 'invalid'; message: string };

export function planInvoiceTransition(current: string, action: InvoiceAction): TransitionResult {
  const transition = INVOICE_TRANSITIONS[action];
  if ((transition.from as readonly string[]).includes(current)) {
    return { kind: 'allowed', to: transition.to, stamp: transition.stamp };
  }
  return {
    kind: 'invalid',
    message: `Cannot ${action} an invoice in status ${current}; allowed from ${transition.from.join(', ')}`,
  };
}

export interface BillingDates {
  /** `YYYYMM`, the invoice-number and sequence period. */
  period: string;
  invoiceDate: string;
  dueDate: string;
}

/** The invoice's calendar dates in the tenant's time zone at the given instant. */
export function billingDatesAt(instant: Date, timeZone: string, paymentTermsDays: number): BillingDates {
  let local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) local = DateTime.fromJSDate(instant, { zone: 'UTC' });
  return {
    period: local.toFormat('yyyyLL'),
    invoiceDate: local.toISODate()!,
    dueDate: local.plus({ days: paymentTermsDays }).toISODate()!,
  };
}

/** `INV-<tenant>-<YYYYMM>-<seq>`; the tenant keeps its case so distinct tenants never collide. */
export function formatInvoiceNumber(tenant: string, period: string, sequence: number): string {
  return `INV-${tenant}-${period}-${String(sequence).padStart(6, '0')}`;
}

/** `YYYY-MM` (the API's report path) ⇄ `YYYYMM` (the sequence and invoice-number period). */
export function reportPeriodOf(period: string): string {
  return `${period.slice(0, 4)}-${period.slice(4, 6)}`;
}
