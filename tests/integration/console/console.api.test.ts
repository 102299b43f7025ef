import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { addToDlq, listQuarantinedRecords, quarantineRecord } from '@e2a/db';
import { closeServer, listen } from '@e2a/http';
import { Registry, createLogger } from '@e2a/telemetry';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import { seedException } from '../../support/exceptions-fixtures';
import { createTestRedis, type TestRedis } from '../../support/redis';

// The endpoints the operator console adds: the Overview (each number equal to the list or endpoint behind it),
// exception filters and sorting, one order's timeline, the adjustment review queue, and the admin key acting for
// a tenant picked in the console.

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

const TENANT = 'console-api-t1';
const OTHER = 'console-api-t2';
const NOW = new Date('2026-11-29T12:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
const ADMIN_KEY = 'console-test-admin-key';

describe('console API: overview, filters, order timeline, adjustments', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let server: Server;
  let base: string;
  const ids: Record<string, string> = {};

  const get = async (
    path: string,
    key = TEST_API_KEY,
    tenant = TENANT,
  ): Promise<{ status: number; body: Body }> => {
    const response = await fetch(`${base}${path}`, {
      headers: { 'x-tenant-id': tenant, authorization: `Bearer ${key}` },
    });
    return { status: response.status, body: await response.json() };
  };
  const listTotal = async (filters: Record<string, string>) =>
    (await get(`/exceptions?${new URLSearchParams(filters)}`)).body.total as number;

  beforeAll(async () => {
    testDb = await createTestDatabase('console_api');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
    await createTestTenant(testDb.db, OTHER);
    const seed = (
      name: string,
      reasonCode: string,
      extra: Partial<Parameters<typeof seedException>[1]> = {},
    ) =>
      seedException(testDb.db, { tenant: TENANT, orderId: `O-${name}`, reasonCode, ...extra }).then(
        (id) => (ids[name] = id),
      );
    await seed('pick-new', 'PICK_DELAY', { createdAt: hoursAgo(2), severity: 'MEDIUM' });
    await seed('pick-old', 'PICK_DELAY', { createdAt: hoursAgo(30), severity: 'HIGH' });
    await seed('carrier', 'CARRIER_ISSUE', { createdAt: hoursAgo(1), severity: 'HIGH' });
    await seed('stock', 'STOCK_MISMATCH', { createdAt: hoursAgo(3), severity: 'CRITICAL' });
    await seed('resolved', 'PACK_DELAY', { createdAt: hoursAgo(5), status: 'RESOLVED' });
    await seed('escalated', 'DELIVERY_DELAY', { createdAt: hoursAgo(50), severity: 'LOW' });
    await seedException(testDb.db, { tenant: OTHER, orderId: 'X-1', reasonCode: 'PICK_DELAY' });
    await testDb.db
      .updateTable('exceptions')
      .set({ approval_status: 'PENDING' })
      .where('id', '=', ids.stock!)
      .execute();
    await testDb.db
      .updateTable('exceptions')
      .set({ escalation_level: 1, resolution_blocked: true, resolution_block_reason: 'carrier claim' })
      .where('id', '=', ids.escalated!)
      .execute();
    await addToDlq(testDb.db, {
      tenant: TENANT,
      kind: 'event',
      dedupeKey: 'console-1',
      payload: {},
      error: 'x',
    });
    await addToDlq(testDb.db, {
      tenant: OTHER,
      kind: 'event',
      dedupeKey: 'console-2',
      payload: {},
      error: 'x',
    });
    for (const [tenant, recordKey] of [
      [TENANT, 'O-q1'],
      [TENANT, 'O-q2'],
      [OTHER, 'X-q1'],
    ] as const)
      await quarantineRecord(testDb.db, {
        tenant,
        kind: 'order',
        recordKey,
        errorClass: 'TypeError',
        errorMessage: 'bad record',
        now: NOW,
      });
    await testDb.db
      .insertInto('order_processing_stages')
      .values({
        tenant: TENANT,
        order_id: 'O-pick-new',
        stage_name: 'pick',
        status: 'COMPLETED',
        depends_on: [],
        started_at: hoursAgo(6),
        completed_at: hoursAgo(2),
        stage_data: JSON.stringify({
          sla_minutes: 120,
          deadline_at: hoursAgo(4).toISOString(),
          actual_minutes: 240,
          breached: true,
          multipliers: [{ name: 'peak', value: 1.5 }],
        }),
      })
      .execute();

    const app = createApiApp({
      db: testDb.db,
      redis,
      // None of these routes talks to Temporal.
      temporal: {} as Client,
      config: loadApiConfig({ ADMIN_API_KEY: ADMIN_KEY }),
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
    await redis?.quit();
    await testDb?.destroy();
  });

  it('counts what the filtered lists hold, and only the tenant’s own', async () => {
    const { status, body } = await get('/api/overview');
    expect(status).toBe(200);
    expect(body.open_exceptions.count).toBe(5);
    expect(body.open_exceptions.by_reason_code.PICK_DELAY.count).toBe(2);
    expect(body.open_exceptions.by_severity.CRITICAL.count).toBe(1);
    expect(body.awaiting_approval.count).toBe(1);
    expect(body.escalated.count).toBe(1);
    expect(body.blocked.count).toBe(1);
    const stages = Object.fromEntries(body.breaches_last_24h.by_stage.map((s: Body) => [s.stage, s.count]));
    expect(stages).toEqual({ pick: 1, pack: 1, ship: 1, delivery: 0 });
    expect(body.breaches_last_24h.count).toBe(3);
    expect(body.dlq).toEqual({ pending: 1, failed: 0, due: expect.any(Number) });

    // Every count with a filter equals GET /exceptions with that filter.
    const counted = [
      body.open_exceptions,
      ...Object.values(body.open_exceptions.by_reason_code),
      ...Object.values(body.open_exceptions.by_severity),
      ...body.breaches_last_24h.by_stage,
      body.awaiting_approval,
      body.escalated,
      body.blocked,
    ] as { count: number; filters: Record<string, string> }[];
    for (const entry of counted) expect(await listTotal(entry.filters)).toBe(entry.count);

    const health = (await get(`/api/enrichment/health/${TENANT}`)).body;
    expect(body.automation_rate).toBe(health.figures.automationRate);
    expect(body.enrichment.completeness).toBe(health.figures.completeness);
    const breakers = (await get('/api/circuit-breakers')).body.circuit_breakers;
    expect(body.circuit_breakers).toEqual(breakers.map((b: Body) => ({ name: b.name, state: b.state })));
    const dlq = (await get(`/admin/dlq/stats?tenant=${TENANT}`, ADMIN_KEY)).body;
    expect(body.dlq.pending).toBe(dlq.byStatus.PENDING);
    const quarantined = await listQuarantinedRecords(testDb.db, {
      tenant: TENANT,
      status: 'open',
      limit: 100,
    });
    expect(body.quarantined).toBe(quarantined.length);
    expect(body.quarantined).toBe(2);
  });

  it('sorts exceptions by severity rank and by creation, both ways', async () => {
    const bySeverity = (await get('/exceptions?active=true&sort=severity&order=desc')).body.items;
    expect(bySeverity.map((item: Body) => item.severity)).toEqual([
      'CRITICAL',
      'HIGH',
      'HIGH',
      'MEDIUM',
      'LOW',
    ]);
    const oldestFirst = (await get('/exceptions?sort=created_at&order=asc&page_size=2')).body;
    expect(oldestFirst.items.map((item: Body) => item.order_id)).toEqual(['O-escalated', 'O-pick-old']);
    expect(oldestFirst.has_next).toBe(true);
  });

  it('names the field and rule of a bad filter, never a 5xx', async () => {
    const bad = await get('/exceptions?sort=nonsense&active=maybe');
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: Body) => d.path).sort()).toEqual(['query.active', 'query.sort']);
  });

  it('tells one order’s story: windows with deadlines and multipliers, exceptions', async () => {
    const { status, body } = await get('/orders/O-pick-new');
    expect(status).toBe(200);
    expect(body.sla_windows).toEqual([
      expect.objectContaining({
        stage: 'pick',
        breached: true,
        sla_minutes: 120,
        actual_minutes: 240,
        deadline_at: hoursAgo(4).toISOString(),
        multipliers: [{ name: 'peak', value: 1.5 }],
      }),
    ]);
    expect(body.exceptions).toEqual([
      expect.objectContaining({ id: ids['pick-new'], reason_code: 'PICK_DELAY' }),
    ]);
    expect(body.invoices).toEqual([]);
    expect((await get('/orders/X-1')).status).toBe(404);
  });

  it('lists the adjustment review queue (empty here) as a page', async () => {
    const { status, body } = await get('/invoice-adjustments?status=PENDING_REVIEW');
    expect(status).toBe(200);
    expect(body).toEqual({ items: [], total: 0, page: 1, page_size: 50, has_next: false });
  });

  it('lets the admin key act for the tenant named in X-Tenant-Id, and nothing else', async () => {
    const asAdmin = await get('/api/overview', ADMIN_KEY, OTHER);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.tenant).toBe(OTHER);
    expect(asAdmin.body.open_exceptions.count).toBe(1);
    expect((await get('/exceptions', 'wrong-key', TENANT)).status).toBe(401);
    expect((await get('/exceptions', ADMIN_KEY, 'no-such-tenant')).status).toBe(401);
  });
});
