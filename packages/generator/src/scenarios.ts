import type { ReasonCode } from '@e2a/domain';

// Knowledge base: about 20 % of generated orders carry an order problem; SLA scenarios and item flags come on top.

export const PROBLEM_KINDS = [
  'delivery_delay',
  'invalid_address',
  'failed_payment',
  'inventory_shortage',
  'damaged_package',
  'customer_unavailable',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export const SLA_SCENARIOS = ['late_pick', 'late_pack', 'late_handoff', 'missing_scan'] as const;
export type SlaScenario = (typeof SLA_SCENARIOS)[number];

export const ITEM_FLAGS = ['rush', 'oversized', 'hazmat', 'fragile'] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

/** What an order is planned to be; exactly one per order. */
export type Scenario = 'normal' | ProblemKind | SlaScenario;

export interface ScenarioRates {
  /** Share of all orders per order problem (these add up to about 0.20). */
  problems: Record<ProblemKind, number>;
  /** Share of all orders per SLA scenario. */
  sla: Record<SlaScenario, number>;
  /** Independent chance of each item flag on an order that is not an SLA scenario. */
  flags: Record<ItemFlag, number>;
  /** Share of delivered events sent twice (webhook redelivery). */
  duplicate: number;
  /** Share of events delivered after a later event of the same order. */
  outOfOrder: number;
}

export const DEFAULT_RATES: ScenarioRates = {
  problems: {
    delivery_delay: 0.04,
    invalid_address: 0.04,
    failed_payment: 0.03,
    inventory_shortage: 0.03,
    damaged_package: 0.03,
    customer_unavailable: 0.03,
  },
  sla: { late_pick: 0.04, late_pack: 0.03, late_handoff: 0.03, missing_scan: 0.02 },
  flags: { rush: 0.08, oversized: 0.05, hazmat: 0.02, fragile: 0.1 },
  duplicate: 0.02,
  outOfOrder: 0.03,
};

export const INVALID_ADDRESS_VARIANTS = [
  'zip_00000',
  'zip_99999',
  'zip_invalid',
  'nonexistent_street',
  'nowhere_city',
  'swapped_zip_digits',
] as const;
export type InvalidAddressVariant = (typeof INVALID_ADDRESS_VARIANTS)[number];

/**
 * The reason codes the rule-based checks (domain reference §3, §5) raise for a scenario. A zip with swapped digits
 * looks valid to the rules, so only an AI order analysis can find it: it is listed under `aiOnly`.
 */
export function expectedReasonCodes(
  scenario: Scenario,
  variant?: InvalidAddressVariant,
): { rules: ReasonCode[]; aiOnly: ReasonCode[] } {
  switch (scenario) {
    case 'normal':
      return { rules: [], aiOnly: [] };
    case 'delivery_delay':
      return { rules: ['DELIVERY_DELAY'], aiOnly: [] };
    case 'invalid_address':
      return variant === 'swapped_zip_digits'
        ? { rules: [], aiOnly: ['ADDRESS_INVALID'] }
        : { rules: ['ADDRESS_INVALID'], aiOnly: [] };
    case 'failed_payment':
      return { rules: ['PAYMENT_FAILED'], aiOnly: [] };
    case 'inventory_shortage':
      return { rules: ['INVENTORY_SHORTAGE'], aiOnly: [] };
    case 'damaged_package':
      return { rules: ['DAMAGED_PACKAGE'], aiOnly: [] };
    case 'customer_unavailable':
      return { rules: ['CUSTOMER_UNAVAILABLE'], aiOnly: [] };
    case 'late_pick':
      return { rules: ['PICK_DELAY'], aiOnly: [] };
    // A late scan is its stage's delay alone: a MISSING_SCAN raised while it was absent is resolved when it arrives.
    case 'late_pack':
      return { rules: ['PACK_DELAY'], aiOnly: [] };
    case 'late_handoff':
      return { rules: ['CARRIER_ISSUE'], aiOnly: [] };
    // The open ship window breaches at its deadline, and the scan, still absent, counts as missing an hour later.
    case 'missing_scan':
      return { rules: ['CARRIER_ISSUE', 'MISSING_SCAN'], aiOnly: [] };
  }
}

/** Weighted choices for one categorical draw over every scenario. */
export function scenarioWeights(rates: ScenarioRates): { weight: number; value: Scenario }[] {
  const problems = PROBLEM_KINDS.map((kind) => ({ weight: rates.problems[kind], value: kind as Scenario }));
  const sla = SLA_SCENARIOS.map((kind) => ({ weight: rates.sla[kind], value: kind as Scenario }));
  const used = [...problems, ...sla].reduce((sum, entry) => sum + entry.weight, 0);
  if (used > 1) throw new Error(`scenario rates add up to ${used}, more than 1`);
  return [...problems, ...sla, { weight: 1 - used, value: 'normal' as Scenario }].filter(
    (entry) => entry.weight > 0,
  );
}
