import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { closeServer, listen } from '@e2a/http';
import { Registry, createLogger } from '@e2a/telemetry';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

const TENANT = 'notify-api';
const OTHER = 'notify-api-other';
const ADMIN_KEY = 'notify-admin-key-for-tests';
const ENDPOINT = {
  url: 'https://hooks.example.com/e2a',
  secret: 'endpoint-secret-0123456789',
  events: ['exception_created', 'exception_blocked', 'client_note'],
  min_severity: 'HIGH',
};

describe('notifications API', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let server: Server;
  let base: string;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    auth: 'tenant' | 'admin' | 'other' = 'tenant',
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth === 'admin') headers.authorization = `Bearer ${ADMIN_KEY}`;
    else {
      headers.authorization = `Bearer ${TEST_API_KEY}`;
      headers['x-tenant-id'] = auth === 'other' ? OTHER : TENANT;
    }
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('notify_api');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
    await createTestTenant(testDb.db, OTHER);
    const app = createApiApp({
      db: testDb.db,
      redis,
      // Never called by these routes (a lazy client does not connect).
      temporal: new Client(),
      config: loadApiConfig({ ADMIN_API_KEY: ADMIN_KEY }),
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: new Registry(),
    });
    ({ server } = await listen(app, 0, '127.0.0.1'));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await closeServer(server);
    await redis.quit();
    await testDb.destroy();
  });

  it('null before an endpoint exists; PUT stores it (defaults applied), GET shows it without the secret', async () => {
    const before = await call('GET', `/tenants/${TENANT}/notifications`);
    expect(before.status).toBe(200);
    expect(before.body).toBeNull();
    const put = await call('PUT', `/tenants/${TENANT}/notifications`, ENDPOINT);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      tenant: TENANT,
      url: ENDPOINT.url,
      format: 'json',
      min_severity: 'HIGH',
      has_secret: true,
    });
    expect(JSON.stringify(put.body)).not.toContain(ENDPOINT.secret);
    const got = await call('GET', `/tenants/${TENANT}/notifications`, undefined, 'admin');
    expect(got.status).toBe(200);
    expect(got.body.events).toEqual(ENDPOINT.events);

    // The admin key may replace it; the stored row has the new values.
    const slack = await call(
      'PUT',
      `/tenants/${TENANT}/notifications`,
      { ...ENDPOINT, format: 'slack' },
      'admin',
    );
    expect(slack.body.format).toBe('slack');
    const row = await testDb.db
      .selectFrom('notification_endpoints')
      .selectAll()
      .where('tenant', '=', TENANT)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ format: 'slack', secret: ENDPOINT.secret });
  });

  it.each([
    [{ ...ENDPOINT, url: 'ftp://x' }, 'url'],
    [{ ...ENDPOINT, secret: 'short' }, 'secret'],
    [{ ...ENDPOINT, events: ['order_paid'] }, 'events[0]'],
    [{ ...ENDPOINT, min_severity: 'URGENT' }, 'min_severity'],
    [{ ...ENDPOINT, format: 'xml' }, 'format'],
    [{ url: ENDPOINT.url, secret: ENDPOINT.secret }, 'events'],
  ])('422 naming the field for %j, nothing stored', async (body, field) => {
    const response = await call('PUT', `/tenants/${OTHER}/notifications`, body, 'admin');
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(field);
    expect(
      await testDb.db
        .selectFrom('notification_endpoints')
        .select('tenant')
        .where('tenant', '=', OTHER)
        .execute(),
    ).toEqual([]);
  });

  it("refuses another tenant's endpoint to a tenant key, and an unknown tenant", async () => {
    expect((await call('PUT', `/tenants/${TENANT}/notifications`, ENDPOINT, 'other')).status).toBe(403);
    expect((await call('GET', `/tenants/${TENANT}/notifications`, undefined, 'other')).status).toBe(403);
    expect((await call('GET', '/tenants/no-such-tenant/notifications', undefined, 'admin')).status).toBe(404);
  });

  it("lists the tenant's deliveries, newest first, paginated and filtered", async () => {
    const inserted = await testDb.db
      .insertInto('exceptions')
      .values(
        ['A', 'B', 'C'].map((suffix) => ({
          tenant: TENANT,
          order_id: `API-${suffix}`,
          reason_code: 'PICK_DELAY',
          severity: 'CRITICAL',
        })),
      )
      .returning('id')
      .execute();
    await testDb.db
      .updateTable('exceptions')
      .set({ resolution_blocked: true })
      .where('id', '=', inserted[0]!.id)
      .execute();

    const first = await call('GET', '/notifications/deliveries?page_size=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 4, page: 1, page_size: 2, has_next: true });
    expect(first.body.items[0]).toMatchObject({
      event_type: 'exception_blocked',
      status: 'PENDING',
      attempts: 0,
    });
    expect(first.body.items[0].payload.id).toBe(first.body.items[0].id);
    const second = await call('GET', '/notifications/deliveries?page_size=2&page=2');
    expect(second.body).toMatchObject({ has_next: false });
    expect(second.body.items.length).toBe(2);
    const blocked = await call('GET', '/notifications/deliveries?event_type=exception_blocked');
    expect(blocked.body.total).toBe(1);
    // Another tenant sees none of them.
    expect((await call('GET', '/notifications/deliveries', undefined, 'other')).body.total).toBe(0);
    const bad = await call('GET', '/notifications/deliveries?status=LOST');
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('query.status');
  });

  it('documents the routes in the OpenAPI document', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as Body;
    expect(Object.keys(document.paths['/tenants/{name}/notifications'])).toEqual(['get', 'put']);
    expect(document.paths['/notifications/deliveries'].get).toBeDefined();
    expect(document.components.schemas.NotificationEndpointBody.required).toEqual([
      'url',
      'secret',
      'events',
    ]);
  });
});
