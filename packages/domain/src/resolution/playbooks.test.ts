import { REASON_CODE_LIST, REASON_CODES } from '../exceptions/reason-codes';
import {
  DEFAULT_PLAYBOOKS,
  PlaybooksVersionBodySchema,
  conditionsHold,
  decideResolution,
  effectivePlaybooks,
  isResolvedByVerification,
  playbookNeedsApproval,
  restsOnReportedFact,
  verifySuccess,
  type Playbook,
  type PlaybookContext,
  type SuccessObservation,
} from './playbooks';

const thresholds = { minSuccessProbability: 0.6, lowConfidenceBlockThreshold: 0.3 };
const context: PlaybookContext = {
  attemptNumber: 1,
  orderValueCents: 5000,
  serviceLevel: 'express',
  carrier: 'UPS',
};
const aiPlan = (actions: string[], confidence = 0.95) => ({
  can_auto_resolve: true,
  confidence,
  success_probability: 0.9,
  automated_actions: actions,
});

describe('default playbooks (domain reference §4)', () => {
  it.each(REASON_CODE_LIST)('%s follows the reason-code table', (code) => {
    const spec = REASON_CODES[code];
    const modes = DEFAULT_PLAYBOOKS[code].steps.map((step) => step.mode);
    if (spec.needsApproval) expect(modes).toEqual(['approval']);
    else if (spec.autoResolvable) expect(modes).toEqual(['auto']);
    else expect(modes.every((mode) => mode === 'never')).toBe(true);
  });

  it.each([
    ['ADDRESS_INVALID', 'address_validation_service', 'address_valid'],
    ['PAYMENT_FAILED', 'payment_retry', 'payment_captured'],
    ['MISSING_SCAN', 'scan_backfill', 'scan_present'],
    ['INVENTORY_SHORTAGE', 'inventory_reallocation', 'stock_reallocated'],
    ['SYSTEM_ERROR', 'system_recovery', 'system_recovered'],
    ['STOCK_MISMATCH', 'inventory_reallocation', 'stock_reallocated'],
    ['CARRIER_ISSUE', 'carrier_api_update', 'carrier_moving'],
  ] as const)('%s → %s checked by %s', (code, action, check) => {
    expect(DEFAULT_PLAYBOOKS[code].steps[0]).toMatchObject({ action, success_check: check });
  });

  it('a tenant override replaces only its code', () => {
    const playbooks = effectivePlaybooks({ PAYMENT_FAILED: { steps: [] } });
    expect(playbooks.PAYMENT_FAILED.steps).toEqual([]);
    expect(playbooks.ADDRESS_INVALID).toEqual(DEFAULT_PLAYBOOKS.ADDRESS_INVALID);
  });
});

describe('conditionsHold', () => {
  it.each([
    [undefined, context, true],
    [{ min_order_value_cents: 5000 }, context, true],
    [{ min_order_value_cents: 5001 }, context, false],
    [{ max_order_value_cents: 4999 }, context, false],
    [{ min_order_value_cents: 1 }, { ...context, orderValueCents: null }, false],
    [{ service_levels: ['express' as const] }, context, true],
    [{ service_levels: ['overnight' as const] }, context, false],
    [{ carriers: ['ups'] }, context, true],
    [{ carriers: ['FedEx'] }, context, false],
    [{ carriers: ['UPS'] }, { ...context, carrier: null }, false],
    [{ min_attempt: 2 }, context, false],
    [{ min_attempt: 2 }, { ...context, attemptNumber: 2 }, true],
    [{ max_attempt: 1 }, { ...context, attemptNumber: 2 }, false],
  ])('%j on %j → %s', (when, facts, expected) => {
    expect(conditionsHold(when, facts)).toBe(expected);
  });
});

describe('decideResolution', () => {
  const playbook = (steps: Playbook['steps']): Playbook => ({ steps });
  const auto = playbook([{ action: 'payment_retry', mode: 'auto' }]);

  it('no model: the playbook decides', () => {
    expect(
      decideResolution({ playbook: auto, context, aiPlan: null, isApproved: false, thresholds }),
    ).toEqual({
      kind: 'execute',
      source: 'playbook',
      steps: [{ action: 'payment_retry', success_check: 'payment_captured' }],
      refused: [],
    });
  });

  it('a model plan below 0.7 leaves the decision to the playbook', () => {
    const decision = decideResolution({
      playbook: auto,
      context,
      aiPlan: aiPlan(['address_validation_service'], 0.6),
      isApproved: false,
      thresholds,
    });
    expect(decision).toMatchObject({ kind: 'execute', source: 'playbook' });
  });

  it.each([
    ['never', { kind: 'none', source: 'ai', refused: [{ action: 'payment_retry', reason: 'never' }] }],
    [
      'approval',
      { kind: 'none', source: 'ai', refused: [{ action: 'payment_retry', reason: 'needs_approval' }] },
    ],
    [
      'auto',
      {
        kind: 'execute',
        source: 'ai',
        steps: [{ action: 'payment_retry', success_check: 'payment_captured' }],
      },
    ],
  ] as const)('an AI plan at 0.95 against a %s step', (mode, expected) => {
    const decision = decideResolution({
      playbook: playbook([{ action: 'payment_retry', mode }]),
      context,
      aiPlan: aiPlan(['payment_retry']),
      isApproved: false,
      thresholds,
    });
    expect(decision).toMatchObject(expected);
  });

  it('an AI action outside the playbook is refused, the allowed one runs', () => {
    const decision = decideResolution({
      playbook: auto,
      context,
      aiPlan: aiPlan(['system_recovery', 'payment_retry']),
      isApproved: false,
      thresholds,
    });
    expect(decision).toEqual({
      kind: 'execute',
      source: 'ai',
      steps: [{ action: 'payment_retry', success_check: 'payment_captured' }],
      refused: [{ action: 'system_recovery', reason: 'not_in_playbook' }],
    });
  });

  it('a confident model advising against automation is followed', () => {
    const decision = decideResolution({
      playbook: auto,
      context,
      aiPlan: { ...aiPlan(['payment_retry']), can_auto_resolve: false },
      isApproved: false,
      thresholds,
    });
    expect(decision).toMatchObject({ kind: 'none', source: 'ai' });
  });

  it('a step whose condition fails is not taken', () => {
    const limited = playbook([
      { action: 'payment_retry', mode: 'auto', when: { max_order_value_cents: 100 } },
    ]);
    expect(
      decideResolution({ playbook: limited, context, aiPlan: null, isApproved: false, thresholds }),
    ).toMatchObject({
      kind: 'none',
      source: 'playbook',
    });
  });

  it('approval steps wait for a person; the approval runs them', () => {
    const approval = playbook([{ action: 'inventory_reallocation', mode: 'approval' }]);
    expect(playbookNeedsApproval(approval, context)).toBe(true);
    expect(
      decideResolution({ playbook: approval, context, aiPlan: null, isApproved: false, thresholds }),
    ).toMatchObject({
      kind: 'approval',
    });
    expect(
      decideResolution({ playbook: approval, context, aiPlan: null, isApproved: true, thresholds }),
    ).toMatchObject({
      kind: 'execute',
      source: 'human',
      steps: [{ action: 'inventory_reallocation', success_check: 'stock_reallocated' }],
    });
  });

  it('escalation by attempt number: auto first, approval from the second attempt', () => {
    const stepped = playbook([
      { action: 'payment_retry', mode: 'auto', when: { max_attempt: 1 } },
      { action: 'payment_retry', mode: 'approval', when: { min_attempt: 2 } },
    ]);
    expect(playbookNeedsApproval(stepped, context)).toBe(false);
    expect(playbookNeedsApproval(stepped, { ...context, attemptNumber: 2 })).toBe(true);
  });
});

describe('verifySuccess', () => {
  it.each<[SuccessObservation, boolean]>([
    [{ check: 'address_valid', isValid: true, zip: '62704' }, true],
    [{ check: 'address_valid', isValid: false, zip: '00000' }, false],
    [{ check: 'payment_captured', gatewayStatus: 'succeeded', paymentEventAt: null }, true],
    [{ check: 'payment_captured', gatewayStatus: 'declined', paymentEventAt: null }, false],
    [{ check: 'payment_captured', gatewayStatus: null, paymentEventAt: '2026-11-30T10:00:00Z' }, true],
    [{ check: 'scan_present', scanEventType: 'pack_completed', scanAt: '2026-11-30T10:00:00Z' }, true],
    [{ check: 'scan_present', scanEventType: null, scanAt: null }, false],
    [{ check: 'carrier_moving', carrierStatus: 'in_transit', location: 'Memphis, TN' }, true],
    [{ check: 'carrier_moving', carrierStatus: 'exception', location: 'Regional hub' }, false],
    [{ check: 'stock_reallocated', wmsStatus: 'reallocated' }, true],
    [{ check: 'stock_reallocated', wmsStatus: 'insufficient_stock' }, false],
    [{ check: 'system_recovered', systemStatus: 'recovered' }, true],
    [{ check: 'none' }, false],
  ])('%j → %s', (observation, expected) => {
    expect(verifySuccess(observation).isVerified).toBe(expected);
  });

  it('resolves only when every checked step is verified and one was checked', () => {
    const ok = verifySuccess({ check: 'system_recovered', systemStatus: 'recovered' });
    const bad = verifySuccess({ check: 'stock_reallocated', wmsStatus: 'no' });
    const none = verifySuccess({ check: 'none' });
    expect(isResolvedByVerification([ok, none])).toBe(true);
    expect(isResolvedByVerification([ok, bad])).toBe(false);
    expect(isResolvedByVerification([none])).toBe(false);
  });
});

describe('restsOnReportedFact', () => {
  it.each([
    ['DAMAGED_PACKAGE', { source: 'wms_exception_reported' }, true],
    ['PAYMENT_FAILED', { source: 'order_problem' }, true],
    ['DAMAGED_PACKAGE', { source: 'order_problem' }, true],
    ['ADDRESS_INVALID', { source: 'order_problem' }, false],
    ['DELIVERY_DELAY', { source: 'order_problem' }, false],
    ['DELIVERY_DELAY', { window: 'delivery' }, true],
    ['PAYMENT_FAILED', { source: 'ai_order_analysis' }, false],
  ])('%s %j → %s', (code, contextData, expected) => {
    expect(restsOnReportedFact(code, contextData)).toBe(expected);
  });
});

describe('PlaybooksVersionBodySchema', () => {
  it.each([
    [
      { playbooks: { PAYMENT_FAILED: { steps: [{ action: 'payment_retry', mode: 'sometimes' }] } } },
      'playbooks.PAYMENT_FAILED.steps.0.mode',
    ],
    [{ playbooks: { NOT_A_CODE: { steps: [] } } }, 'playbooks Unrecognized key: "NOT_A_CODE"'],
    [
      { playbooks: { PAYMENT_FAILED: { steps: [{ action: 'teleport', mode: 'auto' }] } } },
      'playbooks.PAYMENT_FAILED.steps.0.action',
    ],
    [
      {
        playbooks: {
          PAYMENT_FAILED: {
            steps: [{ action: 'payment_retry', mode: 'auto', when: { min_attempt: 3, max_attempt: 1 } }],
          },
        },
      },
      'playbooks.PAYMENT_FAILED.steps.0.when.min_attempt',
    ],
    [{ playbooks: {}, extra: 1 }, ''],
  ])('%j is refused at %s', (body, path) => {
    const parsed = PlaybooksVersionBodySchema.safeParse(body);
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((issue) => `${[...issue.path].join('.')} ${issue.message}`);
    expect(issues.some((issue) => issue.startsWith(path))).toBe(true);
  });

  it('accepts the defaults as a body', () => {
    expect(PlaybooksVersionBodySchema.safeParse({ playbooks: DEFAULT_PLAYBOOKS }).success).toBe(true);
  });
});
