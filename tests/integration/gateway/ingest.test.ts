import { randomUUID } from 'node:crypto';
import { sql } from '@e2a/db';
import { signWebhook } from '@e2a/http';
import {
  createTestDatabase,
  createTestTenant,
  TEST_WEBHOOK_SECRET,
  type TestDatabase,
} from '../../support/db';
import { send, startTestGateway, type TestGateway } from '../../support/gateway';
import { createTestRedis, deleteKeys, type TestRedis } from '../../support/redis';

const TENANT = 'gw-main';
const LIMITED_TENANT = 'gw-limited';

const paidEvent = (overrides: Record<string, unknown> = {}) => ({
  event_id: `evt-${randomUUID()}`,
  event_type: 'order_paid',
  order_id: `ord-${randomUUID()}`,
  occurred_at: '2026-11-02T10:00:00Z',
  payload: { amount: 12.5 },
  ...overrides,
});

describe('webhook gateway ingest', () => {
  let testDb: TestDatabase;
  let gateway: TestGateway;
  let redis: TestRedis;

  const countEvents = async (where: { eventId?: string; orderId?: string }) => {
    let query = testDb.db
      .selectFrom('order_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant', '=', TENANT);
    if (where.eventId) query = query.where('event_id', '=', where.eventId);
    if (where.orderId) query = query.where('order_id', '=', where.orderId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('gw_ingest');
    await createTestTenant(testDb.db, TENANT);
    await createTestTenant(testDb.db, LIMITED_TENANT);
    redis = await createTestRedis();
    await deleteKeys(redis, `idempo:${TENANT}:*`);
    await deleteKeys(redis, `ratelimit:{${LIMITED_TENANT}}`);
    gateway = await startTestGateway({ databaseUrl: testDb.url });
  });
  afterAll(async () => {
    await gateway.stop();
    await redis.quit();
    await testDb.destroy();
  });

  describe('signatures', () => {
    it('accepts a valid X-E2A-Signature with 202 only after the event is stored, echoing the correlation id', async () => {
      const event = paidEvent();
      const answer = await send(gateway.baseUrl, '/ingest/shopify', event, {
        tenant: TENANT,
        headers: { 'x-correlation-id': 'corr-abc-1' },
      });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({
        ok: true,
        status: 'accepted',
        event_id: event.event_id,
        order_id: event.order_id,
        correlation_id: 'corr-abc-1',
        received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(answer.headers.get('x-correlation-id')).toBe('corr-abc-1');
      const row = await testDb.db
        .selectFrom('order_events')
        .selectAll()
        .where('tenant', '=', TENANT)
        .where('event_id', '=', event.event_id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        source: 'shopify',
        event_type: 'order_paid',
        correlation_id: 'corr-abc-1',
      });
      const order = await testDb.db
        .selectFrom('orders')
        .selectAll()
        .where('tenant', '=', TENANT)
        .where('order_id', '=', event.order_id)
        .executeTakeFirstOrThrow();
      expect(order.paid_at?.toISOString()).toBe('2026-11-02T10:00:00.000Z');
      expect(order.needs_evaluation).toBe(true);
    });

    it('generates a correlation id when none is sent', async () => {
      const answer = await send(gateway.baseUrl, '/ingest/wms', paidEvent({ event_type: 'pick_started' }), {
        tenant: TENANT,
      });
      expect(answer.status).toBe(202);
      expect(answer.body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('x-correlation-id')).toBe(answer.body.correlation_id);
    });

    const unauthorizedBody = {
      error: {
        code: 'unauthorized',
        message: 'Missing, invalid or expired webhook signature',
        details: [{ path: 'headers.x-e2a-signature', rule: expect.stringContaining('within 300 s of now') }],
      },
    };

    it.each<[string, { secret?: string; timestampOffset?: number; signature?: string | null }]>([
      ['a wrong secret', { secret: 'not-the-secret' }],
      ['a stale timestamp (301 s old)', { timestampOffset: -301 }],
      // Well past the tolerance: the header carries whole seconds and the request itself takes time on a busy machine.
      ['a timestamp from the future (310 s ahead)', { timestampOffset: 310 }],
      ['no signature', { signature: null }],
      ['a malformed signature header', { signature: 't=abc,v1=zz' }],
      [
        'a signature of another body',
        { signature: signWebhook(TEST_WEBHOOK_SECRET, '{}', Date.now() / 1000) },
      ],
    ])('rejects %s with 401 and stores nothing', async (_name, { timestampOffset, ...options }) => {
      const event = paidEvent();
      const answer = await send(gateway.baseUrl, '/ingest/shopify', event, {
        tenant: TENANT,
        ...(timestampOffset ? { timestamp: Date.now() / 1000 + timestampOffset } : {}),
        ...options,
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(unauthorizedBody);
      expect(await countEvents({ eventId: event.event_id })).toBe(0);
    });

    it('answers an unknown tenant exactly like a wrong signature', async () => {
      const event = paidEvent();
      const unknown = await send(gateway.baseUrl, '/ingest/shopify', event, { tenant: 'gw-nobody' });
      const wrong = await send(gateway.baseUrl, '/ingest/shopify', event, { tenant: TENANT, secret: 'nope' });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
    });

    it('accepts a signature 299 s old (inside the tolerance)', async () => {
      const answer = await send(gateway.baseUrl, '/ingest/shopify', paidEvent(), {
        tenant: TENANT,
        timestamp: Date.now() / 1000 - 299,
      });
      expect(answer.status).toBe(202);
    });

    it("accepts Shopify's own X-Shopify-Hmac-Sha256, taking X-Shopify-Webhook-Id as the event id", async () => {
      const { event_id: _none, ...event } = paidEvent();
      const webhookId = `shopify-${randomUUID()}`;
      const answer = await send(gateway.baseUrl, '/ingest/shopify', event, {
        tenant: TENANT,
        shopify: true,
        headers: { 'x-shopify-webhook-id': webhookId },
      });
      expect(answer.status).toBe(202);
      expect(answer.body.event_id).toBe(webhookId);
      expect(await countEvents({ eventId: webhookId })).toBe(1);

      const again = await send(gateway.baseUrl, '/ingest/events', event, {
        tenant: TENANT,
        shopify: true,
        headers: { 'x-shopify-webhook-id': webhookId },
      });
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('duplicate');
    });

    it('takes a native Shopify orders/create delivery (the order itself) as order_created', async () => {
      const webhookId = `native-${randomUUID()}`;
      const shopifyOrder = {
        id: 820982911946154500 + Math.floor(Math.random() * 1000),
        name: '#9999',
        created_at: '2026-11-02T09:00:00-05:00',
        currency: 'CAD',
        total_price: '199.65',
        tags: 'hazmat',
        shipping_lines: [{ code: 'Express Shipping' }],
        line_items: [{ sku: 'IPOD2008PINK', quantity: 1 }],
      };
      const answer = await send(gateway.baseUrl, '/ingest/shopify', shopifyOrder, {
        tenant: TENANT,
        shopify: true,
        headers: { 'x-shopify-webhook-id': webhookId, 'x-shopify-topic': 'orders/create' },
      });
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ event_id: webhookId, order_id: String(shopifyOrder.id) });
      const order = await testDb.db
        .selectFrom('orders')
        .selectAll()
        .where('tenant', '=', TENANT)
        .where('order_id', '=', String(shopifyOrder.id))
        .executeTakeFirstOrThrow();
      expect(order).toMatchObject({ currency: 'CAD', is_hazmat: true, service_level: 'express' });
      expect(order.order_created_at?.toISOString()).toBe('2026-11-02T14:00:00.000Z');
    });

    it('rejects a wrong Shopify HMAC, and a Shopify HMAC on a non-Shopify source', async () => {
      const wrong = await send(gateway.baseUrl, '/ingest/shopify', paidEvent(), {
        tenant: TENANT,
        shopify: true,
        secret: 'other',
      });
      expect(wrong.status).toBe(401);
      const wms = await send(gateway.baseUrl, '/ingest/wms', paidEvent({ event_type: 'pick_started' }), {
        tenant: TENANT,
        shopify: true,
      });
      expect(wms.status).toBe(401);
      const rawWms = await send(
        gateway.baseUrl,
        '/ingest/events',
        paidEvent({ source: 'wms', event_type: 'pick_started' }),
        { tenant: TENANT, shopify: true },
      );
      expect(rawWms.status).toBe(401);
    });
  });

  describe('error answers', () => {
    it.each([
      ['missing', null, 'is required'],
      ['invalid', 'bad tenant!', 'must be 1-64 characters of letters, digits, "_" or "-"'],
      ['too long', 'x'.repeat(65), 'must be 1-64 characters of letters, digits, "_" or "-"'],
    ])('400 for a %s X-Tenant-Id', async (_name, tenant, rule) => {
      const answer = await send(gateway.baseUrl, '/ingest/shopify', paidEvent(), { tenant });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: {
          code: 'invalid_tenant',
          message: expect.stringContaining('X-Tenant-Id'),
          details: [{ path: 'headers.x-tenant-id', rule }],
        },
      });
    });

    it('400 for an X-Correlation-Id that is not 1-128 visible characters', async () => {
      const answer = await send(gateway.baseUrl, '/ingest/shopify', paidEvent(), {
        tenant: TENANT,
        headers: { 'x-correlation-id': 'x'.repeat(129) },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'bad_request',
        message: 'X-Correlation-Id header is invalid',
        details: [{ path: 'headers.x-correlation-id', rule: 'must be 1-128 visible ASCII characters' }],
      });
    });

    it('400 for malformed JSON', async () => {
      const answer = await send(gateway.baseUrl, '/ingest/shopify', undefined, {
        tenant: TENANT,
        raw: '{"a":',
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: {
          code: 'malformed_json',
          message: 'Request body is not valid JSON',
          details: [{ path: '(body)', rule: 'must be valid JSON' }],
        },
      });
    });

    it('413 for a body over MAX_REQUEST_BODY_BYTES', async () => {
      const event = paidEvent({ payload: { blob: 'x'.repeat(1024 * 1024) } });
      const answer = await send(gateway.baseUrl, '/ingest/shopify', event, { tenant: TENANT });
      expect(answer.status).toBe(413);
      expect(answer.body.error).toEqual({
        code: 'payload_too_large',
        message: 'Request body exceeds the maximum allowed size',
        details: [],
      });
      expect(await countEvents({ eventId: event.event_id as string })).toBe(0);
    });

    it.each([['text/plain'], [null]])('415 for content type %s', async (contentType) => {
      const answer = await send(gateway.baseUrl, '/ingest/shopify', paidEvent(), {
        tenant: TENANT,
        contentType,
      });
      expect(answer.status).toBe(415);
      expect(answer.body).toEqual({
        error: {
          code: 'unsupported_media_type',
          message: 'Request body must be JSON',
          details: [{ path: 'headers.content-type', rule: 'must be application/json' }],
        },
      });
    });

    it('422 naming every invalid field, nothing stored', async () => {
      const answer = await send(
        gateway.baseUrl,
        '/ingest/wms',
        {
          event_id: '',
          event_type: 'order_paid',
          order_id: 'x'.repeat(129),
          occurred_at: 'yesterday',
          items_count: -1,
        },
        { tenant: TENANT },
      );
      expect(answer.status).toBe(422);
      expect(answer.body.error.code).toBe('validation_failed');
      const paths = answer.body.error.details.map((detail: { path: string }) => detail.path).sort();
      expect(paths).toEqual(['event_id', 'event_type', 'items_count', 'occurred_at', 'order_id']);
      for (const detail of answer.body.error.details) expect(detail.rule).toEqual(expect.any(String));
      expect(answer.body.error.details).toContainEqual({
        path: 'occurred_at',
        rule: 'must be ISO-8601 with an offset or Z',
      });
    });

    it('422 when the body source contradicts the route', async () => {
      const answer = await send(gateway.baseUrl, '/ingest/wms', paidEvent({ source: 'carrier' }), {
        tenant: TENANT,
      });
      expect(answer.status).toBe(422);
      expect(answer.body.error.details).toEqual([{ path: 'source', rule: 'must be "wms" on this route' }]);
    });

    it('429 with Retry-After once the tenant exceeds its rate, shared through Redis', async () => {
      const limited = await startTestGateway({
        databaseUrl: testDb.url,
        env: { RATE_LIMIT_PER_TENANT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' },
      });
      const second = await startTestGateway({
        databaseUrl: testDb.url,
        env: { RATE_LIMIT_PER_TENANT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' },
      });
      try {
        const statuses: number[] = [];
        // Alternate between two gateway processes: the bucket is one per tenant, not one per process.
        for (let i = 0; i < 5; i += 1) {
          const target = i % 2 === 0 ? limited : second;
          const answer = await send(target.baseUrl, '/ingest/shopify', paidEvent(), {
            tenant: LIMITED_TENANT,
          });
          statuses.push(answer.status);
          if (answer.status === 429) {
            expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
            expect(answer.body.error).toEqual({
              code: 'rate_limited',
              message: 'Rate limit of 1 events/s exceeded for this tenant',
              details: [{ path: 'headers.x-tenant-id', rule: 'at most 1 events per second' }],
            });
          }
        }
        expect(statuses.filter((status) => status === 202).length).toBe(3);
        expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
      } finally {
        await limited.stop();
        await second.stop();
      }
    });

    it('404 in the common error shape for an unknown route', async () => {
      const answer = await send(gateway.baseUrl, '/ingest/unknown', paidEvent(), { tenant: TENANT });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    });
  });

  describe('idempotency', () => {
    it('never answers "duplicate" from a Redis key written for another database: the event is stored', async () => {
      const event = paidEvent();
      // As if this database had been dropped and recreated (or restored elsewhere) while Redis kept its keys.
      await redis.set(
        `idempo:${TENANT}:shopify:${event.event_id}`,
        JSON.stringify({ order_id: event.order_id, received_at: new Date().toISOString(), db: 'e2a#1' }),
        { EX: 3600 },
      );
      const answer = await send(gateway.baseUrl, '/ingest/shopify', event, { tenant: TENANT });
      expect(answer.status).toBe(202);
      expect(answer.body.status).toBe('accepted');
      const stored = await testDb.db
        .selectFrom('order_events')
        .select('event_id')
        .where('tenant', '=', TENANT)
        .where('event_id', '=', event.event_id)
        .execute();
      expect(stored).toHaveLength(1);
    });

    it('answers a redelivery 200 duplicate from Redis, and from Postgres when Redis has forgotten it', async () => {
      const event = paidEvent();
      const first = await send(gateway.baseUrl, '/ingest/shopify', event, { tenant: TENANT });
      expect(first.status).toBe(202);
      const key = `idempo:${TENANT}:shopify:${event.event_id}`;
      // The fast-path key is written after the commit, without holding up the answer.
      for (let i = 0; i < 50 && !(await redis.exists(key)); i += 1)
        await new Promise((r) => setTimeout(r, 10));
      expect(await redis.ttl(key)).toBeGreaterThan(24 * 3600 - 60);

      const fromRedis = await send(gateway.baseUrl, '/ingest/shopify', event, { tenant: TENANT });
      expect(fromRedis.status).toBe(200);
      expect(fromRedis.body).toMatchObject({
        ok: true,
        status: 'duplicate',
        event_id: event.event_id,
        order_id: event.order_id,
        received_at: first.body.received_at,
      });

      await redis.del(key);
      const fromPostgres = await send(gateway.baseUrl, '/ingest/shopify', event, { tenant: TENANT });
      expect(fromPostgres.status).toBe(200);
      expect(fromPostgres.body.status).toBe('duplicate');
      expect(await countEvents({ eventId: event.event_id })).toBe(1);
    });

    it('stores one row for 100 parallel copies of one event: 1 accepted, 99 duplicate', async () => {
      const event = paidEvent();
      const answers = await Promise.all(
        Array.from({ length: 100 }, () =>
          send(gateway.baseUrl, '/ingest/shopify', event, { tenant: TENANT }),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 202)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(99);
      expect(answers.every((answer) => answer.body.event_id === event.event_id)).toBe(true);
      expect(await countEvents({ eventId: event.event_id })).toBe(1);
      const order = await testDb.db
        .selectFrom('orders')
        .select('event_count')
        .where('tenant', '=', TENANT)
        .where('order_id', '=', event.order_id)
        .executeTakeFirstOrThrow();
      expect(order.event_count).toBe(1);
    });

    it('keeps working on Postgres alone when Redis is unreachable', async () => {
      const noRedis = await startTestGateway({ databaseUrl: testDb.url, redisUrl: 'redis://127.0.0.1:1/0' });
      try {
        const event = paidEvent();
        const first = await send(noRedis.baseUrl, '/ingest/shopify', event, { tenant: TENANT });
        expect(first.status).toBe(202);
        const again = await send(noRedis.baseUrl, '/ingest/shopify', event, { tenant: TENANT });
        expect(again.status).toBe(200);
        expect(again.body.status).toBe('duplicate');
        expect(await countEvents({ eventId: event.event_id })).toBe(1);
      } finally {
        await noRedis.stop();
      }
    });
  });

  describe('raw Shopify-style route', () => {
    it('defaults the source to shopify and reads the order from payload.order, data.order or a top-level data', async () => {
      const order = {
        currency: 'eur',
        total_price: '40.00',
        tags: 'rush',
        shipping_lines: [{ code: 'Overnight' }],
      };
      const variants = [{ payload: { order } }, { payload: { data: { order } } }, { data: { order } }];
      for (const variant of variants) {
        const event = paidEvent({ event_type: 'order_created', payload: undefined, ...variant });
        const answer = await send(gateway.baseUrl, '/ingest/events', event, { tenant: TENANT });
        expect(answer.status).toBe(202);
        const row = await testDb.db
          .selectFrom('orders')
          .selectAll()
          .where('tenant', '=', TENANT)
          .where('order_id', '=', event.order_id as string)
          .executeTakeFirstOrThrow();
        expect(row).toMatchObject({
          currency: 'EUR',
          total_amount_cents: '4000',
          is_rush: true,
          service_level: 'overnight',
        });
        const stored = await testDb.db
          .selectFrom('order_events')
          .select(['source', 'payload', 'extras'])
          .where('tenant', '=', TENANT)
          .where('event_id', '=', event.event_id as string)
          .executeTakeFirstOrThrow();
        expect(stored.source).toBe('shopify');
        expect(stored.extras).not.toHaveProperty('data');
      }
    });

    it('routes a body with source "carrier" to the carrier schema', async () => {
      const event = paidEvent({ source: 'carrier', event_type: 'package_shipped', carrier_name: 'UPS' });
      const answer = await send(gateway.baseUrl, '/ingest/events', event, { tenant: TENANT });
      expect(answer.status).toBe(202);
      const stored = await testDb.db
        .selectFrom('order_events')
        .select(['source', 'event_type', 'extras'])
        .where('event_id', '=', event.event_id as string)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        source: 'carrier',
        event_type: 'shipment_dispatched',
        extras: { carrier_name: 'UPS' },
      });
    });
  });

  describe('batch', () => {
    it('stores the good items, answers the bad ones with their 422 details, in request order', async () => {
      const orderId = `ord-${randomUUID()}`;
      const good1 = { source: 'shopify', ...paidEvent({ order_id: orderId }) };
      const bad = {
        source: 'wms',
        event_id: `bad-${randomUUID()}`,
        event_type: 'pick_started',
        order_id: orderId,
      };
      const good2 = {
        source: 'wms',
        ...paidEvent({
          order_id: orderId,
          event_type: 'pick_completed',
          occurred_at: '2026-11-02T11:00:00Z',
        }),
      };
      const unknownSource = { source: 'fax', ...paidEvent() };
      const answer = await send(
        gateway.baseUrl,
        '/ingest/batch',
        { events: [good1, bad, good2, unknownSource, good1] },
        { tenant: TENANT, headers: { 'x-correlation-id': 'batch-corr' } },
      );
      expect(answer.status).toBe(207);
      expect(answer.body).toMatchObject({
        ok: false,
        status: 'processed',
        correlation_id: 'batch-corr',
        accepted: 2,
        duplicate: 1,
        rejected: 2,
      });
      expect(answer.body.results).toEqual([
        expect.objectContaining({
          index: 0,
          ok: true,
          status: 'accepted',
          event_id: good1.event_id,
          order_id: orderId,
        }),
        {
          index: 1,
          ok: false,
          status: 'rejected',
          error: {
            code: 'validation_failed',
            message: 'Event 1 failed validation',
            details: [{ path: 'events[1].occurred_at', rule: expect.any(String) }],
          },
        },
        expect.objectContaining({ index: 2, ok: true, status: 'accepted', event_id: good2.event_id }),
        {
          index: 3,
          ok: false,
          status: 'rejected',
          error: expect.objectContaining({
            details: [{ path: 'events[3].source', rule: 'must be one of shopify, wms, carrier' }],
          }),
        },
        expect.objectContaining({ index: 4, ok: true, status: 'duplicate', event_id: good1.event_id }),
      ]);
      expect(await countEvents({ orderId })).toBe(2);
      expect(await countEvents({ eventId: bad.event_id })).toBe(0);

      const replay = await send(
        gateway.baseUrl,
        '/ingest/batch',
        { events: [good1, good2] },
        { tenant: TENANT },
      );
      expect(replay.status).toBe(200);
      expect(replay.body.results.map((r: { status: string }) => r.status)).toEqual([
        'duplicate',
        'duplicate',
      ]);
    });

    it('422 for a batch with no valid item or over MAX_BATCH_EVENTS, storing nothing', async () => {
      const allBad = await send(
        gateway.baseUrl,
        '/ingest/batch',
        { events: [{ source: 'wms' }, 'nope'] },
        { tenant: TENANT },
      );
      expect(allBad.status).toBe(422);
      expect(allBad.body.error.details).toContainEqual({ path: 'events[1]', rule: 'must be a JSON object' });
      expect(allBad.body.error.details).toContainEqual(
        expect.objectContaining({ path: 'events[0].event_id' }),
      );

      const events = Array.from({ length: 1001 }, () => ({ source: 'shopify', ...paidEvent() }));
      const tooMany = await send(gateway.baseUrl, '/ingest/batch', { events }, { tenant: TENANT });
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.error.details).toEqual([
        { path: 'events', rule: 'must contain at most 1000 events' },
      ]);
      expect(await countEvents({ eventId: events[0]?.event_id })).toBe(0);
    });

    it('stores a full batch of 1,000 events in one answer', async () => {
      const events = Array.from({ length: 1000 }, (_v, i) => ({
        source: i % 2 ? 'wms' : 'carrier',
        ...paidEvent({
          event_type: i % 2 ? 'pack_completed' : 'in_transit',
          order_id: `bulk-${i % 50}-${randomUUID()}`,
        }),
      }));
      const answer = await send(gateway.baseUrl, '/ingest/batch', { events }, { tenant: TENANT });
      expect(answer.status).toBe(202);
      expect(answer.body.accepted).toBe(1000);
      const { rows } = await sql<{ n: string }>`
        SELECT count(*) AS n FROM order_events WHERE tenant = ${TENANT} AND order_id LIKE 'bulk-%'`.execute(
        testDb.db,
      );
      expect(Number(rows[0]?.n)).toBe(1000);
    });
  });

  it('builds an order projection that matches its events after out-of-order delivery', async () => {
    const orderId = `ooo-${randomUUID()}`;
    const timeline = [
      [
        'shopify',
        {
          event_type: 'order_created',
          occurred_at: '2026-11-02T08:00:00Z',
          payload: { order: { tags: ['fragile'], shipping_lines: [{ code: 'EXPRESS' }] } },
        },
      ],
      ['shopify', { event_type: 'order_paid', occurred_at: '2026-11-02T09:00:00Z' }],
      ['wms', { event_type: 'pick_completed', occurred_at: '2026-11-02T10:00:00Z' }],
      ['wms', { event_type: 'pick_completed', occurred_at: '2026-11-02T10:30:00Z' }],
      ['wms', { event_type: 'pack_completed', occurred_at: '2026-11-02T12:00:00Z' }],
      ['carrier', { event_type: 'picked_up', occurred_at: '2026-11-02T15:00:00Z' }],
      ['wms', { event_type: 'manifested', occurred_at: '2026-11-02T14:00:00Z' }],
      ['carrier', { event_type: 'delivered', occurred_at: '2026-11-04T09:00:00Z' }],
    ] as const;
    // Newest first, one webhook each, as late carriers and retries deliver them.
    for (const [source, fields] of [...timeline].reverse()) {
      const answer = await send(
        gateway.baseUrl,
        `/ingest/${source}`,
        paidEvent({ order_id: orderId, payload: {}, ...fields }),
        {
          tenant: TENANT,
        },
      );
      expect(answer.status).toBe(202);
    }
    const order = await testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('tenant', '=', TENANT)
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect({
      order_created_at: order.order_created_at?.toISOString(),
      paid_at: order.paid_at?.toISOString(),
      pick_completed_at: order.pick_completed_at?.toISOString(),
      pack_completed_at: order.pack_completed_at?.toISOString(),
      handoff_at: order.handoff_at?.toISOString(),
      delivered_at: order.delivered_at?.toISOString(),
      first_event_at: order.first_event_at?.toISOString(),
      last_event_at: order.last_event_at?.toISOString(),
      event_count: order.event_count,
      is_fragile: order.is_fragile,
      service_level: order.service_level,
      needs_evaluation: order.needs_evaluation,
    }).toEqual({
      order_created_at: '2026-11-02T08:00:00.000Z',
      paid_at: '2026-11-02T09:00:00.000Z',
      pick_completed_at: '2026-11-02T10:30:00.000Z',
      pack_completed_at: '2026-11-02T12:00:00.000Z',
      handoff_at: '2026-11-02T14:00:00.000Z',
      delivered_at: '2026-11-04T09:00:00.000Z',
      first_event_at: '2026-11-02T08:00:00.000Z',
      last_event_at: '2026-11-04T09:00:00.000Z',
      event_count: 8,
      is_fragile: true,
      service_level: 'express',
      needs_evaluation: true,
    });
  });

  it('exposes ingest counters and latency by tenant, source and event type on /metrics', async () => {
    const response = await fetch(`${gateway.baseUrl}/metrics`);
    const text = await response.text();
    expect(text).toMatch(
      /gateway_ingest_events_total\{tenant="gw-main",source="shopify",event_type="order_paid",status="accepted",service="gateway"\} \d+/,
    );
    expect(text).toMatch(/gateway_ingest_events_total\{[^}]*status="duplicate"[^}]*\} \d+/);
    expect(text).toMatch(/gateway_ingest_errors_total\{[^}]*code="unauthorized"[^}]*\} \d+/);
    expect(text).toMatch(/gateway_ingest_errors_total\{[^}]*code="validation_failed"[^}]*\} \d+/);
    expect(text).toMatch(
      /gateway_ingest_duration_seconds_bucket\{le="0.05",service="gateway",tenant="gw-main",source="shopify",event_type="order_paid"\} \d+/,
    );
  });
});
