import { REASON_CODES, type ReasonCode } from '../exceptions/reason-codes';

// Domain reference §7: eligibility, block texts, execution threshold and the rule fallback actions.

export const RESOLUTION_ACTIONS = [
  'address_validation_service',
  'payment_retry',
  'inventory_reallocation',
  'scan_backfill',
  'system_recovery',
  'carrier_api_update',
] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

/** Execution needs at least this AI confidence regardless of settings (§6). */
export const EXECUTION_MIN_CONFIDENCE = 0.7;

export interface ResolutionThresholds {
  minSuccessProbability: number;
  lowConfidenceBlockThreshold: number;
}

export interface ResolutionPlan {
  can_auto_resolve: boolean;
  confidence: number;
  automated_actions: string[];
  success_probability: number;
}

export interface EligibilityFacts {
  status: string;
  resolution_blocked: boolean;
  resolution_attempts: number;
  max_resolution_attempts: number;
}

export const isResolutionEligible = (facts: EligibilityFacts): boolean =>
  (facts.status === 'OPEN' || facts.status === 'IN_PROGRESS') &&
  !facts.resolution_blocked &&
  facts.resolution_attempts < facts.max_resolution_attempts;

export const maxAttemptsBlockReason = (maxAttempts: number): string =>
  `Maximum resolution attempts (${maxAttempts}) reached`;

export const lowConfidenceBlockReason = (confidence: number): string =>
  `AI confidence too low (${confidence.toFixed(2)}) - manual review required`;

export const aiFailureBlockReason = (error: string): string => `Repeated AI analysis failures: ${error}`;

export const isLowConfidence = (confidence: number, thresholds: ResolutionThresholds): boolean =>
  confidence < thresholds.lowConfidenceBlockThreshold;

/** Execute iff can_auto_resolve ∧ confidence ≥ 0.7 ∧ success_probability ≥ minimum ∧ actions non-empty. */
export function shouldExecute(plan: ResolutionPlan, thresholds: ResolutionThresholds): boolean {
  return (
    plan.can_auto_resolve &&
    plan.confidence >= EXECUTION_MIN_CONFIDENCE &&
    plan.success_probability >= thresholds.minSuccessProbability &&
    plan.automated_actions.length > 0
  );
}

export interface RuleResolutionPlan extends ResolutionPlan {
  automated_actions: ResolutionAction[];
  resolution_strategy: string;
  reasoning: string;
}

const RULES: Partial<Record<ReasonCode, Omit<RuleResolutionPlan, 'can_auto_resolve' | 'reasoning'>>> = {
  ADDRESS_INVALID: {
    confidence: 0.6,
    success_probability: 0.7,
    automated_actions: ['address_validation_service'],
    resolution_strategy: 'Validate and correct the shipping address with the address service',
  },
  PAYMENT_FAILED: {
    confidence: 0.5,
    success_probability: 0.4,
    automated_actions: ['payment_retry'],
    resolution_strategy: 'Retry the payment with the gateway',
  },
  SYSTEM_ERROR: {
    confidence: 0.4,
    success_probability: 0.6,
    automated_actions: ['system_recovery'],
    resolution_strategy: 'Re-run the failed integration step',
  },
};

/** The rule plan used when the AI is unavailable; other codes cannot auto-resolve. */
export function fallbackResolutionPlan(reasonCode: ReasonCode): RuleResolutionPlan {
  const rule = RULES[reasonCode];
  if (!rule) {
    return {
      can_auto_resolve: false,
      confidence: 0,
      success_probability: 0,
      automated_actions: [],
      resolution_strategy: 'Manual handling',
      reasoning: `No automated rule for ${reasonCode}`,
    };
  }
  return { ...rule, can_auto_resolve: true, reasoning: `Rule-based plan for ${reasonCode}` };
}

/** The action a human approves for codes that need approval (STOCK_MISMATCH → WMS reallocation). */
export function approvedResolutionPlan(reasonCode: ReasonCode): RuleResolutionPlan {
  const actions: ResolutionAction[] =
    reasonCode === 'STOCK_MISMATCH' || reasonCode === 'INVENTORY_SHORTAGE'
      ? ['inventory_reallocation']
      : fallbackResolutionPlan(reasonCode).automated_actions;
  return {
    can_auto_resolve: actions.length > 0,
    confidence: 1,
    success_probability: 1,
    automated_actions: actions,
    resolution_strategy: 'Human-approved resolution',
    reasoning: 'Approved by an operator',
  };
}

export const needsApproval = (reasonCode: ReasonCode): boolean => REASON_CODES[reasonCode].needsApproval;

export const isResolutionAction = (value: string): value is ResolutionAction =>
  (RESOLUTION_ACTIONS as readonly string[]).includes(value);
