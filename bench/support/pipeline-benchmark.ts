import { Registry } from 'prom-client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadTestConfig } from '@e2a/config';
import {
  createDb,
  dropDatabase,
  ensureDatabase,
  createChangeFeed,
  insertOrderEvents,
  migrateToLatest,
  notifyOrdersChanged,
  sql,
  upsertTenant,
  type Db,
} from '@e2a/db';
import { eventSchemaFor, normalizeEvent, type EventSource, type NormalizedEvent } from '@e2a/domain';
import { createLogger } from '@e2a/telemetry';
import { createE2aWorker } from '@e2a/worker';
import { ensureRealtimeMonitors, realtimeMonitorIds } from '@e2a/schedules';
import { createLocalEnvironment } from '@e2a/tests/support/temporal';
import { createTestRedis } from '@e2a/tests/support/redis';
import { testActivityDeps } from '@e2a/tests/support/order-processing';

// `pnpm bench:pipeline`: ingest orders with full timelines through insertOrderEvents (and NOTIFY, as the gateway
// does), let the real-time shard monitors (real dev server, real worker, real Postgres) evaluate them, and measure throughput, detection lag and RSS.

export interface PipelineBenchmarkOptions {
  orders: number;
  breachRatio: number;
  steadyOrdersPerMinute: number;
  steadySeconds: number;
  chunkSize: number;
  pollSeconds: number;
}

const MINUTE = 60_000;
const at = (base: number, minutes: number) => new Date(base + minutes * MINUTE).toISOString();

function event(source: EventSource, eventType: string, orderId: string, occurredAt: string): NormalizedEvent {
  return normalizeEvent(
    source,
    eventSchemaFor(source).parse({
      event_id: `${orderId}-${eventType}`,
      event_type: eventType,
      order_id: orderId,
      occurred_at: occurredAt,
    }),
  );
}

/** A full timeline; a breaching order picks 200 min after payment (over any multiplier of a weekday start). */
function fullTimeline(orderId: string, paidAtMs: number, isBreaching: boolean): NormalizedEvent[] {
  const pick = isBreaching ? 200 : 60;
  return [
    event('shopify', 'order_paid', orderId, at(paidAtMs, 0)),
    event('wms', 'pick_completed', orderId, at(paidAtMs, pick)),
    event('wms', 'pack_completed', orderId, at(paidAtMs, pick + 60)),
    event('carrier', 'picked_up', orderId, at(paidAtMs, pick + 120)),
    event('carrier', 'delivered', orderId, at(paidAtMs, pick + 24 * 60)),
  ];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`benchmark condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function countRow(db: Db, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return (await query.execute(db)).rows[0]?.n ?? 0;
}

export async function runPipelineBenchmark(options: PipelineBenchmarkOptions) {
  const url = new URL(loadTestConfig().TEST_DATABASE_ADMIN_URL);
  url.pathname = '/e2a_bench_ord_pipeline';
  await dropDatabase(url.toString());
  await ensureDatabase(url.toString());
  const { db } = createDb(url.toString(), { max: 12 });
  await migrateToLatest(db);
  const redis = await createTestRedis();
  const env = await createLocalEnvironment();
  const batchTenant = 'bench-batch';
  const steadyTenant = 'bench-steady';
  for (const name of [batchTenant, steadyTenant]) {
    await upsertTenant(db, { name, apiKey: 'bench-key', webhookSecret: 'bench-secret' });
  }
  // Wall-clock runs: no weekend or volume allowance, so neither the day nor the arrival rate moves the deadlines
  // the lag is measured against (10,000 orders/min is far above the 100 orders/hour high-volume threshold).
  await db
    .updateTable('tenants')
    .set({ sla_policy: JSON.stringify({ weekend_multiplier: 1, high_volume_threshold: 100_000_000 }) })
    .execute();

  let peakRss = 0;
  const taskQueue = 'bench-pipeline';
  const changes = createChangeFeed(url.toString(), () => undefined);
  const worker = await createE2aWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: testActivityDeps(db, redis, {
      metrics: new Registry(),
      settings: { evaluationChunkSize: options.chunkSize },
      changes,
    }),
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: require.resolve('../../tests/integration/order-processing/handoff-workflows'),
    }),
  });
  const running = worker.run();
  // Sampled from here: the one-off workflow bundling (webpack) before the worker starts is not steady state.
  const rssAtStart = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  const log = createLogger({ service: 'bench', level: 'info' });

  try {
    // Phase 1: a backlog of N orders (closed, back-dated timelines) evaluated as fast as the monitor can.
    const base = Date.parse('2026-11-25T09:00:00.000Z'); // a Wednesday
    const step = Math.max(1, Math.round(1 / options.breachRatio));
    const ingestStarted = Date.now();
    for (let start = 0; start < options.orders; start += 500) {
      const events: NormalizedEvent[] = [];
      for (let index = start; index < Math.min(options.orders, start + 500); index += 1) {
        events.push(...fullTimeline(`b-${index}`, base + index * 2_000, index % step === 0));
      }
      await insertOrderEvents(db, batchTenant, events);
    }
    const expectedBreaches = await countRow(
      db,
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM orders WHERE tenant = ${batchTenant} AND pick_completed_at - paid_at > interval '120 minutes'`,
    );
    const ingestSeconds = (Date.now() - ingestStarted) / 1000;
    log.info({ orders: options.orders, expectedBreaches, ingestSeconds }, 'backlog ingested');

    const evaluationStarted = Date.now();
    await ensureRealtimeMonitors(env.client, { taskQueue, pollSeconds: options.pollSeconds });
    await waitFor(async () => {
      const pending = await countRow(
        db,
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM orders WHERE tenant = ${batchTenant} AND needs_evaluation`,
      );
      const exceptions = await countRow(
        db,
        sql<{ n: number }>`SELECT count(*)::int AS n FROM exceptions WHERE tenant = ${batchTenant}`,
      );
      return pending === 0 && exceptions >= expectedBreaches;
    }, 30 * MINUTE);
    const evaluationSeconds = (Date.now() - evaluationStarted) / 1000;
    const ordersPerMinute = Math.round((options.orders / evaluationSeconds) * 60);
    log.info({ evaluationSeconds, ordersPerMinute }, 'backlog evaluated');

    // Phase 2: steady arrival; lag from the proving event (late pick) or the deadline (no pick) to the exception row.
    const perSecond = options.steadyOrdersPerMinute / 60;
    const steadyStarted = Date.now();
    let sent = 0;
    for (let second = 0; second < options.steadySeconds; second += 1) {
      const tickStart = Date.now();
      const count = Math.floor(perSecond * (second + 1)) - Math.floor(perSecond * second);
      const events: NormalizedEvent[] = [];
      for (let k = 0; k < count; k += 1) {
        const id = `s-${sent}`;
        const now = Date.now();
        const kind = sent % 10;
        if (kind === 0) {
          // Late pick arriving now: the pick event proves the breach.
          events.push(
            event('shopify', 'order_paid', id, at(now, -150)),
            event('wms', 'pick_completed', id, at(now, 0)),
          );
        } else if (kind === 1) {
          // Paid, no pick: the deadline passes during the run and the sweep must find it.
          const deadlineIn = Math.random() * options.steadySeconds * 1000;
          events.push(
            event('shopify', 'order_paid', id, new Date(now - 120 * MINUTE + deadlineIn).toISOString()),
          );
        } else {
          events.push(
            event('shopify', 'order_paid', id, at(now, -30)),
            event('wms', 'pick_completed', id, at(now, 0)),
          );
        }
        sent += 1;
      }
      await insertOrderEvents(db, steadyTenant, events);
      await notifyOrdersChanged(db, [steadyTenant]);
      const elapsed = Date.now() - tickStart;
      if (elapsed < 1000) await new Promise((resolve) => setTimeout(resolve, 1000 - elapsed));
    }
    const arrivalSeconds = (Date.now() - steadyStarted) / 1000;
    const expectedSteady = Math.ceil(sent / 10) + Math.ceil((sent - 1) / 10);
    await waitFor(async () => {
      const n = await countRow(
        db,
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM exceptions WHERE tenant = ${steadyTenant} AND reason_code = 'PICK_DELAY'`,
      );
      return n >= expectedSteady;
    }, 2 * MINUTE);
    const lags = await sql<{ lag_ms: number }>`
      SELECT extract(epoch FROM (x.created_at - greatest(
        (x.context_data->>'deadline_at')::timestamptz,
        (SELECT max(e.received_at) FROM order_events e
          WHERE e.tenant = x.tenant AND e.order_id = x.order_id AND e.event_type = 'pick_completed')
      ))) * 1000 AS lag_ms
      FROM exceptions x WHERE x.tenant = ${steadyTenant} AND x.reason_code = 'PICK_DELAY'`.execute(db);
    const sorted = lags.rows.map((row) => Number(row.lag_ms)).sort((a, b) => a - b);
    for (const workflowId of realtimeMonitorIds(taskQueue))
      await env.client.workflow.getHandle(workflowId).terminate('benchmark done');

    return {
      orders: options.orders,
      breachingOrders: expectedBreaches,
      ingestSeconds: Math.round(ingestSeconds * 10) / 10,
      evaluationSeconds: Math.round(evaluationSeconds * 10) / 10,
      ordersPerMinute,
      steady: {
        ordersPerMinute: Math.round((sent / arrivalSeconds) * 60),
        arrivalOrdersPerMinute: options.steadyOrdersPerMinute,
        seconds: options.steadySeconds,
        orders: sent,
        breaches: sorted.length,
        lagP50Ms: Math.round(percentile(sorted, 50)),
        lagP99Ms: Math.round(percentile(sorted, 99)),
        lagMaxMs: Math.round(sorted[sorted.length - 1] ?? Number.NaN),
      },
      rssAtWorkerStartMb: Math.round(rssAtStart / 1024 / 1024),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      note: 'worker, Temporal client, ingest and measurement share one process: the RSS is an upper bound',
    };
  } finally {
    clearInterval(sampler);
    worker.shutdown();
    await running;
    await changes.close();
    await env.teardown();
    await redis.quit();
    await db.destroy();
  }
}
