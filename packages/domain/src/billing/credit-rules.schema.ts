import { z } from 'zod';

// SLA credit rules per breach reason code, stored as overrides in `tenants.credit_rules`.

export const SLA_CREDIT_REASON_CODES = [
  'PICK_DELAY',
  'PACK_DELAY',
  'CARRIER_ISSUE',
  'MISSING_SCAN',
  'DELIVERY_DELAY',
] as const;
export type SlaCreditReasonCode = (typeof SLA_CREDIT_REASON_CODES)[number];

const maxPerOrder = z.int().min(0).max(100_000_000);

export const CreditRuleSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('percent'),
      /** Percent of the order's invoiced fees, truncated to whole cents. */
      percent: z.number().min(0).max(100),
      /** Cap on the sum of this reason's credits on one order. */
      max_per_order_cents: maxPerOrder,
    })
    .strict(),
  z
    .object({
      type: z.literal('fixed'),
      amount_cents: z.int().min(0).max(100_000_000),
      max_per_order_cents: maxPerOrder,
    })
    .strict(),
]);
export type CreditRule = z.infer<typeof CreditRuleSchema>;

export const CreditRulesSchema = z.object({
  PICK_DELAY: CreditRuleSchema,
  PACK_DELAY: CreditRuleSchema,
  CARRIER_ISSUE: CreditRuleSchema,
  MISSING_SCAN: CreditRuleSchema,
  DELIVERY_DELAY: CreditRuleSchema,
});
export type CreditRules = z.infer<typeof CreditRulesSchema>;

export const CreditRulesOverridesSchema = CreditRulesSchema.partial().strict();

/**
 * Defaults (decision): the merchant's own delays weigh less than the customer-facing ones.
 * MISSING_SCAN is a visibility failure, so a small fixed credit rather than a share of the fees.
 */
export const DEFAULT_CREDIT_RULES: CreditRules = {
  PICK_DELAY: { type: 'percent', percent: 10, max_per_order_cents: 500 },
  PACK_DELAY: { type: 'percent', percent: 10, max_per_order_cents: 500 },
  CARRIER_ISSUE: { type: 'percent', percent: 15, max_per_order_cents: 1000 },
  MISSING_SCAN: { type: 'fixed', amount_cents: 100, max_per_order_cents: 200 },
  DELIVERY_DELAY: { type: 'percent', percent: 25, max_per_order_cents: 2000 },
};

export function resolveCreditRules(stored: unknown): CreditRules {
  const parsed = CreditRulesOverridesSchema.safeParse(stored ?? {});
  return parsed.success ? { ...DEFAULT_CREDIT_RULES, ...parsed.data } : DEFAULT_CREDIT_RULES;
}

export function isSlaCreditReasonCode(code: string): code is SlaCreditReasonCode {
  return (SLA_CREDIT_REASON_CODES as readonly string[]).includes(code);
}

export interface SlaCreditInput {
  rule: CreditRule;
  /** The order's invoiced fees (the invoice amount before adjustments). */
  orderFeesCents: number;
  /** SLA credits of the same reason already on this order's invoice (positive cents). */
  creditedForReasonCents: number;
  /** All SLA credits already on this order's invoice (positive cents). */
  creditedTotalCents: number;
}

export interface SlaCreditResult {
  /** Positive cents owed to the merchant; the adjustment stores it negated. */
  creditCents: number;
  rawCents: number;
  cappedBy: 'none' | 'reason_cap' | 'order_fees';
}

/** One breached window's credit: the rule's amount, capped per reason and never beyond the order's fees. */
export function computeSlaCredit(input: SlaCreditInput): SlaCreditResult {
  const { rule } = input;
  const rawCents =
    rule.type === 'percent'
      ? Math.floor((input.orderFeesCents * Math.round(rule.percent * 10_000)) / 1_000_000)
      : rule.amount_cents;
  const reasonRoom = Math.max(0, rule.max_per_order_cents - input.creditedForReasonCents);
  const feesRoom = Math.max(0, input.orderFeesCents - input.creditedTotalCents);
  let creditCents = rawCents;
  let cappedBy: SlaCreditResult['cappedBy'] = 'none';
  if (creditCents > reasonRoom) {
    creditCents = reasonRoom;
    cappedBy = 'reason_cap';
  }
  if (creditCents > feesRoom) {
    creditCents = feesRoom;
    cappedBy = 'order_fees';
  }
  return { creditCents, rawCents, cappedBy };
}
