import { REASON_CODE_LIST, type ReasonCode } from '../exceptions/reason-codes';
import { fallbackNotes } from './fallback-notes';
import { analyzeExceptionPatterns, priorityScore } from './patterns';
import {
  aiFailureBlockReason,
  approvedResolutionPlan,
  fallbackResolutionPlan,
  isResolutionEligible,
  lowConfidenceBlockReason,
  maxAttemptsBlockReason,
  shouldExecute,
} from './resolution-rules';

const thresholds = { minSuccessProbability: 0.6, lowConfidenceBlockThreshold: 0.3 };

describe('block reasons', () => {
  it.each([
    [maxAttemptsBlockReason(2), 'Maximum resolution attempts (2) reached'],
    [lowConfidenceBlockReason(0.15), 'AI confidence too low (0.15) - manual review required'],
    [lowConfidenceBlockReason(0.1), 'AI confidence too low (0.10) - manual review required'],
    [aiFailureBlockReason('timeout'), 'Repeated AI analysis failures: timeout'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('isResolutionEligible', () => {
  it.each([
    ['OPEN', false, 0, 2, true],
    ['IN_PROGRESS', false, 1, 2, true],
    ['OPEN', false, 2, 2, false],
    ['OPEN', true, 0, 2, false],
    ['ACKNOWLEDGED', false, 0, 2, false],
    ['RESOLVED', false, 0, 2, false],
  ])('%s blocked=%s attempts=%i/%i → %s', (status, blocked, attempts, max, expected) => {
    expect(
      isResolutionEligible({
        status,
        resolution_blocked: blocked,
        resolution_attempts: attempts,
        max_resolution_attempts: max,
      }),
    ).toBe(expected);
  });
});

describe('shouldExecute', () => {
  const plan = {
    can_auto_resolve: true,
    confidence: 0.8,
    success_probability: 0.7,
    automated_actions: ['a'],
  };
  it.each([
    ['all conditions met', plan, true],
    ['cannot auto resolve', { ...plan, can_auto_resolve: false }, false],
    ['confidence 0.69', { ...plan, confidence: 0.69 }, false],
    ['confidence exactly 0.7', { ...plan, confidence: 0.7 }, true],
    ['success 0.59', { ...plan, success_probability: 0.59 }, false],
    ['success exactly 0.6', { ...plan, success_probability: 0.6 }, true],
    ['no actions', { ...plan, automated_actions: [] }, false],
  ])('%s', (_name, input, expected) => {
    expect(shouldExecute(input, thresholds)).toBe(expected);
  });
});

describe('fallbackResolutionPlan', () => {
  it.each<[ReasonCode, string[], number, number]>([
    ['ADDRESS_INVALID', ['address_validation_service'], 0.6, 0.7],
    ['PAYMENT_FAILED', ['payment_retry'], 0.5, 0.4],
    ['SYSTEM_ERROR', ['system_recovery'], 0.4, 0.6],
    ['PICK_DELAY', [], 0, 0],
    ['STOCK_MISMATCH', [], 0, 0],
  ])('%s', (code, actions, confidence, success) => {
    const plan = fallbackResolutionPlan(code);
    expect(plan.automated_actions).toEqual(actions);
    expect(plan.confidence).toBe(confidence);
    expect(plan.success_probability).toBe(success);
    expect(plan.can_auto_resolve).toBe(actions.length > 0);
  });

  it('approved STOCK_MISMATCH reallocates inventory', () => {
    expect(approvedResolutionPlan('STOCK_MISMATCH').automated_actions).toEqual(['inventory_reallocation']);
  });
});

describe('fallbackNotes', () => {
  it.each(REASON_CODE_LIST)('%s has its own label and notes', (code) => {
    const notes = fallbackNotes(code);
    expect(notes.label).toBe(code);
    expect(notes.ops_note.length).toBeGreaterThan(40);
    expect(notes.client_note.length).toBeGreaterThan(30);
    expect(notes.client_note.length).toBeLessThanOrEqual(1000);
  });
  it('notes differ between codes', () => {
    const opsNotes = new Set(REASON_CODE_LIST.map((code) => fallbackNotes(code).ops_note));
    expect(opsNotes.size).toBe(REASON_CODE_LIST.length);
  });
});

describe('analyzeExceptionPatterns', () => {
  const at = (iso: string) => new Date(iso);
  const rows = [
    {
      reason_code: 'PICK_DELAY',
      severity: 'MEDIUM',
      status: 'OPEN',
      created_at: at('2026-11-23T10:00:00Z'),
      resolved_at: null,
      resolution_blocked: false,
    },
    {
      reason_code: 'PICK_DELAY',
      severity: 'MEDIUM',
      status: 'RESOLVED',
      created_at: at('2026-11-23T10:30:00Z'),
      resolved_at: at('2026-11-23T12:00:00Z'),
      resolution_blocked: false,
    },
    {
      reason_code: 'PAYMENT_FAILED',
      severity: 'HIGH',
      status: 'OPEN',
      created_at: at('2026-11-24T15:00:00Z'),
      resolved_at: null,
      resolution_blocked: true,
    },
  ];
  it('counts by reason, severity, hour and weekday with the resolution rate', () => {
    const patterns = analyzeExceptionPatterns(rows);
    expect(patterns.total).toBe(3);
    expect(patterns.by_reason).toEqual({ PICK_DELAY: 2, PAYMENT_FAILED: 1 });
    expect(patterns.by_severity).toEqual({ MEDIUM: 2, HIGH: 1 });
    expect(patterns.by_hour_of_day[10]).toBe(2);
    expect(patterns.by_hour_of_day[15]).toBe(1);
    expect(patterns.by_weekday[1]).toBe(2); // 2026-11-23 is a Monday
    expect(patterns.resolution_rate).toBe(33.33);
    expect(patterns.top_issues[0]).toEqual({ reason_code: 'PICK_DELAY', count: 2, share: 66.67 });
    expect(patterns.insights).toContain('Exceptions peak at 10:00 UTC');
    expect(patterns.insights).toContain('1 exceptions are blocked from automated resolution and need review');
  });
  it('an empty window has no insights but a zero rate', () => {
    expect(analyzeExceptionPatterns([])).toMatchObject({ total: 0, resolution_rate: 0, insights: [] });
  });
});

describe('priorityScore', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  it.each([
    [
      'fresh MEDIUM pick delay',
      {
        reason_code: 'PICK_DELAY',
        severity: 'MEDIUM',
        created_at: now,
        escalated_at: null,
        resolution_attempts: 0,
      },
      30,
    ],
    [
      'CRITICAL system error 1h old (4× escalation)',
      {
        reason_code: 'SYSTEM_ERROR',
        severity: 'CRITICAL',
        created_at: new Date('2026-11-29T11:00:00Z'),
        escalated_at: null,
        resolution_attempts: 0,
      },
      90,
    ],
    [
      'escalated HIGH after 2 attempts',
      {
        reason_code: 'CARRIER_ISSUE',
        severity: 'HIGH',
        created_at: new Date('2026-11-29T11:30:00Z'),
        escalated_at: now,
        resolution_attempts: 2,
      },
      55,
    ],
  ])('%s', (_name, facts, expected) => {
    expect(priorityScore(facts, now)).toBe(expected);
  });
});
