import { tmpdir } from 'node:os';
import path from 'node:path';
import { upsertTenant } from '@e2a/db';
import { generateOrders, planDeliveries, type Delivery } from '@e2a/generator';
import { signWebhook } from '@e2a/http';
import {
  chaosReport,
  killAndRestart,
  runBillingNow,
  survivors,
  type FaultRecord,
} from '@e2a/tests/support/chaos';
import { TEST_WEBHOOK_SECRET } from '@e2a/tests/support/db';
import { reportInvariants, type AcceptedEvent } from '@e2a/tests/support/invariants';
import {
  SERVICE_ENTRIES,
  createServiceProcess,
  freePort,
  httpStatus,
  waitForHttp,
} from '@e2a/tests/support/process-controller';
import { createThrowawayStack } from '@e2a/tests/support/throwaway-services';

// `pnpm chaos` (issue 11): a generated batch of orders streams in through a gateway as signed webhooks while the
// worker is killed (-9) twice, the Temporal server once, Redis restarts and Postgres stops for 20 s; billing runs
// (as an operator starts it) across the second worker kill and again after the stream; then the shared invariants
// are checked and printed. Everything runs on a throwaway stack (private Postgres cluster, Redis and
// Temporal dev server, gateway and worker processes), so no other checkout's stack is touched.
// CHAOS_ORDERS (default 2000) and CHAOS_RATE (events/s, default 100) size the run.

/* eslint-disable no-restricted-properties -- a command-line script reads its two knobs from the environment */
const ORDERS = Number(process.env.CHAOS_ORDERS ?? 2000);
const RATE = Number(process.env.CHAOS_RATE ?? 100);
/* eslint-enable no-restricted-properties */
const TENANT = 'chaos';
const TASK_QUEUE = 'e2a-chaos';
const SETTLE_TIMEOUT_MS = 300_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const started = Date.now();
  const since = () => (Date.now() - started) / 1000;
  const log = (message: string) => console.log(`[${since().toFixed(1)} s] ${message}`);

  const stack = await createThrowawayStack('chaos');
  await upsertTenant(stack.db, { name: TENANT, webhookSecret: TEST_WEBHOOK_SECRET });
  const [gatewayPort, workerPort] = await Promise.all([freePort(), freePort()]);
  const logDir = path.join(tmpdir(), `e2a-chaos-${process.pid}`);
  const common = {
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redis.url,
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'warn',
  };
  const gateway = createServiceProcess({
    name: 'gateway',
    entry: SERVICE_ENTRIES.gateway,
    logFile: path.join(logDir, 'gateway.log'),
    env: { ...common, GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: String(gatewayPort) },
  });
  const worker = createServiceProcess({
    name: 'worker',
    entry: SERVICE_ENTRIES.worker,
    logFile: path.join(logDir, 'worker.log'),
    env: {
      ...common,
      TEMPORAL_ADDRESS: stack.temporal.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      WORKER_METRICS_PORT: String(workerPort),
      AI_MODE: 'disabled',
    },
  });
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const workerHealthy = () => waitForHttp(`http://127.0.0.1:${workerPort}/health`, { timeoutMs: 240_000 });
  const killedPids: number[] = [];
  const faults: FaultRecord[] = [];
  let exitCode = 1;
  try {
    gateway.start();
    worker.start();
    await Promise.all([waitForHttp(`${gatewayUrl}/ready`, { timeoutMs: 120_000 }), workerHealthy()]);
    log(`stack up (logs in ${logDir}); generating ${ORDERS} orders`);

    const orders = generateOrders({ seed: 11, now: new Date(), orderIdPrefix: 'chaos' }, ORDERS);
    const { deliveries } = planDeliveries(orders, { seed: 11 });
    log(`${deliveries.length} deliveries at ${RATE}/s (about ${Math.round(deliveries.length / RATE)} s)`);

    const accepted: AcceptedEvent[] = [];
    const statuses = new Map<number, number>();
    // A sender as a partner runs it: a refused or failed delivery is retried after a pause until it gets a 2xx.
    const deliver = async (delivery: Delivery) => {
      const raw = JSON.stringify(delivery.envelope);
      for (;;) {
        let status = 0;
        try {
          const response = await fetch(`${gatewayUrl}/ingest/${delivery.source}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-tenant-id': TENANT,
              'x-e2a-signature': signWebhook(TEST_WEBHOOK_SECRET, raw, Date.now() / 1000),
            },
            body: raw,
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          status = response.status;
        } catch {
          status = 0;
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 200 && status < 300) {
          accepted.push({ source: delivery.source, event_id: delivery.envelope.event_id });
          return;
        }
        if (status >= 400 && status < 500) return;
        await sleep(1_000);
      }
    };
    const inFlight = new Set<Promise<void>>();
    const load = (async () => {
      const begun = Date.now();
      for (let index = 0; index < deliveries.length; index += 1) {
        const due = begun + (index / RATE) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
        const work = deliver(deliveries[index]!);
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      }
      await Promise.all([...inFlight]);
    })();

    const fault = async (step: string, at: number, run: () => Promise<void>) => {
      const wait = started + at * 1000 - Date.now();
      if (wait > 0) await sleep(wait);
      const begun = since();
      log(`fault: ${step}`);
      await run();
      faults.push({ step, atSeconds: begun, recoverySeconds: since() - begun });
      log(`recovered: ${step} after ${(since() - begun).toFixed(1)} s`);
    };
    const offset = since();
    const killWorker = async () => {
      const { killedPid } = await killAndRestart(worker, workerHealthy);
      if (killedPid) killedPids.push(killedPid);
    };
    const billingRuns: Promise<void>[] = [];
    const billingFailures: string[] = [];
    // Invoices as an operator would with the daily schedule (which never fires inside a run): the flow-run start.
    const billingRun = async (label: string, window: string) => {
      const begun = since();
      try {
        const result = await runBillingNow({
          address: stack.temporal.address,
          taskQueue: TASK_QUEUE,
          tenant: TENANT,
          window,
        });
        log(`billing (${label}) started at ${begun.toFixed(1)} s: ${result.invoicesIssued} invoices issued`);
      } catch (error) {
        billingFailures.push(`billing (${label}): ${error instanceof Error ? error.message : String(error)}`);
        log(billingFailures.at(-1)!);
      }
    };
    const faultRun = (async () => {
      await fault('kill -9 worker (1)', offset + 5, killWorker);
      await fault('kill -9 Temporal server', offset + 15, async () => {
        const { killedPid } = await killAndRestart(stack.temporal.process, async () => {
          await stack.temporal.start();
          await workerHealthy();
        });
        if (killedPid) killedPids.push(killedPid);
      });
      await fault('restart Redis', offset + 30, async () => {
        const { killedPid } = await killAndRestart(stack.redis.process, () => stack.redis.start());
        if (killedPid) killedPids.push(killedPid);
        await waitForHttp(`${gatewayUrl}/ready`, { timeoutMs: 60_000 });
      });
      await fault('stop Postgres for 20 s', offset + 40, async () => {
        stack.cluster.stop();
        await sleep(20_000);
        stack.cluster.start();
        await waitForHttp(`${gatewayUrl}/ready`, { timeoutMs: 60_000 });
      });
      // Billing starts just before the second kill, so the kill can land on it mid-run.
      const sleepUntil = started + (offset + 68) * 1000 - Date.now();
      if (sleepUntil > 0) await sleep(sleepUntil);
      billingRuns.push(billingRun('during the stream', 'chaos-1'));
      await fault('kill -9 worker (2)', offset + 70, killWorker);
    })();
    await Promise.all([load, faultRun]);
    log(`load done: ${accepted.length} accepted; answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    billingRuns.push(billingRun('after the stream', 'chaos-2'));
    await Promise.all(billingRuns);

    // Give the worker its evaluation cycles to catch up, then report.
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    const checks = { accepted, deadlineGraceSeconds: 120, expectInvoices: true };
    let invariants = await reportInvariants(stack.db, TENANT, checks);
    while (!invariants.every((result) => result.ok) && Date.now() < deadline) {
      await sleep(5_000);
      invariants = await reportInvariants(stack.db, TENANT, checks);
    }
    log('settled');
    const notRunning = [gateway, worker, stack.temporal.process, stack.redis.process]
      .filter((process) => !process.isRunning())
      .map((process) => process.name);
    const gatewayStatus = await httpStatus(`${gatewayUrl}/ready`);
    if (gatewayStatus !== 200) notRunning.push(`gateway /ready ${gatewayStatus}`);
    const report = chaosReport({
      faults,
      invariants,
      leftover: survivors(killedPids),
      notRunning,
      failedSteps: billingFailures,
    });
    console.log(
      `chaos: ${ORDERS} orders, ${deliveries.length} deliveries at ${RATE}/s, ${since().toFixed(0)} s in all`,
    );
    for (const line of report.lines) console.log(line);
    exitCode = report.ok ? 0 : 1;
  } finally {
    await gateway.stop();
    await worker.stop();
    await stack.destroy();
  }
  process.exit(exitCode);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
