import type { BenchConfig } from '@e2a/config';
import { loadTestConfig } from '@e2a/config';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, sql, upsertTenant } from '@e2a/db';
import { signWebhook } from '@e2a/http';
import { createLogger } from '@e2a/telemetry';
import { createLocalEnvironment } from '@e2a/tests/support/temporal';
import {
  buildServiceBundles,
  startServiceProcess,
  type ServiceProcess,
} from '@e2a/tests/support/service-processes';
import { runOpenLoop } from './open-loop';
import { cpuSecondsOf, ownCpuSeconds, percentile, rssBreakdownMbOf, rssMbOf } from './process-cpu';

// `pnpm bench:system`: the whole stack on this machine as `make up` runs it — the gateway and the worker as their
// production bundles in processes of their own, a Temporal dev server, Postgres, Redis — under signed ingest at a
// fixed rate while the shard monitors evaluate every event in real time. Gateway latency, breach lag, RSS, rows.

const TENANT = 'bench-system';
const SECRET = 'bench-system-secret';
const TASK_QUEUE = 'bench-system';
const MINUTE = 60_000;
const RUN = Date.now().toString(36);

const METRIC_LINE =
  /^(nodejs_heap_size_used_bytes|nodejs_heap_size_total_bytes|nodejs_external_memory_bytes|temporal_sticky_cache_size)(?:\{[^}]*\})? (\S+)$/;

/** Where a service's resident memory is, from /proc and its own `/metrics` (main isolate's V8 heap, external). */
async function memoryDetailOf(pid: number, url: string) {
  const detail: Record<string, number> = { rss: rssMbOf(pid), ...rssBreakdownMbOf(pid) };
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    for (const line of text.split('\n')) {
      const match = METRIC_LINE.exec(line);
      if (match?.[1])
        detail[match[1].replace(/^nodejs_|_bytes$/g, '')] = match[1].endsWith('_bytes')
          ? Math.round(Number(match[2]) / 2 ** 20)
          : Number(match[2]);
    }
  } catch {
    // busy or gone: /proc figures only
  }
  return detail;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** p50 / p95 / p99 of values sorted ascending. */
const summaryOf = (sorted: number[]) => ({
  p50: percentile(sorted, 50),
  p95: percentile(sorted, 95),
  p99: percentile(sorted, 99),
});

/** Event n: orders of two events (paid, then picked); every 10th order's pick is late (150 min), a breach. */
function nthEvent(n: number, now: number): { path: string; body: string } {
  const order = Math.floor(n / 2);
  const isLate = order % 10 === 0;
  const body =
    n % 2 === 0
      ? {
          event_id: `${RUN}-${n}`,
          event_type: 'order_paid',
          order_id: `${RUN}-${order}`,
          occurred_at: new Date(now - (isLate ? 150 : 30) * MINUTE).toISOString(),
        }
      : {
          event_id: `${RUN}-${n}`,
          event_type: 'pick_completed',
          order_id: `${RUN}-${order}`,
          occurred_at: new Date(now).toISOString(),
        };
  return { path: n % 2 === 0 ? '/ingest/shopify' : '/ingest/wms', body: JSON.stringify(body) };
}

export async function runSystemBenchmark(config: BenchConfig) {
  const log = createLogger({ service: 'bench', level: 'info' });
  const url = new URL(loadTestConfig().TEST_DATABASE_ADMIN_URL);
  url.pathname = '/e2a_bench_system';
  await dropDatabase(url.toString());
  await ensureDatabase(url.toString());
  const { db } = createDb(url.toString(), { max: 4 });
  await migrateToLatest(db);
  await upsertTenant(db, { name: TENANT, apiKey: 'bench-system-key', webhookSecret: SECRET });
  // Wall-clock run: no weekend or volume allowance, so the day and the rate move no deadline.
  await db
    .updateTable('tenants')
    .set({ sla_policy: JSON.stringify({ weekend_multiplier: 1, high_volume_threshold: 100_000_000 }) })
    .execute();

  const env = await createLocalEnvironment();
  const removeBundles = await buildServiceBundles(['worker', 'gateway'], 'bench-system');
  const processes: ServiceProcess[] = [];
  try {
    // Info logs: startServiceProcess knows a service is up from its "listening" line.
    const shared = { DATABASE_URL: url.toString() };
    const worker = await startServiceProcess('worker', 'bench-system', {
      ...shared,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      WORKER_METRICS_PORT: '0',
      // As `make up` starts it: the tenant's schedules exist before the first event (else the tenant-reconciler
      // creates them at its next 5-minute mark, in the middle of a run).
      REALTIME_MONITORS_ON_START: 'true',
    });
    processes.push(worker);
    const gateway = await startServiceProcess('gateway', 'bench-system', {
      ...shared,
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
    });
    processes.push(gateway);
    log.info({ worker: worker.pid, gateway: gateway.pid }, 'stack up');

    const rss = { worker: rssMbOf(worker.pid), gateway: rssMbOf(gateway.pid), workerPeak: 0, gatewayPeak: 0 };
    const sampler = setInterval(() => {
      rss.workerPeak = Math.max(rss.workerPeak, rssMbOf(worker.pid));
      rss.gatewayPeak = Math.max(rss.gatewayPeak, rssMbOf(gateway.pid));
    }, 250);
    // Once a second, where the memory is; the sample taken at each process's highest RSS is reported.
    const detail = { worker: {} as Record<string, number>, gateway: {} as Record<string, number> };
    const detailSampler = setInterval(() => {
      void memoryDetailOf(worker.pid, worker.url).then((sample) => {
        if ((sample.rss ?? 0) >= (detail.worker.rss ?? 0)) detail.worker = sample;
      });
      void memoryDetailOf(gateway.pid, gateway.url).then((sample) => {
        if ((sample.rss ?? 0) >= (detail.gateway.rss ?? 0)) detail.gateway = sample;
      });
    }, 1_000);
    const cpuAt = () => ({
      worker: cpuSecondsOf(worker.pid),
      gateway: cpuSecondsOf(gateway.pid),
      bench: ownCpuSeconds(),
    });
    let cpuAtStart = cpuAt();
    const sent = await runOpenLoop({
      url: gateway.url,
      rate: config.BENCH_SYSTEM_EVENTS_PER_SECOND,
      seconds: config.BENCH_SYSTEM_SECONDS,
      warmupSeconds: config.BENCH_SYSTEM_WARMUP_SECONDS,
      onMeasuredStart: () => {
        cpuAtStart = cpuAt();
      },
      maxSockets: config.BENCH_SYSTEM_CONNECTIONS,
      timeoutMs: 10_000,
      // Signed for the time each request is planned to leave (well inside the gateway's tolerance).
      request: (n, plannedAtMs) => {
        const { path, body } = nthEvent(n, plannedAtMs);
        return {
          path,
          body,
          headers: {
            'content-type': 'application/json',
            'x-tenant-id': TENANT,
            'x-e2a-signature': signWebhook(SECRET, body, plannedAtMs / 1000),
          },
        };
      },
    });
    const { answers2xx, non2xx } = sent;
    const answered = (values: number[]) => values.filter(Number.isFinite);
    const latencies = answered(sent.latenciesMs);
    const warmupLatencies = answered(sent.warmupLatenciesMs).sort((a, b) => a - b);
    // p95 of each ten seconds of the measured run, in send order: where the slow answers sit.
    const tenSeconds = config.BENCH_SYSTEM_EVENTS_PER_SECOND * 10;
    const p95ByTenSeconds = Array.from({ length: Math.ceil(sent.latenciesMs.length / tenSeconds) }, (_, i) =>
      Math.round(
        percentile(
          answered(sent.latenciesMs.slice(i * tenSeconds, (i + 1) * tenSeconds)).sort((a, b) => a - b),
          95,
        ),
      ),
    );
    // CPU seconds over the measured window: on a shared machine, a fairer yardstick of a change than events/s.
    const cpuSeconds = {
      worker: round1(cpuSecondsOf(worker.pid) - cpuAtStart.worker),
      gateway: round1(cpuSecondsOf(gateway.pid) - cpuAtStart.gateway),
      bench: round1(ownCpuSeconds() - cpuAtStart.bench),
    };
    const stored = Number(
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM order_events WHERE tenant = ${TENANT}`.execute(db)
      ).rows[0]?.n ?? 0,
    );
    // Every late pick that was stored must become a PICK_DELAY; wait for the evaluation to catch up.
    const expected = Number(
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders
          WHERE tenant = ${TENANT} AND pick_completed_at - paid_at > interval '120 minutes'`.execute(db)
      ).rows[0]?.n ?? 0,
    );
    const drainDeadline = Date.now() + 3 * MINUTE;
    let detected = 0;
    while (Date.now() < drainDeadline) {
      detected = Number(
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM exceptions
            WHERE tenant = ${TENANT} AND reason_code = 'PICK_DELAY'`.execute(db)
        ).rows[0]?.n ?? 0,
      );
      if (detected >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    clearInterval(sampler);
    clearInterval(detailSampler);
    const lags = (
      await sql<{ lag_ms: number }>`
        SELECT extract(epoch FROM (x.created_at - (SELECT max(e.received_at) FROM order_events e
          WHERE e.tenant = x.tenant AND e.order_id = x.order_id AND e.event_type = 'pick_completed'))) * 1000 AS lag_ms
        FROM exceptions x WHERE x.tenant = ${TENANT} AND x.reason_code = 'PICK_DELAY'`.execute(db)
    ).rows
      .map((row) => Number(row.lag_ms))
      .sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    return {
      seconds: Math.round(sent.seconds),
      warmupSeconds: config.BENCH_SYSTEM_WARMUP_SECONDS,
      targetEventsPerSecond: config.BENCH_SYSTEM_EVENTS_PER_SECOND,
      maxSockets: config.BENCH_SYSTEM_CONNECTIONS,
      eventsPerSecond: Math.round((answers2xx + non2xx) / sent.seconds),
      sent: sent.sent,
      answers2xx,
      errors: non2xx + sent.failures,
      senderMaxLagMs: Math.round(sent.maxSendLagMs),
      rowsStored: stored,
      everyAcceptedStored: stored >= answers2xx,
      gatewayMs: {
        ...summaryOf(latencies),
        max: latencies.at(-1) ?? Number.NaN,
      },
      gatewayP95MsByTenSeconds: p95ByTenSeconds,
      warmupGatewayMs: summaryOf(warmupLatencies),
      breaches: {
        expected,
        detected,
        lagP50Ms: Math.round(percentile(lags, 50)),
        lagP99Ms: Math.round(percentile(lags, 99)),
      },
      rssMb: {
        workerAtStart: rss.worker,
        workerPeak: rss.workerPeak,
        gatewayAtStart: rss.gateway,
        gatewayPeak: rss.gatewayPeak,
      },
      cpuSecondsDuringIngest: cpuSeconds,
      // MB at each process's highest sampled RSS: anonymous/file RSS, main-isolate heap used/total, external.
      memoryAtPeakMb: detail,
    };
  } finally {
    for (const child of processes.reverse()) await child.kill('SIGTERM');
    removeBundles();
    await env.teardown();
    await db.destroy();
  }
}
