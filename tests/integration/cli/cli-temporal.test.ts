import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { replayDlqEntries } from '@e2a/activities';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { closeServer, listen } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import {
  BILLING_MANAGEMENT_WORKFLOW,
  DEFAULT_BILLING_CHUNK_SIZE,
  DEFAULT_BILLING_LOOKBACK_HOURS,
  FlowNameSearchAttribute,
  ORDER_PROCESSING_WORKFLOW,
  TenantIdSearchAttribute,
} from '@e2a/workflows/contracts';
import { sql } from '@e2a/db';
import { createE2aWorker, dlqActivityInterceptor } from '@e2a/worker';
import { orchActivityDeps } from '../../support/activity-deps';
import { runCli, runCliJson } from '../../support/cli';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createLocalEnvironment } from '../../support/temporal';
import { deadLetterDelivery, startToolGateway, type ToolGateway } from '../../support/dlq-gateway';

const TENANT = 'tool-temporal';
const TASK_QUEUE = 'tool-cli-queue';

describe('e2a flows/schedules against a real Temporal dev server, and the activity dead-letter interceptor', () => {
  let env: TestWorkflowEnvironment;
  let testDb: TestDatabase;
  let cliEnv: Record<string, string>;
  let gateway: ToolGateway;

  beforeAll(async () => {
    [env, testDb] = await Promise.all([createLocalEnvironment(), createTestDatabase('tool_cli_temporal')]);
    await createTestTenant(testDb.db, TENANT);
    gateway = await startToolGateway(testDb.db);
    cliEnv = {
      DATABASE_URL: testDb.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      GATEWAY_URL: gateway.url,
      DEMO_WEBHOOK_SECRET: 'tool-demo-secret',
    };
  });
  afterAll(async () => {
    await gateway?.close();
    await env?.teardown();
    await testDb?.destroy();
  });

  it('schedules list shows each schedule with its workflow type and state', async () => {
    await env.client.schedule.create({
      scheduleId: `order-processing:${TENANT}`,
      spec: { intervals: [{ every: '30m' }] },
      action: {
        type: 'startWorkflow',
        workflowType: ORDER_PROCESSING_WORKFLOW,
        taskQueue: TASK_QUEUE,
        args: [{ tenant: TENANT }],
      },
      state: { paused: true, note: 'tooling test' },
    });
    const schedules = await runCliJson<Record<string, unknown>[]>(['schedules', 'list'], cliEnv);
    expect(schedules).toEqual([
      {
        scheduleId: `order-processing:${TENANT}`,
        workflowType: ORDER_PROCESSING_WORKFLOW,
        paused: true,
        note: 'tooling test',
        nextActionTimes: expect.any(Array),
        recentActions: [],
      },
    ]);
  });

  it('flows run starts the contract workflow type on the task queue with the tenant and flow search attributes', async () => {
    const started = await runCliJson<Record<string, string>>(
      ['flows', 'run', 'order-processing', '--tenant', TENANT, '--hours', '6'],
      cliEnv,
    );
    expect(started).toMatchObject({
      flow: 'order-processing',
      tenant: TENANT,
      workflowType: ORDER_PROCESSING_WORKFLOW,
      taskQueue: TASK_QUEUE,
      runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(started.workflowId).toMatch(new RegExp(`^order-processing:${TENANT}:manual-\\d{8}T\\d{4}$`));
    const handle = env.client.workflow.getHandle(started.workflowId!);
    const description = await handle.describe();
    expect(description.type).toBe(ORDER_PROCESSING_WORKFLOW);
    expect(description.taskQueue).toBe(TASK_QUEUE);
    expect(description.typedSearchAttributes.get(TenantIdSearchAttribute)).toBe(TENANT);
    expect(description.typedSearchAttributes.get(FlowNameSearchAttribute)).toBe('order-processing');
    await handle.terminate('test done');

    const unknown = await runCli(['flows', 'run', 'nightly-magic'], cliEnv);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /unknown flow "nightly-magic": one of order-processing, exception-management/,
    );
  });

  it('billing run --close-month starts the billing workflow closing that month; a malformed month is refused', async () => {
    const run = await runCli(['billing', 'run', TENANT, '--close-month', '2026-10'], cliEnv);
    expect(run.code).toBe(0);
    const started = JSON.parse(run.stdout) as { workflow_id: string; run_id: string };
    // A month close is its own run in the minute's window.
    expect(started.workflow_id).toMatch(new RegExp(`^billing:${TENANT}:manual-\\d{8}T\\d{4}-close-2026-10$`));
    const handle = env.client.workflow.getHandle(started.workflow_id, started.run_id);
    const description = await handle.describe();
    expect(description.type).toBe(BILLING_MANAGEMENT_WORKFLOW);
    expect(description.taskQueue).toBe(TASK_QUEUE);
    expect(description.typedSearchAttributes.get(FlowNameSearchAttribute)).toBe('billing');
    const history = await handle.fetchHistory();
    const [payload] = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(JSON.parse(Buffer.from(payload!.data!).toString())).toEqual({
      tenant: TENANT,
      lookbackHours: DEFAULT_BILLING_LOOKBACK_HOURS,
      chunkSize: DEFAULT_BILLING_CHUNK_SIZE,
      closeMonth: '2026-10',
    });
    await handle.terminate('test done');

    const malformed = await runCli(['billing', 'run', TENANT, '--close-month', '2026-13'], cliEnv);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('--close-month must be a month YYYY-MM (got "2026-13")');
  });

  it('billing run takes the manual-run window: a second start in the same minute joins the first', async () => {
    // Its own tenant, so the runs it leaves do not meet the CLI-and-API test's window.
    const tenant = `${TENANT}-window`;
    const start = async () => {
      const run = await runCli(['billing', 'run', tenant], cliEnv);
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { workflow_id: string; run_id: string };
    };
    for (let attempt = 0; ; attempt += 1) {
      const first = await start();
      const second = await start();
      const stop = () =>
        Promise.all(
          [...new Set([first.workflow_id, second.workflow_id])].map((id) =>
            env.client.workflow.getHandle(id).terminate('test done'),
          ),
        );
      // A minute boundary between the two starts: try once more.
      if (first.workflow_id !== second.workflow_id && attempt === 0) {
        await stop();
        continue;
      }
      expect(first.workflow_id).toMatch(new RegExp(`^billing:${tenant}:manual-\\d{8}T\\d{4}$`));
      expect(second).toEqual(first);
      await stop();
      break;
    }
  });

  it('a manual run from the CLI and one from the API in the same minute are one run', async () => {
    const fromCli = await runCliJson<Record<string, string>>(
      ['flows', 'run', 'billing', '--tenant', TENANT],
      cliEnv,
    );
    const window = /:manual-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})$/.exec(fromCli.workflowId!);
    expect(window).not.toBeNull();
    // The API's clock in the minute the CLI used (late in it), so a minute boundary cannot split the two.
    const [, year, month, day, hour, minute] = window!.map(Number);
    const apiNow = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, 59));
    const redis = await createTestRedis();
    const app = createApiApp({
      db: testDb.db,
      redis,
      temporal: env.client,
      config: loadApiConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE, LOG_LEVEL: 'silent' }),
      logger: createLogger({ service: 'api-test', level: 'silent' }),
      metrics: createMetricsRegistry('api-test'),
      now: () => apiNow,
    });
    const listening = await listen(app, 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${listening.port}/api/flows/billing/run`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_API_KEY}`,
          'x-tenant-id': TENANT,
          'content-type': 'application/json',
        },
        body: JSON.stringify({}),
      });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ workflow_id: fromCli.workflowId, run_id: fromCli.runId });
      const runs: string[] = [];
      for await (const run of env.client.workflow.list({ query: `WorkflowId="${fromCli.workflowId}"` }))
        runs.push(run.runId);
      expect(runs.filter((runId) => runId !== fromCli.runId)).toEqual([]);
    } finally {
      await env.client.workflow.getHandle(fromCli.workflowId!).terminate('test done');
      await closeServer(listening.server);
      await redis.quit();
    }
  });

  it('dead-letters an activity payload once its retries are exhausted (or it fails permanently), and replays it', async () => {
    let attempts = 0;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'tool-dlq-queue',
      workflowsPath: require.resolve('../../support/dlq-workflows'),
      activities: {
        alwaysFails: async () => {
          attempts += 1;
          throw new Error(`partner down (attempt ${attempts})`);
        },
        failsPermanently: async () => {
          throw ApplicationFailure.nonRetryable('order does not exist', 'OrderNotFound');
        },
      },
      interceptors: {
        activity: [dlqActivityInterceptor(testDb.db, createLogger({ service: 'test', level: 'silent' }))],
      },
    });
    const outcomes = await worker.runUntil(
      Promise.all([
        env.client.workflow.execute('toolDlqWorkflow', {
          taskQueue: 'tool-dlq-queue',
          workflowId: 'tool-dlq-retries',
          args: [{ tenant: TENANT, permanent: false }],
        }),
        env.client.workflow.execute('toolDlqWorkflow', {
          taskQueue: 'tool-dlq-queue',
          workflowId: 'tool-dlq-permanent',
          args: [{ tenant: TENANT, permanent: true }],
        }),
      ]),
    );
    expect(outcomes).toEqual(['gave-up', 'gave-up']);
    expect(attempts).toBe(2);

    const rows = await testDb.db
      .selectFrom('dlq')
      .selectAll()
      .where('kind', '=', 'activity')
      .orderBy('source')
      .execute();
    // Only the final attempt is dead-lettered: one row per failed activity, not one per attempt.
    expect(rows).toEqual([
      expect.objectContaining({
        tenant: TENANT,
        source: 'alwaysFails',
        status: 'PENDING',
        error: 'partner down (attempt 2)',
        payload: expect.objectContaining({
          activity: 'alwaysFails',
          args: [{ tenant: TENANT, orderIds: ['A-1', 'A-2'] }],
          workflowId: 'tool-dlq-retries',
        }),
      }),
      expect.objectContaining({ source: 'failsPermanently', error: 'order does not exist' }),
    ]);

    const replayed: unknown[] = [];
    const summary = await replayDlqEntries(testDb.db, {
      now: new Date(Date.now() + 1000),
      kind: 'activity',
      handlers: {
        alwaysFails: async (input) => {
          replayed.push(input);
        },
      },
    });
    expect(summary).toMatchObject({ claimed: 2, replayed: 1, failed: 1 });
    expect(replayed).toEqual([{ tenant: TENANT, orderIds: ['A-1', 'A-2'] }]);
  });

  it('dlq replay runs in the worker through dlqReplayWorkflow: the event is stored once, a second replay finds nothing due', async () => {
    const queue = 'tool-cli-dlq-replay';
    const redis: TestRedis = await createTestRedis();
    await deadLetterDelivery(testDb.db, TENANT);
    const worker = await createE2aWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: queue,
      deps: orchActivityDeps(testDb.db, redis),
    });
    const replayEnv = { ...cliEnv, TEMPORAL_TASK_QUEUE: queue };
    try {
      const [replay, again, badKind] = await worker.runUntil(async () => {
        const first = await runCliJson<Record<string, unknown>>(
          ['dlq', 'replay', '--kind', 'event', '--tenant', TENANT],
          replayEnv,
        );
        // Events only: the activity entries of the test above come due again a minute after their failed replay.
        const second = await runCliJson<Record<string, unknown>>(
          ['dlq', 'replay', '--kind', 'event', '--tenant', TENANT],
          replayEnv,
        );
        return [first, second, await runCli(['dlq', 'replay', '--kind', 'x'], replayEnv)] as const;
      });
      expect(replay).toMatchObject({
        claimed: 1,
        replayed: 1,
        failed: 0,
        results: [expect.objectContaining({ eventStatus: 'accepted', outcome: 'replayed' })],
      });
      expect(again).toMatchObject({ claimed: 0, replayed: 0 });
      expect(badKind.code).toBe(1);
      expect(badKind.stderr).toMatch(/--kind .*"event"\|"activity"/);
      const stored = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM order_events WHERE event_id = 'dlq-ev-1'`.execute(testDb.db);
      expect(Number(stored.rows[0]!.n)).toBe(1);
    } finally {
      await redis.quit();
    }
  });

  it('demo run seeds the tenant, drives order processing, exception management and billing, and summarises', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowsPath: require.resolve('../../support/dlq-workflows'),
    });
    const result = await worker.runUntil(
      runCliJson<{
        sent: { orders: number; errors: number; accepted: number };
        flows: { flow: string; workflowId: string; status: string }[];
        summary: { counts: { orders: number }; urls: { temporalUi: string } };
      }>(['demo', 'run', '--tenant', 'tool-demo-run', '--orders', '15', '--flow-timeout', '60'], cliEnv),
    );
    expect(result.sent).toMatchObject({ orders: 15, errors: 0 });
    expect(result.flows.map((run) => [run.flow, run.status])).toEqual([
      ['order-processing', 'completed'],
      ['exception-management', 'completed'],
      ['billing', 'completed'],
    ]);
    expect(result.flows[0]!.workflowId).toMatch(/^order-processing:tool-demo-run:demo-\d{8}T\d{6}Z$/);
    const described = await env.client.workflow.getHandle(result.flows[2]!.workflowId).describe();
    expect(described.typedSearchAttributes.get(FlowNameSearchAttribute)).toBe('billing');
    expect(result.summary.counts.orders).toBe(15);
    expect(result.summary.urls.temporalUi).toContain('TenantId%3D%22tool-demo-run%22');
  });
});
