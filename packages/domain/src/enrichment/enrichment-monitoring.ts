// Domain reference §8: completeness, quality and alert thresholds of the enrichment pipeline.

export interface EnrichmentCounts {
  /** Exceptions of the tenant (the population the rates are over). */
  total: number;
  /** With both ai_label and ai_confidence set. */
  classified: number;
  /** With ai_confidence ≥ 0.7. */
  highConfidence: number;
  /** Resolved by a successful automated resolution attempt. */
  autoResolved: number;
  /** Average of the non-null confidences, 0..1 (0 when none). */
  averageConfidence: number;
  /** Enrichment attempts that ended with a failed stage, and all attempts, over the same records. */
  failedAttempts: number;
  attempts: number;
  /** Records that need reprocessing now (§8 criteria). */
  backlog: number;
}

export interface EnrichmentHealthFigures {
  classificationRate: number;
  highConfidenceRate: number;
  automationRate: number;
  completeness: number;
  quality: number;
  failureRate: number;
  averageConfidence: number;
  backlog: number;
  total: number;
}

const rate = (part: number, total: number) => (total === 0 ? 100 : (part / total) * 100);
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Percent of attempts that failed; 0 when nothing was attempted. */
export function failureRate(failedAttempts: number, attempts: number): number {
  return attempts === 0 ? 0 : (failedAttempts / attempts) * 100;
}

/** completeness = min(100, 0.4·classification_rate + 0.4·high_confidence_rate + 0.2·automation_rate). */
export function completenessScore(
  classificationRate: number,
  highConfidenceRate: number,
  automationRate: number,
) {
  return Math.min(100, 0.4 * classificationRate + 0.4 * highConfidenceRate + 0.2 * automationRate);
}

/** quality = clamp(0..100, 0.5·avg_confidence·100 + 0.3·classification_rate + 0.2·(100 − failure_rate)). */
export function qualityScore(
  averageConfidence: number,
  classificationRate: number,
  failureRatePercent: number,
) {
  const raw = 0.5 * averageConfidence * 100 + 0.3 * classificationRate + 0.2 * (100 - failureRatePercent);
  return Math.min(100, Math.max(0, raw));
}

/** Every figure the health endpoint and the metrics show, rounded to two decimals. */
export function computeEnrichmentHealth(counts: EnrichmentCounts): EnrichmentHealthFigures {
  const classificationRate = rate(counts.classified, counts.total);
  const highConfidenceRate = rate(counts.highConfidence, counts.total);
  const automationRate = rate(counts.autoResolved, counts.total);
  const failure = failureRate(counts.failedAttempts, counts.attempts);
  // Like the rates, confidence over no records is full: a tenant without exceptions is healthy, not critical.
  const confidence = counts.total === 0 ? 1 : counts.averageConfidence;
  return {
    classificationRate: round2(classificationRate),
    highConfidenceRate: round2(highConfidenceRate),
    automationRate: round2(automationRate),
    completeness: round2(completenessScore(classificationRate, highConfidenceRate, automationRate)),
    quality: round2(qualityScore(confidence, classificationRate, failure)),
    failureRate: round2(failure),
    averageConfidence: round2(counts.averageConfidence * 100) / 100,
    backlog: counts.backlog,
    total: counts.total,
  };
}

export type AlertSeverity = 'WARNING' | 'CRITICAL';
export type EnrichmentAlertKind =
  'enrichment_completeness' | 'enrichment_quality' | 'enrichment_backlog' | 'enrichment_failure_rate';

export interface EnrichmentAlert {
  kind: EnrichmentAlertKind;
  severity: AlertSeverity;
  value: number;
  threshold: number;
  message: string;
}

export const ENRICHMENT_ALERT_THRESHOLDS = {
  completenessCritical: 70,
  completenessWarning: 85,
  qualityCritical: 60,
  qualityWarning: 80,
  backlogCritical: 1000,
  backlogWarning: 500,
  failureRateCritical: 20,
  failureRateWarning: 10,
} as const;

/** completeness < 70 critical, < 85 warning; quality < 60 / < 80; backlog > 1000 / > 500; failure > 20 % / > 10 %. */
export function evaluateEnrichmentAlerts(
  figures: Pick<EnrichmentHealthFigures, 'completeness' | 'quality' | 'backlog' | 'failureRate'>,
  thresholds = ENRICHMENT_ALERT_THRESHOLDS,
): EnrichmentAlert[] {
  const alerts: EnrichmentAlert[] = [];
  const below = (
    kind: EnrichmentAlertKind,
    label: string,
    value: number,
    critical: number,
    warning: number,
  ) => {
    if (value < critical) {
      alerts.push({
        kind,
        severity: 'CRITICAL',
        value,
        threshold: critical,
        message: `${label} ${value} is below ${critical}`,
      });
    } else if (value < warning) {
      alerts.push({
        kind,
        severity: 'WARNING',
        value,
        threshold: warning,
        message: `${label} ${value} is below ${warning}`,
      });
    }
  };
  const above = (
    kind: EnrichmentAlertKind,
    label: string,
    value: number,
    critical: number,
    warning: number,
  ) => {
    if (value > critical) {
      alerts.push({
        kind,
        severity: 'CRITICAL',
        value,
        threshold: critical,
        message: `${label} ${value} is above ${critical}`,
      });
    } else if (value > warning) {
      alerts.push({
        kind,
        severity: 'WARNING',
        value,
        threshold: warning,
        message: `${label} ${value} is above ${warning}`,
      });
    }
  };
  below(
    'enrichment_completeness',
    'Enrichment completeness',
    figures.completeness,
    thresholds.completenessCritical,
    thresholds.completenessWarning,
  );
  below(
    'enrichment_quality',
    'Enrichment quality',
    figures.quality,
    thresholds.qualityCritical,
    thresholds.qualityWarning,
  );
  above(
    'enrichment_backlog',
    'Enrichment backlog',
    figures.backlog,
    thresholds.backlogCritical,
    thresholds.backlogWarning,
  );
  above(
    'enrichment_failure_rate',
    'Enrichment failure rate',
    figures.failureRate,
    thresholds.failureRateCritical,
    thresholds.failureRateWarning,
  );
  return alerts;
}

export type HealthStatus = 'healthy' | 'warning' | 'critical';

export function healthStatus(alerts: readonly EnrichmentAlert[]): HealthStatus {
  if (alerts.some((alert) => alert.severity === 'CRITICAL')) return 'critical';
  return alerts.length ? 'warning' : 'healthy';
}
