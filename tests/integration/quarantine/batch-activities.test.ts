import { createActivities, createEnrichmentActivities } from '@e2a/activities';
import type { Db } from '@e2a/db';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { exceptionDeps, exceptionSettings, seedException } from '../../support/exceptions-fixtures';
import { FULFILLED_ORDER_EVENTS, seedOrder } from '../../support/billing-fixtures';
import { plantWritePoison } from '../../support/poison';
import { llmAnswers, startFakeLlmServer, type FakeLlmServer } from '../../support/fake-llm-server';

// One isolation point per batch activity: a record Postgres refuses to write (a planted data exception) is
// quarantined, the other record of the chunk is processed in the same call, and the next pass skips the poisoned
// one. Each test fails when its activity goes back to processing the chunk unisolated (it then throws).

const TENANT = 'quar-batch';
const NOW = new Date('2026-11-29T20:00:00Z');

const openQuarantine = (db: Db, kind: string) =>
  db
    .selectFrom('quarantined_records')
    .select(['record_key', 'error_class', 'attempts'])
    .where('tenant', '=', TENANT)
    .where('kind', '=', kind)
    .where('status', '=', 'open')
    .execute();

describe('batch activities isolate a poisoned record (real Postgres)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let activities: ReturnType<typeof createActivities>;
  let llm: FakeLlmServer;
  let orderSeq = 0;
  const seed = (reasonCode = 'PICK_DELAY') =>
    seedException(testDb.db, {
      tenant: TENANT,
      orderId: `QB-${++orderSeq}`,
      reasonCode,
      createdAt: new Date(NOW.getTime() - 3_600_000),
    });

  beforeAll(async () => {
    testDb = await createTestDatabase('quarantine_batch');
    redis = await createTestRedis();
    await createTestTenant(testDb.db, TENANT);
    activities = createActivities(
      exceptionDeps(testDb.db, redis, exceptionSettings({ aiMode: 'fallback' }), () => NOW),
    );
    llm = await startFakeLlmServer();
  });
  afterAll(async () => {
    await llm.close();
    await redis.quit();
    await testDb.destroy();
  });

  it('exception analysis (rules fallback): the poisoned exception is quarantined, the other is analysed', async () => {
    const [good, poison] = [await seed(), await seed()];
    await plantWritePoison(testDb.db, 'exceptions', 'id', poison, 'UPDATE');

    const summary = await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [good, poison] });

    expect(summary).toMatchObject({ analyzed: 1, fallback: 1, quarantined: 1 });
    const analysed = await testDb.db
      .selectFrom('exceptions')
      .select('ai_label')
      .where('id', '=', good)
      .executeTakeFirstOrThrow();
    expect(analysed.ai_label).not.toBeNull();
    expect(await openQuarantine(testDb.db, 'exception_analysis')).toEqual([
      { record_key: poison, error_class: 'postgres_22023', attempts: 1 },
    ]);
    const next = await activities.findExceptionsToAnalyze({ tenant: TENANT, analysisHours: 24, limit: 100 });
    expect(next).not.toContain(poison);
  });

  it('AI order analysis: the poisoned order is quarantined, the other gets the analysed problem', async () => {
    // Two orders the model finds a confident payment problem in; writing it for one of them is refused.
    const [good, poison] = [`QB-${++orderSeq}`, `QB-${++orderSeq}`];
    for (const orderId of [good, poison]) {
      await seedException(testDb.db, { tenant: TENANT, orderId, reasonCode: 'PICK_DELAY' });
    }
    await plantWritePoison(testDb.db, 'exceptions', 'order_id', poison);
    llm.setDefault(() => ({ kind: 'json', body: llmAnswers.order({ confidence: 0.9 }) }));
    const analyst = createActivities(
      exceptionDeps(testDb.db, redis, exceptionSettings({ aiProviderBaseUrl: llm.url }), () => NOW),
    );

    const outcomes = await analyst.analyzeOrdersWithAi({ tenant: TENANT, orderIds: [good, poison] });

    expect(llm.requests).toHaveLength(2);
    expect(outcomes).toEqual([
      expect.objectContaining({ orderId: good, outcome: 'applied', opened: ['PAYMENT_FAILED'] }),
    ]);
    const problems = await testDb.db
      .selectFrom('exceptions')
      .select(['order_id', 'reason_code'])
      .where('tenant', '=', TENANT)
      .where('order_id', 'in', [good, poison])
      .where('reason_code', '=', 'PAYMENT_FAILED')
      .execute();
    expect(problems).toEqual([{ order_id: good, reason_code: 'PAYMENT_FAILED' }]);
    expect(await openQuarantine(testDb.db, 'order_analysis')).toEqual([
      { record_key: poison, error_class: 'postgres_22023', attempts: 1 },
    ]);
    // Only the analysed order is marked; the quarantined one is asked again once it is replayed.
    const marked = await testDb.db
      .selectFrom('orders')
      .select(['order_id', 'ai_analyzed_at'])
      .where('tenant', '=', TENANT)
      .where('order_id', 'in', [good, poison])
      .execute();
    expect(Object.fromEntries(marked.map((row) => [row.order_id, row.ai_analyzed_at !== null]))).toEqual({
      [good]: true,
      [poison]: false,
    });
  });

  it('resolution: the poisoned exception is quarantined, the other gets its attempt', async () => {
    const [good, poison] = [await seed(), await seed()];
    await plantWritePoison(testDb.db, 'resolution_attempts', 'exception_id', poison);

    const result = await activities.runResolutionAttempts({
      tenant: TENANT,
      workflowId: 'exception-management:test',
      runId: 'run-1',
      attempts: [good, poison].map((exceptionId) => ({ exceptionId, idempotencyKey: `quar-${exceptionId}` })),
    });

    expect(result.quarantined).toBe(1);
    expect(result.results.map((r) => r.exceptionId)).toEqual([good]);
    const attempts = await testDb.db
      .selectFrom('resolution_attempts')
      .select('exception_id')
      .where('tenant', '=', TENANT)
      .execute();
    expect(attempts.map((a) => String(a.exception_id))).toEqual([good]);
    expect((await openQuarantine(testDb.db, 'resolution')).map((q) => q.record_key)).toEqual([poison]);
    const eligible = await activities.findEligibleExceptions({
      tenant: TENANT,
      analysisHours: 24,
      limit: 100,
    });
    expect(eligible.map((e) => e.id)).not.toContain(poison);
  });

  it('enrichment: the poisoned record is quarantined, the other is enriched', async () => {
    const [good, poison] = [await seed(), await seed()];
    await plantWritePoison(testDb.db, 'enrichment_state', 'record_id', poison, 'UPDATE');
    const enrichment = createEnrichmentActivities(
      exceptionDeps(testDb.db, redis, exceptionSettings({ aiMode: 'fallback' }), () => NOW),
    );

    const { records } = await enrichment.runEnrichmentBatch({
      tenant: TENANT,
      exceptionIds: [good, poison],
      attemptKey: 'quar-enrichment-1',
      asOf: NOW.toISOString(),
    });

    expect(records.map((r) => r.exceptionId)).toEqual([good]);
    expect((await openQuarantine(testDb.db, 'enrichment')).map((q) => q.record_key)).toEqual([poison]);
    const next = await enrichment.findEnrichmentCandidates({
      tenant: TENANT,
      asOf: NOW.toISOString(),
      limit: 100,
    });
    expect(next).not.toContain(poison);
  });

  it('invoicing: the poisoned order is quarantined, the other is invoiced with the next number, no gap', async () => {
    await seedOrder(testDb.db, TENANT, 'INV-GOOD', FULFILLED_ORDER_EVENTS);
    await seedOrder(testDb.db, TENANT, 'INV-POISON', FULFILLED_ORDER_EVENTS);
    await plantWritePoison(testDb.db, 'invoices', 'order_id', 'INV-POISON');

    const result = await activities.issueInvoices({ tenant: TENANT, orderIds: ['INV-GOOD', 'INV-POISON'] });

    expect(result).toMatchObject({ issued: 1, quarantined: 1, firstSequence: 1, lastSequence: 1 });
    const invoices = await testDb.db
      .selectFrom('invoices')
      .select(['order_id', 'invoice_number'])
      .where('tenant', '=', TENANT)
      .execute();
    expect(invoices).toEqual([{ order_id: 'INV-GOOD', invoice_number: expect.stringMatching(/-000001$/) }]);
    expect((await openQuarantine(testDb.db, 'invoicing')).map((q) => q.record_key)).toEqual(['INV-POISON']);
    const next = await activities.findUninvoicedOrders({ tenant: TENANT, limit: 100 });
    expect(next).not.toContain('INV-POISON');
  });

  it('invoice validation: the poisoned invoice is quarantined, the other gets its recalculation', async () => {
    await seedOrder(testDb.db, TENANT, 'VAL-GOOD', FULFILLED_ORDER_EVENTS);
    await seedOrder(testDb.db, TENANT, 'VAL-POISON', FULFILLED_ORDER_EVENTS);
    await activities.issueInvoices({ tenant: TENANT, orderIds: ['VAL-GOOD', 'VAL-POISON'] });
    const invoices = await testDb.db
      .selectFrom('invoices')
      .select(['id', 'order_id'])
      .where('order_id', 'in', ['VAL-GOOD', 'VAL-POISON'])
      .orderBy('order_id')
      .execute();
    const [goodId, poisonId] = invoices.map((invoice) => String(invoice.id));
    // Both invoices were undercharged, so validation proposes a recalculation for each.
    await testDb.db
      .updateTable('invoices')
      .set({ amount_cents: 1 })
      .where('id', 'in', [goodId!, poisonId!])
      .execute();
    await plantWritePoison(testDb.db, 'invoice_adjustments', 'invoice_id', poisonId!);

    const result = await activities.validateInvoices({ tenant: TENANT, invoiceIds: [goodId!, poisonId!] });

    expect(result).toMatchObject({ discrepancies: 2, created: 1, quarantined: 1 });
    expect((await openQuarantine(testDb.db, 'invoice_validation')).map((q) => q.record_key)).toEqual([
      poisonId,
    ]);
    const next = await activities.findRecentInvoices({ tenant: TENANT, lookbackHours: 24 * 30, limit: 100 });
    expect(next).toContain(goodId);
    expect(next).not.toContain(poisonId);
  });
});
