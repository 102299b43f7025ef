/**
 * pnpm bench:scale [orders=1000] [rounds=3] [workers=1,3]
 * Throughput with 1 and with 3 worker processes (the production bundles, as `make up WORKERS=N` runs them) on one
 * Temporal dev server, Postgres and Redis: ORDERS generated orders through one gateway process until every order is
 * evaluated (real-time monitor), then ROUNDS concurrent runs of the order, exception and billing flows. Each variant
 * gets its own database, tenant and task queue. docs/benchmarks.md ("Horizontal scale") explains what to expect on 2 cores.
 */
import { FLOW_RUNS, flowSearchAttributes } from '@e2a/workflows/contracts';
import { generateOrders, planDeliveries, sendDeliveries } from '@e2a/generator';
import { loadTestConfig } from '@e2a/config';
import { createTestDatabase, createTestTenant } from '@e2a/tests/support/db';
import { unevaluatedOrders } from '@e2a/tests/support/invariants';
import { createTestRedis, deleteKeys } from '@e2a/tests/support/redis';
import { WORK_FLOWS, workIdentitiesByFlow } from '@e2a/tests/support/scale-out';
import {
  buildServiceBundles,
  startServiceProcess,
  type ServiceProcess,
} from '@e2a/tests/support/service-processes';
import { createLocalEnvironment } from '@e2a/tests/support/temporal';

const ORDERS = Number(process.argv[2] ?? 1_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const WORKER_COUNTS = (process.argv[4] ?? '1,3').split(',').map(Number);
const VARIANT = 'bench-scale';

interface VariantResult {
  workers: number;
  events: number;
  ingestSeconds: number;
  evaluatedSeconds: number;
  ordersPerMinute: number;
  flowRuns: number;
  flowSeconds: number;
  flowRunsPerMinute: number;
  identitiesPerFlow: Record<string, number>;
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const seconds = (from: number) => (performance.now() - from) / 1000;

async function main(): Promise<void> {
  const env = await createLocalEnvironment();
  const redis = await createTestRedis();
  const removeBundles = await buildServiceBundles(['worker', 'gateway'], VARIANT);
  const results: VariantResult[] = [];
  try {
    for (const workerCount of WORKER_COUNTS) {
      const tenant = `scale-bench-${workerCount}`;
      const taskQueue = `e2a-scale-bench-${workerCount}`;
      const database = await createTestDatabase(`bench_scale_${workerCount}`, { poolSize: 4 });
      await deleteKeys(redis, `*${tenant}*`);
      const { webhookSecret } = await createTestTenant(database.db, tenant);
      const shared = {
        DATABASE_URL: database.url,
        REDIS_URL: loadTestConfig().REDIS_URL,
        GATEWAY_DATABASE_POOL_SIZE: '4',
      };
      const processes: ServiceProcess[] = [];
      try {
        // One after the other: each boot is CPU-heavy.
        for (let index = 0; index < workerCount; index += 1)
          processes.push(
            await startServiceProcess('worker', VARIANT, {
              ...shared,
              TEMPORAL_ADDRESS: env.address,
              TEMPORAL_TASK_QUEUE: taskQueue,
              WORKER_METRICS_PORT: '0',
              APPLY_SCHEDULES_ON_START: 'false',
              REALTIME_POLL_SECONDS: '0.5',
            }),
          );
        const gateway = await startServiceProcess('gateway', VARIANT, {
          ...shared,
          GATEWAY_PORT: '0',
          GATEWAY_HOST: '127.0.0.1',
        });
        processes.push(gateway);

        const orders = generateOrders(
          { seed: 42, now: new Date(), orderIdPrefix: `sb${workerCount}` },
          ORDERS,
        );
        const { deliveries } = planDeliveries(orders, { seed: 42 });
        const started = performance.now();
        const sent = await sendDeliveries(deliveries, { gatewayUrl: gateway.url, tenant, webhookSecret });
        if (sent.errors > 0) throw new Error(`${sent.errors} deliveries failed`);
        const ingestSeconds = seconds(started);
        await waitFor(
          'every order evaluated',
          async () => (await unevaluatedOrders(database.db, tenant)).length === 0,
          600_000,
        );
        const evaluatedSeconds = seconds(started);

        const flowsStarted = performance.now();
        const handles = await Promise.all(
          Array.from({ length: ROUNDS }, (_, round) =>
            WORK_FLOWS.map((flow) =>
              env.client.workflow.start(FLOW_RUNS[flow].workflowType, {
                taskQueue,
                workflowId: FLOW_RUNS[flow].workflowId(tenant, `bench-${round}`),
                args: [FLOW_RUNS[flow].input(tenant, {})],
                typedSearchAttributes: flowSearchAttributes(tenant, flow),
              }),
            ),
          ).flat(),
        );
        await Promise.all(handles.map((handle) => handle.result()));
        const flowSeconds = seconds(flowsStarted);
        const identities = await workIdentitiesByFlow(env.client, tenant);
        results.push({
          workers: workerCount,
          events: deliveries.length,
          ingestSeconds: Number(ingestSeconds.toFixed(2)),
          evaluatedSeconds: Number(evaluatedSeconds.toFixed(2)),
          ordersPerMinute: Math.round((ORDERS / evaluatedSeconds) * 60),
          flowRuns: handles.length,
          flowSeconds: Number(flowSeconds.toFixed(2)),
          flowRunsPerMinute: Math.round((handles.length / flowSeconds) * 60),
          identitiesPerFlow: Object.fromEntries(
            Object.entries(identities).map(([flow, set]) => [flow, set.size]),
          ),
        });
        console.log(JSON.stringify(results.at(-1)));
      } finally {
        await Promise.all(processes.map((child) => child.kill('SIGTERM')));
        await database.destroy();
      }
    }
  } finally {
    removeBundles();
    await redis.quit();
    await env.teardown();
  }
  console.log(
    '\n| workers | orders → evaluated (s) | orders/min | flow runs | flow runs (s) | flow runs/min |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const result of results)
    console.log(
      `| ${result.workers} | ${result.evaluatedSeconds} | ${result.ordersPerMinute} | ${result.flowRuns} | ${result.flowSeconds} | ${result.flowRunsPerMinute} |`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
