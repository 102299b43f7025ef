import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createInvoicingActivities } from '@e2a/activities';
import { createApiApp } from '@e2a/api';
import { apiConfigSchema } from '@e2a/config';
import { sql } from '@e2a/db';
import { closeServer, listen } from '@e2a/http';
import { createLogger, Registry } from '@e2a/telemetry';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../support/db';
import { createTestRedis, type TestRedis } from '../support/redis';
import { createLocalEnvironment } from '../support/temporal';
import {
  billingActivityDeps,
  FULFILLED_ORDER_EVENTS,
  seedBreach,
  seedOrder,
} from '../support/billing-fixtures';

const NOW = new Date('2026-11-29T20:00:00Z');
const tenant = 'bill-api';
const otherTenant = 'bill-api-other';

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let redis: TestRedis;
let server: Server;
let baseUrl: string;
let activities: ReturnType<typeof createInvoicingActivities>;

async function call(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; as?: string } = {},
) {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      'x-tenant-id': options.as ?? tenant,
      authorization: `Bearer ${TEST_API_KEY}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const type = response.headers.get('content-type') ?? '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  const body: any = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, type, body };
}

const invoiceIdOf = async (orderId: string) =>
  String(
    (
      await database.db
        .selectFrom('invoices')
        .select('id')
        .where('tenant', '=', tenant)
        .where('order_id', '=', orderId)
        .executeTakeFirstOrThrow()
    ).id,
  );

beforeAll(async () => {
  [env, database, redis] = await Promise.all([
    createLocalEnvironment(),
    createTestDatabase('bill_api'),
    createTestRedis(),
  ]);
  await createTestTenant(database.db, tenant);
  await createTestTenant(database.db, otherTenant);
  await database.db
    .updateTable('tenants')
    .set({ display_name: 'Acme Outdoor Goods' })
    .where('name', '=', tenant)
    .execute();
  activities = createInvoicingActivities(billingActivityDeps(database.db, redis, () => NOW));
  await seedOrder(database.db, tenant, 'API-1', FULFILLED_ORDER_EVENTS);
  await seedOrder(database.db, tenant, 'API-2', [
    ...FULFILLED_ORDER_EVENTS.slice(0, 4),
    { type: 'kitting_completed', at: '2026-11-20T10:10:00Z', payload: { gift_wrap: true, priority: 'rush' } },
    { type: 'shipment_dispatched', at: '2026-11-23T12:00:00Z' },
  ]);
  await seedOrder(database.db, tenant, 'API-3', FULFILLED_ORDER_EVENTS, { currency: 'EUR' });
  await seedOrder(database.db, otherTenant, 'OTHER-1', FULFILLED_ORDER_EVENTS);
  for (const name of [tenant, otherTenant]) {
    const ids = await activities.findUninvoicedOrders({ tenant: name, limit: 100 });
    await activities.issueInvoices({ tenant: name, orderIds: ids });
  }

  const app = createApiApp({
    db: database.db,
    redis,
    temporal: env.client,
    config: apiConfigSchema.parse({}),
    logger: createLogger({ service: 'api-test', level: 'silent' }),
    metrics: new Registry(),
    now: () => NOW,
  });
  const listening = await listen(app, 0, '127.0.0.1');
  server = listening.server;
  baseUrl = `http://127.0.0.1:${listening.port}`;
});

afterAll(async () => {
  if (server) await closeServer(server);
  await env?.teardown();
  await redis?.quit();
  await database?.destroy();
});

describe('GET /invoices', () => {
  it('requires the tenant API key', async () => {
    const response = await call('GET', '/invoices', { headers: { authorization: 'Bearer wrong' } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });

  it('pages and filters by status, order and period', async () => {
    const page = await call('GET', '/invoices?page_size=2');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, page: 1, page_size: 2, has_next: true });
    expect(page.body.items).toHaveLength(2);
    const second = await call('GET', '/invoices?page_size=2&page=2');
    expect(second.body).toMatchObject({ total: 3, page: 2, has_next: false });
    expect(second.body.items).toHaveLength(1);

    const byOrder = await call('GET', '/invoices?order_id=API-3');
    expect(
      byOrder.body.items.map((item: { order_id: string; currency: string }) => [
        item.order_id,
        item.currency,
      ]),
    ).toEqual([['API-3', 'EUR']]);
    expect((await call('GET', '/invoices?status=DRAFT&period=2026-11')).body.total).toBe(3);
    expect((await call('GET', '/invoices?status=PAID')).body.total).toBe(0);
    expect((await call('GET', '/invoices?period=2026-10')).body.total).toBe(0);
  });

  it('rejects bad filters with 422 naming the field', async () => {
    const response = await call('GET', '/invoices?status=OPEN&period=2026-13');
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      'query.period',
      'query.status',
    ]);
  });
});

describe('GET /invoices/{id}', () => {
  it('returns line items adding up to the amount, and adjustments', async () => {
    const id = await invoiceIdOf('API-2');
    const response = await call('GET', `/invoices/${id}`);
    expect(response.status).toBe(200);
    // pick 30 + pack 20 + label 15 + kitting 50 + 3 days storage 15 + gift wrap 100 = 230 → rush ×2 = 460
    expect(response.body).toMatchObject({
      order_id: 'API-2',
      invoice_number: 'INV-bill-api-202611-000002',
      amount_cents: 460,
      invoice_date: '2026-11-29',
      due_date: '2026-12-29',
      adjustments: [],
      total_due_cents: 460,
    });
    expect(response.body.line_items.map((line: { operation: string }) => line.operation)).toEqual([
      'pick',
      'pack',
      'label',
      'kitting',
      'storage',
      'gift_wrap',
      'rush_multiplier',
    ]);
    expect(
      response.body.line_items.reduce(
        (sum: number, line: { amount_cents: number }) => sum + line.amount_cents,
        0,
      ),
    ).toBe(460);
  });

  it("never shows another tenant's invoice", async () => {
    const other = await database.db
      .selectFrom('invoices')
      .select('id')
      .where('tenant', '=', otherTenant)
      .executeTakeFirstOrThrow();
    expect((await call('GET', `/invoices/${other.id}`)).status).toBe(404);
    expect((await call('GET', '/invoices/not-a-number')).status).toBe(422);
  });
});

describe('invoice lifecycle', () => {
  it('moves DRAFT → PENDING → SENT → PAID and refuses invalid transitions with 409', async () => {
    const id = await invoiceIdOf('API-1');
    expect((await call('POST', `/invoices/${id}/send`)).status).toBe(409);
    const finalized = await call('POST', `/invoices/${id}/finalize`);
    expect(finalized.body).toMatchObject({ status: 'PENDING', finalized_at: NOW.toISOString() });
    expect((await call('POST', `/invoices/${id}/finalize`)).body.error.code).toBe('invalid_transition');
    expect((await call('POST', `/invoices/${id}/send`)).body.status).toBe('SENT');
    expect((await call('POST', `/invoices/${id}/mark-paid`)).body).toMatchObject({
      status: 'PAID',
      paid_at: NOW.toISOString(),
    });
    const voidPaid = await call('POST', `/invoices/${id}/void`);
    expect(voidPaid.status).toBe(409);
    expect(voidPaid.body.error.message).toBe(
      'Cannot void an invoice in status PAID; allowed from DRAFT, PENDING, SENT',
    );
    expect((await call('POST', `/invoices/${id}/refund`)).status).toBe(422);
  });

  it('voids an unpaid invoice', async () => {
    const id = await invoiceIdOf('API-3');
    expect((await call('POST', `/invoices/${id}/void`)).body).toMatchObject({
      status: 'VOID',
      voided_at: NOW.toISOString(),
    });
    expect((await call('POST', `/invoices/${id}/finalize`)).status).toBe(409);
  });
});

describe('adjustments review', () => {
  it('approves or rejects PENDING_REVIEW adjustments once', async () => {
    const id = await invoiceIdOf('API-2');
    await sql`UPDATE invoices SET amount_cents = amount_cents + 800 WHERE id = ${id}::bigint`.execute(
      database.db,
    );
    await activities.validateInvoices({ tenant, invoiceIds: [id] });
    await seedBreach(database.db, tenant, 'API-2', 'DELIVERY_DELAY', {
      window: 'delivery',
      delay_minutes: 2880,
    });
    await activities.applySlaCredits({ tenant, lookbackHours: 24, limit: 10 });

    const invoice = await call('GET', `/invoices/${id}`);
    const [recalculation, credit] = invoice.body.adjustments;
    expect(recalculation).toMatchObject({
      reason: 'RECALCULATION',
      delta_cents: -800,
      status: 'PENDING_REVIEW',
    });
    expect(credit).toMatchObject({ reason: 'SLA_CREDIT', delta_cents: -315, status: 'APPLIED' });
    // 25 % of the invoiced 1260 = 315 applied; the −800 recalculation waits for review.
    expect(invoice.body.total_due_cents).toBe(1260 - 315);

    const approved = await call('POST', `/invoice-adjustments/${recalculation.id}/approve`, {
      body: { decided_by: 'ops@acme' },
    });
    expect(approved.body).toMatchObject({
      status: 'APPLIED',
      decided_by: 'ops@acme',
      decided_at: NOW.toISOString(),
    });
    expect((await call('POST', `/invoice-adjustments/${recalculation.id}/reject`)).status).toBe(409);
    expect((await call('GET', `/invoices/${id}`)).body.total_due_cents).toBe(1260 - 800 - 315);
    expect(
      (await call('POST', `/invoice-adjustments/${credit.id}/approve`, { as: otherTenant })).status,
    ).toBe(404);
  });
});

describe('GET /invoices/{id}/document', () => {
  it('renders printable HTML by default and a PDF on request', async () => {
    const id = await invoiceIdOf('API-2');
    const html = await call('GET', `/invoices/${id}/document`);
    expect(html.status).toBe(200);
    expect(html.type).toContain('text/html');
    const text = html.body.toString('utf8');
    for (const expected of [
      'INV-bill-api-202611-000002',
      'Bill to',
      'Acme Outdoor Goods',
      'November 29, 2026',
      'December 29, 2026',
      'Gift wrap',
      'Total due',
      'SLA credit',
    ]) {
      expect(text).toContain(expected);
    }

    const pdf = await call('GET', `/invoices/${id}/document?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(path.join(os.tmpdir(), 'bill-invoice.pdf'), pdf.body);
    const byAccept = await call('GET', `/invoices/${id}/document`, {
      headers: { accept: 'application/pdf' },
    });
    expect(byAccept.type).toBe('application/pdf');
    expect((await call('GET', `/invoices/${id}/document?format=docx`)).status).toBe(422);
  });
});

describe('GET /billing/reports/{yyyy-mm}', () => {
  it('serves the stored report, or computes one when no run stored it', async () => {
    const live = await call('GET', '/billing/reports/2026-11');
    expect(live.body).toMatchObject({ tenant, period: '2026-11', invoice_count: 3, stored: false });
    const generated = await activities.generateBillingReport({ tenant });
    const stored = await call('GET', '/billing/reports/2026-11');
    expect(stored.body).toEqual({ ...generated, stored: true });
    expect((await call('GET', '/billing/reports/2026-1')).status).toBe(422);
  });
});

describe('tenant tariffs', () => {
  it('reads, replaces and validates the tariff overrides', async () => {
    const initial = await call('GET', `/tenants/${tenant}/tariffs`);
    expect(initial.body).toMatchObject({
      tenant,
      overrides: {},
      effective: { pick_cents: 30, rush_multiplier: 2 },
    });

    const updated = await call('PUT', `/tenants/${tenant}/tariffs`, {
      body: { pick_cents: 40, rush_multiplier: 1.5 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.effective).toMatchObject({ pick_cents: 40, pack_cents: 20, rush_multiplier: 1.5 });

    const negative = await call('PUT', `/tenants/${tenant}/tariffs`, { body: { pick_cents: -1 } });
    expect(negative.status).toBe(422);
    expect(negative.body.error.details[0].path).toBe('pick_cents');
    const typo = await call('PUT', `/tenants/${tenant}/tariffs`, { body: { pick_cent: 10 } });
    expect(typo.body.error.details).toEqual([{ path: 'pick_cent', rule: 'is not a known field' }]);
    const tier = await call('PUT', `/tenants/${tenant}/tariffs`, {
      body: { volume_tiers: [{ min_orders: 0, discount_percent: 5 }] },
    });
    expect(tier.body.error.details[0].path).toBe('volume_tiers[0].min_orders');

    // Nothing was stored from the rejected bodies.
    expect((await call('GET', `/tenants/${tenant}/tariffs`)).body.overrides).toEqual({
      pick_cents: 40,
      rush_multiplier: 1.5,
    });
    expect((await call('GET', `/tenants/${otherTenant}/tariffs`)).status).toBe(403);
  });

  it('reads and replaces SLA credit rules', async () => {
    const rule = { type: 'fixed', amount_cents: 250, max_per_order_cents: 500 };
    const updated = await call('PUT', `/tenants/${tenant}/credit-rules`, { body: { PICK_DELAY: rule } });
    expect(updated.body.effective.PICK_DELAY).toEqual(rule);
    const bad = await call('PUT', `/tenants/${tenant}/credit-rules`, {
      body: { PICK_DELAY: { type: 'percent', percent: 150, max_per_order_cents: 1 } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('PICK_DELAY.percent');
  });

  it('documents the billing paths in the OpenAPI document', async () => {
    const document = await call('GET', '/openapi.json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/invoices',
        '/invoices/{id}',
        '/invoices/{id}/finalize',
        '/invoices/{id}/document',
        '/billing/reports/{period}',
        '/invoice-adjustments/{id}/approve',
        '/tenants/{name}/tariffs',
      ]),
    );
  });
});
