import type { Server } from 'node:http';
import { sql } from 'kysely';
import { insertPlaybooksVersion } from '@e2a/db';
import { createActivities } from '@e2a/activities';
import { AI_SERVICE_BREAKER, recordBreakerFailure, resetBreaker } from '@e2a/circuit-breaker';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { closeServer, listen } from '@e2a/http';
import { createPartnerSimulatorApp } from '@e2a/partner-simulator';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import type { Client } from '@temporalio/client';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import type { TestRedis } from '../../support/redis';
import { llmAnswers, startFakeLlmServer, type FakeLlmServer } from '../../support/fake-llm-server';
import {
  createIsolatedRedis,
  exceptionDeps,
  exceptionSettings,
  seedException,
  type SeedException,
} from '../../support/exceptions-fixtures';

const TENANT = 'exc-resolution';
const ADMIN_KEY = 'exc-admin-key-123';
const NEVER_TENANT = 'exc-resolution-never';

describe('automated resolution against the partner simulator', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let llm: FakeLlmServer;
  let partner: { server: Server; port: number };
  let api: { server: Server; port: number };
  let orderSeq = 0;
  let keySeq = 0;

  beforeAll(async () => {
    database = await createTestDatabase('exc_resolution');
    redis = await createIsolatedRedis(12);
    llm = await startFakeLlmServer();
    partner = await listen(createPartnerSimulatorApp(), 0, '127.0.0.1');
    const base = `http://127.0.0.1:${partner.port}`;
    await createTestTenant(database.db, TENANT, {
      partnerEndpoints: { address: base, payments: base, wms: base, carrier: base, systems: base },
    });
    await createTestTenant(database.db, NEVER_TENANT, {
      partnerEndpoints: { address: base, payments: base, wms: base, carrier: base, systems: base },
    });
    const config = loadApiConfig({ ADMIN_API_KEY: ADMIN_KEY });
    const app = createApiApp({
      db: database.db,
      redis,
      temporal: {} as Client,
      config,
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: createMetricsRegistry('test'),
    });
    api = await listen(app, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await closeServer(api.server);
    await closeServer(partner.server);
    await llm.close();
    await resetBreaker(redis, AI_SERVICE_BREAKER);
    await redis.quit();
    await database.destroy();
  });
  beforeEach(async () => {
    llm.reset();
    await resetBreaker(redis, AI_SERVICE_BREAKER);
  });

  const activitiesFor = (aiMode: 'smart' | 'fallback' = 'smart') =>
    createActivities(
      exceptionDeps(database.db, redis, exceptionSettings({ aiProviderBaseUrl: llm.url, aiMode })),
    );
  const seed = (reasonCode: string, orderData: Record<string, unknown>, extra: Partial<SeedException> = {}) =>
    seedException(database.db, {
      tenant: TENANT,
      orderId: `ORD-RES-${++orderSeq}`,
      reasonCode,
      orderData,
      context: { source: 'order_problem_rules' },
      ...extra,
    });
  const run = (activities: ReturnType<typeof activitiesFor>, ids: string[], keys?: string[]) =>
    activities.runResolutionAttempts({
      tenant: TENANT,
      workflowId: 'exception-management:test',
      runId: 'run-1',
      attempts: ids.map((id, index) => ({
        exceptionId: id,
        idempotencyKey: keys?.[index] ?? `exc-key-${++keySeq}`,
      })),
    });
  const load = (id: string) =>
    database.db.selectFrom('exceptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const attemptsOf = (id: string) =>
    database.db
      .selectFrom('resolution_attempts')
      .selectAll()
      .where('exception_id', '=', id)
      .orderBy('attempt_number')
      .execute();
  const http = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`http://127.0.0.1:${api.port}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-tenant-id': TENANT,
        authorization: `Bearer ${TEST_API_KEY}`,
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk arbitrary response JSON
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('a zip with swapped digits is corrected by the address service and the exception resolves', async () => {
    const id = await seed('ADDRESS_INVALID', { shipping_address: { city: 'Springfield', zip: '62074' } });
    llm.enqueue({ kind: 'json', body: llmAnswers.resolution() });
    const result = await run(activitiesFor(), [id]);
    expect(result).toMatchObject({ attempted: 1, resolved: 1 });
    expect(await load(id)).toMatchObject({
      status: 'RESOLVED',
      resolution_attempts: 1,
      resolution_blocked: false,
    });
    const [attempt] = await attemptsOf(id);
    expect(attempt).toMatchObject({
      attempt_number: 1,
      status: 'SUCCEEDED',
      workflow_id: 'exception-management:test',
      run_id: 'run-1',
    });
    expect(attempt!.actions).toEqual([
      expect.objectContaining({
        action: 'address_validation_service',
        status: 'succeeded',
        detail: 'address corrected (zip 62074 → 62704)',
      }),
    ]);
    expect(attempt!.analysis).toMatchObject({
      source: 'ai',
      confidence: 0.9,
      prompt_version: 'resolution-analysis.v1',
    });
  });

  it('zip 00000 can never be corrected: two failed attempts, then blocked with the maximum text', async () => {
    const id = await seed('ADDRESS_INVALID', { shipping_address: { city: 'Springfield', zip: '00000' } });
    llm.setDefault(() => ({ kind: 'json', body: llmAnswers.resolution() }));
    const activities = activitiesFor();
    expect((await run(activities, [id])).results[0]).toMatchObject({
      outcome: 'failed',
      attemptNumber: 1,
      blockReason: null,
    });
    expect((await run(activities, [id])).results[0]).toMatchObject({
      outcome: 'failed',
      attemptNumber: 2,
      blockReason: 'Maximum resolution attempts (2) reached',
    });
    expect(await load(id)).toMatchObject({
      status: 'OPEN',
      resolution_attempts: 2,
      resolution_blocked: true,
      resolution_block_reason: 'Maximum resolution attempts (2) reached',
    });
    // A third run finds it ineligible and counts nothing.
    expect((await run(activities, [id])).results[0]).toMatchObject({
      outcome: 'not_eligible',
      attemptNumber: null,
    });
    expect(await attemptsOf(id)).toHaveLength(2);
    llm.setDefault(() => ({ kind: 'status', status: 500 }));
  });

  it.each([
    ['insufficient_funds', 'RESOLVED', 'succeeded'],
    ['stolen_card', 'OPEN', 'failed'],
  ])('payment retry with decline %s → %s', async (declineCode, status, actionStatus) => {
    const id = await seed('PAYMENT_FAILED', {
      financial_status: 'pending',
      payment_decline_code: declineCode,
    });
    llm.enqueue({ kind: 'json', body: llmAnswers.resolution({ automated_actions: ['payment_retry'] }) });
    await run(activitiesFor(), [id]);
    expect((await load(id)).status).toBe(status);
    expect((await attemptsOf(id))[0]!.actions).toEqual([
      expect.objectContaining({ action: 'payment_retry', status: actionStatus }),
    ]);
  });

  it('a retried activity with the same idempotency key finds its attempt and does not count again', async () => {
    const id = await seed('ADDRESS_INVALID', { shipping_address: { city: 'Springfield', zip: '00000' } });
    llm.setDefault(() => ({ kind: 'json', body: llmAnswers.resolution() }));
    const activities = activitiesFor();
    await run(activities, [id], ['exc-same-key']);
    const again = await run(activities, [id], ['exc-same-key']);
    expect(again.results[0]).toMatchObject({ outcome: 'failed', attemptNumber: 1 });
    expect(await attemptsOf(id)).toHaveLength(1);
    expect((await load(id)).resolution_attempts).toBe(1);
    llm.setDefault(() => ({ kind: 'status', status: 500 }));
  });

  it('without a model the playbook decides: auto codes execute and are verified, the others wait, blocked at the limit', async () => {
    const activities = activitiesFor('fallback');
    const pick = await seed('PICK_DELAY', {});
    const address = await seed('ADDRESS_INVALID', {
      shipping_address: { city: 'Springfield', zip: '62074' },
    });
    const system = await seed('SYSTEM_ERROR', {});
    const first = await run(activities, [pick, address, system]);
    expect(first).toMatchObject({ attempted: 3, resolved: 2, notExecuted: 1 });
    expect(first.results.map((result) => result.decisionSource)).toEqual([
      'playbook',
      'playbook',
      'playbook',
    ]);
    const second = await run(activities, [pick, address, system]);
    expect(second).toMatchObject({ attempted: 1, notExecuted: 1 });
    expect(llm.requests).toHaveLength(0);
    expect(await load(pick)).toMatchObject({
      status: 'OPEN',
      resolution_attempts: 2,
      resolution_block_reason: 'Maximum resolution attempts (2) reached',
    });
    const pickAttempts = await attemptsOf(pick);
    expect(pickAttempts.map((attempt) => attempt.status)).toEqual(['SKIPPED', 'SKIPPED']);
    expect(pickAttempts[0]).toMatchObject({ decision_source: 'playbook', evidence: null });
    for (const id of [address, system]) {
      expect(await load(id)).toMatchObject({ status: 'RESOLVED', resolution_attempts: 1 });
    }
    const [addressAttempt] = await attemptsOf(address);
    expect(addressAttempt).toMatchObject({ status: 'SUCCEEDED', decision_source: 'playbook' });
    expect(addressAttempt!.evidence).toEqual([
      expect.objectContaining({
        action: 'address_validation_service',
        check: 'address_valid',
        isVerified: true,
        detail: 'address re-validated (zip 62704)',
      }),
    ]);
  });

  it.each([
    ['insufficient_funds', 'RESOLVED', 'payment capture confirmed by the gateway'],
    ['stolen_card', 'OPEN', null],
  ])('without a model a payment decline %s → %s', async (declineCode, status, evidence) => {
    const id = await seed('PAYMENT_FAILED', {
      financial_status: 'pending',
      payment_decline_code: declineCode,
    });
    await run(activitiesFor('fallback'), [id]);
    expect((await load(id)).status).toBe(status);
    const [attempt] = await attemptsOf(id);
    expect(attempt).toMatchObject({ decision_source: 'playbook' });
    if (evidence) expect(attempt!.evidence).toEqual([expect.objectContaining({ detail: evidence })]);
    else expect(attempt!.evidence).toEqual([]);
  });

  it('a failed model is no attempt of its own: the playbook decides and nothing is blocked', async () => {
    const id = await seed('ADDRESS_INVALID', { shipping_address: { city: 'Springfield', zip: '00000' } });
    llm.setDefault(() => ({ kind: 'status', status: 500 }));
    const result = await run(activitiesFor(), [id]);
    expect(result.results[0]).toMatchObject({
      outcome: 'failed',
      attemptNumber: 1,
      blockReason: null,
      decisionSource: 'playbook',
    });
    expect(await load(id)).toMatchObject({ status: 'OPEN', resolution_blocked: false });
    const [attempt] = await attemptsOf(id);
    expect(attempt!.analysis).toMatchObject({ source: 'playbook', ai_unavailable: 'failed' });
    expect(attempt!.actions).toEqual([expect.objectContaining({ action: 'address_validation_service' })]);
  });

  it('a playbook that says never stops an AI plan at 0.95', async () => {
    await insertPlaybooksVersion(database.db, {
      tenant: NEVER_TENANT,
      effectiveFrom: new Date(Date.now() - 1000),
      playbooks: { PAYMENT_FAILED: { steps: [{ action: 'payment_retry', mode: 'never' }] } },
      createdBy: 'test',
    });
    const id = await seedException(database.db, {
      tenant: NEVER_TENANT,
      orderId: `ORD-NEVER-${++orderSeq}`,
      reasonCode: 'PAYMENT_FAILED',
      orderData: { financial_status: 'pending', payment_decline_code: 'insufficient_funds' },
      context: { source: 'order_problem' },
    });
    llm.enqueue({
      kind: 'json',
      body: llmAnswers.resolution({ automated_actions: ['payment_retry'], confidence: 0.95 }),
    });
    const result = await activitiesFor().runResolutionAttempts({
      tenant: NEVER_TENANT,
      workflowId: 'exception-management:test',
      runId: 'run-1',
      attempts: [{ exceptionId: id, idempotencyKey: `exc-key-${++keySeq}` }],
    });
    expect(llm.requests).toHaveLength(1);
    expect(result.results[0]).toMatchObject({ outcome: 'not_executed', decisionSource: 'ai' });
    const [attempt] = await attemptsOf(id);
    expect(attempt).toMatchObject({ status: 'SKIPPED', actions: [] });
    expect(attempt!.analysis).toMatchObject({
      decision: { kind: 'none', refused: [{ action: 'payment_retry', reason: 'never' }] },
    });
    expect((await load(id)).status).toBe('OPEN');
    // The knowledge-base SQL below counts every tenant's exceptions: this one belongs to another tenant.
    await database.db.deleteFrom('exceptions').where('id', '=', id).execute();
  });

  it('spaces attempts on one exception by RESOLUTION_RETRY_MINUTES', async () => {
    let clock = new Date();
    const spaced = createActivities(
      exceptionDeps(
        database.db,
        redis,
        exceptionSettings({ aiProviderBaseUrl: llm.url, aiMode: 'fallback', resolutionRetryMinutes: 30 }),
        () => clock,
      ),
    );
    const id = await seed('PAYMENT_FAILED', {});
    const eligibleNow = async () =>
      (
        await spaced.findEligibleExceptions({
          tenant: TENANT,
          analysisHours: 168,
          exceptionIds: [id],
          limit: 10,
        })
      ).map((row) => row.id);
    expect(await eligibleNow()).toEqual([id]);
    // Two runs that picked the exception at the same moment: one attempt between them.
    const [first, second] = await Promise.all([run(spaced, [id]), run(spaced, [id])]);
    expect(first!.attempted + second!.attempted).toBe(1);
    // The prompt hand-off and a scheduled run seconds apart: the second one finds nothing to attempt.
    expect(await eligibleNow()).toEqual([]);
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect(await eligibleNow()).toEqual([]);
    clock = new Date(clock.getTime() + 2 * 60_000);
    expect(await eligibleNow()).toEqual([id]);
  });

  it("the knowledge base's SQL reports the same counts as the API", async () => {
    const ids = (
      await database.db.selectFrom('exceptions').select('id').where('tenant', '=', TENANT).execute()
    ).map((row) => row.id);
    const stats = await sql<{ resolution_attempts: number; count: string }>`
      SELECT resolution_attempts, COUNT(*) as count FROM exceptions GROUP BY resolution_attempts`.execute(
      database.db,
    );
    const blocked = await sql<{ id: string; resolution_block_reason: string }>`
      SELECT id, order_id, reason_code, resolution_attempts, resolution_block_reason
      FROM exceptions WHERE resolution_blocked = true`.execute(database.db);
    const eligible = await sql<{ eligible_count: string }>`
      SELECT COUNT(*) as eligible_count FROM exceptions
      WHERE status IN ('OPEN', 'IN_PROGRESS') AND resolution_blocked = false
        AND resolution_attempts < max_resolution_attempts`.execute(database.db);

    const byAttempts = new Map<number, number>();
    let apiBlocked = 0;
    let apiEligible = 0;
    for (const id of ids) {
      const { status, body } = await http('GET', `/exceptions/${id}/attempts`);
      expect(status).toBe(200);
      expect(body.attempts).toHaveLength(body.exception.resolution_attempts);
      byAttempts.set(
        body.exception.resolution_attempts,
        (byAttempts.get(body.exception.resolution_attempts) ?? 0) + 1,
      );
      if (body.exception.resolution_blocked) apiBlocked += 1;
      const row = await load(id);
      if (
        ['OPEN', 'IN_PROGRESS'].includes(row.status) &&
        !body.exception.resolution_blocked &&
        body.exception.resolution_attempts < body.exception.max_resolution_attempts
      )
        apiEligible += 1;
    }
    expect(Object.fromEntries(stats.rows.map((row) => [row.resolution_attempts, Number(row.count)]))).toEqual(
      Object.fromEntries(byAttempts),
    );
    expect(blocked.rows).toHaveLength(apiBlocked);
    expect(Number(eligible.rows[0]!.eligible_count)).toBe(apiEligible);
    const finder = await activitiesFor('fallback').findEligibleExceptions({
      tenant: TENANT,
      analysisHours: 168,
      limit: 1000,
    });
    expect(finder).toHaveLength(apiEligible);
  });

  describe('HTTP endpoints', () => {
    it('block, attempts and reset-resolution', async () => {
      const id = await seed('PICK_DELAY', {});
      const blocked = await http('POST', `/exceptions/${id}/block`, {
        reason: 'Customer asked to hold the order',
      });
      expect(blocked).toMatchObject({
        status: 200,
        body: { resolution_blocked: true, resolution_block_reason: 'Customer asked to hold the order' },
      });
      expect((await run(activitiesFor('fallback'), [id])).results[0]!.outcome).toBe('not_eligible');
      const reset = await http('POST', `/exceptions/${id}/reset-resolution`);
      expect(reset.body).toMatchObject({
        resolution_attempts: 0,
        resolution_blocked: false,
        resolution_block_reason: null,
        last_resolution_attempt_at: null,
      });
      await run(activitiesFor('fallback'), [id]);
      const attempts = await http('GET', `/exceptions/${id}/attempts`);
      expect(attempts.body.attempts).toEqual([
        expect.objectContaining({ attempt_number: 1, status: 'SKIPPED' }),
      ]);
      expect(attempts.body.exception.last_resolution_attempt_at).not.toBeNull();
    });

    it('rejects bad input with the field and rule, and unknown exceptions with 404', async () => {
      const id = await seed('PICK_DELAY', {});
      const bad = await http('POST', `/exceptions/${id}/block`, { reason: '' });
      expect(bad.status).toBe(422);
      expect(bad.body.error.details[0].path).toBe('reason');
      expect((await load(id)).resolution_blocked).toBe(false);
      expect((await http('POST', '/exceptions/abc/block', { reason: 'x' })).body.error.details[0].path).toBe(
        'params.id',
      );
      expect((await http('GET', '/exceptions/999999999/attempts')).status).toBe(404);
      expect(
        (await http('GET', `/exceptions/${id}/attempts`, undefined, { authorization: 'Bearer wrong' }))
          .status,
      ).toBe(401);
      const approve = await http('POST', `/exceptions/${id}/approve`, { approver: 'ops' });
      expect(approve.status).toBe(409);
    });

    it('documents every resolution route in the OpenAPI document', async () => {
      const response = await fetch(`http://127.0.0.1:${api.port}/openapi.json`);
      const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
      for (const [route, method] of [
        ['/exceptions/{id}/block', 'post'],
        ['/exceptions/{id}/reset-resolution', 'post'],
        ['/exceptions/{id}/attempts', 'get'],
        ['/exceptions/{id}/approve', 'post'],
        ['/exceptions/{id}/reject', 'post'],
        ['/api/circuit-breakers', 'get'],
        ['/api/circuit-breakers/{name}/reset', 'post'],
      ] as const) {
        expect(document.paths[route]?.[method]).toBeDefined();
      }
    });

    it('lists and resets circuit breakers (a key is required)', async () => {
      await recordBreakerFailure(
        redis,
        AI_SERVICE_BREAKER,
        { failureThreshold: 1, resetSeconds: 60 },
        new Date(),
        'HTTP 500',
      );
      const listed = await http('GET', '/api/circuit-breakers', undefined, {
        authorization: `Bearer ${ADMIN_KEY}`,
        'x-tenant-id': '',
      });
      expect(listed.status).toBe(200);
      expect(listed.body.circuit_breakers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'ai_service', failure_count: 1, last_error: 'HTTP 500' }),
        ]),
      );
      const anonymous = await fetch(`http://127.0.0.1:${api.port}/api/circuit-breakers/ai_service/reset`, {
        method: 'POST',
      });
      expect(anonymous.status).toBe(401);
      const reset = await http('POST', '/api/circuit-breakers/ai_service/reset');
      expect(reset.body.circuit_breaker).toMatchObject({
        name: 'ai_service',
        state: 'closed',
        failure_count: 0,
      });
    });
  });
});
