import type { Server } from 'node:http';
import { createApiApp } from '@e2a/api';
import { createSlaActivities } from '@e2a/activities';
import { loadApiConfig } from '@e2a/config';
import { sql, type Db } from '@e2a/db';
import { closeServer, listen } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import type { Client } from '@temporalio/client';
import { runCli, runCliJson } from '../../support/cli';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { ingest, minutesAfter, testActivityDeps } from '../../support/order-processing';
import { createTestRedis, type TestRedis } from '../../support/redis';

// Operators see quarantined records and replay or discard them: over the API (admin key) and with the CLI.

const TENANT = 'quar-ops';
const ADMIN_KEY = 'quar-admin-key-123';
const T = new Date('2026-11-02T08:00:00.000Z');

async function quarantinePoisonedOrder(
  db: Db,
  activities: ReturnType<typeof createSlaActivities>,
  orderId: string,
) {
  await ingest(db, TENANT, 'shopify', { event_type: 'order_paid', order_id: orderId, occurred_at: T });
  await ingest(db, TENANT, 'wms', {
    event_type: 'pick_completed',
    order_id: orderId,
    occurred_at: minutesAfter(T, 150),
  });
  await sql`UPDATE orders SET paid_at = '10000-01-01T00:00:00Z', needs_evaluation = true
            WHERE tenant = ${TENANT} AND order_id = ${orderId}`.execute(db);
  const result = await activities.evaluateDueOrders({
    tenant: TENANT,
    asOf: minutesAfter(T, 151).toISOString(),
  });
  expect(result.ordersQuarantined).toBe(1);
  const row = await db
    .selectFrom('quarantined_records')
    .select('id')
    .where('record_key', '=', orderId)
    .executeTakeFirstOrThrow();
  return String(row.id);
}

describe('quarantine operators: API and CLI', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let api: { server: Server; port: number };
  let activities: ReturnType<typeof createSlaActivities>;

  beforeAll(async () => {
    testDb = await createTestDatabase('quarantine_ops');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
    activities = createSlaActivities(testActivityDeps(testDb.db, redis, { now: () => minutesAfter(T, 151) }));
    const app = createApiApp({
      db: testDb.db,
      redis,
      temporal: {} as Client,
      config: loadApiConfig({ ADMIN_API_KEY: ADMIN_KEY }),
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: createMetricsRegistry('test'),
      now: () => minutesAfter(T, 151),
    });
    api = await listen(app, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await closeServer(api.server);
    await redis.quit();
    await testDb.destroy();
  });

  const http = async (method: string, path: string, key: string | null = ADMIN_KEY) => {
    const response = await fetch(`http://127.0.0.1:${api.port}${path}`, {
      method,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk arbitrary response JSON
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  const quarantineRows = (orderId: string) =>
    testDb.db
      .selectFrom('quarantined_records')
      .select(['id', 'status', 'attempts'])
      .where('record_key', '=', orderId)
      .orderBy('id')
      .execute();
  const evaluateNow = () =>
    activities.evaluateDueOrders({ tenant: TENANT, asOf: minutesAfter(T, 152).toISOString() });

  it('lists, replays (quarantined anew while still poisoned, evaluated once fixed) and refuses a closed row', async () => {
    const id = await quarantinePoisonedOrder(testDb.db, activities, 'ops-poison');

    expect((await http('GET', '/admin/quarantine', null)).status).toBe(401);
    const list = await http('GET', `/admin/quarantine?tenant=${TENANT}&status=open`);
    expect(list.status).toBe(200);
    expect(list.body.records).toEqual([
      expect.objectContaining({
        id,
        kind: 'order_evaluation',
        record_key: 'ops-poison',
        status: 'open',
        attempts: 1,
      }),
    ]);

    // Still poisoned: the replay releases it, the real-time pass takes it again and quarantines it anew.
    const first = await http('POST', `/admin/quarantine/${id}/replay`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'replayed', record: { id, status: 'replayed' } });
    expect((await evaluateNow()).ordersQuarantined).toBe(1);
    const [, reopened] = await quarantineRows('ops-poison');
    expect(reopened).toMatchObject({ status: 'open', attempts: 1 });

    // Fixed in Postgres: the replay lets the same pass evaluate it (a PICK_DELAY), nothing is quarantined.
    await sql`UPDATE orders SET paid_at = ${T} WHERE tenant = ${TENANT} AND order_id = 'ops-poison'`.execute(
      testDb.db,
    );
    const replayed = await http('POST', `/admin/quarantine/${String(reopened?.id)}/replay`);
    expect(replayed.body).toMatchObject({ outcome: 'replayed' });
    expect(await evaluateNow()).toMatchObject({ ordersEvaluated: 1, ordersQuarantined: 0 });
    const exceptions = await testDb.db
      .selectFrom('exceptions')
      .select('reason_code')
      .where('tenant', '=', TENANT)
      .where('order_id', '=', 'ops-poison')
      .execute();
    expect(exceptions).toEqual([{ reason_code: 'PICK_DELAY' }]);
    expect((await quarantineRows('ops-poison')).map((row) => row.status)).toEqual(['replayed', 'replayed']);

    const again = await http('POST', `/admin/quarantine/${id}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([{ path: 'id', rule: 'open' }]);
  });

  it('answers 4xx naming the field for a bad id, kind or unknown record', async () => {
    const badId = await http('POST', '/admin/quarantine/abc/replay');
    expect(badId.status).toBe(422);
    expect(badId.body.error.details[0].path).toBe('path.id');
    const badKind = await http('GET', '/admin/quarantine?kind=nonsense');
    expect(badKind.status).toBe(422);
    expect(badKind.body.error.details[0].path).toBe('query.kind');
    const missing = await http('POST', '/admin/quarantine/999999999/discard');
    expect(missing.status).toBe(404);
  });

  it('CLI: list --json and discard', async () => {
    const id = await quarantinePoisonedOrder(testDb.db, activities, 'ops-cli-poison');
    const env = { DATABASE_URL: testDb.url };
    const listed = await runCliJson<Array<{ id: string; status: string }>>(
      ['quarantine', 'list', '--tenant', TENANT, '--status', 'open'],
      env,
    );
    expect(listed).toEqual([expect.objectContaining({ id, status: 'open' })]);
    const discarded = await runCliJson<{ outcome: string; record: { status: string } }>(
      ['quarantine', 'discard', id],
      env,
    );
    expect(discarded).toMatchObject({ outcome: 'discarded', record: { status: 'discarded' } });
    const twice = await runCli(['quarantine', 'discard', id], env);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('not open');
  }, 300_000);
});
