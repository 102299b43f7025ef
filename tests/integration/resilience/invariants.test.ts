import { sql } from '@e2a/db';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { INVARIANTS, checkInvariants, formatInvariants, reportInvariants } from '../../support/invariants';

const TENANT = 'inv-a';
const OTHER = 'inv-b';

describe('invariant checker', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase('invariants');
    await createTestTenant(testDb.db, TENANT);
    await createTestTenant(testDb.db, OTHER);
    const { db } = testDb;
    await sql`
      INSERT INTO order_events (tenant, source, event_id, event_type, order_id, occurred_at)
      VALUES (${TENANT}, 'wms', 'e:1', 'pick_completed', 'o-1', now()),
             (${TENANT}, 'shopify', 'e-2', 'order_paid', 'o-2', now())`.execute(db);
    await sql`
      INSERT INTO orders (tenant, order_id, needs_evaluation, evaluated_at)
      VALUES (${TENANT}, 'o-1', false, now()), (${TENANT}, 'o-2', false, now())`.execute(db);
    const exception = await sql<{ id: string }>`
      INSERT INTO exceptions (tenant, order_id, reason_code, severity, resolution_attempts)
      VALUES (${TENANT}, 'o-1', 'PICK_DELAY', 'MEDIUM', 1) RETURNING id`.execute(db);
    await sql`
      INSERT INTO resolution_attempts (tenant, exception_id, attempt_number, idempotency_key)
      VALUES (${TENANT}, ${exception.rows[0]?.id}, 1, 'key-1')`.execute(db);
    await sql`
      INSERT INTO invoices (tenant, order_id, invoice_number, amount_cents, billing_period, invoice_date, due_date)
      VALUES (${TENANT}, 'o-1', 'INV-1', 100, '2026-11', '2026-11-30', '2026-12-30')`.execute(db);
  });
  afterAll(async () => {
    await testDb?.destroy();
  });

  const failing = async (tenant: string, accepted: Array<{ source: string; event_id: string }> = []) =>
    (await checkInvariants(testDb.db, tenant, { accepted })).map((violation) => violation.invariant);

  it('passes on a consistent database and prints one PASS line per invariant with what it counted', async () => {
    const accepted = [
      { source: 'wms', event_id: 'e:1' },
      { source: 'shopify', event_id: 'e-2' },
    ];
    expect(await checkInvariants(testDb.db, TENANT, { accepted })).toEqual([]);
    const printed = formatInvariants(await reportInvariants(testDb.db, TENANT, { accepted }));
    expect(printed.split('\n')).toEqual([
      'PASS  every 2xx-answered event stored: 2 acknowledged, 2 stored',
      'PASS  every order evaluated: 2 orders, 0 waiting, 0 quarantined',
      'PASS  one active exception per (order, reason): 1 active exceptions, 0 duplicated',
      'PASS  one invoice per invoiced order: 1 invoices, 1 orders invoiced, 0 invoiced twice',
      'PASS  attempt counters equal attempt rows, within the limit: 1 exceptions, 1 attempt rows, 0 mismatched',
    ]);
  });

  it('fails when an acknowledged event is missing, naming it; per tenant', async () => {
    expect(await failing(TENANT, [{ source: 'wms', event_id: 'lost-1' }])).toEqual([INVARIANTS.stored]);
    expect(await failing(OTHER, [{ source: 'wms', event_id: 'e:1' }])).toEqual([INVARIANTS.stored]);
    const [result] = await reportInvariants(testDb.db, TENANT, {
      accepted: [{ source: 'wms', event_id: 'lost-1' }],
    });
    expect(formatInvariants([result!])).toBe(
      'FAIL  every 2xx-answered event stored: 1 acknowledged, 0 stored\n        {"source":"wms","event_id":"lost-1"}',
    );
  });

  it('fails when an order still waits for evaluation or its deadline passed', async () => {
    await sql`INSERT INTO orders (tenant, order_id, needs_evaluation) VALUES (${OTHER}, 'o-9', true)`.execute(
      testDb.db,
    );
    expect(await failing(OTHER)).toEqual([INVARIANTS.evaluated]);
    await sql`UPDATE orders SET needs_evaluation = false, next_deadline_at = now() - interval '1 hour'
              WHERE tenant = ${OTHER}`.execute(testDb.db);
    expect(await failing(OTHER)).toEqual([INVARIANTS.evaluated]);
    expect(await checkInvariants(testDb.db, OTHER, { deadlineGraceSeconds: 7_200 })).toEqual([]);
    expect(await failing(TENANT)).toEqual([]);
    await sql`DELETE FROM orders WHERE tenant = ${OTHER}`.execute(testDb.db);
  });

  it('fails on two active exceptions for one (order, reason) and on two invoices for one order', async () => {
    // The database forbids both; drop the guards in this throwaway database to prove the checks can fail.
    await sql`DROP INDEX uq_exceptions_one_active`.execute(testDb.db);
    await sql`ALTER TABLE invoices DROP CONSTRAINT uq_invoices_tenant_order`.execute(testDb.db);
    await sql`
      INSERT INTO exceptions (tenant, order_id, reason_code, severity)
      VALUES (${OTHER}, 'o-5', 'PACK_DELAY', 'MEDIUM'), (${OTHER}, 'o-5', 'PACK_DELAY', 'MEDIUM')`.execute(
      testDb.db,
    );
    await sql`
      INSERT INTO invoices (tenant, order_id, invoice_number, amount_cents, billing_period, invoice_date, due_date)
      VALUES (${OTHER}, 'o-5', 'INV-5a', 100, '2026-11', '2026-11-30', '2026-12-30'),
             (${OTHER}, 'o-5', 'INV-5b', 100, '2026-11', '2026-11-30', '2026-12-30')`.execute(testDb.db);
    expect(await checkInvariants(testDb.db, OTHER)).toEqual([
      {
        invariant: INVARIANTS.oneActiveException,
        rows: [{ order_id: 'o-5', reason_code: 'PACK_DELAY', active: 2 }],
      },
      { invariant: INVARIANTS.oneInvoice, rows: [{ order_id: 'o-5', invoices: 2 }] },
    ]);
    expect(await failing(TENANT)).toEqual([]);
    await sql`DELETE FROM exceptions WHERE tenant = ${OTHER}`.execute(testDb.db);
    await sql`DELETE FROM invoices WHERE tenant = ${OTHER}`.execute(testDb.db);
  });

  it('fails the one-invoice check when invoices were expected and none was issued', async () => {
    expect(await failing(OTHER)).toEqual([]);
    expect(
      (await checkInvariants(testDb.db, OTHER, { expectInvoices: true })).map(
        (violation) => violation.invariant,
      ),
    ).toEqual([INVARIANTS.oneInvoice]);
    const results = await reportInvariants(testDb.db, OTHER, { expectInvoices: true });
    expect(formatInvariants(results.filter((result) => result.name === INVARIANTS.oneInvoice))).toBe(
      'FAIL  one invoice per invoiced order: 0 invoices, 0 orders invoiced, 0 invoiced twice (expected invoices, none issued)',
    );
    expect(await checkInvariants(testDb.db, TENANT, { expectInvoices: true })).toEqual([]);
  });

  it('fails when a counter and the attempt rows disagree', async () => {
    const planted = await sql<{ id: string }>`
      INSERT INTO exceptions (tenant, order_id, reason_code, severity, resolution_attempts)
      VALUES (${OTHER}, 'o-6', 'ADDRESS_INVALID', 'MEDIUM', 2) RETURNING id`.execute(testDb.db);
    await sql`
      INSERT INTO resolution_attempts (tenant, exception_id, attempt_number, idempotency_key)
      VALUES (${OTHER}, ${planted.rows[0]?.id}, 1, 'key-6')`.execute(testDb.db);
    expect(await failing(OTHER)).toEqual([INVARIANTS.attempts]);
  });

  it('counts an order held in quarantine as quarantined, not as waiting, while its quarantine is open', async () => {
    const tenant = 'inv-c';
    await createTestTenant(testDb.db, tenant);
    await sql`INSERT INTO orders (tenant, order_id, needs_evaluation) VALUES (${tenant}, 'o-q', true)`.execute(
      testDb.db,
    );
    expect(await failing(tenant)).toEqual([INVARIANTS.evaluated]);
    await sql`
      INSERT INTO quarantined_records (tenant, kind, record_key, error_class, error_message)
      VALUES (${tenant}, 'order_evaluation', 'o-q', '22009', 'out of range')`.execute(testDb.db);
    expect(await failing(tenant)).toEqual([]);
    const results = await reportInvariants(testDb.db, tenant);
    expect(results.find((result) => result.name === INVARIANTS.evaluated)?.summary).toBe(
      '1 orders, 0 waiting, 1 quarantined',
    );
  });
});
