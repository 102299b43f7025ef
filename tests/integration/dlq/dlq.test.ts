import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApiApp } from '@e2a/api';
import { replayDlqEntries, deadLetterEvent } from '@e2a/activities';
import { loadApiConfig } from '@e2a/config';
import { addToDlq, claimDueDlqEntries, dlqBackoffSeconds, dlqStats, markReplayFailed, sql } from '@e2a/db';
import { closeServer, listen } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { createE2aWorker } from '@e2a/worker';
import { DLQ_REPLAY_WORKFLOW } from '@e2a/workflows/contracts';
import { orchActivityDeps } from '../../support/activity-deps';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { saveHistory } from '../../support/histories';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createLocalEnvironment } from '../../support/temporal';

const TENANT = 'tool-dlq';
const ADMIN_KEY = 'tool-admin-key-123';
// Entries are queued with next_attempt_at = now() of Postgres, so the test clock runs just ahead of it.
// Response bodies are asserted field by field; `any` keeps those assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonObject = Record<string, any>;
const json = async (response: Response) => (await response.json()) as JsonObject;

const NOW = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);

const envelope = (eventId: string, overrides: Record<string, unknown> = {}) => ({
  event_id: eventId,
  event_type: 'pick_completed',
  order_id: 'DLQ-1',
  occurred_at: '2026-11-29T10:00:00Z',
  payload: {},
  station: 'ST-1',
  ...overrides,
});

async function eventRows(testDb: TestDatabase, eventId: string): Promise<number> {
  const result = await sql<{ n: string }>`
    SELECT count(*) AS n FROM order_events WHERE tenant = ${TENANT} AND event_id = ${eventId}`.execute(
    testDb.db,
  );
  return Number(result.rows[0]!.n);
}

describe('DLQ and replay', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase('tool_dlq');
    await createTestTenant(testDb.db, TENANT);
  });
  afterAll(async () => testDb.destroy());

  it('queues the same failure once, keeping the latest error', async () => {
    const first = await deadLetterEvent(testDb.db, {
      tenant: TENANT,
      source: 'wms',
      event: envelope('dedupe-1'),
      error: 'db timeout',
    });
    const second = await deadLetterEvent(testDb.db, {
      tenant: TENANT,
      source: 'wms',
      event: envelope('dedupe-1'),
      error: 'db timeout again',
    });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const row = await testDb.db
      .selectFrom('dlq')
      .selectAll()
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: 'event',
      status: 'PENDING',
      error: 'db timeout again',
      tenant: TENANT,
    });
  });

  it('replays an event idempotently: once stored, replaying again or replaying a stored event never duplicates', async () => {
    const queued = await deadLetterEvent(testDb.db, {
      tenant: TENANT,
      source: 'wms',
      event: envelope('replay-1'),
      error: 'projection failed',
    });
    const first = await replayDlqEntries(testDb.db, { now: NOW, ids: [queued.id] });
    expect(first.results).toEqual([
      expect.objectContaining({ id: queued.id, outcome: 'replayed', eventStatus: 'accepted' }),
    ]);
    expect(await eventRows(testDb, 'replay-1')).toBe(1);
    const order = await testDb.db
      .selectFrom('orders')
      .select(['pick_completed_at'])
      .where('tenant', '=', TENANT)
      .where('order_id', '=', 'DLQ-1')
      .executeTakeFirstOrThrow();
    expect(order.pick_completed_at?.toISOString()).toBe('2026-11-29T10:00:00.000Z');

    // A REPLAYED entry is not due any more, and an explicit second replay stores nothing new.
    expect(
      (await replayDlqEntries(testDb.db, { now: NOW, tenant: TENANT, kind: 'event' })).results,
    ).not.toContainEqual(expect.objectContaining({ id: queued.id }));
    await sql`UPDATE dlq SET status = 'PENDING' WHERE id = ${queued.id}`.execute(testDb.db);
    const second = await replayDlqEntries(testDb.db, { now: NOW, ids: [queued.id] });
    expect(second.results[0]).toMatchObject({ outcome: 'replayed', eventStatus: 'duplicate' });
    expect(await eventRows(testDb, 'replay-1')).toBe(1);
    const row = await testDb.db
      .selectFrom('dlq')
      .selectAll()
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('REPLAYED');
    expect(row.attempts).toBe(2);
  });

  it('backs off exponentially on a failing replay and marks the entry FAILED after the last attempt', async () => {
    const queued = await deadLetterEvent(testDb.db, {
      tenant: TENANT,
      source: 'wms',
      event: envelope('bad-1', { occurred_at: 'yesterday' }),
      error: 'unparseable',
    });
    const first = await replayDlqEntries(testDb.db, { now: NOW, ids: [queued.id], maxAttempts: 3 });
    expect(first.results[0]).toMatchObject({
      outcome: 'failed',
      nextAttemptAt: new Date(NOW.getTime() + 60_000).toISOString(),
    });
    expect(first.results[0]!.error).toMatch(/occurred_at/);
    // Not due before its next attempt.
    const early = await claimDueDlqEntries(testDb.db, {
      now: new Date(NOW.getTime() + 30_000),
      limit: 10,
      tenant: TENANT,
    });
    expect(early.map((e) => e.id)).not.toContain(queued.id);
    const later = new Date(NOW.getTime() + 61_000);
    const second = await replayDlqEntries(testDb.db, { now: later, tenant: TENANT, maxAttempts: 3 });
    expect(second.results.find((r) => r.id === queued.id)).toMatchObject({
      outcome: 'failed',
      nextAttemptAt: new Date(later.getTime() + 120_000).toISOString(),
    });
    await replayDlqEntries(testDb.db, {
      now: new Date(later.getTime() + 121_000),
      tenant: TENANT,
      maxAttempts: 3,
    });
    const row = await testDb.db
      .selectFrom('dlq')
      .selectAll()
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(await eventRows(testDb, 'bad-1')).toBe(0);
    expect([1, 2, 3, 20].map(dlqBackoffSeconds)).toEqual([60, 120, 240, 6 * 3600]);
    const failedAgain = await markReplayFailed(testDb.db, queued.id, 'still bad', NOW, 3);
    expect(failedAgain.status).toBe('FAILED');
  });

  it('re-runs an activity payload through its registered handler, and fails clearly without one', async () => {
    const calls: unknown[][] = [];
    const handled = await addToDlq(testDb.db, {
      tenant: TENANT,
      kind: 'activity',
      source: 'issueInvoices',
      dedupeKey: 'activity:wf-1:run-1:3',
      payload: { activity: 'issueInvoices', args: [{ tenant: TENANT, orderIds: ['A', 'B'] }] },
      error: 'partner timeout',
    });
    const orphan = await addToDlq(testDb.db, {
      tenant: TENANT,
      kind: 'activity',
      source: 'unknownActivity',
      dedupeKey: 'activity:wf-2:run-1:1',
      payload: { activity: 'unknownActivity', args: [] },
      error: 'boom',
    });
    const summary = await replayDlqEntries(testDb.db, {
      now: NOW,
      kind: 'activity',
      handlers: {
        issueInvoices: async (...args: unknown[]) => {
          calls.push(args);
        },
      },
    });
    expect(calls).toEqual([[{ tenant: TENANT, orderIds: ['A', 'B'] }]]);
    expect(summary.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: handled.id, outcome: 'replayed' }),
        expect.objectContaining({
          id: orphan.id,
          outcome: 'failed',
          error: expect.stringMatching(/no replay handler/),
        }),
      ]),
    );
  });

  it('never hands the same entry to two concurrent replayers', async () => {
    for (let i = 0; i < 20; i += 1) {
      await deadLetterEvent(testDb.db, {
        tenant: TENANT,
        source: 'wms',
        event: envelope(`conc-${i}`),
        error: 'x',
      });
    }
    const later = new Date(NOW.getTime() + 3600_000);
    const [a, b] = await Promise.all([
      claimDueDlqEntries(testDb.db, { now: later, limit: 15, tenant: TENANT, kind: 'event' }),
      claimDueDlqEntries(testDb.db, { now: later, limit: 15, tenant: TENANT, kind: 'event' }),
    ]);
    const ids = [...a, ...b].map((entry) => entry.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    const stats = await dlqStats(testDb.db, { now: later, tenant: TENANT });
    expect(stats.byStatus.PENDING).toBeGreaterThanOrEqual(20);
  });

  describe('admin API (replays through dlqReplayWorkflow in a worker)', () => {
    const TASK_QUEUE = 'tool-dlq-admin';
    let redis: TestRedis;
    let server: Server;
    let base: string;
    let env: TestWorkflowEnvironment;
    let worker: Worker;
    let running: Promise<void>;

    beforeAll(async () => {
      [redis, env] = await Promise.all([createTestRedis(), createLocalEnvironment()]);
      // The worker is the one process that composes activities; the API only starts the workflow.
      worker = await createE2aWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue: TASK_QUEUE,
        deps: orchActivityDeps(testDb.db, redis),
      });
      running = worker.run();
      const config = loadApiConfig({
        ADMIN_API_KEY: ADMIN_KEY,
        DATABASE_URL: testDb.url,
        LOG_LEVEL: 'silent',
        TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      });
      const app = createApiApp({
        db: testDb.db,
        redis,
        temporal: env.client,
        config,
        logger: createLogger({ service: 'api-test', level: 'silent' }),
        metrics: createMetricsRegistry('api-test'),
        now: () => new Date(NOW.getTime() + 10 * 3600_000),
      });
      const listening = await listen(app, 0, '127.0.0.1');
      server = listening.server;
      base = `http://127.0.0.1:${listening.port}`;
    }, 180_000);
    afterAll(async () => {
      await closeServer(server);
      worker?.shutdown();
      await running;
      await env?.teardown();
      await redis.quit();
    });

    const call = (path: string, init: RequestInit = {}, key = ADMIN_KEY) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          ...(init.headers ?? {}),
        },
      });

    it('rejects requests without the admin key in the one error shape', async () => {
      const response = await call('/admin/dlq/stats', {}, 'wrong-key-0000000');
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: {
          code: 'unauthorized',
          message: 'Admin API key required',
          details: [{ path: 'header.Authorization', rule: 'must be the admin API key' }],
        },
      });
    });

    it('reports stats and replays due entries without duplicating events', async () => {
      const queued = await deadLetterEvent(testDb.db, {
        tenant: TENANT,
        source: 'carrier',
        event: envelope('api-1', { event_type: 'delivered', station: undefined, carrier_name: 'UPS' }),
        error: 'x',
      });
      const stats = await json(await call(`/admin/dlq/stats?tenant=${TENANT}`));
      expect(stats).toMatchObject({ byStatus: { PENDING: expect.any(Number) }, due: expect.any(Number) });
      expect(stats.due).toBeGreaterThan(0);

      const replay = await call('/admin/replay', {
        method: 'POST',
        body: JSON.stringify({ ids: [queued.id] }),
      });
      expect(replay.status).toBe(200);
      const body = await json(replay);
      expect(body).toMatchObject({ claimed: 1, replayed: 1, failed: 0 });
      expect(body.results[0]).toMatchObject({ id: queued.id, eventStatus: 'accepted' });
      await sql`UPDATE dlq SET status = 'PENDING' WHERE id = ${queued.id}`.execute(testDb.db);
      const again = await json(
        await call('/admin/replay', { method: 'POST', body: JSON.stringify({ ids: [queued.id] }) }),
      );
      expect(again.results[0]).toMatchObject({ eventStatus: 'duplicate' });
      expect(await eventRows(testDb, 'api-1')).toBe(1);
    });

    it('re-runs an activity payload with the activities the worker composed, and names one it does not have', async () => {
      const known = await addToDlq(testDb.db, {
        tenant: TENANT,
        kind: 'activity',
        source: 'findUninvoicedOrders',
        dedupeKey: 'activity:wf-admin:run-1:1',
        payload: { activity: 'findUninvoicedOrders', args: [{ tenant: TENANT, limit: 10 }] },
        error: 'postgres restarted',
      });
      const unknown = await addToDlq(testDb.db, {
        tenant: TENANT,
        kind: 'activity',
        source: 'retiredActivity',
        dedupeKey: 'activity:wf-admin:run-1:2',
        payload: { activity: 'retiredActivity', args: [] },
        error: 'boom',
      });
      const response = await call('/admin/replay', {
        method: 'POST',
        body: JSON.stringify({ tenant: TENANT, ids: [known.id, unknown.id] }),
      });
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body).toMatchObject({ claimed: 2, replayed: 1, failed: 1 });
      expect(body.results).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: known.id, outcome: 'replayed' }),
          expect.objectContaining({
            id: unknown.id,
            outcome: 'failed',
            error: 'no replay handler registered for activity "retiredActivity"',
          }),
        ]),
      );

      // The run is a dlqReplayWorkflow with its search attributes; its history feeds the replay suite.
      let ids: string[] = [];
      for (let i = 0; i < 50 && ids.length === 0; i += 1) {
        ids = [];
        for await (const run of env.client.workflow.list({
          query: `WorkflowType="${DLQ_REPLAY_WORKFLOW}" AND TenantId="${TENANT}" AND FlowName="dlq-replay"`,
        }))
          ids.push(run.workflowId);
        if (ids.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(ids).toEqual([expect.stringMatching(new RegExp(`^dlq-replay:${TENANT}:[0-9a-f-]{36}$`))]);
      await saveHistory(env.client.workflow.getHandle(ids[0]!), 'dlqReplayWorkflow-events-and-activities');
    });

    it('answers 422 naming the field for a bad replay request, and documents both routes', async () => {
      const response = await call('/admin/replay', {
        method: 'POST',
        body: JSON.stringify({ limit: 0, kind: 'x' }),
      });
      expect(response.status).toBe(422);
      const body = await json(response);
      expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
        'body.kind',
        'body.limit',
      ]);
      const openapi = await json(await fetch(`${base}/openapi.json`));
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining(['/admin/dlq/stats', '/admin/replay']),
      );
    });
  });
});
