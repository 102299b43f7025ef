import { Registry } from 'prom-client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadTestConfig, type BenchConfig } from '@e2a/config';
import {
  createChangeFeed,
  createDb,
  dropDatabase,
  ensureDatabase,
  insertOrderEvents,
  migrateToLatest,
  notifyOrdersChanged,
  sql,
  type Db,
} from '@e2a/db';
import {
  DEFAULT_REALTIME_SHARDS,
  eventSchemaFor,
  normalizeEvent,
  realtimeShardOf,
  type EventSource,
  type NormalizedEvent,
} from '@e2a/domain';
import { createLogger } from '@e2a/telemetry';
import { REALTIME_SHARD_MONITOR_WORKFLOW } from '@e2a/workflows/contracts';
import { createE2aWorker } from '@e2a/worker';
import { ensureRealtimeMonitors, realtimeMonitorIds } from '@e2a/schedules';
import { createLocalEnvironment } from '@e2a/tests/support/temporal';
import { createTestRedis } from '@e2a/tests/support/redis';
import { testActivityDeps } from '@e2a/tests/support/order-processing';
import { cpuSecondsOf, findProcess, ownCpuSeconds, percentile } from './process-cpu';

// `pnpm bench:tenants`: N active tenants and the real-time shard monitors over them (real dev server, real worker,
// real Postgres). Idle phase: history events per tenant per minute and CPU of the Temporal server + worker. Burst
// phase: one tenant receives orders at a fixed rate while a quiet tenant of the same shard has one late order;
// breach-detection lag for both.

type Client = Awaited<ReturnType<typeof createLocalEnvironment>>['client'];

const MINUTE = 60_000;
const TASK_QUEUE = 'bench-tenants';
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

async function lagsOf(db: Db, tenant: string): Promise<number[]> {
  const lags = await sql<{ lag_ms: number }>`
    SELECT extract(epoch FROM (x.created_at - greatest(
      (x.context_data->>'deadline_at')::timestamptz,
      (SELECT max(e.received_at) FROM order_events e
        WHERE e.tenant = x.tenant AND e.order_id = x.order_id AND e.event_type = 'pick_completed')
    ))) * 1000 AS lag_ms
    FROM exceptions x WHERE x.tenant = ${tenant} AND x.reason_code = 'PICK_DELAY'`.execute(db);
  return lags.rows.map((row) => Number(row.lag_ms)).sort((a, b) => a - b);
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
      settings: { evaluationChunkSize: 500 },
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
      quietOrders.push(event('shopify', 'order_paid', `q-${index}`, at(Date.now() + deadlineIn, -120)));
    }
    await insertOrderEvents(db, quiet, quietOrders);
    await notifyOrdersChanged(db, [quiet]);
    const perSecond = config.BENCH_BURST_ORDERS_PER_MINUTE / 60;
    const burstFrom = Date.now();
    const burstCpuFrom = { server: cpuSecondsOf(serverPid), worker: ownCpuSeconds() };
    let sent = 0;
    let expected = 0;
    for (let second = 0; second < config.BENCH_BURST_SECONDS; second += 1) {
      const tickStart = Date.now();
      const count = Math.floor(perSecond * (second + 1)) - Math.floor(perSecond * second);
      const events: NormalizedEvent[] = [];
      for (let k = 0; k < count; k += 1) {
        const id = `b-${sent}`;
        const now = Date.now();
        const kind = sent % 10;
        if (kind === 0) {
          // A late pick arriving now: the event proves the breach.
          events.push(
            event('shopify', 'order_paid', id, at(now, -150)),
            event('wms', 'pick_completed', id, at(now, 0)),
          );
          expected += 1;
        } else if (kind === 1) {
          // Paid, no pick: the deadline passes during the burst and only the shard's timer can find it.
          const deadlineIn = Math.random() * (burstMs - (now - burstFrom));
          events.push(
            event('shopify', 'order_paid', id, new Date(now - 120 * MINUTE + deadlineIn).toISOString()),
          );
          expected += 1;
        } else {
          events.push(
            event('shopify', 'order_paid', id, at(now, -30)),
            event('wms', 'pick_completed', id, at(now, 0)),
          );
        }
        sent += 1;
      }
      // Chunks of 500 orders per statement, then the gateway's after-commit NOTIFY.
      for (let start = 0; start < events.length; start += 1000)
        await insertOrderEvents(db, burst, events.slice(start, start + 1000));
      await notifyOrdersChanged(db, [burst]);
      const elapsed = Date.now() - tickStart;
      if (elapsed < 1000) await new Promise((resolve) => setTimeout(resolve, 1000 - elapsed));
    }
    const burstTo = Date.now();
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
    const burstLags = await lagsOf(db, burst);
    const quietLags = await lagsOf(db, quiet);
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
