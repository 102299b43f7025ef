import { Gauge, type Registry } from 'prom-client';
import { loadEnrichmentCounts, sql, type Db } from '@e2a/db';
import { computeEnrichmentHealth, type EnrichmentHealthFigures } from '@e2a/domain';

// Domain reference §11 metrics, computed at scrape time from Postgres (the same SQL as the enrichment API),
// so the API and every worker report the same figures. One snapshot per scrape serves every gauge.

export interface MetricsSnapshot {
  health: Map<string, EnrichmentHealthFigures>;
  confidence: { tenant: string; bucket: string; count: number }[];
  processing: Map<string, { avg: number; p95: number; max: number; lastHour: number }>;
  pipelines: { tenant: string; flow: string; successRate: number }[];
  attempts: { tenant: string; attempts: string; count: number }[];
  blocked: Map<string, number>;
  automation: Map<string, number>;
  /** Open quarantined records per tenant and kind. */
  quarantined: { tenant: string; kind: string; count: number }[];
}

export async function loadMetricsSnapshot(db: Db, now: Date): Promise<MetricsSnapshot> {
  const tenants = await db.selectFrom('tenants').select('name').orderBy('name').execute();
  const health = new Map<string, EnrichmentHealthFigures>();
  for (const { name } of tenants) {
    health.set(name, computeEnrichmentHealth(await loadEnrichmentCounts(db, name, now)));
  }
  const confidence = await sql<{ tenant: string; bucket: string; n: string }>`
    SELECT tenant,
           CASE WHEN ai_confidence IS NULL THEN 'none'
                ELSE to_char(LEAST(10, GREATEST(1, ceil(ai_confidence * 10)))::numeric / 10, 'FM0.0') END AS bucket,
           count(*) AS n
    FROM exceptions GROUP BY 1, 2`.execute(db);
  const processing = await sql<{
    tenant: string;
    avg_ms: number;
    p95_ms: number;
    max_ms: number;
    last_hour: string;
  }>`
    SELECT tenant,
           COALESCE(avg(processing_ms), 0)::float8 AS avg_ms,
           COALESCE(percentile_cont(0.95) WITHIN GROUP (ORDER BY processing_ms), 0)::float8 AS p95_ms,
           COALESCE(max(processing_ms), 0)::float8 AS max_ms,
           count(*) FILTER (WHERE last_attempt_at > ${now}::timestamptz - interval '1 hour') AS last_hour
    FROM enrichment_state
    WHERE last_attempt_at > ${now}::timestamptz - interval '24 hours' AND processing_ms IS NOT NULL
    GROUP BY tenant`.execute(db);
  const pipelines = await sql<{ tenant: string; flow: string; rate: number }>`
    SELECT tenant, flow,
           (count(*) FILTER (WHERE status = 'COMPLETED') * 100.0 / count(*))::float8 AS rate
    FROM flow_runs
    WHERE finished_at > ${now}::timestamptz - interval '24 hours'
    GROUP BY tenant, flow`.execute(db);
  const attempts = await sql<{ tenant: string; attempts: number; n: string }>`
    SELECT tenant, resolution_attempts AS attempts, count(*) AS n FROM exceptions GROUP BY 1, 2`.execute(db);
  const blocked = await sql<{ tenant: string; n: string }>`
    SELECT tenant, count(*) AS n FROM exceptions WHERE resolution_blocked GROUP BY tenant`.execute(db);
  const automation = await sql<{ tenant: string; rate: number }>`
    SELECT tenant,
           (count(*) FILTER (WHERE status = 'SUCCEEDED') * 100.0 / count(*))::float8 AS rate
    FROM resolution_attempts
    WHERE status IN ('SUCCEEDED', 'FAILED')
    GROUP BY tenant`.execute(db);
  const quarantined = await sql<{ tenant: string; kind: string; n: string }>`
    SELECT tenant, kind, count(*) AS n FROM quarantined_records WHERE status = 'open' GROUP BY 1, 2`.execute(
    db,
  );
  return {
    health,
    confidence: confidence.rows.map((row) => ({
      tenant: row.tenant,
      bucket: row.bucket,
      count: Number(row.n),
    })),
    processing: new Map(
      processing.rows.map((row) => [
        row.tenant,
        {
          avg: row.avg_ms / 1000,
          p95: row.p95_ms / 1000,
          max: row.max_ms / 1000,
          lastHour: Number(row.last_hour),
        },
      ]),
    ),
    pipelines: pipelines.rows.map((row) => ({
      tenant: row.tenant,
      flow: row.flow,
      successRate: Number(row.rate),
    })),
    attempts: attempts.rows.map((row) => ({
      tenant: row.tenant,
      attempts: String(row.attempts),
      count: Number(row.n),
    })),
    blocked: new Map(blocked.rows.map((row) => [row.tenant, Number(row.n)])),
    automation: new Map(automation.rows.map((row) => [row.tenant, Number(row.rate)])),
    quarantined: quarantined.rows.map((row) => ({
      tenant: row.tenant,
      kind: row.kind,
      count: Number(row.n),
    })),
  };
}

/** Registers every §11 enrichment/resolution gauge; each scrape reads one fresh snapshot (shared for 1 s). */
export function registerEnrichmentMetrics(registry: Registry, deps: { db: Db; now?: () => Date }): void {
  // Idempotent: a registry that already has the gauges (a second app on the same registry) keeps them.
  if (registry.getSingleMetric('enrichment_completeness_rate')) return;
  const now = deps.now ?? (() => new Date());
  let cached: { at: number; snapshot: Promise<MetricsSnapshot> } | undefined;
  const snapshot = () => {
    const at = Date.now();
    if (!cached || at - cached.at > 1000) {
      cached = { at, snapshot: loadMetricsSnapshot(deps.db, now()) };
      cached.snapshot.catch(() => {
        cached = undefined;
      });
    }
    return cached.snapshot;
  };
  const healthGauge = (name: string, help: string, pick: (figures: EnrichmentHealthFigures) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['tenant'],
      registers: [registry],
      async collect() {
        const { health } = await snapshot();
        this.reset();
        for (const [tenant, figures] of health) this.set({ tenant }, pick(figures));
      },
    });

  healthGauge(
    'enrichment_completeness_rate',
    'Completeness score 0..100 (domain reference §8)',
    (f) => f.completeness,
  );
  healthGauge(
    'enrichment_backlog_size',
    'Records awaiting enrichment (§8 reprocessing criteria)',
    (f) => f.backlog,
  );
  healthGauge('enrichment_quality_score', 'Quality score 0..100 (domain reference §8)', (f) => f.quality);
  healthGauge(
    'enrichment_failure_rate',
    'Percent of enrichment attempts whose last attempt failed',
    (f) => f.failureRate,
  );

  new Gauge({
    name: 'enrichment_processing_duration_seconds',
    help: 'Per-record enrichment processing time over the last 24 h (stat = avg | p95 | max)',
    labelNames: ['tenant', 'stat'],
    registers: [registry],
    async collect() {
      const { processing } = await snapshot();
      this.reset();
      for (const [tenant, figures] of processing) {
        this.set({ tenant, stat: 'avg' }, figures.avg);
        this.set({ tenant, stat: 'p95' }, figures.p95);
        this.set({ tenant, stat: 'max' }, figures.max);
      }
    },
  });
  new Gauge({
    name: 'ai_confidence_distribution',
    help: 'Exceptions per ai_confidence bucket (upper bound, "none" = NULL)',
    labelNames: ['tenant', 'bucket'],
    registers: [registry],
    async collect() {
      const { confidence } = await snapshot();
      this.reset();
      for (const row of confidence) this.set({ tenant: row.tenant, bucket: row.bucket }, row.count);
    },
  });
  new Gauge({
    name: 'records_processed_per_hour',
    help: 'Records enriched in the last hour',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      const { processing, health } = await snapshot();
      this.reset();
      for (const tenant of health.keys()) this.set({ tenant }, processing.get(tenant)?.lastHour ?? 0);
    },
  });
  new Gauge({
    name: 'average_processing_time_seconds',
    help: 'Average per-record enrichment time over the last 24 h',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      const { processing } = await snapshot();
      this.reset();
      for (const [tenant, figures] of processing) this.set({ tenant }, figures.avg);
    },
  });
  new Gauge({
    name: 'pipeline_success_rate',
    help: 'Percent of flow runs (flow_runs) in the last 24 h that completed',
    labelNames: ['tenant', 'flow'],
    registers: [registry],
    async collect() {
      const { pipelines } = await snapshot();
      this.reset();
      for (const row of pipelines) this.set({ tenant: row.tenant, flow: row.flow }, row.successRate);
    },
  });
  new Gauge({
    name: 'resolution_attempt_distribution',
    help: 'Exceptions per resolution_attempts value',
    labelNames: ['tenant', 'attempts'],
    registers: [registry],
    async collect() {
      const { attempts } = await snapshot();
      this.reset();
      for (const row of attempts) this.set({ tenant: row.tenant, attempts: row.attempts }, row.count);
    },
  });
  new Gauge({
    name: 'blocked_exceptions_count',
    help: 'Exceptions with resolution_blocked = true',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      const { blocked, health } = await snapshot();
      this.reset();
      for (const tenant of health.keys()) this.set({ tenant }, blocked.get(tenant) ?? 0);
    },
  });
  new Gauge({
    name: 'automation_success_rate',
    help: 'Percent of finished automated resolution attempts that succeeded',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      const { automation } = await snapshot();
      this.reset();
      for (const [tenant, rate] of automation) this.set({ tenant }, rate);
    },
  });
  new Gauge({
    name: 'quarantined_records',
    help: 'Records set aside after a data error and still open (quarantined_records), by tenant and kind',
    labelNames: ['tenant', 'kind'],
    registers: [registry],
    async collect() {
      const { quarantined } = await snapshot();
      this.reset();
      for (const row of quarantined) this.set({ tenant: row.tenant, kind: row.kind }, row.count);
    },
  });
}
