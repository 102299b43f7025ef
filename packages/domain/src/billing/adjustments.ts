import {
  computeSlaCredit,
  isSlaCreditReasonCode,
  type CreditRule,
  type CreditRules,
} from './credit-rules.schema';

// How an adjustment is decided: small ones apply themselves, large ones wait for a person.

export const ADJUSTMENT_REASONS = ['RECALCULATION', 'SLA_CREDIT', 'LATE_FEE', 'MANUAL'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export type AdjustmentStatus = 'APPLIED' | 'PENDING_REVIEW' | 'REJECTED';
export type AdjustmentPriority = 'NORMAL' | 'HIGH';

export interface AdjustmentThresholds {
  auto_credit_threshold_cents: number;
  manual_review_threshold_cents: number;
}

/** |delta| ≤ auto threshold → APPLIED; above → PENDING_REVIEW, HIGH priority above the manual-review threshold. */
export function classifyAdjustment(
  deltaCents: number,
  thresholds: AdjustmentThresholds,
): { status: AdjustmentStatus; priority: AdjustmentPriority } {
  const magnitude = Math.abs(deltaCents);
  if (magnitude <= thresholds.auto_credit_threshold_cents) return { status: 'APPLIED', priority: 'NORMAL' };
  return {
    status: 'PENDING_REVIEW',
    priority: magnitude > thresholds.manual_review_threshold_cents ? 'HIGH' : 'NORMAL',
  };
}

const formatCents = (cents: number) => `${cents} cents`;

export function recalculationRationale(expectedCents: number, invoicedCents: number): string {
  const delta = expectedCents - invoicedCents;
  return (
    `Recalculated from the order's events: expected ${formatCents(expectedCents)}, ` +
    `invoiced ${formatCents(invoicedCents)} (delta ${delta > 0 ? '+' : ''}${delta} cents)`
  );
}

/** The same difference on the same invoice always yields the same key, so it is never recorded twice. */
export const recalculationDedupeKey = (invoiceId: string, expectedCents: number, invoicedCents: number) =>
  `recalculation:${invoiceId}:${invoicedCents}->${expectedCents}`;
export const lateFeeDedupeKey = (invoiceId: string) => `late-fee:${invoiceId}`;
export const slaCreditDedupeKey = (invoiceId: string, exceptionId: string) =>
  `sla-credit:${invoiceId}:${exceptionId}`;

/** One adjustment ready to be inserted (`invoice_adjustments`), its reason given by the caller. */
export interface NewAdjustment {
  invoice_id: string;
  /** The breach an SLA credit is for; null for the other reasons. */
  exception_id: string | null;
  delta_cents: number;
  rationale: string;
  status: AdjustmentStatus;
  priority: AdjustmentPriority;
  dedupe_key: string;
}

/** The recalculation proposed when an invoice's events price differently from what was invoiced; null if equal. */
export function recalculationAdjustment(
  invoice: { id: string; expectedCents: number; invoicedCents: number },
  thresholds: AdjustmentThresholds,
): NewAdjustment | null {
  if (invoice.expectedCents === invoice.invoicedCents) return null;
  const delta = invoice.expectedCents - invoice.invoicedCents;
  return {
    invoice_id: invoice.id,
    exception_id: null,
    delta_cents: delta,
    rationale: recalculationRationale(invoice.expectedCents, invoice.invoicedCents),
    ...classifyAdjustment(delta, thresholds),
    dedupe_key: recalculationDedupeKey(invoice.id, invoice.expectedCents, invoice.invoicedCents),
  };
}

export const lateFeeRationale = (lateFeeCents: number, invoiceNumber: string, dueDate: string): string =>
  `Late fee of ${lateFeeCents} cents: invoice ${invoiceNumber} was due ${dueDate} and is unpaid`;

/** A late fee is the tenant's own term: it applies without review, once per invoice. */
export function lateFeeAdjustment(
  invoice: { id: string; invoice_number: string; due_date: string },
  lateFeeCents: number,
): NewAdjustment {
  return {
    invoice_id: invoice.id,
    exception_id: null,
    delta_cents: lateFeeCents,
    rationale: lateFeeRationale(lateFeeCents, invoice.invoice_number, invoice.due_date),
    status: 'APPLIED',
    priority: 'NORMAL',
    dedupe_key: lateFeeDedupeKey(invoice.id),
  };
}

/** A breached SLA window on an invoiced order that has no credit yet. */
export interface SlaCreditCandidate {
  exceptionId: string;
  reasonCode: string;
  /** From the breach context; absent on older exceptions. */
  window: string | undefined;
  delayMinutes: number | undefined;
  invoiceId: string;
  invoiceNumber: string;
  /** The invoice amount before adjustments. */
  orderFeesCents: number;
}

/** SLA credits already on an invoice (positive cents), per reason code of their exception. */
export interface CreditedSlaCents {
  invoiceId: string;
  reasonCode: string | null;
  cents: number;
}

export function slaCreditRationale(
  candidate: SlaCreditCandidate,
  rule: CreditRule,
  credit: { creditCents: number; rawCents: number; cappedBy: 'none' | 'reason_cap' | 'order_fees' },
): string {
  const fees = candidate.orderFeesCents;
  const ruleText =
    rule.type === 'percent' ? `${rule.percent}% of ${fees} cents` : `fixed ${rule.amount_cents} cents`;
  const capText =
    credit.cappedBy === 'reason_cap'
      ? `, capped at ${rule.max_per_order_cents} cents per order for ${candidate.reasonCode}`
      : credit.cappedBy === 'order_fees'
        ? `, capped at the order's fees of ${fees} cents`
        : '';
  return (
    `SLA credit for ${candidate.reasonCode} (${candidate.window ?? 'unknown'} window, ` +
    `${candidate.delayMinutes ?? 0} min late) on ${candidate.invoiceNumber}: ` +
    `${ruleText} = ${credit.rawCents} cents${capText}; credited ${credit.creditCents} cents`
  );
}

/**
 * One SLA_CREDIT adjustment per candidate by the tenant's credit rule. Caps count what is already credited and
 * what earlier candidates of the same batch credit, so two breaches on one order cannot both fill a cap. A
 * credit capped to zero is still proposed, so the breach is accounted for and never re-examined.
 */
export function planSlaCredits(
  candidates: readonly SlaCreditCandidate[],
  credited: readonly CreditedSlaCents[],
  rules: CreditRules,
  thresholds: AdjustmentThresholds,
): NewAdjustment[] {
  const byReason = new Map<string, number>();
  const byInvoice = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, cents: number) =>
    map.set(key, (map.get(key) ?? 0) + cents);
  for (const row of credited) {
    add(byReason, `${row.invoiceId}:${row.reasonCode}`, row.cents);
    add(byInvoice, row.invoiceId, row.cents);
  }
  const adjustments: NewAdjustment[] = [];
  for (const candidate of candidates) {
    if (!isSlaCreditReasonCode(candidate.reasonCode)) continue;
    const rule = rules[candidate.reasonCode];
    const reasonKey = `${candidate.invoiceId}:${candidate.reasonCode}`;
    const credit = computeSlaCredit({
      rule,
      orderFeesCents: candidate.orderFeesCents,
      creditedForReasonCents: byReason.get(reasonKey) ?? 0,
      creditedTotalCents: byInvoice.get(candidate.invoiceId) ?? 0,
    });
    const delta = -credit.creditCents;
    add(byReason, reasonKey, credit.creditCents);
    add(byInvoice, candidate.invoiceId, credit.creditCents);
    adjustments.push({
      invoice_id: candidate.invoiceId,
      exception_id: candidate.exceptionId,
      delta_cents: delta,
      rationale: slaCreditRationale(candidate, rule, credit),
      ...classifyAdjustment(delta, thresholds),
      dedupe_key: slaCreditDedupeKey(candidate.invoiceId, candidate.exceptionId),
    });
  }
  return adjustments;
}
