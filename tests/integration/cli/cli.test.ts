import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from '@e2a/db';
import { runCli, runCliJson } from '../../support/cli';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { deadLetterDelivery, startToolGateway, type ToolGateway } from '../../support/dlq-gateway';

// The CLI's JSON is asserted field by field below; `any` keeps those assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonObject = Record<string, any>;

const TENANT = 'tool-cli';
const DEMO_TENANT = 'tool-cli-demo';

describe('e2a CLI against Postgres and a gateway (child processes)', () => {
  let testDb: TestDatabase;
  let gateway: ToolGateway;
  let env: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase('tool_cli');
    await createTestTenant(testDb.db, TENANT);
    gateway = await startToolGateway(testDb.db);
    env = {
      DATABASE_URL: testDb.url,
      GATEWAY_URL: gateway.url,
      DEMO_WEBHOOK_SECRET: 'tool-demo-secret',
      DEMO_API_KEY: 'tool-demo-api-key',
      // Every URL the summary prints is set here, so a checkout's .env (its own ports) cannot change the answer.
      TEMPORAL_UI_URL: 'http://localhost:8233',
      OCTUP_API_URL: 'http://localhost:8000',
      TEMPORAL_NAMESPACE: 'default',
    };
    const insert = (row: Record<string, unknown>) =>
      testDb.db
        .insertInto('exceptions')
        .values({
          tenant: TENANT,
          order_id: 'O-1',
          severity: 'MEDIUM',
          reason_code: 'OTHER',
          context_data: '{}',
          ...row,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    ids.pick = (
      await insert({
        reason_code: 'PICK_DELAY',
        ops_note: 'Pick took 340 min against 120.',
        client_note: 'Your order is a little late.',
      })
    ).id;
    ids.address = (
      await insert({
        order_id: 'O-2',
        reason_code: 'ADDRESS_INVALID',
        status: 'IN_PROGRESS',
        ai_label: 'ADDRESS_INVALID',
        ai_confidence: 0.91,
        ops_note: 'Zip 00000 is not deliverable.',
        resolution_attempts: 2,
        resolution_blocked: true,
        resolution_block_reason: 'Maximum resolution attempts (2) reached',
      })
    ).id;
    ids.payment = (
      await insert({ order_id: 'O-3', reason_code: 'PAYMENT_FAILED', status: 'RESOLVED', severity: 'HIGH' })
    ).id;
    for (const attempt of [1, 2]) {
      await testDb.db
        .insertInto('resolution_attempts')
        .values({
          tenant: TENANT,
          exception_id: ids.address,
          attempt_number: attempt,
          idempotency_key: `cli-${attempt}`,
          status: 'FAILED',
          actions: JSON.stringify([{ type: 'address_validation_service' }]),
          error: 'address service could not match',
        })
        .execute();
    }
    const invoice = await testDb.db
      .insertInto('invoices')
      .values({
        tenant: TENANT,
        order_id: 'O-1',
        invoice_number: 'INV-TOOL-CLI-202611-1',
        amount_cents: 1234,
        billing_period: '202611',
        invoice_date: '2026-11-29',
        due_date: '2026-12-29',
        line_items: JSON.stringify([{ operation: 'pick', amount_cents: 30 }]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.invoice = invoice.id;
    await testDb.db
      .insertInto('invoice_adjustments')
      .values({
        tenant: TENANT,
        invoice_id: invoice.id,
        reason: 'RECALCULATION',
        delta_cents: 50,
        rationale: 'expected 1284, invoiced 1234',
        status: 'APPLIED',
        dedupe_key: 'cli-adj-1',
      })
      .execute();
    await deadLetterDelivery(testDb.db, TENANT);
  });
  afterAll(async () => {
    await gateway.close();
    await testDb.destroy();
  });

  it('generate batch / single sign and send a seeded run and print a summary', async () => {
    const batch = await runCliJson<Record<string, unknown>>(
      ['generate', 'batch', '--orders', '25', '--seed', '7', '--tenant', TENANT],
      env,
    );
    expect(batch).toMatchObject({ tenant: TENANT, seed: 7, orders: 25, errors: 0 });
    expect(Object.keys(batch).sort()).toEqual(
      [
        'accepted',
        'deliveries',
        'duplicate',
        'durationSeconds',
        'errorSamples',
        'errors',
        'events',
        'eventsPerSecond',
        'expectedReasonCodes',
        'orders',
        'plannedDuplicates',
        'plannedOutOfOrder',
        'requests',
        'retries',
        'scenarios',
        'seed',
        'tenant',
      ].sort(),
    );
    expect(batch.accepted).toBe(batch.events);
    const single = await runCliJson<{ orders: number; accepted: number; requests: number }>(
      ['generate', 'single', '--seed', '9', '--tenant', TENANT],
      env,
    );
    expect(single.orders).toBe(1);
    expect(single.accepted).toBeGreaterThan(0);
    expect(gateway.requests.some((r) => r.path.startsWith('/ingest/shopify'))).toBe(true);
    const stored = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM orders WHERE tenant = ${TENANT}`.execute(testDb.db);
    expect(Number(stored.rows[0]!.n)).toBe(26);

    const human = await runCli(
      ['generate', 'batch', '--orders', '3', '--seed', '7', '--tenant', TENANT],
      env,
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/accepted/);
  });

  it('stats prints orders, events, exceptions, blocked, invoices and the AI fallback share', async () => {
    const stats = await runCliJson<JsonObject>(['stats', '--tenant', TENANT], env);
    expect(stats).toMatchObject({
      tenant: TENANT,
      orders: 26,
      exceptions: { total: 3, blocked: 1 },
      invoices: { count: 1, amount_cents: 1234 },
      ai: { explained: 2, fallback: 1, fallbackShare: 0.5 },
      dlqPending: 1,
      // Two failed address attempts executed one action each; nothing was verified as resolved.
      automation: {
        actions_executed: 2,
        resolved_automatically: 0,
        awaiting_approval: 0,
        notifications_delivered: 0,
      },
    });
    expect(stats.events).toBeGreaterThan(26 * 5);
    expect(stats.exceptions.byReason).toEqual(
      expect.arrayContaining([
        { reason_code: 'PICK_DELAY', count: 1, resolved_by_late_event: 0 },
        { reason_code: 'ADDRESS_INVALID', count: 1, resolved_by_late_event: 0 },
      ]),
    );
    const table = await runCli(['stats', '--tenant', TENANT], env);
    expect(table.stdout).toMatch(/AI fallback share.*50\.0 %/);
  });

  it('playbooks show the defaults, apply stores a version from a file, a bad file names the field', async () => {
    const shown = await runCliJson<JsonObject>(['playbooks', 'show', '--tenant', TENANT], env);
    expect(shown).toMatchObject({ tenant: TENANT, version: null });
    expect(shown.playbooks.ADDRESS_INVALID.steps).toEqual([
      { action: 'address_validation_service', mode: 'auto', success_check: 'address_valid' },
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), 'e2a-playbooks-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ playbooks: { ADDRESS_INVALID: { steps: [] } } }));
    expect(await runCliJson<JsonObject>(['playbooks', 'apply', good, '--tenant', TENANT], env)).toMatchObject(
      {
        version: 1,
      },
    );
    const after = await runCliJson<JsonObject>(['playbooks', 'show', '--tenant', TENANT], env);
    expect(after).toMatchObject({ version: 1, playbooks: { ADDRESS_INVALID: { steps: [] } } });
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ playbooks: { ADDRESS_INVALID: { steps: [{ action: 'x', mode: 'auto' }] } } }),
    );
    const refused = await runCli(['playbooks', 'apply', bad, '--tenant', TENANT], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('playbooks.ADDRESS_INVALID.steps.0.action');
    await testDb.db.deleteFrom('tenant_playbooks').where('tenant', '=', TENANT).execute();
  });

  it('exceptions list, show, block and reset work straight on Postgres', async () => {
    const all = await runCliJson<Record<string, unknown>[]>(['exceptions', 'list', '--tenant', TENANT], env);
    expect(all).toHaveLength(3);
    expect(Object.keys(all[0]!).sort()).toEqual(
      [
        'ai_confidence',
        'ai_label',
        'created_at',
        'id',
        'max_resolution_attempts',
        'order_id',
        'reason_code',
        'resolution_attempts',
        'resolution_block_reason',
        'resolution_blocked',
        'severity',
        'status',
        'tenant',
        'updated_at',
      ].sort(),
    );
    const picks = await runCliJson<{ id: string }[]>(
      ['exceptions', 'list', '--tenant', TENANT, '--reason', 'pick_delay'],
      env,
    );
    expect(picks.map((e) => e.id)).toEqual([ids.pick]);

    const shown = await runCliJson<JsonObject>(['exceptions', 'show', ids.address!], env);
    expect(shown).toMatchObject({
      id: ids.address,
      ops_note: 'Zip 00000 is not deliverable.',
      resolution_blocked: true,
    });
    expect(shown.attempts).toHaveLength(2);
    expect(shown.attempts[0]).toMatchObject({
      attempt_number: 1,
      status: 'FAILED',
      actions: [{ type: 'address_validation_service' }],
    });

    const blocked = await runCliJson<Record<string, unknown>>(
      ['exceptions', 'block', ids.pick!, '--reason', 'Customer asked to hold the order'],
      env,
    );
    expect(blocked).toMatchObject({
      resolution_blocked: true,
      resolution_block_reason: 'Customer asked to hold the order',
    });
    expect(
      await runCliJson<unknown[]>(['exceptions', 'list', '--tenant', TENANT, '--blocked'], env),
    ).toHaveLength(2);

    const reset = await runCliJson<{ reset: string[] }>(
      ['exceptions', 'reset', '--all-blocked', '--tenant', TENANT],
      env,
    );
    expect(reset.reset.sort()).toEqual([ids.pick, ids.address].sort());
    const row = await testDb.db
      .selectFrom('exceptions')
      .selectAll()
      .where('id', '=', ids.address!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      resolution_attempts: 0,
      resolution_blocked: false,
      resolution_block_reason: null,
      last_resolution_attempt_at: null,
    });

    const missing = await runCli(['exceptions', 'show', '999999'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/exception 999999 not found/);
    const bad = await runCli(['exceptions', 'list', '--status', 'BOGUS'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--status must be one of OPEN/);
  });

  it('invoices list and show', async () => {
    const list = await runCliJson<Record<string, unknown>[]>(['invoices', 'list', '--tenant', TENANT], env);
    expect(list).toEqual([
      expect.objectContaining({
        id: ids.invoice,
        invoice_number: 'INV-TOOL-CLI-202611-1',
        amount_cents: 1234,
        due_date: '2026-12-29',
      }),
    ]);
    const shown = await runCliJson<JsonObject>(['invoices', 'show', 'INV-TOOL-CLI-202611-1'], env);
    expect(shown.adjustments).toEqual([
      expect.objectContaining({ reason: 'RECALCULATION', delta_cents: 50, status: 'APPLIED' }),
    ]);
    expect(shown.line_items).toEqual([{ operation: 'pick', amount_cents: 30 }]);
  });

  // `dlq replay` starts the worker's dlqReplayWorkflow: tests/integration/cli/cli-temporal.test.ts.
  it('dlq stats counts the pending entry as due', async () => {
    const stats = await runCliJson<JsonObject>(['dlq', 'stats', '--tenant', TENANT], env);
    expect(stats).toMatchObject({ total: 1, byStatus: { PENDING: 1, REPLAYED: 0, FAILED: 0 }, due: 1 });
  });

  it('demo seed creates the demo tenant and sends a batch; re-running it adds nothing; demo summary reads it back', async () => {
    const seeded = await runCliJson<JsonObject>(
      ['demo', 'seed', '--tenant', DEMO_TENANT, '--orders', '20'],
      env,
    );
    expect(seeded).toMatchObject({ tenant: DEMO_TENANT, orders: 20, errors: 0 });
    expect(seeded.accepted).toBe(seeded.events);
    const tenant = await testDb.db
      .selectFrom('tenants')
      .selectAll()
      .where('name', '=', DEMO_TENANT)
      .executeTakeFirstOrThrow();
    expect(tenant.webhook_secret).toBe('tool-demo-secret');
    const rerun = await runCliJson<JsonObject>(
      ['demo', 'seed', '--tenant', DEMO_TENANT, '--orders', '20'],
      env,
    );
    expect(rerun).toMatchObject({ accepted: 0, errors: 0 });

    // The 26 generated orders (the dead-lettered event's order is never replayed here).
    const summary = await runCliJson<JsonObject>(['demo', 'summary', '--tenant', TENANT], env);
    expect(summary).toMatchObject({
      tenant: TENANT,
      counts: { orders: 26, exceptions: 3, invoices: 1 },
      invoiceTotals: [{ currency: 'USD', invoices: 1, amount_cents: 1234 }],
      urls: {
        temporalUi: 'http://localhost:8233/namespaces/default/workflows?query=TenantId%3D%22tool-cli%22',
        apiDocs: 'http://localhost:8000/docs',
      },
    });
    expect(summary.examples.map((e: { reason_code: string }) => e.reason_code).sort()).toEqual([
      'ADDRESS_INVALID',
      'PAYMENT_FAILED',
      'PICK_DELAY',
    ]);
    const address = summary.examples.find(
      (e: { reason_code: string }) => e.reason_code === 'ADDRESS_INVALID',
    );
    expect(address.attempts).toHaveLength(2);
    const human = await runCli(['demo', 'summary', '--tenant', TENANT], env);
    expect(human.stdout).toMatch(/Ops:\s+Zip 00000 is not deliverable\./);
    expect(human.stdout).toMatch(/Action #1: FAILED \(address_validation_service\)/);
    expect(human.stdout).toMatch(/TenantId%3D%22tool-cli%22/);
  });
});
