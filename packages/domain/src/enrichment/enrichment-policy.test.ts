import { decideRetry, reprocessReason, type EnrichmentCandidate } from './enrichment-policy';

const now = new Date('2026-11-29T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const record = (overrides: Partial<EnrichmentCandidate>): EnrichmentCandidate => ({
  aiLabel: 'PICK_DELAY',
  aiConfidence: 0.9,
  updatedAt: hoursAgo(1),
  enrichmentRetryCount: 0,
  needsManualReview: false,
  ...overrides,
});

describe('reprocessReason', () => {
  it.each([
    ['high confidence, recent', {}, null],
    ['confidence NULL', { aiConfidence: null }, 'ai_confidence_null'],
    ['label NULL', { aiLabel: null }, 'ai_label_null'],
    ['low confidence, 23 h old', { aiConfidence: 0.5, updatedAt: hoursAgo(23) }, null],
    ['low confidence, 25 h old', { aiConfidence: 0.5, updatedAt: hoursAgo(25) }, 'low_confidence_stale'],
    ['exactly 0.7 is high', { aiConfidence: 0.7, updatedAt: hoursAgo(48) }, null],
    [
      'low confidence, retries spent',
      { aiConfidence: 0.5, updatedAt: hoursAgo(48), enrichmentRetryCount: 5 },
      null,
    ],
    [
      'low confidence, 4 retries',
      { aiConfidence: 0.5, updatedAt: hoursAgo(48), enrichmentRetryCount: 4 },
      'low_confidence_stale',
    ],
    ['flagged for manual review', { aiConfidence: null, needsManualReview: true }, null],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(reprocessReason(record(overrides), now)).toBe(expected);
  });
});

describe('decideRetry', () => {
  it.each([
    [0, 1, 60],
    [1, 2, 300],
    [2, 3, 900],
    [3, 4, 3600],
    [4, 5, 14_400],
  ])('after %i retries the next is retry %i after %i s', (before, retryCount, delaySeconds) => {
    const decision = decideRetry(before, now);
    expect(decision).toEqual({
      kind: 'retry',
      retryCount,
      delaySeconds,
      nextRetryAt: new Date(now.getTime() + delaySeconds * 1000),
    });
  });

  it.each([5, 6])('after %i retries the record is exhausted (never more than 5)', (before) => {
    expect(decideRetry(before, now)).toEqual({ kind: 'exhausted', retryCount: 5 });
  });
});
