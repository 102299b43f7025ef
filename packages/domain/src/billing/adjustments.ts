import {
  computeSlaCredit,
  isSlaCreditReasonCode,
  type CreditRule,
  type CreditRules,
} from './credit-rules.schema';

// How an adjustment is decided: small ones apply themselves, large ones wait for a person.

export const ADJUSTMENT_REASONS = ['RECALCULATION', 'SLA_CREDIT', 'LATE_FEE', 'MANUAL'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const ADJUSTMENT_STATUSES = ['APPLIED', 'PENDING_REVIEW', 'REJECTED'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];
export const ADJUSTMENT_PRIORITIES = ['NORMAL', 'HIGH'] as const;
export type AdjustmentPriority = (typeof ADJUSTMENT_PRIORITIES)[number];

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
  /** A MISSING_SCAN whose scan arrived after all (`context_data.scan_arrived_at`). */
  scanArrived: boolean;
  /** A delay that gave way to MISSING_SCAN: the order moved past the stage without its scan (`scan_missing`). */
  scanMissing: boolean;
  /** The order has a delay exception (not one that gave way) for the same window. */
  windowHasDelay: boolean;
}

/** SLA credits already on an invoice (positive cents), per reason code and window of their exception. */
export interface CreditedSlaCents {
  invoiceId: string;
  reasonCode: string | null;
  window?: string | null;
  cents: number;
}

/**
 * Why a breach earns no credit of its own (null: it does). Each SLA window of an order is credited once: by its
 * delay exception, or, when the stage could not be measured, by its MISSING_SCAN.
 */
export function slaCreditExclusion(candidate: SlaCreditCandidate): string | null {
  const window = candidate.window ?? 'unknown';
  if (candidate.reasonCode === 'MISSING_SCAN') {
    if (candidate.scanArrived) {
      return `the scan arrived late; its lateness is credited with the ${window} window's delay, if any`;
    }
    if (candidate.windowHasDelay) return `the ${window} window is credited through its delay exception`;
    return null;
  }
  if (candidate.scanMissing) {
    return `the order moved past the ${window} stage without its scan; the window is credited through MISSING_SCAN`;
  }
  return null;
}

export function slaCreditRationale(
  candidate: SlaCreditCandidate,
  rule: CreditRule,
  credit: {
    creditCents: number;
    rawCents: number;
    cappedBy: 'none' | 'reason_cap' | 'order_fees';
    /** Credited for the same window by another exception before (a MISSING_SCAN): this credit only tops it up. */
    windowCreditedCents?: number;
  },
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
  const windowText = credit.windowCreditedCents
    ? `, less ${credit.windowCreditedCents} cents already credited for the ${candidate.window ?? 'unknown'} window`
    : '';
  return (
    `${slaCreditSubject(candidate)}: ` +
    `${ruleText} = ${credit.rawCents} cents${capText}${windowText}; credited ${credit.creditCents} cents`
  );
}

const slaCreditSubject = (candidate: SlaCreditCandidate) =>
  `SLA credit for ${candidate.reasonCode} (${candidate.window ?? 'unknown'} window, ` +
  `${candidate.delayMinutes ?? 0} min late) on ${candidate.invoiceNumber}`;

/**
 * One SLA_CREDIT adjustment per candidate by the tenant's credit rule. Caps count what is already credited and
 * what earlier candidates of the same batch credit, so two breaches on one order cannot both fill a cap. Each window
 * is credited once (`slaCreditExclusion`): a breach that earns nothing of its own, and a credit capped to zero, are
 * still proposed at 0 with the reason, so the breach is accounted for and never re-examined.
 */
export function planSlaCredits(
  candidates: readonly SlaCreditCandidate[],
  credited: readonly CreditedSlaCents[],
  rules: CreditRules,
  thresholds: AdjustmentThresholds,
): NewAdjustment[] {
  const byReason = new Map<string, number>();
  const byInvoice = new Map<string, number>();
  // MISSING_SCAN credits per window: a delay measured for that window later only tops them up.
  const byScanWindow = new Map<string, number>();
  const isScan = (reasonCode: string | null) => reasonCode === 'MISSING_SCAN';
  const add = (map: Map<string, number>, key: string, cents: number) =>
    map.set(key, (map.get(key) ?? 0) + cents);
  for (const row of credited) {
    add(byReason, `${row.invoiceId}:${row.reasonCode}`, row.cents);
    add(byInvoice, row.invoiceId, row.cents);
    if (isScan(row.reasonCode) && row.window) add(byScanWindow, `${row.invoiceId}:${row.window}`, row.cents);
  }
  const adjustments: NewAdjustment[] = [];
  for (const candidate of candidates) {
    if (!isSlaCreditReasonCode(candidate.reasonCode)) continue;
    const proposal = { invoice_id: candidate.invoiceId, exception_id: candidate.exceptionId };
    const dedupe_key = slaCreditDedupeKey(candidate.invoiceId, candidate.exceptionId);
    const exclusion = slaCreditExclusion(candidate);
    if (exclusion) {
      adjustments.push({
        ...proposal,
        delta_cents: 0,
        rationale: `${slaCreditSubject(candidate)}: not credited: ${exclusion}; credited 0 cents`,
        ...classifyAdjustment(0, thresholds),
        dedupe_key,
      });
      continue;
    }
    const rule = rules[candidate.reasonCode];
    const reasonKey = `${candidate.invoiceId}:${candidate.reasonCode}`;
    const windowKey = `${candidate.invoiceId}:${candidate.window ?? ''}`;
    const credit = computeSlaCredit({
      rule,
      orderFeesCents: candidate.orderFeesCents,
      creditedForReasonCents: byReason.get(reasonKey) ?? 0,
      creditedTotalCents: byInvoice.get(candidate.invoiceId) ?? 0,
    });
    const windowCreditedCents =
      !isScan(candidate.reasonCode) && candidate.window ? (byScanWindow.get(windowKey) ?? 0) : 0;
    const creditCents = Math.max(0, credit.creditCents - windowCreditedCents);
    add(byReason, reasonKey, creditCents);
    add(byInvoice, candidate.invoiceId, creditCents);
    if (isScan(candidate.reasonCode) && candidate.window) add(byScanWindow, windowKey, creditCents);
    const delta = creditCents === 0 ? 0 : -creditCents;
    adjustments.push({
      ...proposal,
      delta_cents: delta,
      rationale: slaCreditRationale(candidate, rule, { ...credit, creditCents, windowCreditedCents }),
      ...classifyAdjustment(delta, thresholds),
      dedupe_key,
    });
  }
  return adjustments;
}
