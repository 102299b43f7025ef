import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createMetricsRegistry } from '@e2a/telemetry';
import { projectRoot } from '../../support/paths';

// infra/observability must only name metrics that exist: each alert expression and each dashboard query is parsed
// for metric names, and every name must be registered by our code (a scan of the sources for prom-client
// registrations, plus Node's default metrics) or be one of the Temporal SDK metrics the scale-out test sees on a
// real worker's /metrics.

/** Temporal SDK metrics asserted on a running worker's /metrics by scale-out.test.ts. */
const TEMPORAL_SDK_METRICS = [
  'temporal_worker_task_slots_available',
  'temporal_worker_task_slots_used',
  'temporal_sticky_cache_size',
  'temporal_num_pollers',
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_activity_schedule_to_start_latency',
];

const SOURCE_DIRS = ['activities/src', 'packages', 'services'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (entry === 'node_modules' || entry === 'dist') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

/** Metric names our code registers: `new Counter|Gauge|Histogram({ name: '…' })` and the helpers taking a name. */
function registeredByCode(): Set<string> {
  const names = new Set<string>();
  const patterns = [
    /new (?:Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\{\s*name:\s*'([a-z_:][a-z0-9_:]*)'/g,
    /\b(?:counter|gauge|histogram)\(\s*[\w.]+,\s*'([a-z_:][a-z0-9_:]*)'/g,
    /\bhealthGauge\(\s*'([a-z_:][a-z0-9_:]*)'/g,
  ];
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(projectRoot, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) names.add(match[1]!);
  }
  return names;
}

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'le',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression reads (labels, functions, durations and grouping lists removed). */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (call || PROMQL_WORDS.has(name!.toLowerCase()) || name === '$value') continue;
    names.add(name!);
  }
  return [...names];
}

const known = new Set([
  ...registeredByCode(),
  ...createMetricsRegistry('probe')
    .getMetricsAsArray()
    .map((metric) => metric.name),
  ...TEMPORAL_SDK_METRICS,
]);
/** A histogram is read through its `_bucket`, `_sum` and `_count` series. */
const isKnown = (name: string) => known.has(name) || known.has(name.replace(/_(?:bucket|sum|count)$/, ''));

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (
  parse(readFileSync(path.join(projectRoot, 'infra/observability/alerts.yml'), 'utf8')) as {
    groups: { name: string; rules: Rule[] }[];
  }
).groups.flatMap((group) => group.rules);

interface Panel {
  title: string;
  targets: { expr: string }[];
}
const dashboard = JSON.parse(
  readFileSync(path.join(projectRoot, 'infra/observability/grafana-dashboard.json'), 'utf8'),
) as { title: string; uid: string; panels: Panel[] };

describe('infra/observability', () => {
  it('finds the metrics the code registers (the scan itself works)', () => {
    for (const name of [
      'gateway_ingest_errors_total',
      'sla_breaches_total',
      'sla_breach_detection_lag_seconds',
      'invoice_validation_failures_total',
      'dlq_entries',
      'circuit_breaker_open',
      'quarantined_records',
      'ai_requests_total',
      'enrichment_completeness_rate',
      'process_resident_memory_bytes',
    ])
      expect(known).toContain(name);
  });

  it('reads metric names out of PromQL and refuses an unknown one', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, task_queue) (rate(temporal_activity_schedule_to_start_latency_bucket{a="b"}[5m]))) > 2',
      ),
    ).toEqual(['temporal_activity_schedule_to_start_latency_bucket']);
    expect(metricNamesIn('max by (kind) (dlq_entries) > 0 and absent(e2a_no_such_metric)')).toEqual([
      'dlq_entries',
      'e2a_no_such_metric',
    ]);
    expect(isKnown('e2a_no_such_metric')).toBe(false);
    expect(isKnown('gateway_ingest_duration_seconds_bucket')).toBe(true);
  });

  it('alerts on each area the issue names', () => {
    const names = rules.map((rule) => rule.alert);
    expect(names).toEqual(
      expect.arrayContaining([
        'BreachDetectionLagHigh',
        'WorkflowTaskScheduleToStartHigh',
        'ActivityScheduleToStartHigh',
        'DeadLetterQueueGrowing',
        'QuarantineDepthHigh',
        'AiCircuitBreakerOpen',
        'GatewayServerErrorRate',
        'GatewayUnavailable',
        'InvoiceValidationFailures',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(rules.map((rule) => [rule.alert, rule] as const))(
    'alert %s reads only metrics that exist and says how bad and what it means',
    (_name, rule) => {
      const metrics = metricNamesIn(rule.expr);
      expect(metrics.length).toBeGreaterThan(0);
      expect(metrics.filter((name) => !isKnown(name))).toEqual([]);
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
    },
  );

  it('dashboard: every panel query reads only metrics that exist', () => {
    expect(dashboard.uid).toBe('e2a-overview');
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    const unknown = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) =>
        metricNamesIn(target.expr)
          .filter((name) => !isKnown(name))
          .map((name) => `${panel.title}: ${name}`),
      ),
    );
    expect(unknown).toEqual([]);
  });
});
