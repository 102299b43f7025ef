import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createActivities } from '@e2a/activities';
import { upsertNotificationEndpoint } from '@e2a/db';
import { closeServer, parseSignatureHeader, verifyWebhookSignature } from '@e2a/http';
import { ensureNotificationDispatcher } from '@e2a/schedules';
import { notificationDeliveryWorkflowId } from '@e2a/workflows/contracts';
import { orchActivityDeps } from '../../support/activity-deps';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { saveHistory } from '../../support/histories';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createLocalEnvironment } from '../../support/temporal';

// Done-when of issue 14: an endpoint that fails three times and then answers 200 receives exactly one accepted
// delivery per event, with a valid signature. Real HTTP receiver, real Temporal dev server, real Postgres.

const TENANT = 'notify-delivery';
const TASK_QUEUE = 'notify-delivery';
const SECRET = 'receiver-secret-0123456789';
const FAILURES_BEFORE_ACCEPTING = 3;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** Answers 500 to the first three POSTs of each event id, 200 afterwards; records everything. */
async function startFlakyReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const eventId = String(req.headers['x-e2a-event-id']);
      const seen = received.filter((request) => request.headers['x-e2a-event-id'] === eventId).length;
      const answered = seen < FAILURES_BEFORE_ACCEPTING ? 500 : 200;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/e2a`, received };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('notification delivery (Temporal dev server, real receiver)', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let redis: TestRedis;
  let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;

  beforeAll(async () => {
    database = await createTestDatabase('notify_delivery');
    redis = await createTestRedis();
    receiver = await startFlakyReceiver();
    env = await createLocalEnvironment();
    await createTestTenant(database.db, TENANT);
    await upsertNotificationEndpoint(database.db, TENANT, {
      url: receiver.url,
      secret: SECRET,
      events: ['exception_created', 'exception_escalated'],
      minSeverity: 'HIGH',
      format: 'json',
    });
  });
  afterAll(async () => {
    await env?.teardown();
    await closeServer(receiver.server);
    await redis.quit();
    await database.destroy();
  });

  it('retries with backoff and delivers each event exactly once, signed', async () => {
    const inserted = await database.db
      .insertInto('exceptions')
      .values([
        { tenant: TENANT, order_id: 'N-1', reason_code: 'PICK_DELAY', severity: 'HIGH' },
        { tenant: TENANT, order_id: 'N-2', reason_code: 'ADDRESS_INVALID', severity: 'CRITICAL' },
        { tenant: TENANT, order_id: 'N-3', reason_code: 'PICK_DELAY', severity: 'LOW' },
      ])
      .returning('id')
      .execute();
    await database.db
      .updateTable('exceptions')
      .set({ escalation_level: 1, escalated_at: new Date() })
      .where('id', '=', inserted[0]!.id)
      .execute();
    const events = await database.db
      .selectFrom('notification_deliveries')
      .select(['id', 'payload'])
      .execute();
    // Two created (the LOW one is below min_severity) and one escalated.
    expect(events.length).toBe(3);

    const deps = orchActivityDeps(database.db, redis);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('@e2a/workflows') }),
      activities: createActivities(deps),
    });
    await worker.runUntil(async () => {
      const dispatcherRunId = await ensureNotificationDispatcher(env.client, {
        taskQueue: TASK_QUEUE,
        input: { waitSeconds: 1, iterationsBeforeContinueAsNew: 3 },
      });
      // Starting it again while it runs is a no-op.
      expect(await ensureNotificationDispatcher(env.client, { taskQueue: TASK_QUEUE })).toBe(dispatcherRunId);

      const delivered = await waitFor(async () => {
        const rows = await database.db.selectFrom('notification_deliveries').selectAll().execute();
        return rows.every((row) => row.status === 'DELIVERED') ? rows : undefined;
      }, 90_000);
      for (const row of delivered) {
        expect(row).toMatchObject({
          attempts: FAILURES_BEFORE_ACCEPTING + 1,
          last_status_code: 200,
          last_error: null,
        });
      }

      const deliveryHandle = env.client.workflow.getHandle(notificationDeliveryWorkflowId(events[0]!.id));
      expect(await deliveryHandle.result()).toEqual({ status: 'DELIVERED' });
      await saveHistory(deliveryHandle, 'notificationDeliveryWorkflow-retried');
      const dispatcher = env.client.workflow.getHandle('notification-dispatcher', dispatcherRunId);
      await waitFor(
        async () => ((await dispatcher.describe()).status.name === 'CONTINUED_AS_NEW' ? true : undefined),
        30_000,
      );
      await saveHistory(dispatcher, 'notificationDispatcherWorkflow-dispatched');
    });

    for (const event of events) {
      const requests = receiver.received.filter((request) => request.headers['x-e2a-event-id'] === event.id);
      expect(requests.map((request) => request.answered)).toEqual([500, 500, 500, 200]);
      for (const request of requests) {
        const signature = parseSignatureHeader(String(request.headers['x-e2a-signature']));
        expect(signature).toBeDefined();
        expect(verifyWebhookSignature(SECRET, signature!, request.body)).toBe(true);
        expect(verifyWebhookSignature('another-secret-0123456789', signature!, request.body)).toBe(false);
        expect(JSON.parse(request.body)).toEqual(event.payload);
      }
    }
    // Nothing else arrived: exactly one accepted POST per event.
    expect(receiver.received.filter((request) => request.answered === 200).length).toBe(events.length);
    expect(receiver.received.length).toBe(events.length * (FAILURES_BEFORE_ACCEPTING + 1));
    // Counted per outcome: each event delivered once after three refused attempts.
    const counted = (await deps.metrics.getSingleMetric('notification_deliveries_total')!.get()).values;
    const total = (outcome: string) =>
      counted
        .filter((value) => value.labels.outcome === outcome)
        .reduce((sum, value) => sum + value.value, 0);
    expect(total('delivered')).toBe(events.length);
    expect(total('rejected')).toBe(events.length * FAILURES_BEFORE_ACCEPTING);
    expect(counted.every((value) => value.labels.tenant === TENANT)).toBe(true);
  });
});
