import { sql } from '@e2a/db';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import {
  checkAcknowledgedEventsStored,
  checkAttemptCounters,
  checkInvariants,
  checkNoDuplicateActiveExceptions,
  checkOneInvoicePerOrder,
  checkOrdersEvaluated,
  formatInvariants,
} from '../../support/invariants';

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

  it('passes on a consistent database and prints one PASS line per invariant', async () => {
    const results = await checkInvariants(testDb.db, {
      acknowledgedEvents: ['wms:e:1', 'shopify:e-2'],
      acknowledgedTenant: TENANT,
    });
    expect(results.map((result) => [result.name, result.ok])).toEqual([
      ['every 2xx-answered event stored', true],
      ['every order evaluated', true],
      ['zero duplicated active exceptions per (order, reason)', true],
      ['exactly one invoice per invoiced order', true],
      ['attempt counters equal attempt rows', true],
    ]);
    expect(formatInvariants(results)).toMatch(
      /^PASS {2}every 2xx-answered event stored: 2 acknowledged, 2 stored$/m,
    );
  });

  it('fails when an acknowledged event is missing, naming it', async () => {
    const result = await checkAcknowledgedEventsStored(testDb.db, ['wms:e:1', 'wms:lost-1'], TENANT);
    expect(result).toMatchObject({ ok: false, examples: ['wms:lost-1'] });
    // The same key under another tenant is not "stored" for this one.
    expect((await checkAcknowledgedEventsStored(testDb.db, ['wms:e:1'], OTHER)).ok).toBe(false);
    expect(formatInvariants([result])).toMatch(/^FAIL .*\n {8}wms:lost-1$/);
  });

  it('fails when an order still waits for evaluation, per tenant', async () => {
    await sql`INSERT INTO orders (tenant, order_id, needs_evaluation) VALUES (${OTHER}, 'o-9', true)`.execute(
      testDb.db,
    );
    expect(await checkOrdersEvaluated(testDb.db, [OTHER])).toMatchObject({
      ok: false,
      examples: [`${OTHER}/o-9`],
    });
    expect((await checkOrdersEvaluated(testDb.db, [TENANT])).ok).toBe(true);
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
    expect(await checkNoDuplicateActiveExceptions(testDb.db, [OTHER])).toMatchObject({
      ok: false,
      examples: [`${OTHER}/o-5/PACK_DELAY ×2`],
    });
    expect(await checkOneInvoicePerOrder(testDb.db, [OTHER])).toMatchObject({
      ok: false,
      examples: [`${OTHER}/o-5 ×2`],
    });
    expect((await checkNoDuplicateActiveExceptions(testDb.db, [TENANT])).ok).toBe(true);
  });

  it('fails when a counter and the attempt rows disagree', async () => {
    const planted = await sql<{ id: string }>`
      INSERT INTO exceptions (tenant, order_id, reason_code, severity, resolution_attempts)
      VALUES (${OTHER}, 'o-6', 'ADDRESS_INVALID', 'MEDIUM', 2) RETURNING id`.execute(testDb.db);
    await sql`
      INSERT INTO resolution_attempts (tenant, exception_id, attempt_number, idempotency_key)
      VALUES (${OTHER}, ${planted.rows[0]?.id}, 1, 'key-6')`.execute(testDb.db);
    expect(await checkAttemptCounters(testDb.db, [OTHER])).toMatchObject({
      ok: false,
      examples: [`${OTHER}/${planted.rows[0]?.id}: counter 2, rows 1`],
    });
  });
});
