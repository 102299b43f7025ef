import {
  automationStageDecision,
  enrichmentBacklogReason,
  enrichmentOutcome,
  enrichmentStagesToRun,
  isEnrichmentDue,
  manualReviewAlertKey,
  manualReviewAlertMessage,
  recentEnrichmentErrors,
  shouldAutomateEnrichment,
  storedEnrichmentOutcome,
  type EnrichmentOutcome,
  type EnrichmentPassResult,
} from './enrichment-outcome';
import type { EnrichmentCandidate, EnrichmentStatus, ReprocessReason } from './enrichment-policy';

const asOf = new Date('2026-11-29T12:00:00Z');
const later = new Date('2026-11-29T12:05:00Z');
const earlier = new Date('2026-11-29T11:55:00Z');
const hoursAgo = (hours: number) => new Date(asOf.getTime() - hours * 3_600_000);

describe('enrichmentOutcome', () => {
  const pass = (overrides: Partial<EnrichmentPassResult>): EnrichmentPassResult => ({
    hasFailed: false,
    retryCountBefore: 0,
    confidence: 0.9,
    reason: null,
    asOf,
    ...overrides,
  });
  const at = (seconds: number) => new Date(asOf.getTime() + seconds * 1000);
  it.each<[string, Partial<EnrichmentPassResult>, EnrichmentOutcome]>([
    ['confident answer', {}, { outcome: 'completed', retryCount: 0, nextRetryAt: null }],
    [
      'exactly 0.7 is confident',
      { confidence: 0.7 },
      { outcome: 'completed', retryCount: 0, nextRetryAt: null },
    ],
    [
      'keeps earlier retries on success',
      { retryCountBefore: 3 },
      { outcome: 'completed', retryCount: 3, nextRetryAt: null },
    ],
    [
      'first failure retries after 1 min',
      { hasFailed: true },
      { outcome: 'retry', retryCount: 1, nextRetryAt: at(60) },
    ],
    [
      'fifth failure retries after 4 h',
      { hasFailed: true, retryCountBefore: 4 },
      { outcome: 'retry', retryCount: 5, nextRetryAt: at(14_400) },
    ],
    [
      'a failure after five retries exhausts',
      { hasFailed: true, retryCountBefore: 5 },
      { outcome: 'exhausted', retryCount: 5, nextRetryAt: null },
    ],
    [
      'failure wins over confidence',
      { hasFailed: true, confidence: 0.95 },
      { outcome: 'retry', retryCount: 1, nextRetryAt: at(60) },
    ],
    [
      'low confidence on a first pass spends nothing',
      { confidence: 0.4, reason: 'ai_confidence_null' },
      { outcome: 'low_confidence', retryCount: 0, nextRetryAt: null },
    ],
    [
      'NULL confidence without failure is low',
      { confidence: null },
      { outcome: 'low_confidence', retryCount: 0, nextRetryAt: null },
    ],
    [
      'stale low confidence spends a retry',
      { confidence: 0.4, reason: 'low_confidence_stale', retryCountBefore: 2 },
      { outcome: 'low_confidence', retryCount: 3, nextRetryAt: null },
    ],
    [
      'stale low confidence on the last retry exhausts',
      { confidence: 0.4, reason: 'low_confidence_stale', retryCountBefore: 4 },
      { outcome: 'exhausted', retryCount: 5, nextRetryAt: null },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(enrichmentOutcome(pass(overrides))).toEqual(expected);
  });
});

describe('storedEnrichmentOutcome (a retried activity reports what it stored)', () => {
  it.each<[boolean, Date | null, number | null, string]>([
    [true, null, 0.9, 'exhausted'],
    [true, later, null, 'exhausted'],
    [false, later, 0.9, 'retry'],
    [false, null, 0.9, 'completed'],
    [false, null, 0.7, 'completed'],
    [false, null, 0.69, 'low_confidence'],
    [false, null, null, 'low_confidence'],
  ])(
    'manual review %s, next retry %s, confidence %s → %s',
    (needsManualReview, nextRetryAt, aiConfidence, expected) => {
      expect(storedEnrichmentOutcome({ needsManualReview, nextRetryAt, aiConfidence })).toBe(expected);
    },
  );
});

describe('isEnrichmentDue', () => {
  it.each<[boolean, Date | null, boolean]>([
    [false, null, true],
    [false, earlier, true],
    [false, asOf, true],
    [false, later, false],
    [true, null, false],
  ])('manual review %s, next retry %s → %s', (needsManualReview, nextRetryAt, expected) => {
    expect(isEnrichmentDue({ needsManualReview, nextRetryAt }, asOf)).toBe(expected);
  });
});

describe('enrichmentStagesToRun', () => {
  it.each<[EnrichmentStatus, EnrichmentStatus, ReprocessReason | null, boolean, boolean]>([
    ['PENDING', 'PENDING', 'ai_confidence_null', true, true],
    ['COMPLETED', 'COMPLETED', null, false, false],
    ['SKIPPED', 'COMPLETED', 'low_confidence_stale', false, true],
    ['FAILED', 'PENDING', null, true, true],
    ['COMPLETED', 'FAILED', null, false, true],
    ['IN_PROGRESS', 'SKIPPED', null, true, false],
  ])('order %s, classification %s, reason %s', (orderAnalysis, classification, reason, isOrder, isClass) => {
    expect(enrichmentStagesToRun({ order_analysis: orderAnalysis, classification }, reason)).toEqual({
      isOrderAnalysisRun: isOrder,
      isClassificationRun: isClass,
    });
  });
});

describe('shouldAutomateEnrichment', () => {
  it.each<[number | null, boolean, boolean, boolean]>([
    [0.9, true, false, true],
    [0.7, true, false, true],
    [0.69, true, false, false],
    [null, true, false, false],
    [0.9, false, false, false],
    [0.9, true, true, false],
  ])('confidence %s, active %s, blocked %s → %s', (confidence, isActive, isResolutionBlocked, expected) => {
    expect(shouldAutomateEnrichment(confidence, { isActive, isResolutionBlocked })).toBe(expected);
  });
});

describe('automationStageDecision', () => {
  it.each<[string, string, number, boolean, ReturnType<typeof automationStageDecision>]>([
    ['STOCK_MISMATCH', 'OPEN', 0, false, { kind: 'not_auto_resolvable' }],
    ['NOT_A_CODE', 'OPEN', 0, false, { kind: 'not_auto_resolvable' }],
    ['ADDRESS_INVALID', 'OPEN', 0, false, { kind: 'awaiting_first_attempt' }],
    ['ADDRESS_INVALID', 'OPEN', 1, false, { kind: 'decided', attempts: 1 }],
    ['ADDRESS_INVALID', 'OPEN', 0, true, { kind: 'decided', attempts: 0 }],
    ['ADDRESS_INVALID', 'RESOLVED', 0, false, { kind: 'decided', attempts: 0 }],
  ])(
    '%s %s, %i attempts, blocked %s',
    (reasonCode, status, resolutionAttempts, isResolutionBlocked, expected) => {
      expect(
        automationStageDecision({ reasonCode, status, resolutionAttempts, isResolutionBlocked }),
      ).toEqual(expected);
    },
  );
});

describe('enrichmentBacklogReason', () => {
  const record: Omit<EnrichmentCandidate, 'needsManualReview'> = {
    aiLabel: 'PICK_DELAY',
    aiConfidence: 0.9,
    updatedAt: hoursAgo(1),
    enrichmentRetryCount: 0,
  };
  it.each<[string, Partial<typeof record>, boolean, string | null]>([
    ['done', {}, false, null],
    ['done but a stage failed', {}, true, 'failed_stage'],
    ['confidence NULL wins over a failed stage', { aiConfidence: null }, true, 'ai_confidence_null'],
    ['stale low confidence', { aiConfidence: 0.5, updatedAt: hoursAgo(30) }, false, 'low_confidence_stale'],
  ])('%s', (_name, overrides, hasFailedStage, expected) => {
    expect(enrichmentBacklogReason({ ...record, ...overrides }, hasFailedStage, asOf)).toBe(expected);
  });
});

describe('stored errors and the manual-review alert', () => {
  it.each<[string[], string[], number, string[]]>([
    [[], ['a'], 10, ['a']],
    [['a', 'b'], ['c'], 2, ['b', 'c']],
    [['a'], [], 10, ['a']],
    [
      Array.from({ length: 10 }, (_v, i) => `old${i}`),
      ['new'],
      10,
      [...Array.from({ length: 9 }, (_v, i) => `old${i + 1}`), 'new'],
    ],
  ])('keeps the newest of %j + %j (limit %i)', (stored, added, limit, expected) => {
    expect(recentEnrichmentErrors(stored, added, limit)).toEqual(expected);
  });

  it('one alert key per record and a message naming it', () => {
    expect(manualReviewAlertKey('acme', '42')).toBe('enrichment_manual_review:acme:exception:42');
    expect(manualReviewAlertMessage('42')).toBe(
      'Exception 42 exhausted 5 enrichment retries; manual review required',
    );
  });
});
