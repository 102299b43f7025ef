import { z } from 'zod';
import { REASON_CODE_LIST, REASON_CODES, type ReasonCode } from '../exceptions/reason-codes';
import {
  EXECUTION_MIN_CONFIDENCE,
  RESOLUTION_ACTIONS,
  shouldExecute,
  type ResolutionPlan,
  type ResolutionThresholds,
} from './resolution-rules';

// Resolution playbooks (docs/playbooks.md): per tenant and reason code, the ordered steps automation may take, in
// which mode, under which conditions, and the check that proves a step worked. The tenant's playbook is the
// authority: a model may choose among the steps it allows, never beyond them.

/** The partner adapters plus `notify_customer` (the client note, delivered by the notification outbox). */
export const PLAYBOOK_ACTIONS = [...RESOLUTION_ACTIONS, 'notify_customer'] as const;
export type PlaybookAction = (typeof PLAYBOOK_ACTIONS)[number];

/** Loosest first: `auto` runs unattended, `approval` waits for a person, `never` is forbidden. */
export const EXECUTION_MODES = ['auto', 'approval', 'never'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

/** What is re-checked after a step before its exception may be RESOLVED; `none` never resolves by itself. */
export const SUCCESS_CHECKS = [
  'address_valid',
  'payment_captured',
  'scan_present',
  'carrier_moving',
  'stock_reallocated',
  'system_recovered',
  'none',
] as const;
export type SuccessCheck = (typeof SUCCESS_CHECKS)[number];

export const DEFAULT_SUCCESS_CHECK: Record<PlaybookAction, SuccessCheck> = {
  address_validation_service: 'address_valid',
  payment_retry: 'payment_captured',
  inventory_reallocation: 'stock_reallocated',
  scan_backfill: 'scan_present',
  carrier_api_update: 'carrier_moving',
  system_recovery: 'system_recovered',
  notify_customer: 'none',
};

/** Where a resolution decision came from, stored as `resolution_attempts.decision_source`. */
export const DECISION_SOURCES = ['ai', 'playbook', 'human'] as const;
export type DecisionSource = (typeof DECISION_SOURCES)[number];

const cents = z.int().min(0).max(100_000_000_000);
const attempt = z.int().min(1).max(100);

export const PlaybookConditionsSchema = z
  .object({
    min_order_value_cents: cents.optional(),
    max_order_value_cents: cents.optional(),
    service_levels: z
      .array(z.enum(['standard', 'express', 'overnight']))
      .min(1)
      .optional(),
    carriers: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
    min_attempt: attempt.optional(),
    max_attempt: attempt.optional(),
  })
  .strict()
  .superRefine((when, ctx) => {
    const pairs = [
      ['min_order_value_cents', 'max_order_value_cents'],
      ['min_attempt', 'max_attempt'],
    ] as const;
    for (const [min, max] of pairs) {
      const low = when[min];
      const high = when[max];
      if (low !== undefined && high !== undefined && low > high) {
        ctx.addIssue({ code: 'custom', path: [min], message: `must not exceed ${max}` });
      }
    }
  });
export type PlaybookConditions = z.infer<typeof PlaybookConditionsSchema>;

export const PlaybookStepSchema = z
  .object({
    action: z.enum(PLAYBOOK_ACTIONS),
    mode: z.enum(EXECUTION_MODES),
    when: PlaybookConditionsSchema.optional(),
    success_check: z.enum(SUCCESS_CHECKS).optional(),
  })
  .strict();
export type PlaybookStep = z.infer<typeof PlaybookStepSchema>;

export const PlaybookSchema = z.object({ steps: z.array(PlaybookStepSchema).max(20) }).strict();
export type Playbook = z.infer<typeof PlaybookSchema>;

/** A tenant's playbooks by reason code; a code left out uses the default playbook. */
export const PlaybookOverridesSchema = z.partialRecord(
  z.enum(REASON_CODE_LIST as [ReasonCode, ...ReasonCode[]]),
  PlaybookSchema,
);
export type PlaybookOverrides = z.infer<typeof PlaybookOverridesSchema>;
export type Playbooks = Record<ReasonCode, Playbook>;

/** `PUT /tenants/{name}/playbooks`: the overrides replacing the previous version's, from `effective_from`. */
export const PlaybooksVersionBodySchema = z
  .object({
    effective_from: z.iso.datetime({ offset: true }).optional(),
    playbooks: PlaybookOverridesSchema,
  })
  .strict();
export type PlaybooksVersionBody = z.infer<typeof PlaybooksVersionBodySchema>;

/** The action a reason code's default playbook uses, from the domain reference's reason-code table (§4, §7). */
const DEFAULT_ACTION: Partial<Record<ReasonCode, PlaybookAction>> = {
  MISSING_SCAN: 'scan_backfill',
  INVENTORY_SHORTAGE: 'inventory_reallocation',
  STOCK_MISMATCH: 'inventory_reallocation',
  ADDRESS_INVALID: 'address_validation_service',
  PAYMENT_FAILED: 'payment_retry',
  SYSTEM_ERROR: 'system_recovery',
  CARRIER_ISSUE: 'carrier_api_update',
  DELIVERY_DELAY: 'carrier_api_update',
  ADDRESS_ERROR: 'address_validation_service',
};

/** The mode the reason-code table gives: auto-resolvable → auto, needs approval → approval, otherwise never. */
export function defaultExecutionMode(code: ReasonCode): ExecutionMode {
  const spec = REASON_CODES[code];
  if (spec.needsApproval) return 'approval';
  return spec.autoResolvable ? 'auto' : 'never';
}

/** The playbooks shipped in the repository, one per reason code. */
export const DEFAULT_PLAYBOOKS: Playbooks = Object.fromEntries(
  REASON_CODE_LIST.map((code) => {
    const action = DEFAULT_ACTION[code];
    const steps: PlaybookStep[] = action
      ? [{ action, mode: defaultExecutionMode(code), success_check: DEFAULT_SUCCESS_CHECK[action] }]
      : [];
    return [code, { steps }];
  }),
) as Playbooks;

/** The tenant's overrides over the defaults. */
export function effectivePlaybooks(overrides: PlaybookOverrides | null | undefined): Playbooks {
  return { ...DEFAULT_PLAYBOOKS, ...(overrides ?? {}) } as Playbooks;
}

/** What a step's conditions are evaluated against. */
export interface PlaybookContext {
  attemptNumber: number;
  orderValueCents: number | null;
  serviceLevel: string | null;
  carrier: string | null;
}

/** A condition about a fact that is unknown does not hold: a step limited to express orders skips an unknown one. */
export function conditionsHold(when: PlaybookConditions | undefined, context: PlaybookContext): boolean {
  if (!when) return true;
  const value = context.orderValueCents;
  if (when.min_order_value_cents !== undefined && (value === null || value < when.min_order_value_cents))
    return false;
  if (when.max_order_value_cents !== undefined && (value === null || value > when.max_order_value_cents))
    return false;
  if (when.service_levels && !when.service_levels.some((level) => level === context.serviceLevel))
    return false;
  const carrier = context.carrier?.trim().toLowerCase() ?? null;
  if (when.carriers && !when.carriers.some((name) => name.trim().toLowerCase() === carrier)) return false;
  if (when.min_attempt !== undefined && context.attemptNumber < when.min_attempt) return false;
  if (when.max_attempt !== undefined && context.attemptNumber > when.max_attempt) return false;
  return true;
}

/** A step to run, with the check that proves it worked. */
export interface PlannedStep {
  action: PlaybookAction;
  success_check: SuccessCheck;
}

/** An action a plan asked for that the playbook does not allow unattended. */
export interface RefusedAction {
  action: string;
  reason: 'not_in_playbook' | 'never' | 'needs_approval';
}

export type ResolutionDecision =
  | { kind: 'execute'; source: DecisionSource; steps: PlannedStep[]; refused: RefusedAction[] }
  | { kind: 'approval'; source: 'playbook'; steps: PlannedStep[] }
  | { kind: 'none'; source: DecisionSource; reason: string; refused: RefusedAction[] };

export interface DecisionInput {
  playbook: Playbook;
  context: PlaybookContext;
  /** A model answer above the low-confidence block; null when no model answered (off, failed, budget, breaker). */
  aiPlan: ResolutionPlan | null;
  /** A person approved the exception's pending resolution. */
  isApproved: boolean;
  thresholds: ResolutionThresholds;
}

const planned = (step: PlaybookStep): PlannedStep => ({
  action: step.action,
  success_check: step.success_check ?? DEFAULT_SUCCESS_CHECK[step.action],
});

/** The steps of a playbook whose conditions hold, in playbook order. */
export const applicableSteps = (playbook: Playbook, context: PlaybookContext): PlaybookStep[] =>
  playbook.steps.filter((step) => conditionsHold(step.when, context));

/** True when the playbook's first decision for this context is a person's: approval steps and no auto step. */
export function playbookNeedsApproval(playbook: Playbook, context: PlaybookContext): boolean {
  const steps = applicableSteps(playbook, context);
  return !steps.some((step) => step.mode === 'auto') && steps.some((step) => step.mode === 'approval');
}

/**
 * Who decides and what runs. A person's approval runs the approval and auto steps. A model plan at ≥ 0.7 that
 * passes the execution gate runs only the actions the playbook allows in `auto`; a model answering below 0.7, or
 * no model at all, leaves the decision to the playbook.
 */
export function decideResolution(input: DecisionInput): ResolutionDecision {
  const steps = applicableSteps(input.playbook, input.context);
  if (input.isApproved) {
    const allowed = steps.filter((step) => step.mode !== 'never').map(planned);
    return allowed.length
      ? { kind: 'execute', source: 'human', steps: allowed, refused: [] }
      : { kind: 'none', source: 'human', reason: 'the playbook allows no action', refused: [] };
  }
  const plan = input.aiPlan;
  if (plan && plan.confidence >= EXECUTION_MIN_CONFIDENCE) {
    if (!shouldExecute(plan, input.thresholds)) {
      return { kind: 'none', source: 'ai', reason: 'the model advised against automation', refused: [] };
    }
    const allowed: PlannedStep[] = [];
    const refused: RefusedAction[] = [];
    for (const action of plan.automated_actions) {
      const matching = steps.filter((step) => step.action === action);
      if (matching.length === 0) refused.push({ action, reason: 'not_in_playbook' });
      else if (matching.some((step) => step.mode === 'never')) refused.push({ action, reason: 'never' });
      else if (!matching.some((step) => step.mode === 'auto'))
        refused.push({ action, reason: 'needs_approval' });
      else if (!allowed.some((step) => step.action === action))
        allowed.push(planned(matching.find((step) => step.mode === 'auto')!));
    }
    return allowed.length
      ? { kind: 'execute', source: 'ai', steps: allowed, refused }
      : { kind: 'none', source: 'ai', reason: 'the playbook forbids every action of the plan', refused };
  }
  const auto = steps.filter((step) => step.mode === 'auto').map(planned);
  if (auto.length) return { kind: 'execute', source: 'playbook', steps: auto, refused: [] };
  const approval = steps.filter((step) => step.mode === 'approval').map(planned);
  if (approval.length) return { kind: 'approval', source: 'playbook', steps: approval };
  return { kind: 'none', source: 'playbook', reason: 'the playbook has no automatic step', refused: [] };
}

/** What the re-check after a step observed, per success check. */
export type SuccessObservation =
  | { check: 'address_valid'; isValid: boolean; zip: string | null }
  | { check: 'payment_captured'; gatewayStatus: string | null; paymentEventAt: string | null }
  | { check: 'scan_present'; scanEventType: string | null; scanAt: string | null }
  | { check: 'carrier_moving'; carrierStatus: string | null; location: string | null }
  | { check: 'stock_reallocated'; wmsStatus: string | null }
  | { check: 'system_recovered'; systemStatus: string | null }
  | { check: 'none' };

/** Carrier statuses that show the parcel is moving again. */
export const MOVING_CARRIER_STATUSES = [
  'picked_up',
  'in_transit',
  'shipment_dispatched',
  'out_for_delivery',
  'delivered',
] as const;

export interface VerifiedOutcome {
  check: SuccessCheck;
  isVerified: boolean;
  detail: string;
}

/** Whether the observation proves the step worked; the detail is the evidence stored with the attempt. */
export function verifySuccess(observation: SuccessObservation): VerifiedOutcome {
  const result = (isVerified: boolean, detail: string): VerifiedOutcome => ({
    check: observation.check,
    isVerified,
    detail,
  });
  switch (observation.check) {
    case 'address_valid':
      return observation.isValid
        ? result(true, `address re-validated (zip ${observation.zip ?? '?'})`)
        : result(false, 'address still invalid on re-validation');
    case 'payment_captured':
      if (observation.paymentEventAt) return result(true, `payment event at ${observation.paymentEventAt}`);
      return observation.gatewayStatus === 'succeeded'
        ? result(true, 'payment capture confirmed by the gateway')
        : result(false, `no payment capture (gateway: ${observation.gatewayStatus ?? 'no answer'})`);
    case 'scan_present':
      return observation.scanEventType && observation.scanAt
        ? result(true, `${observation.scanEventType} scan at ${observation.scanAt}`)
        : result(false, 'no scan record');
    case 'carrier_moving':
      return (MOVING_CARRIER_STATUSES as readonly string[]).includes(observation.carrierStatus ?? '')
        ? result(true, `carrier status ${observation.carrierStatus} at ${observation.location ?? '?'}`)
        : result(false, `carrier status ${observation.carrierStatus ?? 'unknown'} is not moving`);
    case 'stock_reallocated':
      return observation.wmsStatus === 'reallocated'
        ? result(true, 'stock reallocated in the WMS')
        : result(false, `WMS answered ${observation.wmsStatus ?? 'nothing'}`);
    case 'system_recovered':
      return observation.systemStatus === 'recovered'
        ? result(true, 'failed step re-run successfully')
        : result(false, `system answered ${observation.systemStatus ?? 'nothing'}`);
    case 'none':
      return result(false, 'no success check: the step does not resolve by itself');
  }
}

/** Resolved iff at least one step has a success check and every such step was verified. */
export function isResolvedByVerification(outcomes: readonly VerifiedOutcome[]): boolean {
  const checked = outcomes.filter((outcome) => outcome.check !== 'none');
  return checked.length > 0 && checked.every((outcome) => outcome.isVerified);
}

// Facts outrank inferences: an exception resting on a reported event is never closed or downgraded by a model.

/** Order-problem codes whose rule reads a fact the source reported (payment, damage, failed delivery, stock). */
export const REPORTED_FACT_ORDER_PROBLEMS: readonly ReasonCode[] = [
  'PAYMENT_FAILED',
  'DAMAGED_PACKAGE',
  'CUSTOMER_UNAVAILABLE',
  'INVENTORY_SHORTAGE',
];

/** `context_data.source` values of exceptions raised from a reported event. */
export const REPORTED_EVENT_SOURCES = ['wms_exception_reported'] as const;

/** True when the exception rests on a reported event or an SLA window (a measured fact), not on an inference. */
export function restsOnReportedFact(reasonCode: string, context: Record<string, unknown> | null): boolean {
  const source = typeof context?.source === 'string' ? context.source : null;
  if (context && 'window' in context) return true;
  if (source && (REPORTED_EVENT_SOURCES as readonly string[]).includes(source)) return true;
  return (
    source === 'order_problem' && (REPORTED_FACT_ORDER_PROBLEMS as readonly string[]).includes(reasonCode)
  );
}
