import {
  attemptPlanSource,
  exceptionEffectOfAttempt,
  finishedAttemptBlockReason,
  finishedAttemptStatus,
  isAttemptSpacingElapsed,
  tallyResolutionAttempts,
  type ResolutionAttemptOutcome,
} from './resolution-attempts';

describe('finishedAttemptStatus', () => {
  it.each<[ResolutionAttemptOutcome, string]>([
    ['resolved', 'SUCCEEDED'],
    ['failed', 'FAILED'],
    ['blocked_ai_failure', 'FAILED'],
    ['not_executed', 'SKIPPED'],
    ['blocked_low_confidence', 'SKIPPED'],
    ['not_eligible', 'SKIPPED'],
    ['needs_approval', 'SKIPPED'],
  ])('%s → %s', (outcome, status) => {
    expect(finishedAttemptStatus(outcome)).toBe(status);
  });
});

describe('finishedAttemptBlockReason', () => {
  it.each<[string, ResolutionAttemptOutcome, number, number, string | null, string | null]>([
    ['first of two failed', 'failed', 1, 2, null, null],
    ['last of two failed', 'failed', 2, 2, null, 'Maximum resolution attempts (2) reached'],
    ['last of two not executed', 'not_executed', 2, 2, null, 'Maximum resolution attempts (2) reached'],
    ['beyond the maximum', 'failed', 3, 2, null, 'Maximum resolution attempts (2) reached'],
    ['last attempt resolved', 'resolved', 2, 2, null, null],
    ['own reason wins', 'blocked_low_confidence', 1, 2, 'low', 'low'],
    ['own reason wins on the last attempt', 'blocked_ai_failure', 2, 2, 'ai down', 'ai down'],
  ])('%s', (_name, outcome, attemptNumber, maxAttempts, blockReason, expected) => {
    expect(finishedAttemptBlockReason({ outcome, attemptNumber, maxAttempts, blockReason })).toBe(expected);
  });
});

describe('exceptionEffectOfAttempt', () => {
  it.each<[ResolutionAttemptOutcome, string | null, ReturnType<typeof exceptionEffectOfAttempt>]>([
    ['resolved', null, { kind: 'resolve' }],
    ['resolved', 'ignored', { kind: 'resolve' }],
    [
      'failed',
      'Maximum resolution attempts (2) reached',
      { kind: 'block', reason: 'Maximum resolution attempts (2) reached' },
    ],
    ['blocked_low_confidence', 'low', { kind: 'block', reason: 'low' }],
    ['failed', null, { kind: 'none' }],
    ['not_executed', null, { kind: 'none' }],
  ])('%s with block %s', (outcome, blockReason, effect) => {
    expect(exceptionEffectOfAttempt(outcome, blockReason)).toEqual(effect);
  });
});

describe('attemptPlanSource', () => {
  it.each<[ResolutionAttemptOutcome, 'ai' | 'rules' | 'approval' | null, string | null]>([
    ['resolved', 'rules', 'rules'],
    ['resolved', 'approval', 'approval'],
    ['blocked_low_confidence', null, 'ai'],
    ['blocked_ai_failure', null, 'ai'],
    ['failed', null, null],
    ['not_eligible', null, null],
  ])('%s with plan %s → %s', (outcome, planSource, expected) => {
    expect(attemptPlanSource(outcome, planSource)).toBe(expected);
  });
});

describe('isAttemptSpacingElapsed', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  it.each<[string, Date | string | null, number, boolean, boolean]>([
    ['never attempted', null, 30, false, true],
    ['29 minutes ago, 30 required', new Date('2026-05-01T11:31:00Z'), 30, false, false],
    ['exactly 30 minutes ago', new Date('2026-05-01T11:30:00Z'), 30, false, true],
    ['31 minutes ago as a string', '2026-05-01T11:29:00Z', 30, false, true],
    ['just now, no spacing configured', new Date('2026-05-01T12:00:00Z'), 0, false, true],
    ['just now, but approved by a person', new Date('2026-05-01T11:59:00Z'), 30, true, true],
  ])('%s → %s', (_name, lastAttemptAt, retryMinutes, isApproval, expected) => {
    expect(isAttemptSpacingElapsed(lastAttemptAt, now, retryMinutes, isApproval)).toBe(expected);
  });
});

describe('tallyResolutionAttempts', () => {
  it.each<[string, Array<[number | null, ResolutionAttemptOutcome, string | null]>, object]>([
    ['nothing', [], { attempted: 0, resolved: 0, failed: 0, notExecuted: 0, blocked: 0, skipped: 0 }],
    [
      'one of each',
      [
        [1, 'resolved', null],
        [2, 'failed', 'Maximum resolution attempts (2) reached'],
        [1, 'not_executed', null],
        [1, 'blocked_low_confidence', 'low'],
        [null, 'not_eligible', null],
        [null, 'needs_approval', null],
      ],
      { attempted: 4, resolved: 1, failed: 1, notExecuted: 1, blocked: 2, skipped: 2 },
    ],
    [
      'a resumed attempt is attempted, not skipped',
      [[1, 'failed', null]],
      { attempted: 1, resolved: 0, failed: 1, notExecuted: 0, blocked: 0, skipped: 0 },
    ],
  ])('%s', (_name, rows, expected) => {
    const results = rows.map(([attemptNumber, outcome, blockReason]) => ({
      attemptNumber,
      outcome,
      blockReason,
    }));
    expect(tallyResolutionAttempts(results)).toEqual(expected);
  });
});
