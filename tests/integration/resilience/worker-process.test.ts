import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { insertOrderEvents, upsertTenant, type Db } from '@e2a/db';
import { normalizeEvent, eventSchemaFor } from '@e2a/domain';
import {
  ORDER_PROCESSING_WORKFLOW,
  type OrderProcessingInput,
  type OrderProcessingResult,
} from '@e2a/workflows/contracts';
import { TEST_WEBHOOK_SECRET } from '../../support/db';
import {
  SERVICE_ENTRIES,
  createServiceProcess,
  freePort,
  getJson,
  waitFor,
  type ServiceProcess,
} from '../../support/process-controller';
import { createThrowawayStack, type ThrowawayStack } from '../../support/throwaway-services';

const TENANT = 'worker-process';
const TASK_QUEUE = 'e2a-worker-process';

interface Health {
  status: number;
  body: { checks?: { worker: string; temporal: string }; restarts?: number };
}

describe('worker process while Temporal, Redis and Postgres restart', () => {
  let stack: ThrowawayStack;
  let db: Db;
  let worker: ServiceProcess;
  let healthUrl: string;

  const health = async (): Promise<Health> => {
    const answer = await getJson<Health['body']>(healthUrl);
    return { status: answer.status, body: answer.body ?? {} };
  };
  const expectAlive = () => {
    if (!worker.isRunning()) throw new Error(`worker exited: ${worker.log().slice(-3_000)}`);
  };

  beforeAll(async () => {
    stack = await createThrowawayStack('worker_process');
    db = stack.db;
    await upsertTenant(db, { name: TENANT, webhookSecret: TEST_WEBHOOK_SECRET });
    const port = await freePort();
    healthUrl = `http://127.0.0.1:${port}/health`;
    worker = createServiceProcess({
      name: 'worker',
      entry: SERVICE_ENTRIES.worker,
      logFile: path.join(tmpdir(), `e2a-worker-process-${process.pid}.log`),
      env: {
        DATABASE_URL: stack.databaseUrl,
        REDIS_URL: stack.redis.url,
        TEMPORAL_ADDRESS: stack.temporal.address,
        TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        WORKER_METRICS_PORT: String(port),
        APPLY_SCHEDULES_ON_START: 'false',
        REALTIME_MONITORS_ON_START: 'false',
        AI_MODE: 'disabled',
        LOG_LEVEL: 'warn',
      },
    });
    worker.start();
    await waitFor(
      'a healthy worker',
      async () => {
        expectAlive();
        return (await health()).status === 200;
      },
      { timeoutMs: 240_000 },
    );
  }, 300_000);
  afterAll(async () => {
    await worker?.stop();
    await stack?.destroy();
  });

  it('reports 503 while the Temporal server is gone, keeps running, and polls again once it is back', async () => {
    await stack.temporal.process.stop('SIGKILL');
    await waitFor('an unhealthy worker', async () => {
      expectAlive();
      const answer = await health();
      return answer.status === 503 && answer.body.checks?.temporal === 'unreachable';
    });
    expectAlive();

    await stack.temporal.start();
    await waitFor(
      'a healthy worker again',
      async () => {
        expectAlive();
        return (await health()).status === 200;
      },
      { timeoutMs: 120_000 },
    );
  });

  it('keeps running while Redis restarts and while Postgres is stopped and started', async () => {
    await stack.redis.process.stop('SIGKILL');
    await stack.redis.start();
    stack.cluster.stop();
    // Long enough for the pool's connections to die and the worker's own checks to hit them.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expectAlive();
    stack.cluster.start();
    expectAlive();
    expect((await health()).status).toBe(200);
  });

  it('still runs workflows and their database activities after every restart', async () => {
    const schema = eventSchemaFor('shopify');
    const orderId = `ord-${randomUUID()}`;
    const event = normalizeEvent(
      'shopify',
      schema.parse({
        event_id: `evt-${randomUUID()}`,
        event_type: 'order_paid',
        order_id: orderId,
        occurred_at: new Date(Date.now() - 10 * 3_600_000).toISOString(),
      }),
    );
    await insertOrderEvents(db, TENANT, [event]);

    const connection = await Connection.connect({ address: stack.temporal.address });
    try {
      const client = new Client({ connection });
      const result = await client.workflow.execute<
        (input: OrderProcessingInput) => Promise<OrderProcessingResult>
      >(ORDER_PROCESSING_WORKFLOW, {
        taskQueue: TASK_QUEUE,
        workflowId: `worker-process-${randomUUID()}`,
        args: [{ tenant: TENANT, lookbackHours: 24 }],
        workflowExecutionTimeout: '5 minutes',
      });
      expect(result.ordersEvaluated).toBeGreaterThanOrEqual(1);
    } finally {
      await connection.close();
    }
    const order = await db
      .selectFrom('orders')
      .select(['needs_evaluation', 'evaluated_at'])
      .where('tenant', '=', TENANT)
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(order.needs_evaluation).toBe(false);
    // A paid order not picked 10 hours later breached its pick window.
    const exceptions = await db
      .selectFrom('exceptions')
      .select('reason_code')
      .where('tenant', '=', TENANT)
      .where('order_id', '=', orderId)
      .execute();
    expect(exceptions.map((row) => row.reason_code)).toContain('PICK_DELAY');
    expectAlive();
    expect(worker.starts()).toBe(1);
  });
});
