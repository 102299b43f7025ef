import type { Server } from 'node:http';
import { Registry } from 'prom-client';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { closeServer, listen } from '@e2a/http';
import { createLogger } from '@e2a/telemetry';
import {
  ORDER_PROCESSING_WORKFLOW,
  REALTIME_ORDER_MONITOR_WORKFLOW,
  TenantIdSearchAttribute,
  FlowNameSearchAttribute,
  exceptionManagementWorkflowId,
  realtimeOrderMonitorWorkflowId,
  realtimeShardMonitorWorkflowId,
  realtimeShardOf,
  type ExceptionManagementInput,
  type OrderProcessingResult,
} from '@e2a/workflows/contracts';
import { createE2aWorker } from '@e2a/worker';
import { temporal } from '@temporalio/proto';
import { createChangeFeed, type ChangeFeed } from '@e2a/db';
import { saveHistory } from '../../support/histories';
import { describeRealtimeMonitor, ensureRealtimeMonitors, realtimeMonitorIds } from '@e2a/schedules';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createLocalEnvironment } from '../../support/temporal';
import {
  eventually,
  ingest,
  ingestBatch,
  minutesAfter,
  testActivityDeps,
} from '../../support/order-processing';

const TENANT = 'ord-rt';
const OTHER_TENANT = 'ord-rt-other';
const TASK_QUEUE = 'ord-realtime';
const SHARDS = 2;

interface ExceptionItem {
  id: string;
  order_id: string;
  reason_code: string;
  severity: string;
  status: string;
  context_data: Record<string, unknown>;
  resolved_at: string | null;
}

describe('real-time shard monitors on a real Temporal dev server, observed through the API', () => {
  let env: TestWorkflowEnvironment;
  let testDb: TestDatabase;
  let redis: TestRedis;
  let worker: Worker;
  let running: Promise<void>;
  let server: Server;
  let baseUrl: string;
  let changes: ChangeFeed;
  let legacyRunId: string;

  const api = async (path: string, init: RequestInit & { tenant?: string } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        'x-tenant-id': init.tenant ?? TENANT,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const exceptionsOf = async (orderId: string) =>
    (await api(`/exceptions?order_id=${orderId}`)).body.items as ExceptionItem[];

  /** Why each wait of the shard ended (the activity's results), for waits that completed after `since`. */
  const waitReasonsSince = async (workflowId: string, since: number): Promise<string[]> => {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const reasons: string[] = [];
    for (const event of history.events ?? []) {
      const completed = event.activityTaskCompletedEventAttributes;
      const at = Number(event.eventTime?.seconds ?? 0) * 1000;
      if (!completed || at < since - 1000) continue;
      const payload = completed.result?.payloads?.[0]?.data;
      if (!payload) continue;
      const result = JSON.parse(Buffer.from(payload).toString('utf8')) as { reason?: string };
      if (result.reason) reasons.push(result.reason);
    }
    return reasons;
  };

  beforeAll(async () => {
    env = await createLocalEnvironment();
    testDb = await createTestDatabase('ord_realtime_monitor');
    redis = await createTestRedis();
    changes = createChangeFeed(testDb.url, () => undefined);
    await createTestTenant(testDb.db, TENANT);
    await createTestTenant(testDb.db, OTHER_TENANT);
    // These tests run on the wall clock: no weekend allowance, so the figures do not depend on the day they run.
    await testDb.db
      .updateTable('tenants')
      .set({ sla_policy: JSON.stringify({ weekend_multiplier: 1 }) })
      .where('name', '=', TENANT)
      .execute();
    worker = await createE2aWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: TASK_QUEUE,
      deps: testActivityDeps(testDb.db, redis, { changes }),
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./handoff-workflows') }),
    });
    running = worker.run();
    const config = loadApiConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE, LOG_LEVEL: 'silent' });
    const app = createApiApp({
      db: testDb.db,
      redis,
      temporal: env.client,
      config,
      logger: createLogger({ service: 'api-test', level: 'silent' }),
      metrics: new Registry(),
    });
    const listening = await listen(app, 0, '127.0.0.1');
    server = listening.server;
    baseUrl = `http://127.0.0.1:${listening.port}`;
    // A per-tenant monitor of the former design still running on the queue: ensuring the shards stops it.
    const legacy = await env.client.workflow.start(REALTIME_ORDER_MONITOR_WORKFLOW, {
      taskQueue: TASK_QUEUE,
      workflowId: realtimeOrderMonitorWorkflowId(TENANT),
      args: [{ tenant: TENANT, pollSeconds: 5 }],
    });
    legacyRunId = legacy.firstExecutionRunId;
    await eventually(async () => {
      for await (const execution of env.client.workflow.list({
        query: `WorkflowId = '${legacy.workflowId}' AND ExecutionStatus = 'Running'`,
      }))
        return execution;
      return undefined;
    }, 10_000);
    // Twice: the second boot finds the monitors running and leaves them alone.
    const options = { taskQueue: TASK_QUEUE, shardCount: SHARDS, pollSeconds: 0.5 };
    const first = await ensureRealtimeMonitors(env.client, options);
    const second = await ensureRealtimeMonitors(env.client, options);
    expect(first.map((monitor) => monitor.workflowId)).toEqual(realtimeMonitorIds(TASK_QUEUE, SHARDS));
    expect(second).toEqual(first);
  });

  afterAll(async () => {
    for (const workflowId of realtimeMonitorIds(TASK_QUEUE, SHARDS))
      await env.client.workflow
        .getHandle(workflowId)
        .terminate('test over')
        .catch(() => undefined);
    await changes?.close();
    if (server) await closeServer(server);
    worker?.shutdown();
    await running;
    await redis.quit();
    await testDb.destroy();
    await env.teardown();
  });

  it('describeRealtimeMonitor names the shard monitor covering a tenant and whether it runs', async () => {
    const shard = realtimeShardOf(TENANT, SHARDS);
    expect(
      await describeRealtimeMonitor(env.client, TENANT, { taskQueue: TASK_QUEUE, shardCount: SHARDS }),
    ).toEqual({
      workflowId: realtimeShardMonitorWorkflowId(TASK_QUEUE, shard, SHARDS),
      running: true,
    });
    // A queue whose monitors were never started: no execution at all.
    expect(await describeRealtimeMonitor(env.client, TENANT, { taskQueue: 'ord-rt-never' })).toEqual({
      workflowId: realtimeShardMonitorWorkflowId('ord-rt-never', realtimeShardOf(TENANT, 4), 4),
      running: false,
    });
  });

  it('ensuring the shard monitors stopped the per-tenant monitor they replace', async () => {
    const legacy = await env.client.workflow
      .getHandle(realtimeOrderMonitorWorkflowId(TENANT), legacyRunId)
      .describe();
    expect(legacy.status.name).toBe('TERMINATED');
  });

  it('the shard wakes on the NOTIFY of new events, not on a poll', async () => {
    const shardId = realtimeShardMonitorWorkflowId(TASK_QUEUE, realtimeShardOf(TENANT, SHARDS), SHARDS);
    // Idle first: the shard's wait activity is running (no deadline near, nothing due) and past its first check for
    // due work (it heartbeats after it): an event stored during that check ends the wait as 'due', not 'change'.
    await eventually(async () => {
      const { raw } = await env.client.workflow.getHandle(shardId).describe();
      const waiting = (raw.pendingActivities ?? []).some(
        (activity) =>
          activity.activityType?.name === 'waitForShardChanges' &&
          activity.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED &&
          activity.lastHeartbeatTime != null,
      );
      return waiting ? true : undefined;
    }, 30_000);
    const since = Date.now();
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'rt-notify',
      occurred_at: minutesAfter(new Date(), -10),
    });
    const reasons = await eventually(async () => {
      const found = await waitReasonsSince(shardId, since);
      return found.includes('change') ? found : undefined;
    }, 10_000);
    expect(reasons).toContain('change');
    // The order it woke for is evaluated; the history (woken, evaluated, waiting again) is kept for replay.
    await eventually(async () => {
      const order = await testDb.db
        .selectFrom('orders')
        .select('needs_evaluation')
        .where('tenant', '=', TENANT)
        .where('order_id', '=', 'rt-notify')
        .executeTakeFirstOrThrow();
      return order.needs_evaluation ? undefined : true;
    }, 10_000);
    await saveHistory(env.client.workflow.getHandle(shardId), 'realtime-shard-monitor-notify-wake');
  });

  it('PICK_DELAY (30 min, MEDIUM) is visible through GET /exceptions within 10 s of the late pick event', async () => {
    // The pick happened 5 min ago, so the pack window that follows is still within its allowance.
    const T = minutesAfter(new Date(), -155);
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'rt-late',
      occurred_at: T,
    });
    await ingest(testDb.db, TENANT, 'wms', {
      event_type: 'pick_completed',
      order_id: 'rt-late',
      occurred_at: minutesAfter(T, 150),
    });
    const sentAt = Date.now();
    const exception = await eventually(async () => {
      const items = await exceptionsOf('rt-late');
      return items.find(
        (item) => item.reason_code === 'PICK_DELAY' && item.context_data.delay_minutes === 30,
      );
    }, 10_000);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(exception).toMatchObject({ severity: 'MEDIUM', status: 'OPEN' });
    expect(exception.context_data).toMatchObject({
      window: 'pick',
      sla_minutes: 120,
      actual_minutes: 150,
      ended_at: minutesAfter(T, 150).toISOString(),
    });
  });

  it('a pick at exactly T+120 creates no exception', async () => {
    const T = minutesAfter(new Date(), -125);
    // Both back-dated events in one delivery: the pick window is closed before it is ever seen open.
    await ingestBatch(testDb.db, TENANT, [
      { source: 'shopify', body: { event_type: 'order_paid', order_id: 'rt-exact', occurred_at: T } },
      {
        source: 'wms',
        body: { event_type: 'pick_completed', order_id: 'rt-exact', occurred_at: minutesAfter(T, 120) },
      },
    ]);
    await eventually(async () => {
      const order = await testDb.db
        .selectFrom('orders')
        .select(['needs_evaluation', 'evaluated_at'])
        .where('tenant', '=', TENANT)
        .where('order_id', '=', 'rt-exact')
        .executeTakeFirstOrThrow();
      return order.needs_evaluation === false && order.evaluated_at ? true : undefined;
    }, 10_000);
    expect(await exceptionsOf('rt-exact')).toEqual([]);
  });

  it('an order_paid 3 h old with no pick yields PICK_DELAY within 10 s, handed to exception management', async () => {
    const sentAt = Date.now();
    await ingest(testDb.db, TENANT, 'shopify', {
      event_type: 'order_paid',
      order_id: 'rt-open',
      occurred_at: minutesAfter(new Date(), -180),
    });
    const exception = await eventually(
      async () => (await exceptionsOf('rt-open')).find((item) => item.reason_code === 'PICK_DELAY'),
      10_000,
    );
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(exception.context_data).toMatchObject({ ended_at: null, sla_minutes: 120 });
    expect(Number(exception.context_data.delay_minutes)).toBeGreaterThanOrEqual(60);

    // The hand-off: a child started by type name with the business-key id and the tenant's search attributes.
    const child = env.client.workflow.getHandle(exceptionManagementWorkflowId(TENANT, `new-${exception.id}`));
    const handedOver = (await eventually(
      () => child.result().catch(() => undefined),
      10_000,
    )) as ExceptionManagementInput;
    expect(handedOver).toEqual({ tenant: TENANT, exceptionIds: [exception.id] });
    const description = await child.describe();
    expect(description.typedSearchAttributes.get(TenantIdSearchAttribute)).toBe(TENANT);
    expect(description.typedSearchAttributes.get(FlowNameSearchAttribute)).toBe('exception-management');
  });

  it('GET /exceptions/{id} shows the timeline, breach context and attempts; another tenant gets 404', async () => {
    const [exception] = await exceptionsOf('rt-late');
    const detail = await api(`/exceptions/${exception!.id}`);
    expect(detail.status).toBe(200);
    expect((detail.body.timeline as Array<{ event_type: string }>).map((e) => e.event_type)).toEqual([
      'order_paid',
      'pick_completed',
    ]);
    expect(detail.body.breach_context).toMatchObject({ window: 'pick', delay_minutes: 30 });
    expect(detail.body.resolution_attempt_history).toEqual([]);
    const foreign = await api(`/exceptions/${exception!.id}`, { tenant: OTHER_TENANT });
    expect(foreign.status).toBe(404);
    const foreignPatch = await api(`/exceptions/${exception!.id}`, {
      tenant: OTHER_TENANT,
      method: 'PATCH',
      body: JSON.stringify({ status: 'CLOSED' }),
    });
    expect(foreignPatch.status).toBe(404);
    expect((await api('/exceptions', { tenant: OTHER_TENANT })).body.total).toBe(0);
  });

  it('POST /api/flows/order-processing/run starts the scheduled pass by type name with search attributes', async () => {
    const run = await api('/api/flows/order-processing/run', {
      method: 'POST',
      body: JSON.stringify({ tenant: TENANT, lookback_hours: 24 }),
    });
    expect(run.status).toBe(202);
    expect(run.body.workflow_id).toMatch(new RegExp(`^order-processing:${TENANT}:manual-\\d{8}T\\d{4}$`));
    const handle = env.client.workflow.getHandle(String(run.body.workflow_id), String(run.body.run_id));
    const result = (await handle.result()) as OrderProcessingResult;
    // The real-time path already evaluated everything: the safety net finds nothing new.
    expect(result).toMatchObject({ tenant: TENANT, exceptionsCreated: 0 });
    expect(result.ordersEvaluated).toBeGreaterThanOrEqual(3);
    const description = await handle.describe();
    expect(description.type).toBe(ORDER_PROCESSING_WORKFLOW);
    expect(description.taskQueue).toBe(TASK_QUEUE);
    expect(description.typedSearchAttributes.get(FlowNameSearchAttribute)).toBe('order-processing');
    expect(description.typedSearchAttributes.get(TenantIdSearchAttribute)).toBe(TENANT);
  });

  it.each([
    ['another tenant in the body', 'order-processing', { tenant: OTHER_TENANT }, 403, 'body.tenant'],
    ['an unknown flow', 'teleport', { tenant: TENANT }, 422, 'path.flow'],
    ['a parameter the flow does not take', 'enrichment', { tenant: TENANT, lookback_hours: 3 }, 422, 'body'],
    [
      'a bad parameter value',
      'order-processing',
      { tenant: TENANT, lookback_hours: -1 },
      422,
      'body.lookback_hours',
    ],
  ])('flow run with %s is rejected', async (_name, flow, body, status, path) => {
    const response = await api(`/api/flows/${flow}/run`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(status);
    const details = (response.body.error as { details: Array<{ path: string }> }).details;
    expect(details.map((detail) => detail.path).join(' ')).toContain(path);
  });

  // The tenant comes from the authenticated caller; the body may repeat it, never name another (403 above).
  it.each([
    ['no body at all', undefined, 1, {}],
    ['an empty body', {}, 2, {}],
    ['parameters only', { analysis_hours: 12 }, 3, { analysisHours: 12 }],
    ['the caller named in the body', { tenant: TENANT, analysis_hours: 6 }, 4, { analysisHours: 6 }],
  ])('a flow run with %s runs for the authenticated tenant', async (_name, body, minute, input) => {
    // Its own clock per case, so each case starts its own run (manual runs share one id per minute).
    const app = createApiApp({
      db: testDb.db,
      redis,
      temporal: env.client,
      config: loadApiConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE, LOG_LEVEL: 'silent' }),
      logger: createLogger({ service: 'api-test', level: 'silent' }),
      metrics: new Registry(),
      now: () => new Date(Date.UTC(2030, 0, 1, 0, minute)),
    });
    const listening = await listen(app, 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${listening.port}/api/flows/exception-management/run`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_API_KEY}`,
          'x-tenant-id': TENANT,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.status).toBe(202);
      const run = (await response.json()) as { workflow_id: string };
      expect(run.workflow_id).toBe(
        `exception-management:${TENANT}:manual-20300101T00${String(minute).padStart(2, '0')}`,
      );
      const result = await env.client.workflow.getHandle(run.workflow_id).result();
      expect(result).toEqual({ tenant: TENANT, ...input });
    } finally {
      await closeServer(listening.server);
    }
  });

  it('POST /api/flows/exception-management/run maps the parameters into the contract input', async () => {
    const run = await api('/api/flows/exception-management/run', {
      method: 'POST',
      body: JSON.stringify({ tenant: TENANT, analysis_hours: 48, exception_ids: ['1'] }),
    });
    expect(run.status).toBe(202);
    expect(run.body.workflow_id).toMatch(new RegExp(`^exception-management:${TENANT}:manual-`));
    const result = await env.client.workflow.getHandle(String(run.body.workflow_id)).result();
    expect(result).toEqual({ tenant: TENANT, analysisHours: 48, exceptionIds: ['1'] });
  });
});
