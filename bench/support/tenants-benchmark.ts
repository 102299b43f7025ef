import { Registry } from 'prom-client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { defaultMaxConcurrentEvaluations, loadTestConfig, type BenchConfig } from '@e2a/config';
import {
  createChangeFeed,
  createDb,
  dropDatabase,
  ensureDatabase,
  migrateToLatest,
  sql,
  type Db,
} from '@e2a/db';
import { DEFAULT_REALTIME_SHARDS, realtimeShardOf, type NormalizedEvent } from '@e2a/domain';
import { createLogger } from '@e2a/telemetry';
import { REALTIME_SHARD_MONITOR_WORKFLOW } from '@e2a/workflows/contracts';
import { createE2aWorker } from '@e2a/worker';
import { ensureRealtimeMonitors, realtimeMonitorIds } from '@e2a/schedules';
import { createLocalEnvironment } from '@e2a/tests/support/temporal';
import { createTestRedis } from '@e2a/tests/support/redis';
import { testActivityDeps } from '@e2a/tests/support/order-processing';
import { cpuSecondsOf, findProcess, ownCpuSeconds, percentile } from './process-cpu';
import { at, breachLagsMs, orderEvent, sendBurst, storeBurstEvents } from './burst-events';

// `pnpm bench:tenants`: N active tenants and the real-time shard monitors over them (real dev server, real worker,
// real Postgres). Idle phase: history events per tenant per minute and CPU of the Temporal server + worker. Burst
// phase: one tenant receives orders at a fixed rate while a quiet tenant of the same shard has one late order;
// breach-detection lag for both.

type Client = Awaited<ReturnType<typeof createLocalEnvironment>>['client'];

const MINUTE = 60_000;
const TASK_QUEUE = 'bench-tenants';

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** History events the task queue's shard monitors recorded in [from, to), over every run of each chain. */
async function shardHistoryEvents(client: Client, from: number, to: number): Promise<number> {
  let events = 0;
  for await (const run of client.workflow.list({
    query: `WorkflowType = '${REALTIME_SHARD_MONITOR_WORKFLOW}' AND TaskQueue = '${TASK_QUEUE}'`,
  })) {
    const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    for (const entry of history.events ?? []) {
      const time =
        Number(entry.eventTime?.seconds ?? 0) * 1000 + Math.floor((entry.eventTime?.nanos ?? 0) / 1e6);
      if (time >= from && time < to) events += 1;
    }
  }
  return events;
}

/** Tenant names such that the bursting and the quiet tenant share a shard: the worst case for fairness. */
function tenantNames(count: number): { names: string[]; burst: string; quiet: string } {
  const names = Array.from({ length: count }, (_, index) => `bench-t-${index}`);
  const burst = names[0] as string;
  const shard = realtimeShardOf(burst, DEFAULT_REALTIME_SHARDS);
  const quiet = names.find(
    (name, index) => index > 0 && realtimeShardOf(name, DEFAULT_REALTIME_SHARDS) === shard,
  );
  if (!quiet) throw new Error('no second tenant in the bursting tenant’s shard: use more tenants');
  return { names, burst, quiet };
}

const countOf = async (db: Db, tenant: string) =>
  Number(
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM exceptions
        WHERE tenant = ${tenant} AND reason_code = 'PICK_DELAY'`.execute(db)
    ).rows[0]?.n ?? 0,
  );

export async function runTenantsBenchmark(config: BenchConfig) {
  const log = createLogger({ service: 'bench', level: 'info' });
  const url = new URL(loadTestConfig().TEST_DATABASE_ADMIN_URL);
  url.pathname = '/e2a_bench_tenants';
  await dropDatabase(url.toString());
  await ensureDatabase(url.toString());
  const { db } = createDb(url.toString(), { max: 12 });
  await migrateToLatest(db);
  const { names, burst, quiet } = tenantNames(config.BENCH_TENANTS);
  // Wall-clock runs: no weekend or volume allowance, so neither the day nor the rate moves a deadline.
  await sql`
    INSERT INTO tenants (name, webhook_secret, timezone, partner_endpoints, sla_policy, tariffs, credit_rules)
    SELECT name, 'bench-secret', 'UTC', '{}', ${JSON.stringify({ weekend_multiplier: 1, high_volume_threshold: 100_000_000 })}::jsonb, '{}', '{}'
    FROM unnest(${names}::text[]) AS name`.execute(db);

  const redis = await createTestRedis();
  const env = await createLocalEnvironment();
  const port = env.address.split(':').at(-1) ?? '';
  const serverPid = findProcess(['start-dev', `--port ${port}`]);
  const changes = createChangeFeed(url.toString(), (error) => log.warn({ err: error }, 'listener lost'));
  const worker = await createE2aWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    deps: testActivityDeps(db, redis, {
      metrics: new Registry(),
      // The worker's own cap on chunks in flight (`WORKER_MAX_CONCURRENT_EVALUATIONS`' default).
      settings: { evaluationChunkSize: 500, maxConcurrentEvaluations: defaultMaxConcurrentEvaluations() },
      changes,
    }),
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: require.resolve('../../tests/integration/order-processing/handoff-workflows'),
    }),
  });
  const running = worker.run();
  try {
    await ensureRealtimeMonitors(env.client, { taskQueue: TASK_QUEUE, pollSeconds: 1 });
    // Let the shards settle (first look over every tenant) before the idle window opens.
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    // Idle: no event anywhere.
    const idleFrom = Date.now();
    const cpuFrom = { server: cpuSecondsOf(serverPid), worker: ownCpuSeconds() };
    await new Promise((resolve) => setTimeout(resolve, config.BENCH_IDLE_SECONDS * 1000));
    const idleTo = Date.now();
    const idleCpu = {
      server: cpuSecondsOf(serverPid) - cpuFrom.server,
      worker: ownCpuSeconds() - cpuFrom.worker,
    };
    const idleMinutes = (idleTo - idleFrom) / MINUTE;
    const idleEvents = await shardHistoryEvents(env.client, idleFrom, idleTo);
    const idle = {
      tenants: names.length,
      seconds: Math.round((idleTo - idleFrom) / 1000),
      shardMonitors: realtimeMonitorIds(TASK_QUEUE).length,
      historyEvents: idleEvents,
      historyEventsPerTenantPerMinute: Number((idleEvents / names.length / idleMinutes).toFixed(5)),
      historyEventsPerIdleTenantPerDay: Number(((idleEvents / names.length / idleMinutes) * 1440).toFixed(2)),
      cpuSeconds: {
        temporalServer: Number(idleCpu.server.toFixed(2)),
        worker: Number(idleCpu.worker.toFixed(2)),
        total: Number((idleCpu.server + idleCpu.worker).toFixed(2)),
      },
      shareOfOneCore: Number(((idleCpu.server + idleCpu.worker) / ((idleTo - idleFrom) / 1000)).toFixed(4)),
      temporalServerFound: serverPid !== undefined,
    };
    log.info(idle, 'idle phase done');

    // Burst: one tenant at a fixed rate; the quiet tenant of the same shard has late orders whose deadlines pass
    // during the burst with no event at all.
    const burstMs = config.BENCH_BURST_SECONDS * 1000;
    const quietOrders: NormalizedEvent[] = [];
    for (let index = 0; index < config.BENCH_QUIET_LATE_ORDERS; index += 1) {
      const deadlineIn = ((index + 0.5) / config.BENCH_QUIET_LATE_ORDERS) * burstMs;
      quietOrders.push(orderEvent('shopify', 'order_paid', `q-${index}`, at(Date.now() + deadlineIn, -120)));
    }
    await storeBurstEvents(db, quiet, quietOrders);
    const burstCpuFrom = { server: cpuSecondsOf(serverPid), worker: ownCpuSeconds() };
    // Unpicked orders' deadlines pass before the burst ends.
    const {
      sent,
      expectedBreaches: expected,
      fromMs: burstFrom,
      toMs: burstTo,
    } = await sendBurst({
      seconds: config.BENCH_BURST_SECONDS,
      ordersPerMinute: config.BENCH_BURST_ORDERS_PER_MINUTE,
      idPrefix: 'b-',
      deadlineSpreadMs: (elapsedMs) => burstMs - elapsedMs,
      send: (events) => storeBurstEvents(db, burst, events),
    });
    await waitFor(
      async () =>
        (await countOf(db, burst)) >= expected &&
        (await countOf(db, quiet)) >= config.BENCH_QUIET_LATE_ORDERS,
      3 * MINUTE,
      'every expected breach detected',
    );
    const burstCpu = {
      server: cpuSecondsOf(serverPid) - burstCpuFrom.server,
      worker: ownCpuSeconds() - burstCpuFrom.worker,
    };
    const burstEvents = await shardHistoryEvents(env.client, burstFrom, Date.now());
    const burstLags = await breachLagsMs(db, burst);
    const quietLags = await breachLagsMs(db, quiet);
    const summary = (lags: number[]) => ({
      breaches: lags.length,
      lagP50Ms: Math.round(percentile(lags, 50)),
      lagP99Ms: Math.round(percentile(lags, 99)),
      lagMaxMs: Math.round(lags.at(-1) ?? Number.NaN),
    });
    return {
      idle,
      burst: {
        tenant: burst,
        seconds: Math.round((burstTo - burstFrom) / 1000),
        ordersPerMinute: Math.round((sent / (burstTo - burstFrom)) * MINUTE),
        orders: sent,
        ...summary(burstLags),
        historyEvents: burstEvents,
        cpuSeconds: {
          temporalServer: Number(burstCpu.server.toFixed(2)),
          worker: Number(burstCpu.worker.toFixed(2)),
        },
      },
      quiet: {
        tenant: quiet,
        sameShardAsBurst: true,
        lateOrders: config.BENCH_QUIET_LATE_ORDERS,
        ...summary(quietLags),
      },
      note: 'worker, Temporal client, ingest and measurement share the bench process: worker CPU is an upper bound',
    };
  } finally {
    worker.shutdown();
    await running;
    await changes.close();
    await env.teardown();
    await redis.quit();
    await db.destroy();
  }
}
