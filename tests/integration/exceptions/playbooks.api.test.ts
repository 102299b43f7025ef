import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { DEFAULT_PLAYBOOKS } from '@e2a/domain';
import { closeServer, listen } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import { createIsolatedRedis } from '../../support/exceptions-fixtures';
import type { TestRedis } from '../../support/redis';

const TENANT = 'pb-api';
const OTHER = 'pb-api-other';
const ADMIN_KEY = 'pb-admin-key-1234';

describe('GET/PUT /tenants/{name}/playbooks', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let api: { server: Server; port: number };

  beforeAll(async () => {
    database = await createTestDatabase('pb_api');
    redis = await createIsolatedRedis(13);
    await createTestTenant(database.db, TENANT);
    await createTestTenant(database.db, OTHER);
    const app = createApiApp({
      db: database.db,
      redis,
      temporal: {} as Client,
      config: loadApiConfig({ ADMIN_API_KEY: ADMIN_KEY }),
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: createMetricsRegistry('test'),
    });
    api = await listen(app, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await closeServer(api.server);
    await redis.quit();
    await database.destroy();
  });

  const http = async (method: string, path: string, body?: unknown, tenant = TENANT) => {
    const response = await fetch(`http://127.0.0.1:${api.port}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-tenant-id': tenant,
        authorization: `Bearer ${TEST_API_KEY}`,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk arbitrary response JSON
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const versions = () =>
    database.db.selectFrom('tenant_playbooks').selectAll().where('tenant', '=', TENANT).execute();

  it('shows the default playbooks before any version', async () => {
    const { status, body } = await http('GET', `/tenants/${TENANT}/playbooks`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ tenant: TENANT, version: null, overrides: {}, history: [] });
    expect(body.effective).toEqual(DEFAULT_PLAYBOOKS);
  });

  it('a PUT stores a version; codes it leaves out keep the defaults', async () => {
    const playbooks = {
      PAYMENT_FAILED: {
        steps: [
          { action: 'payment_retry', mode: 'auto', when: { max_order_value_cents: 50000 } },
          { action: 'notify_customer', mode: 'auto' },
        ],
      },
      CARRIER_ISSUE: { steps: [{ action: 'carrier_api_update', mode: 'approval' }] },
    };
    const { status, body } = await http('PUT', `/tenants/${TENANT}/playbooks`, { playbooks });
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: 1, overrides: playbooks });
    expect(body.effective.PAYMENT_FAILED).toEqual(playbooks.PAYMENT_FAILED);
    expect(body.effective.ADDRESS_INVALID).toEqual(DEFAULT_PLAYBOOKS.ADDRESS_INVALID);
    expect(body.history).toEqual([
      expect.objectContaining({ version: 1, status: 'current', created_by: `tenant:${TENANT}` }),
    ]);

    const second = await http('PUT', `/tenants/${TENANT}/playbooks`, { playbooks: {} });
    expect(second.body).toMatchObject({ version: 2, overrides: {} });
    expect(second.body.effective).toEqual(DEFAULT_PLAYBOOKS);
    expect(second.body.history.map((row: { status: string }) => row.status)).toEqual([
      'superseded',
      'current',
    ]);
  });

  it.each([
    [
      { playbooks: { PAYMENT_FAILED: { steps: [{ action: 'payment_retry', mode: 'always' }] } } },
      'playbooks.PAYMENT_FAILED.steps[0].mode',
    ],
    [
      { playbooks: { PAYMENT_FAILED: { steps: [{ action: 'wire_money', mode: 'auto' }] } } },
      'playbooks.PAYMENT_FAILED.steps[0].action',
    ],
    [{ playbooks: { NOPE: { steps: [] } } }, 'playbooks.NOPE'],
    [
      {
        playbooks: {
          PAYMENT_FAILED: { steps: [{ action: 'payment_retry', mode: 'auto', when: { carriers: [] } }] },
        },
      },
      'playbooks.PAYMENT_FAILED.steps[0].when.carriers',
    ],
    [{}, 'playbooks'],
    [{ playbooks: {}, effective_from: '2020-01-01T00:00:00Z' }, 'effective_from'],
  ])('refuses %j with 422 naming %s, storing nothing', async (body, path) => {
    const before = (await versions()).length;
    const response = await http('PUT', `/tenants/${TENANT}/playbooks`, body);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect(await versions()).toHaveLength(before);
  });

  it("a tenant key cannot read or write another tenant's playbooks", async () => {
    expect((await http('GET', `/tenants/${OTHER}/playbooks`)).status).toBe(403);
    expect((await http('PUT', `/tenants/${OTHER}/playbooks`, { playbooks: {} })).status).toBe(403);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const { body } = await http('GET', '/openapi.json');
    expect(Object.keys(body.paths['/tenants/{name}/playbooks'])).toEqual(
      expect.arrayContaining(['get', 'put']),
    );
  });
});
