// How an adjustment is decided: small ones apply themselves, large ones wait for a person.

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
