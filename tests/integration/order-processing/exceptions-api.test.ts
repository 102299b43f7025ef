import type { Server } from 'node:http';
import { Registry } from 'prom-client';
import { Client, Connection } from '@temporalio/client';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { closeServer, listen } from '@e2a/http';
import { createLogger } from '@e2a/telemetry';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';

interface ApiBody {
  items: Array<{ order_id: string }>;
  total: number;
  error: { code: string; details: Array<{ path: string }> };
  [field: string]: unknown;
}

const TENANT = 'ord-api';
const OTHER = 'ord-api-other';

describe('exceptions API', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let server: Server;
  let baseUrl: string;
  const ids: Record<string, string> = {};

  const api = async (path: string, init: RequestInit & { tenant?: string; apiKey?: string } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${init.apiKey ?? TEST_API_KEY}`,
        'x-tenant-id': init.tenant ?? TENANT,
        'content-type': 'application/json',
      },
    });
    return { status: response.status, body: (await response.json()) as ApiBody };
  };
  const patch = (id: string, body: unknown) =>
    api(`/exceptions/${id}`, { method: 'PATCH', body: JSON.stringify(body) });

  beforeAll(async () => {
    testDb = await createTestDatabase('ord_exceptions_api');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
    await createTestTenant(testDb.db, OTHER);
    const rows = [
      ['o-1', 'PICK_DELAY', 'MEDIUM', 'OPEN', '2026-11-01T10:00:00Z'],
      ['o-2', 'CARRIER_ISSUE', 'HIGH', 'OPEN', '2026-11-02T10:00:00Z'],
      ['o-3', 'PAYMENT_FAILED', 'HIGH', 'ACKNOWLEDGED', '2026-11-03T10:00:00Z'],
      ['o-4', 'PICK_DELAY', 'MEDIUM', 'RESOLVED', '2026-11-04T10:00:00Z'],
      ['o-5', 'MISSING_SCAN', 'MEDIUM', 'OPEN', '2026-11-05T10:00:00Z'],
    ] as const;
    for (const [orderId, reasonCode, severity, status, createdAt] of rows) {
      const row = await testDb.db
        .insertInto('exceptions')
        .values({
          tenant: TENANT,
          order_id: orderId,
          reason_code: reasonCode,
          severity,
          status,
          priority: null,
          ai_label: null,
          ai_confidence: null,
          ops_note: null,
          client_note: null,
          context_data: JSON.stringify({ window: 'pick' }),
          correlation_id: null,
          last_resolution_attempt_at: null,
          resolution_block_reason: null,
          escalated_at: null,
          approval_status: null,
          created_at: createdAt,
          resolved_at: status === 'RESOLVED' ? '2026-11-04T12:00:00Z' : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[orderId] = String(row.id);
    }
    await testDb.db
      .insertInto('exceptions')
      .values({
        tenant: OTHER,
        order_id: 'x-1',
        reason_code: 'PICK_DELAY',
        severity: 'MEDIUM',
        priority: null,
        ai_label: null,
        ai_confidence: null,
        ops_note: null,
        client_note: null,
        context_data: '{}',
        correlation_id: null,
        last_resolution_attempt_at: null,
        resolution_block_reason: null,
        escalated_at: null,
        approval_status: null,
        resolved_at: null,
      })
      .execute();
    const app = createApiApp({
      db: testDb.db,
      redis,
      // The exceptions routes never reach Temporal; a lazy client never connects.
      temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      config: loadApiConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger({ service: 'api-test', level: 'silent' }),
      metrics: new Registry(),
    });
    const listening = await listen(app, 0, '127.0.0.1');
    server = listening.server;
    baseUrl = `http://127.0.0.1:${listening.port}`;
  });
  afterAll(async () => {
    await closeServer(server);
    await redis.quit();
    await testDb.destroy();
  });

  it.each([
    ['no filter, newest first', '', ['o-5', 'o-4', 'o-3', 'o-2', 'o-1']],
    ['status', '?status=OPEN', ['o-5', 'o-2', 'o-1']],
    ['reason_code', '?reason_code=PICK_DELAY', ['o-4', 'o-1']],
    ['severity', '?severity=HIGH', ['o-3', 'o-2']],
    ['order_id', '?order_id=o-3', ['o-3']],
    [
      'created window',
      '?created_after=2026-11-02T00:00:00Z&created_before=2026-11-04T00:00:00Z',
      ['o-3', 'o-2'],
    ],
    ['combined', '?status=OPEN&severity=MEDIUM', ['o-5', 'o-1']],
  ])('lists with filter: %s', async (_name, query, orderIds) => {
    const { status, body } = await api(`/exceptions${query}`);
    expect(status).toBe(200);
    expect(body.items.map((item: { order_id: string }) => item.order_id)).toEqual(orderIds);
    expect(body.total).toBe(orderIds.length);
  });

  it('pages with total and has_next', async () => {
    const first = await api('/exceptions?page=1&page_size=2');
    expect(first.body).toMatchObject({ total: 5, page: 1, page_size: 2, has_next: true });
    expect(first.body.items).toHaveLength(2);
    const last = await api('/exceptions?page=3&page_size=2');
    expect(last.body).toMatchObject({ total: 5, page: 3, has_next: false });
    expect(last.body.items.map((item: { order_id: string }) => item.order_id)).toEqual(['o-1']);
  });

  it.each([
    ['status=BROKEN', 'query.status'],
    ['reason_code=NOPE', 'query.reason_code'],
    ['severity=huge', 'query.severity'],
    ['page_size=101', 'query.page_size'],
    ['page=0', 'query.page'],
    ['created_after=yesterday', 'query.created_after'],
    ['created_after=2026-11-05T00:00:00Z&created_before=2026-11-01T00:00:00Z', 'query.created_after'],
    ['colour=blue', 'query'],
  ])('rejects %s with 422 naming the field', async (query, path) => {
    const { status, body } = await api(`/exceptions?${query}`);
    expect(status).toBe(422);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((d: { path: string }) => d.path).join(' ')).toContain(path);
  });

  it('requires the tenant API key', async () => {
    expect((await api('/exceptions', { apiKey: 'wrong-key' })).status).toBe(401);
  });

  it('a tenant sees only its own rows', async () => {
    const foreign = await api('/exceptions', { tenant: OTHER });
    expect(foreign.body.items.map((item: { order_id: string }) => item.order_id)).toEqual(['x-1']);
    expect((await api(`/exceptions/${ids['o-1']}`, { tenant: OTHER })).status).toBe(404);
  });

  it.each([
    [
      'OPEN → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → CLOSED',
      'o-1',
      ['ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'],
    ],
    ['OPEN → RESOLVED (skip forward)', 'o-2', ['RESOLVED']],
  ])('moves forward: %s', async (_name, orderId, statuses) => {
    for (const status of statuses) {
      const response = await patch(ids[orderId]!, { status });
      expect(response.status).toBe(200);
      expect(response.body.status).toBe(status);
      if (status === 'RESOLVED') expect(response.body.resolved_at).not.toBeNull();
    }
  });

  it.each([
    ['RESOLVED → OPEN', 'o-4', 'OPEN'],
    ['ACKNOWLEDGED → OPEN', 'o-3', 'OPEN'],
  ])('never backwards: %s is 409 invalid_transition', async (_name, orderId, status) => {
    const before = await api(`/exceptions/${ids[orderId]}`);
    const response = await patch(ids[orderId]!, { status });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('invalid_transition');
    expect((await api(`/exceptions/${ids[orderId]}`)).body.status).toBe(before.body.status);
  });

  it('edits severity and ops_note; rejects unknown fields and empty bodies', async () => {
    const updated = await patch(ids['o-5']!, { severity: 'HIGH', ops_note: 'scanner at dock 4 is down' });
    expect(updated.body).toMatchObject({
      severity: 'HIGH',
      ops_note: 'scanner at dock 4 is down',
      status: 'OPEN',
    });
    for (const [body, path] of [
      [{}, 'body'],
      [{ status: 'DONE' }, 'body.status'],
      [{ ops_note: 'x'.repeat(2001) }, 'body.ops_note'],
      [{ priority: 1 }, 'body'],
    ] as const) {
      const response = await patch(ids['o-5']!, body);
      expect(response.status).toBe(422);
      expect(response.body.error.details.map((d: { path: string }) => d.path).join(' ')).toContain(path);
    }
    expect((await patch('abc', { status: 'CLOSED' })).status).toBe(422);
    expect((await patch('999999', { status: 'CLOSED' })).status).toBe(404);
  });

  it('summarises by status, severity and reason code', async () => {
    const { status, body } = await api('/exceptions/stats/summary');
    expect(status).toBe(200);
    const exceptions = await testDb.db
      .selectFrom('exceptions')
      .selectAll()
      .where('tenant', '=', TENANT)
      .execute();
    const count = (key: 'status' | 'severity' | 'reason_code') =>
      exceptions.reduce<Record<string, number>>(
        (acc, row) => ({ ...acc, [row[key]]: (acc[row[key]] ?? 0) + 1 }),
        {},
      );
    expect(body).toMatchObject({
      total: 5,
      active: exceptions.filter((row) => ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'].includes(row.status)).length,
      by_status: count('status'),
      by_severity: count('severity'),
      by_reason_code: count('reason_code'),
    });
  });

  it('documents the routes in /openapi.json', async () => {
    const response = await fetch(`${baseUrl}/openapi.json`);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/exceptions'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/exceptions/{id}'] ?? {}).sort()).toEqual(['get', 'patch']);
    expect(document.paths['/exceptions/stats/summary']).toBeDefined();
    expect(document.paths['/api/flows/{flow}/run']).toBeDefined();
    expect((await fetch(`${baseUrl}/docs/`)).status).toBe(200);
  });
});
