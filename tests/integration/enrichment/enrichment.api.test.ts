import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { closeServer, listen } from '@e2a/http';
import { Registry, createLogger } from '@e2a/telemetry';
import { FlowNameSearchAttribute, TenantIdSearchAttribute } from '@e2a/workflows/contracts';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import { insertException } from '../../support/enrichment-fixtures';
import { createOrchTimeSkippingEnvironment } from '../../support/orchestration-temporal';
import { createTestRedis, type TestRedis } from '../../support/redis';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;
const json = async (response: Response): Promise<Body> => response.json();

const TENANT = 'orch-api-t1';
const OTHER = 'orch-api-t2';
const EMPTY = 'orch-api-t3';
const NOW = new Date('2026-11-29T12:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

describe('enrichment API and metrics on seeded data', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let env: TestWorkflowEnvironment;
  let server: Server;
  let base: string;
  const ids: Record<number, string> = {};

  const get = (path: string, tenant = TENANT) =>
    fetch(`${base}${path}`, { headers: { 'x-tenant-id': tenant, authorization: `Bearer ${TEST_API_KEY}` } });

  async function state(id: string, values: Record<string, unknown>) {
    await testDb.db
      .insertInto('enrichment_state')
      .values({ tenant: TENANT, record_type: 'exception', record_id: id, last_errors: '[]', ...values })
      .execute();
  }

  beforeAll(async () => {
    testDb = await createTestDatabase('orch_enrichment_api');
    redis = await createTestRedis();
    env = await createOrchTimeSkippingEnvironment();
    await createTestTenant(testDb.db, TENANT);
    await createTestTenant(testDb.db, OTHER);
    await createTestTenant(testDb.db, EMPTY);
    const recent = { updated_at: hoursAgo(2) };
    // 10 exceptions; the expected figures below are computed by hand from these rows.
    ids[1] = await insertException(testDb.db, TENANT, 'o1', {
      ai_label: 'PICK_DELAY',
      ai_confidence: 0.9,
      status: 'RESOLVED',
      ...recent,
    });
    ids[2] = await insertException(testDb.db, TENANT, 'o2', {
      ai_label: 'PICK_DELAY',
      ai_confidence: 0.8,
      ...recent,
    });
    ids[3] = await insertException(testDb.db, TENANT, 'o3', {
      ai_label: 'PICK_DELAY',
      ai_confidence: 0.75,
      ...recent,
    });
    ids[4] = await insertException(testDb.db, TENANT, 'o4', {
      ai_label: 'PICK_DELAY',
      ai_confidence: 0.5,
      updated_at: hoursAgo(48),
    });
    ids[5] = await insertException(testDb.db, TENANT, 'o5', {
      ai_label: 'PICK_DELAY',
      ai_confidence: 0.6,
      ...recent,
    });
    ids[6] = await insertException(testDb.db, TENANT, 'o6', {
      ai_label: 'PACK_DELAY',
      ai_confidence: null,
      ...recent,
    });
    ids[7] = await insertException(testDb.db, TENANT, 'o7', {
      ai_label: null,
      ai_confidence: null,
      ...recent,
    });
    ids[8] = await insertException(testDb.db, TENANT, 'o8', {
      ai_label: null,
      ai_confidence: 0.4,
      ...recent,
    });
    ids[9] = await insertException(testDb.db, TENANT, 'o9', {
      ai_label: 'PICK_DELAY',
      ai_confidence: null,
      ...recent,
    });
    ids[10] = await insertException(testDb.db, TENANT, 'o10', {
      ai_label: 'PICK_DELAY',
      ai_confidence: 0.95,
      ...recent,
    });
    await insertException(testDb.db, OTHER, 'x1', { ai_confidence: null });
    await testDb.db
      .updateTable('exceptions')
      .set({ resolution_blocked: true, resolution_attempts: 2 })
      .where('id', '=', ids[3]!)
      .execute();
    await testDb.db
      .insertInto('resolution_attempts')
      .values([
        {
          tenant: TENANT,
          exception_id: ids[1]!,
          attempt_number: 1,
          idempotency_key: 'orch-k1',
          status: 'SUCCEEDED',
          actions: '[]',
        },
        {
          tenant: TENANT,
          exception_id: ids[3]!,
          attempt_number: 1,
          idempotency_key: 'orch-k2',
          status: 'FAILED',
          actions: '[]',
        },
        {
          tenant: TENANT,
          exception_id: ids[3]!,
          attempt_number: 2,
          idempotency_key: 'orch-k3',
          status: 'FAILED',
          actions: '[]',
        },
      ])
      .execute();
    const done = { order_analysis: 'COMPLETED', classification: 'COMPLETED' };
    await state(ids[1]!, {
      ...done,
      automation: 'COMPLETED',
      last_attempt_at: hoursAgo(2),
      processing_ms: 100,
    });
    await state(ids[2]!, {
      ...done,
      automation: 'SKIPPED',
      last_attempt_at: hoursAgo(3),
      processing_ms: 300,
    });
    await state(ids[4]!, {
      ...done,
      automation: 'SKIPPED',
      last_attempt_at: hoursAgo(30),
      processing_ms: 900,
    });
    await state(ids[9]!, {
      order_analysis: 'COMPLETED',
      classification: 'FAILED',
      retry_count: 5,
      needs_manual_review: true,
      last_attempt_at: hoursAgo(0.5),
      processing_ms: 200,
    });
    await state(ids[10]!, {
      ...done,
      automation: 'FAILED',
      retry_count: 1,
      next_retry_at: new Date(NOW.getTime() + 3_600_000),
      last_attempt_at: hoursAgo(1),
      processing_ms: 400,
    });
    await testDb.db
      .insertInto('flow_runs')
      .values([
        {
          tenant: TENANT,
          flow: 'enrichment',
          workflow_id: 'enrichment:orch-api-t1:a',
          run_id: 'r1',
          status: 'COMPLETED',
          result: '{}',
          finished_at: hoursAgo(1),
        },
        {
          tenant: TENANT,
          flow: 'enrichment',
          workflow_id: 'enrichment:orch-api-t1:b',
          run_id: 'r2',
          status: 'COMPLETED',
          result: '{}',
          finished_at: hoursAgo(25),
        },
        {
          tenant: TENANT,
          flow: 'orchestrator',
          workflow_id: 'orchestrator:orch-api-t1:c',
          run_id: 'r3',
          status: 'PARTIAL',
          result: '{}',
          finished_at: hoursAgo(2),
        },
      ])
      .execute();

    const app = createApiApp({
      db: testDb.db,
      redis,
      temporal: env.client,
      config: loadApiConfig({}),
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: new Registry(),
      now: () => NOW,
    });
    const listening = await listen(app, 0, '127.0.0.1');
    server = listening.server;
    base = `http://127.0.0.1:${listening.port}`;
  });
  afterAll(async () => {
    if (server) await closeServer(server);
    await env?.teardown();
    await redis?.quit();
    await testDb?.destroy();
  });

  it('GET /api/enrichment/health computes the §8 figures and alerts', async () => {
    const response = await get(`/api/enrichment/health/${TENANT}`);
    expect(response.status).toBe(200);
    const body = await json(response);
    // classified 6/10, high 4/10, auto 1/10, avg conf 4.9/7 = 0.7, failed 2 of 5 attempted
    expect(body.figures).toEqual({
      total: 10,
      classificationRate: 60,
      highConfidenceRate: 40,
      automationRate: 10,
      averageConfidence: 0.7,
      completeness: 42, // 0.4·60 + 0.4·40 + 0.2·10
      quality: 65, // 0.5·70 + 0.3·60 + 0.2·(100 − 40)
      failureRate: 40,
      backlog: 5, // #4 stale low confidence, #6 #7 NULL confidence, #8 NULL label, #10 failed stage
    });
    expect(body.status).toBe('critical');
    expect(
      body.alerts.map((alert: { kind: string; severity: string }) => [alert.kind, alert.severity]),
    ).toEqual([
      ['enrichment_completeness', 'CRITICAL'],
      ['enrichment_quality', 'WARNING'],
      ['enrichment_failure_rate', 'CRITICAL'],
    ]);
  });

  it('GET /api/enrichment/health calls a tenant without exceptions healthy (quality 100, no alert)', async () => {
    const body = await json(await get(`/api/enrichment/health/${EMPTY}`, EMPTY));
    expect(body.figures).toMatchObject({
      total: 0,
      completeness: 100,
      quality: 100,
      failureRate: 0,
      backlog: 0,
    });
    expect(body.status).toBe('healthy');
    expect(body.alerts).toEqual([]);
  });

  it('GET /api/enrichment/backlog lists what waits, and why', async () => {
    const body = await json(await get(`/api/enrichment/backlog/${TENANT}`));
    expect(body).toMatchObject({
      backlog: 5,
      dueNow: 4,
      scheduledRetries: 1,
      needsManualReview: 1,
      byReason: { ai_confidence_null: 2, ai_label_null: 1, low_confidence_stale: 1, failed_stage: 1 },
      nextRetryAt: '2026-11-29T13:00:00.000Z',
    });
    expect(
      body.items.map((item: { exceptionId: string; reason: string }) => [item.exceptionId, item.reason]),
    ).toEqual([
      [ids[4], 'low_confidence_stale'],
      [ids[6], 'ai_confidence_null'],
      [ids[7], 'ai_confidence_null'],
      [ids[8], 'ai_label_null'],
      [ids[10], 'failed_stage'],
    ]);
  });

  it('GET /api/enrichment/report covers the last 24 h', async () => {
    const body = await json(await get(`/api/enrichment/report/${TENANT}`));
    expect(body).toMatchObject({
      tenant: TENANT,
      from: '2026-11-28T12:00:00.000Z',
      to: '2026-11-29T12:00:00.000Z',
      recordsAttempted: 4, // #1 #2 #9 #10 (#4 was 30 h ago)
      recordsCompleted: 2,
      recordsFailed: 2,
      recordsNeedingManualReview: 1,
      averageProcessingMs: 250,
      stages: {
        order_analysis: { COMPLETED: 4 },
        classification: { COMPLETED: 3, FAILED: 1 },
        automation: { COMPLETED: 1, SKIPPED: 1, PENDING: 1, FAILED: 1 },
      },
    });
    expect(body.runs.map((run: { runId: string }) => run.runId)).toEqual(['r1']);
    const wider = await json(await get(`/api/enrichment/report/${TENANT}?hours=48`));
    expect(wider.recordsAttempted).toBe(5);
  });

  it('rejects bad input and foreign tenants with the one error shape', async () => {
    const invalid = await get(`/api/enrichment/report/${TENANT}?hours=0`);
    expect(invalid.status).toBe(422);
    expect((await json(invalid)).error.details[0].path).toBe('query.hours');
    const foreign = await get(`/api/enrichment/health/${OTHER}`);
    expect(foreign.status).toBe(403);
    expect(await json(foreign)).toMatchObject({
      error: { code: 'forbidden', details: [{ path: 'path.tenant', rule: 'must equal X-Tenant-Id' }] },
    });
    const anonymous = await fetch(`${base}/api/enrichment/health/${TENANT}`);
    expect(anonymous.status).toBe(400);
  });

  it('POST /api/enrichment/process starts enrichmentWorkflow once per minute with search attributes', async () => {
    const post = () =>
      fetch(`${base}/api/enrichment/process/${TENANT}`, {
        method: 'POST',
        headers: {
          'x-tenant-id': TENANT,
          authorization: `Bearer ${TEST_API_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ batchSize: 50 }),
      });
    const first = await post();
    expect(first.status).toBe(202);
    const started = await json(first);
    expect(started).toMatchObject({
      workflowId: `enrichment:${TENANT}:manual-20261129T1200`,
      alreadyRunning: false,
    });
    const second = await post();
    expect(second.status).toBe(200);
    expect(await json(second)).toEqual({ ...started, alreadyRunning: true });

    const handle = env.client.workflow.getHandle(started.workflowId);
    const description = await handle.describe();
    expect(description.type).toBe('enrichmentWorkflow');
    expect(description.typedSearchAttributes.get(TenantIdSearchAttribute)).toBe(TENANT);
    expect(description.typedSearchAttributes.get(FlowNameSearchAttribute)).toBe('enrichment');
    await handle.terminate('test done');

    const bad = await fetch(`${base}/api/enrichment/process/${TENANT}`, {
      method: 'POST',
      headers: {
        'x-tenant-id': TENANT,
        authorization: `Bearer ${TEST_API_KEY}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ batchSize: 0 }),
    });
    expect(bad.status).toBe(422);
  });

  it('/metrics exposes every §11 enrichment metric from the same data, labelled by tenant', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const value = (name: string, labels: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const t = `tenant="${TENANT}"`;
    expect(value('enrichment_completeness_rate', t)).toBe(42);
    expect(value('enrichment_quality_score', t)).toBe(65);
    expect(value('enrichment_backlog_size', t)).toBe(5);
    expect(value('enrichment_failure_rate', t)).toBe(40);
    expect(value('enrichment_backlog_size', `tenant="${OTHER}"`)).toBe(1);
    expect(
      value('ai_confidence_distribution', `bucket="none",${t}`) ??
        value('ai_confidence_distribution', `${t},bucket="none"`),
    ).toBe(3);
    expect(value('average_processing_time_seconds', t)).toBeCloseTo(0.25);
    expect(value('enrichment_processing_duration_seconds', 'stat="max"')).toBeCloseTo(0.4);
    expect(value('records_processed_per_hour', t)).toBe(1);
    expect(value('pipeline_success_rate', 'flow="enrichment"')).toBe(100);
    expect(value('pipeline_success_rate', 'flow="orchestrator"')).toBe(0);
    expect(value('resolution_attempt_distribution', 'attempts="2"')).toBe(1);
    expect(value('blocked_exceptions_count', t)).toBe(1);
    expect(value('automation_success_rate', t)).toBeCloseTo(33.333, 2);
  });
});
