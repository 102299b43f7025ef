import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureRealtimeMonitors, realtimeMonitorIds } from '@e2a/schedules';
import {
  InMemorySpanExporter,
  SpanKind,
  startTracing,
  type ReadableSpan,
  type Tracing,
} from '@e2a/telemetry';
import { createE2aWorker, tracingClientInterceptors } from '@e2a/worker';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { send, startTestGateway, type TestGateway } from '../../support/gateway';
import { eventually, testActivityDeps } from '../../support/order-processing';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createLocalEnvironment } from '../../support/temporal';

// One trace story, end to end with the real parts: the gateway's request span, its traceparent stored on the order,
// the real-time monitor (started by a traced client) running evaluateDueOrders, and the evaluation span inside that
// activity linked back to the request. Spans land in an in-memory exporter instead of OTLP.

const TENANT = 'trace-rt';
const TASK_QUEUE = 'trace-realtime';

describe('OpenTelemetry tracing: gateway → workflow → activity', () => {
  let exporter: InMemorySpanExporter;
  let tracing: Tracing;
  let env: TestWorkflowEnvironment;
  let testDb: TestDatabase;
  let redis: TestRedis;
  let gateway: TestGateway;
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;

  beforeAll(async () => {
    exporter = new InMemorySpanExporter();
    tracing = startTracing({ service: 'e2a-test', exporter });
    env = await createLocalEnvironment();
    testDb = await createTestDatabase('deploy_tracing');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
    gateway = await startTestGateway({ databaseUrl: testDb.url, isTracingEnabled: true });
    worker = await createE2aWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: TASK_QUEUE,
      deps: testActivityDeps(testDb.db, redis),
      tracing,
    });
    running = worker.run();
    client = new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      interceptors: tracingClientInterceptors(),
    });
  }, 180_000);

  afterAll(async () => {
    for (const workflowId of realtimeMonitorIds(TASK_QUEUE))
      await client?.workflow
        .getHandle(workflowId)
        .terminate('test over')
        .catch(() => undefined);
    worker?.shutdown();
    await running?.catch(() => undefined);
    await gateway?.stop();
    await redis?.quit();
    await testDb?.destroy();
    await env?.teardown();
    await tracing?.shutdown();
  });

  const spansNamed = (name: string): ReadableSpan[] =>
    exporter.getFinishedSpans().filter((span) => span.name === name);

  it('links the evaluation in the activity to the webhook request, inside the workflow trace', async () => {
    await ensureRealtimeMonitors(client, { taskQueue: TASK_QUEUE, tenants: [TENANT], pollSeconds: 0.5 });
    const answer = await send(
      gateway.baseUrl,
      '/ingest/shopify',
      {
        event_id: `evt-${randomUUID()}`,
        event_type: 'order_paid',
        order_id: `ord-${randomUUID()}`,
        occurred_at: new Date().toISOString(),
        payload: { amount: 12.5 },
      },
      { tenant: TENANT, headers: { 'x-correlation-id': 'corr-trace-1' } },
    );
    expect(answer.status).toBe(202);

    const request = await eventually(
      async () => exporter.getFinishedSpans().find((span) => span.name === 'POST /ingest/shopify'),
      5_000,
    );
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(request.attributes['e2a.correlation_id']).toBe('corr-trace-1');
    const requestTrace = request.spanContext().traceId;

    // The order row carries the request's traceparent for whoever evaluates it.
    const order = await testDb.db
      .selectFrom('orders')
      .select('traceparent')
      .where('tenant', '=', TENANT)
      .executeTakeFirstOrThrow();
    expect(order.traceparent).toBe(`00-${requestTrace}-${request.spanContext().spanId}-01`);

    const evaluation = await eventually(async () => {
      return spansNamed('sla.evaluate_orders').find((span) =>
        span.links.some((link) => link.context.traceId === requestTrace),
      );
    }, 60_000);

    // Activity span → the workflow's StartActivity span → the client's StartWorkflow span: one trace.
    // The activity's span ends after the evaluation span inside it: wait for it as for the others.
    const activity = await eventually(
      async () =>
        exporter.getFinishedSpans().find((span) => span.spanContext().spanId === evaluation.parentSpanId),
      30_000,
    );
    expect(activity?.name).toBe('RunActivity:evaluateDueOrders');
    const scheduled = await eventually(
      async () =>
        exporter.getFinishedSpans().find((span) => span.spanContext().spanId === activity!.parentSpanId),
      30_000,
    );
    expect(scheduled.name).toBe('StartActivity:evaluateDueOrders');
    // One StartWorkflow span per shard monitor: the evaluating shard's is the root of the activity's trace.
    const workflowTrace = scheduled.spanContext().traceId;
    expect(
      spansNamed('StartWorkflow:realtimeShardMonitorWorkflow').filter(
        (span) => span.spanContext().traceId === workflowTrace,
      ),
    ).toHaveLength(1);
    for (const span of [activity, evaluation]) expect(span.spanContext().traceId).toBe(workflowTrace);
    expect(workflowTrace).not.toBe(requestTrace);
  }, 120_000);
});
