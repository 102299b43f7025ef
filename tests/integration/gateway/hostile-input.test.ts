import { randomUUID } from 'node:crypto';
import { sql } from '@e2a/db';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { send, startTestGateway, type TestGateway } from '../../support/gateway';
import {
  generateHostileRequests,
  sendHostileRequests,
  type HostileAnswer,
} from '../../support/hostile-requests';

const TENANT = 'gw-hostile';
const REQUESTS = 10_000;
// A smaller body limit than production keeps 10,000 near-limit bodies affordable on a shared machine.
const MAX_BODY_BYTES = 256 * 1024;

describe('gateway under 10,000 hostile requests', () => {
  let testDb: TestDatabase;
  let gateway: TestGateway;
  let answers: HostileAnswer[];

  beforeAll(async () => {
    testDb = await createTestDatabase('gw_hostile');
    const tenant = await createTestTenant(testDb.db, TENANT);
    gateway = await startTestGateway({
      databaseUrl: testDb.url,
      env: { MAX_REQUEST_BODY_BYTES: String(MAX_BODY_BYTES) },
    });
    answers = await sendHostileRequests(
      gateway.baseUrl,
      generateHostileRequests({
        count: REQUESTS,
        seed: 20261130,
        tenant: TENANT,
        secret: tenant.webhookSecret,
        now: Date.now(),
        idPrefix: 'hostile',
        maxBodyBytes: MAX_BODY_BYTES,
      }),
      { concurrency: 8 },
    );
  }, 900_000);
  afterAll(async () => {
    await gateway?.stop();
    await testDb?.destroy();
  });

  it('generated every kind of hostile request, signed and unsigned', () => {
    expect(answers).toHaveLength(REQUESTS);
    const kinds = new Set(answers.map((answer) => answer.category.split(':')[0]));
    for (const kind of [
      'valid',
      'field-type',
      'unicode',
      'date',
      'number',
      'huge',
      'deep',
      'mixed',
      'batch',
      'header',
      'query',
      'path',
      'method',
      'body',
      'size',
    ]) {
      expect(kinds).toContain(kind);
    }
    // Unsigned, wrongly signed and stale requests are refused before anything else is looked at.
    expect(answers.filter((answer) => answer.status === 401).length).toBeGreaterThan(100);
    expect(answers.filter((answer) => answer.status === 422).length).toBeGreaterThan(1_000);
  });

  it('answers every request, and none with a 5xx', () => {
    const failures = answers.filter((answer) => answer.status === 0 || answer.status >= 500);
    expect(failures.map((answer) => `${answer.status} ${answer.category} ${answer.path}`)).toEqual([]);
  });

  it('refuses in the one error shape, and every 422 names the field and the rule', () => {
    for (const answer of answers.filter((candidate) => candidate.status >= 400)) {
      expect(answer.body).toEqual({
        error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
      });
    }
    for (const answer of answers.filter((candidate) => candidate.status === 422)) {
      const { details } = (answer.body as { error: { details: Array<{ path: string; rule: string }> } })
        .error;
      expect(details.length).toBeGreaterThan(0);
      for (const detail of details) {
        expect(detail.path).toEqual(expect.any(String));
        expect(detail.rule).toEqual(expect.any(String));
      }
    }
    // Text Postgres cannot store is refused by name, not by a database error.
    const unicode = answers.filter(
      (answer) => answer.category.startsWith('unicode:field:') && answer.status === 422,
    );
    expect(unicode.length).toBeGreaterThan(0);
    for (const answer of unicode) {
      const field = answer.category.split(':')[2] as string;
      const { details } = (answer.body as { error: { details: Array<{ path: string; rule: string }> } })
        .error;
      // A single event names `field`, a batch item `events[i].field`.
      expect(details.some((detail) => detail.path.replace(/^events\[\d+\]\./, '') === field)).toBe(true);
    }
  });

  it('stored exactly the events it acknowledged: nothing from a refused request or item', async () => {
    const acknowledged = new Set(answers.flatMap((answer) => answer.acknowledged));
    const rows = await testDb.db
      .selectFrom('order_events')
      .select(['source', 'event_id'])
      .where('tenant', '=', TENANT)
      .execute();
    const stored = new Set(rows.map((row) => `${row.source}:${row.event_id}`));
    expect(acknowledged.size).toBeGreaterThan(500);
    expect([...stored].filter((key) => !acknowledged.has(key))).toEqual([]);
    expect([...acknowledged].filter((key) => !stored.has(key))).toEqual([]);
    const orphanOrders = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM orders o
      WHERE o.tenant = ${TENANT}
        AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.tenant = o.tenant AND e.order_id = o.order_id)`.execute(
      testDb.db,
    );
    expect(orphanOrders.rows[0]?.n).toBe(0);
  });

  it('is still healthy and ready afterwards, and accepts a good event', async () => {
    expect((await fetch(`${gateway.baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${gateway.baseUrl}/ready`)).status).toBe(200);
    const answer = await send(
      gateway.baseUrl,
      '/ingest/wms',
      {
        event_id: `evt-${randomUUID()}`,
        event_type: 'pick_completed',
        order_id: `ord-${randomUUID()}`,
        occurred_at: new Date().toISOString(),
      },
      { tenant: TENANT },
    );
    expect(answer.status).toBe(202);
  });
});
