import { REASON_CODES, SEVERITIES, isReasonCode, type Severity } from '../exceptions/reason-codes';

// Pattern analysis and prioritisation for the exception-management flow; pure, clock injected.

export interface PatternRow {
  reason_code: string;
  severity: string;
  status: string;
  created_at: Date;
  resolved_at: Date | null;
  resolution_blocked: boolean;
}

export interface ExceptionPatterns {
  total: number;
  by_reason: Record<string, number>;
  by_severity: Record<string, number>;
  by_hour_of_day: number[];
  by_weekday: number[];
  resolved: number;
  blocked: number;
  resolution_rate: number;
  top_issues: { reason_code: string; count: number; share: number }[];
  insights: string[];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const increment = (map: Record<string, number>, key: string) => {
  map[key] = (map[key] ?? 0) + 1;
};

/** Counts by reason, severity, UTC hour and weekday, the resolution rate, top issues and plain-language insights. */
export function analyzeExceptionPatterns(rows: readonly PatternRow[]): ExceptionPatterns {
  const byReason: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  const byHour = Array.from({ length: 24 }, () => 0);
  const byWeekday = Array.from({ length: 7 }, () => 0);
  let resolved = 0;
  let blocked = 0;
  for (const row of rows) {
    increment(byReason, row.reason_code);
    increment(bySeverity, row.severity);
    byHour[row.created_at.getUTCHours()]! += 1;
    byWeekday[row.created_at.getUTCDay()]! += 1;
    if (row.status === 'RESOLVED' || row.status === 'CLOSED') resolved += 1;
    if (row.resolution_blocked) blocked += 1;
  }
  const total = rows.length;
  const resolutionRate = total === 0 ? 0 : Math.round((resolved / total) * 10000) / 100;
  const topIssues = Object.entries(byReason)
    .sort(([codeA, a], [codeB, b]) => b - a || codeA.localeCompare(codeB))
    .slice(0, 5)
    .map(([reason_code, count]) => ({
      reason_code,
      count,
      share: Math.round((count / total) * 10000) / 100,
    }));

  const insights: string[] = [];
  const top = topIssues[0];
  if (top)
    insights.push(`${top.reason_code} is the most frequent issue (${top.share}% of ${total} exceptions)`);
  const peakHour = byHour.indexOf(Math.max(...byHour));
  if (total > 0) insights.push(`Exceptions peak at ${String(peakHour).padStart(2, '0')}:00 UTC`);
  const peakDay = byWeekday.indexOf(Math.max(...byWeekday));
  if (total > 0) insights.push(`${WEEKDAYS[peakDay]} has the most exceptions`);
  const critical = (bySeverity.CRITICAL ?? 0) + (bySeverity.HIGH ?? 0);
  if (total > 0 && critical / total > 0.5)
    insights.push(`${critical} of ${total} exceptions are HIGH or CRITICAL severity`);
  if (total > 0 && resolutionRate < 50) insights.push(`Resolution rate is low at ${resolutionRate}%`);
  if (blocked > 0)
    insights.push(`${blocked} exceptions are blocked from automated resolution and need review`);
  return {
    total,
    by_reason: byReason,
    by_severity: bySeverity,
    by_hour_of_day: byHour,
    by_weekday: byWeekday,
    resolved,
    blocked,
    resolution_rate: resolutionRate,
    top_issues: topIssues,
    insights,
  };
}

export interface PriorityFacts {
  reason_code: string;
  severity: string;
  created_at: Date;
  escalated_at: Date | null;
  resolution_attempts: number;
}

const SEVERITY_WEIGHT: Record<Severity, number> = { LOW: 10, MEDIUM: 25, HIGH: 45, CRITICAL: 70 };

/**
 * 0–100: severity weight, plus age relative to the code's escalation hours (up to 20), plus 10 when
 * escalated or client-visible issues are involved, minus 5 per failed automated attempt.
 */
export function priorityScore(facts: PriorityFacts, now: Date): number {
  const severity = (SEVERITIES as readonly string[]).includes(facts.severity)
    ? (facts.severity as Severity)
    : 'MEDIUM';
  const spec = isReasonCode(facts.reason_code) ? REASON_CODES[facts.reason_code] : REASON_CODES.OTHER;
  const ageHours = Math.max(0, (now.getTime() - facts.created_at.getTime()) / 3_600_000);
  const ageScore = Math.min(20, (ageHours / spec.escalationHours) * 10);
  const score =
    SEVERITY_WEIGHT[severity] +
    ageScore +
    (facts.escalated_at ? 10 : 0) +
    (spec.clientVisible ? 5 : 0) -
    5 * facts.resolution_attempts;
  return Math.round(Math.max(0, Math.min(100, score)) * 100) / 100;
}
