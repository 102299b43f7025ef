import { Registry } from 'prom-client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { defaultMaxConcurrentEvaluations, loadTestConfig } from '@e2a/config';
import {
  createDb,
  dropDatabase,
  ensureDatabase,
  createChangeFeed,
  insertOrderEvents,
  migrateToLatest,
  sql,
  upsertTenant,
  type Db,
} from '@e2a/db';
import type { NormalizedEvent } from '@e2a/domain';
import { createLogger } from '@e2a/telemetry';
import { createE2aWorker } from '@e2a/worker';
import { ensureRealtimeMonitors, realtimeMonitorIds } from '@e2a/schedules';
import { createLocalEnvironment } from '@e2a/tests/support/temporal';
import { createTestRedis } from '@e2a/tests/support/redis';
import { testActivityDeps } from '@e2a/tests/support/order-processing';
import { at, breachLagsMs, orderEvent, sendBurst, storeBurstEvents } from './burst-events';
import { percentile } from './process-cpu';

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

/** A full timeline; a breaching order picks 200 min after payment (over any multiplier of a weekday start). */
function fullTimeline(orderId: string, paidAtMs: number, isBreaching: boolean): NormalizedEvent[] {
  const pick = isBreaching ? 200 : 60;
  return [
    orderEvent('shopify', 'order_paid', orderId, at(paidAtMs, 0)),
    orderEvent('wms', 'pick_completed', orderId, at(paidAtMs, pick)),
    orderEvent('wms', 'pack_completed', orderId, at(paidAtMs, pick + 60)),
    orderEvent('carrier', 'picked_up', orderId, at(paidAtMs, pick + 120)),
    orderEvent('carrier', 'delivered', orderId, at(paidAtMs, pick + 24 * 60)),
  ];
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
      // The worker's own cap on chunks in flight (`WORKER_MAX_CONCURRENT_EVALUATIONS`' default).
      settings: {
        evaluationChunkSize: options.chunkSize,
        maxConcurrentEvaluations: defaultMaxConcurrentEvaluations(),
      },
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
    const {
      sent,
      expectedBreaches: expectedSteady,
      fromMs: steadyStarted,
      toMs: steadyEnded,
    } = await sendBurst({
      seconds: options.steadySeconds,
      ordersPerMinute: options.steadyOrdersPerMinute,
      idPrefix: 's-',
      deadlineSpreadMs: () => options.steadySeconds * 1000,
      send: (events) => storeBurstEvents(db, steadyTenant, events),
    });
    const arrivalSeconds = (steadyEnded - steadyStarted) / 1000;
    await waitFor(async () => {
      const n = await countRow(
        db,
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM exceptions WHERE tenant = ${steadyTenant} AND reason_code = 'PICK_DELAY'`,
      );
      return n >= expectedSteady;
    }, 2 * MINUTE);
    const sorted = await breachLagsMs(db, steadyTenant);
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
