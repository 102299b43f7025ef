import {
  computeEnrichmentHealth,
  evaluateEnrichmentAlerts,
  healthStatus,
  type EnrichmentCounts,
} from './enrichment-monitoring';

const counts = (overrides: Partial<EnrichmentCounts>): EnrichmentCounts => ({
  total: 0,
  classified: 0,
  highConfidence: 0,
  autoResolved: 0,
  averageConfidence: 0,
  failedAttempts: 0,
  attempts: 0,
  backlog: 0,
  ...overrides,
});

describe('computeEnrichmentHealth', () => {
  it.each([
    // total 0: every rate is 100, and so is quality (no record has a low confidence): a new tenant is healthy
    [
      'empty tenant',
      counts({}),
      {
        classificationRate: 100,
        highConfidenceRate: 100,
        automationRate: 100,
        completeness: 100,
        quality: 100,
        failureRate: 0,
      },
    ],
    // records but no confidence yet: the missing confidences count as 0 (quality = 0 + 0 + 20)
    [
      'records, none classified',
      counts({ total: 2 }),
      {
        classificationRate: 0,
        highConfidenceRate: 0,
        automationRate: 0,
        completeness: 0,
        quality: 20,
        failureRate: 0,
      },
    ],
    // 10 records, 8 classified, 6 high, 2 auto; avg 0.75; 2 of 8 attempts failed
    // completeness = 0.4·80 + 0.4·60 + 0.2·20 = 60; quality = 37.5 + 24 + 0.2·75 = 76.5
    [
      'mixed tenant',
      counts({
        total: 10,
        classified: 8,
        highConfidence: 6,
        autoResolved: 2,
        averageConfidence: 0.75,
        failedAttempts: 2,
        attempts: 8,
      }),
      {
        classificationRate: 80,
        highConfidenceRate: 60,
        automationRate: 20,
        completeness: 60,
        quality: 76.5,
        failureRate: 25,
      },
    ],
    // all perfect: completeness = 40 + 40 + 20 = 100; quality = 50 + 30 + 20 = 100
    [
      'perfect tenant',
      counts({
        total: 4,
        classified: 4,
        highConfidence: 4,
        autoResolved: 4,
        averageConfidence: 1,
        attempts: 4,
      }),
      {
        classificationRate: 100,
        highConfidenceRate: 100,
        automationRate: 100,
        completeness: 100,
        quality: 100,
        failureRate: 0,
      },
    ],
    // 3 records, 1 classified: rates 33.33; completeness = 0.4·33.33·2 + 0 = 26.67; quality = 10 + 10 + 0.2·0 = 20
    [
      'thirds',
      counts({
        total: 3,
        classified: 1,
        highConfidence: 1,
        averageConfidence: 0.2,
        failedAttempts: 3,
        attempts: 3,
      }),
      {
        classificationRate: 33.33,
        highConfidenceRate: 33.33,
        automationRate: 0,
        completeness: 26.67,
        quality: 20,
        failureRate: 100,
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(computeEnrichmentHealth(input)).toMatchObject(expected);
  });
});

describe('evaluateEnrichmentAlerts', () => {
  const healthy = { completeness: 90, quality: 85, backlog: 10, failureRate: 5 };
  it.each([
    ['healthy', healthy, []],
    [
      'completeness 84.9 warning',
      { ...healthy, completeness: 84.9 },
      [['enrichment_completeness', 'WARNING']],
    ],
    ['completeness 85 is fine', { ...healthy, completeness: 85 }, []],
    ['completeness 69 critical', { ...healthy, completeness: 69 }, [['enrichment_completeness', 'CRITICAL']]],
    ['quality 79 warning', { ...healthy, quality: 79 }, [['enrichment_quality', 'WARNING']]],
    ['quality 59 critical', { ...healthy, quality: 59 }, [['enrichment_quality', 'CRITICAL']]],
    ['backlog 500 is fine', { ...healthy, backlog: 500 }, []],
    ['backlog 501 warning', { ...healthy, backlog: 501 }, [['enrichment_backlog', 'WARNING']]],
    ['backlog 1001 critical', { ...healthy, backlog: 1001 }, [['enrichment_backlog', 'CRITICAL']]],
    ['failure 10 is fine', { ...healthy, failureRate: 10 }, []],
    ['failure 10.5 warning', { ...healthy, failureRate: 10.5 }, [['enrichment_failure_rate', 'WARNING']]],
    ['failure 21 critical', { ...healthy, failureRate: 21 }, [['enrichment_failure_rate', 'CRITICAL']]],
    [
      'everything wrong',
      { completeness: 10, quality: 10, backlog: 5000, failureRate: 90 },
      [
        ['enrichment_completeness', 'CRITICAL'],
        ['enrichment_quality', 'CRITICAL'],
        ['enrichment_backlog', 'CRITICAL'],
        ['enrichment_failure_rate', 'CRITICAL'],
      ],
    ],
  ] as const)('%s', (_name, figures, expected) => {
    const alerts = evaluateEnrichmentAlerts(figures);
    expect(alerts.map((alert) => [alert.kind, alert.severity])).toEqual(expected);
  });

  it.each([
    ['an empty tenant', counts({}), 'healthy', []],
    ['an empty tenant with a backlog of none', counts({ backlog: 0, attempts: 0 }), 'healthy', []],
    [
      'a tenant whose records are all unclassified',
      counts({ total: 5, backlog: 5 }),
      'critical',
      [
        ['enrichment_completeness', 'CRITICAL'],
        ['enrichment_quality', 'CRITICAL'],
      ],
    ],
  ] as const)('%s is %s', (_name, input, status, expected) => {
    const alerts = evaluateEnrichmentAlerts(computeEnrichmentHealth(input));
    expect(alerts.map((alert) => [alert.kind, alert.severity])).toEqual(expected);
    expect(healthStatus(alerts)).toBe(status);
  });

  it.each([
    [[], 'healthy'],
    [[{ severity: 'WARNING' }], 'warning'],
    [[{ severity: 'WARNING' }, { severity: 'CRITICAL' }], 'critical'],
  ] as const)('status of %j is %s', (alerts, expected) => {
    expect(healthStatus(alerts as never)).toBe(expected);
  });
});
