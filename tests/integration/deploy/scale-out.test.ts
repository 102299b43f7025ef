import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { generateOrders, planDeliveries, sendDeliveries, type Delivery } from '@e2a/generator';
import { loadTestConfig } from '@e2a/config';
import {
  FLOW_RUNS,
  NOTIFICATION_DISPATCHER_WORKFLOW_ID,
  flowSearchAttributes,
} from '@e2a/workflows/contracts';
import { realtimeMonitorIds } from '@e2a/schedules';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { send } from '../../support/gateway';
import { checkInvariants, unevaluatedOrders } from '../../support/invariants';
import { createTestRedis, deleteKeys, type TestRedis } from '../../support/redis';
import {
  buildServiceBundles,
  startServiceProcess,
  type ServiceProcess,
} from '../../support/service-processes';
import { createLocalEnvironment } from '../../support/temporal';
import {
  WORK_FLOWS,
  activitySlotsUsed,
  stickyCacheSize,
  runningFlowWorkflows,
  workIdentitiesByFlow,
} from '../../support/scale-out';

// Horizontal scale on one machine: three worker processes (the production bundle) poll one task queue, two gateway
// processes share one Postgres and Redis. Everything real: dev server, Postgres, Redis, HTTP, kill -9.

const TENANT = 'scale-out';
const TASK_QUEUE = 'e2a-scale-out';
const VARIANT = 'test-scale-out';
const FLOWS = WORK_FLOWS;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('scale-out: three workers on one task queue, two gateways on one Postgres and Redis', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let redis: TestRedis;
  let removeBundles: () => void = () => undefined;
  const workers: ServiceProcess[] = [];
  let gateways: ServiceProcess[] = [];
  let webhookSecret: string;

  beforeAll(async () => {
    [env, db, redis] = await Promise.all([
      createLocalEnvironment(),
      createTestDatabase('scale_out', { poolSize: 4 }),
      createTestRedis(),
    ]);
    await deleteKeys(redis, `*${TENANT}*`);
    webhookSecret = (await createTestTenant(db.db, TENANT)).webhookSecret;
    removeBundles = await buildServiceBundles(['worker', 'gateway'], VARIANT);
    const shared = {
      DATABASE_URL: db.url,
      REDIS_URL: loadTestConfig().REDIS_URL,
      GATEWAY_DATABASE_POOL_SIZE: '4',
    };
    const workerEnv = {
      ...shared,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      WORKER_METRICS_PORT: '0',
      APPLY_SCHEDULES_ON_START: 'false',
      REALTIME_POLL_SECONDS: '0.5',
    };
    // One after the other: each boot is CPU-heavy, and every one of them ensures the tenant's monitor (USE_EXISTING).
    for (let index = 0; index < 3; index += 1)
      workers.push(await startServiceProcess('worker', VARIANT, workerEnv));
    gateways = await Promise.all(
      [0, 1].map(() =>
        startServiceProcess('gateway', VARIANT, { ...shared, GATEWAY_PORT: '0', GATEWAY_HOST: '127.0.0.1' }),
      ),
    );
  }, 600_000);

  afterAll(async () => {
    await Promise.all([...workers, ...gateways].map((process) => process.kill('SIGTERM')));
    removeBundles();
    await env?.teardown();
    await redis?.quit();
    await db?.destroy();
  });

  it('100 concurrent copies of one event split across both gateways are stored once', async () => {
    const event = {
      event_id: 'scale-out-dup-1',
      event_type: 'order_paid',
      order_id: 'DUP-1',
      occurred_at: new Date(Date.now() - 60_000).toISOString(),
    };
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        send(gateways[index % 2]!.url, '/ingest/shopify', event, { tenant: TENANT, secret: webhookSecret }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(99);
    const rows = await db.db
      .selectFrom('order_events')
      .select('id')
      .where('tenant', '=', TENANT)
      .where('event_id', '=', event.event_id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('order, exception and billing work spreads over the workers, and the invariants hold when one is killed mid-run', async () => {
    const client = env.client;
    const ingest = async (deliveries: Delivery[]) => {
      const halves = [0, 1].map((half) => deliveries.filter((_, index) => index % 2 === half));
      const summaries = await Promise.all(
        halves.map((part, index) =>
          sendDeliveries(part, { gatewayUrl: gateways[index]!.url, tenant: TENANT, webhookSecret }),
        ),
      );
      for (const summary of summaries) expect(summary.errors).toBe(0);
      return deliveries.map((delivery) => ({
        source: delivery.source,
        event_id: delivery.envelope.event_id,
      }));
    };
    const allEvaluated = () =>
      waitFor(
        'every order evaluated',
        async () => ((await unevaluatedOrders(db.db, TENANT)).length === 0 ? true : undefined),
        120_000,
      );
    const startFlows = (window: string) =>
      Promise.all(
        FLOWS.map((flow) =>
          client.workflow.start(FLOW_RUNS[flow].workflowType, {
            taskQueue: TASK_QUEUE,
            workflowId: FLOW_RUNS[flow].workflowId(TENANT, window),
            args: [FLOW_RUNS[flow].input(TENANT, {})],
            typedSearchAttributes: flowSearchAttributes(TENANT, flow),
          }),
        ),
      );

    // Before the kill: a generated batch through both gateways, then one run of each flow.
    const first = generateOrders({ seed: 16, now: new Date(), orderIdPrefix: 'so1' }, 100);
    const accepted = await ingest(planDeliveries(first, { seed: 16 }).deliveries);
    await allEvaluated();
    await Promise.all((await startFlows('round-1')).map((handle) => handle.result()));

    // Mid-run: start the next round, then kill -9 a worker that holds no activity at that instant (an activity
    // in flight on a killed worker is retried only after its start-to-close timeout, minutes for billing); its
    // cached workflows (sticky queue) must move to the survivors.
    // The long polls of the shard monitors (NOTIFY waits) and the notification dispatcher are activities that never
    // end on their own: they do not count (a killed worker's poll times out on its heartbeat and is retried on a
    // survivor).
    const shardWaitsHeld = async () => {
      const held = new Map<string, number>();
      for (const workflowId of [...realtimeMonitorIds(TASK_QUEUE), NOTIFICATION_DISPATCHER_WORKFLOW_ID]) {
        const { raw } = await client.workflow
          .getHandle(workflowId)
          .describe()
          .catch(() => ({ raw: { pendingActivities: [] } }));
        for (const activity of raw.pendingActivities ?? []) {
          const identity = activity.lastWorkerIdentity;
          if (identity) held.set(identity, (held.get(identity) ?? 0) + 1);
        }
      }
      return held;
    };
    const round2 = await startFlows('round-2');
    const idle = await waitFor(
      'a worker with cached runs and no activity in flight',
      async () => {
        let best: { worker: ServiceProcess; cached: number } | undefined;
        const waits = await shardWaitsHeld();
        for (const worker of workers) {
          if ((await activitySlotsUsed(worker.url)) > (waits.get(worker.identity) ?? 0)) continue;
          const cached = await stickyCacheSize(worker.url);
          if (cached > (best?.cached ?? 0)) best = { worker, cached };
        }
        return best?.worker;
      },
      60_000,
    );
    await idle.kill('SIGKILL');
    const survivors = workers.filter((worker) => worker !== idle);

    // After the kill: more orders and another round, all on the two survivors.
    const second = generateOrders({ seed: 17, now: new Date(), orderIdPrefix: 'so2' }, 50);
    accepted.push(...(await ingest(planDeliveries(second, { seed: 17 }).deliveries)));
    const round3 = await startFlows('round-3');
    await Promise.all([...round2, ...round3].map((handle) => handle.result()));
    await allEvaluated();
    // The monitor hands new exceptions to exception management on its own: wait for those runs too.
    await waitFor(
      'every flow run finished',
      async () => ((await runningFlowWorkflows(client, TENANT)).length === 0 ? true : undefined),
      120_000,
    );

    const identities = await workIdentitiesByFlow(client, TENANT);
    // Which worker takes a run's first task is Temporal's dispatch, and its later workflow tasks stay there (sticky
    // queue): all rounds of one flow landed on one process in an earlier CI run, of two flows in a later one. So the
    // work as a whole must have spread, not each flow's.
    expect(new Set(FLOWS.flatMap((flow) => [...identities[flow]])).size).toBeGreaterThanOrEqual(2);
    // Round 3 started after the kill: only the survivors did its work.
    const round3Identities = await workIdentitiesByFlow(client, TENANT, 'round-3');
    const survivorIdentities = survivors.map((worker) => worker.identity);
    for (const flow of FLOWS) {
      expect(round3Identities[flow].size).toBeGreaterThanOrEqual(1);
      for (const identity of round3Identities[flow]) expect(survivorIdentities).toContain(identity);
    }

    expect(await checkInvariants(db.db, TENANT, { accepted })).toEqual([]);
    const invoices = await db.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant', '=', TENANT)
      .executeTakeFirstOrThrow();
    expect(Number(invoices.n)).toBeGreaterThan(0);
  }, 600_000);

  it('each running worker serves the Temporal SDK metrics on its own /metrics, beside ours', async () => {
    const texts: string[] = [];
    for (const worker of workers.filter((candidate) => candidate.isRunning())) {
      const text = await (await fetch(`${worker.url}/metrics`)).text();
      texts.push(text);
      for (const name of [
        'temporal_worker_task_slots_available',
        'temporal_worker_task_slots_used',
        'temporal_sticky_cache_size',
        'temporal_num_pollers',
      ])
        expect(text).toMatch(new RegExp(`^${name}\\{.*task_queue="${TASK_QUEUE}".*service="worker"`, 'm'));
      // ours, from prom-client, on the same endpoint
      expect(text).toMatch(/^process_resident_memory_bytes\{service="worker"\}/m);
      expect(text).toMatch(/^# TYPE blocked_exceptions_count gauge$/m);
    }
    expect(texts.length).toBeGreaterThanOrEqual(2);
    // Latency histograms appear once a worker has run a task; the survivors ran the last round between them.
    const all = texts.join('\n');
    expect(all).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{/m);
    expect(all).toMatch(/^temporal_activity_schedule_to_start_latency_bucket\{/m);
  });
});
