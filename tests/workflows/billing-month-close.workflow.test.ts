import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '@e2a/activities';
import { sql } from '@e2a/db';
import {
  BILLING_MANAGEMENT_WORKFLOW,
  billingManagementWorkflowId,
  flowSearchAttributes,
  type BillingManagementInput,
  type BillingManagementResult,
} from '@e2a/workflows/contracts';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../support/db';
import { createTestRedis, type TestRedis } from '../support/redis';
import { createLocalEnvironment } from '../support/temporal';
import { saveHistory } from '../support/histories';
import { billingActivityDeps, FULFILLED_ORDER_EVENTS, seedOrder } from '../support/billing-fixtures';

// Issue 18 item 8: at month close (the billing run of the 1st in the tenant's time zone) a shortfall against the
// minimum monthly fee is invoiced as its own invoice, once, with its own number, through the billing flow on a real
// Temporal server and Postgres.

const TASK_QUEUE = 'bill-month-close';
const tenant = 'bill-close';

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let redis: TestRedis;
let now = new Date('2026-11-20T15:00:00Z');
let worker: Worker;

beforeAll(async () => {
  [env, database, redis] = await Promise.all([
    createLocalEnvironment(),
    createTestDatabase('bill_month_close'),
    createTestRedis(),
  ]);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('@e2a/workflows'),
    activities: createActivities(billingActivityDeps(database.db, redis, () => now)),
  });
});

afterAll(async () => {
  await env?.teardown();
  await redis?.quit();
  await database?.destroy();
});

async function runBilling(workflowId: string, input: Partial<BillingManagementInput> = {}) {
  const handle = await env.client.workflow.start(BILLING_MANAGEMENT_WORKFLOW, {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ tenant, ...input } satisfies BillingManagementInput],
    typedSearchAttributes: flowSearchAttributes(tenant, 'billing'),
  });
  return { handle, result: (await handle.result()) as BillingManagementResult };
}

const feeInvoices = () =>
  database.db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('kind', '=', 'MINIMUM_MONTHLY_FEE')
    .execute();

it('invoices the shortfall once at month close, with its own number, across reruns and concurrent runs', async () => {
  await createTestTenant(database.db, tenant, { timezone: 'America/New_York' });
  await sql`UPDATE tenants SET created_at = '2026-11-01T05:00:00Z' WHERE name = ${tenant}`.execute(
    database.db,
  );
  for (const orderId of ['C-1', 'C-2', 'C-3']) {
    await seedOrder(database.db, tenant, orderId, FULFILLED_ORDER_EVENTS);
  }

  await worker.runUntil(async () => {
    // Mid-month: three 70-cent invoices, no month closed.
    const midMonth = await runBilling(billingManagementWorkflowId(tenant, '2026-11-20'));
    expect(midMonth.result.invoicesIssued).toBe(3);
    expect(midMonth.result.monthClose).toEqual({
      period: null,
      invoiceNumber: null,
      shortfallCents: 0,
      issued: false,
    });
    expect(await feeInvoices()).toEqual([]);

    // Dec 1, 02:00 New York (07:00Z): November closes at net 210 of the 10000 minimum; a December order is
    // invoiced in December's sequence as usual.
    now = new Date('2026-12-01T07:00:00Z');
    await seedOrder(database.db, tenant, 'C-4', FULFILLED_ORDER_EVENTS);
    const close = await runBilling(billingManagementWorkflowId(tenant, '2026-12-01'));
    await saveHistory(close.handle, 'billingManagementWorkflow-month-close');
    expect(close.result.invoicesIssued).toBe(1);
    expect(close.result.monthClose).toEqual({
      period: '2026-11',
      invoiceNumber: 'INV-bill-close-202611-000004',
      shortfallCents: 9790,
      issued: true,
    });

    // A rerun of the day and two overlapping manual runs find the invoice and issue nothing.
    const reruns = await Promise.all(
      ['rerun', 'manual-a', 'manual-b'].map((suffix) =>
        runBilling(billingManagementWorkflowId(tenant, `2026-12-01-${suffix}`)),
      ),
    );
    for (const { result } of reruns) {
      expect(result.monthClose).toEqual({
        period: '2026-11',
        invoiceNumber: 'INV-bill-close-202611-000004',
        shortfallCents: 9790,
        issued: false,
      });
    }

    // October, closed by hand, was before the tenant existed: nothing owed.
    const october = await runBilling(billingManagementWorkflowId(tenant, 'manual-october'), {
      closeMonth: '2026-10',
    });
    expect(october.result.monthClose).toMatchObject({
      period: '2026-10',
      invoiceNumber: null,
      issued: false,
    });
  });

  const fees = await feeInvoices();
  expect(fees).toHaveLength(1);
  expect(fees[0]).toMatchObject({
    order_id: null,
    invoice_number: 'INV-bill-close-202611-000004',
    status: 'DRAFT',
    amount_cents: '9790',
    currency: 'USD',
    billing_period: '2026-11',
    line_items: [
      {
        operation: 'minimum_monthly_fee',
        description: 'Minimum monthly fee 2026-11: minimum 10000, invoiced net 210, shortfall 9790',
        quantity: 1,
        rate_cents: 9790,
        amount_cents: 9790,
      },
    ],
  });
  const { rows: dates } = await sql<{ invoice_date: string; due_date: string }>`
    SELECT to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date, to_char(due_date, 'YYYY-MM-DD') AS due_date
    FROM invoices WHERE id = ${fees[0]!.id}`.execute(database.db);
  expect(dates[0]).toEqual({ invoice_date: '2026-12-01', due_date: '2026-12-31' });
  // Never re-priced from events (it has none) by the validation of later runs.
  const adjustments = await database.db
    .selectFrom('invoice_adjustments')
    .select('id')
    .where('invoice_id', '=', fees[0]!.id)
    .execute();
  expect(adjustments).toEqual([]);

  // The fee took November's next number; December's order invoice is December's first (its volume count is 1).
  const sequences = await database.db
    .selectFrom('invoice_number_sequences')
    .select(['period', 'last_value'])
    .where('tenant', '=', tenant)
    .orderBy('period')
    .execute();
  expect(sequences).toEqual([
    { period: '202611', last_value: 4 },
    { period: '202612', last_value: 1 },
  ]);
  const december = await database.db
    .selectFrom('invoices')
    .select(['invoice_number', 'billable_operations'])
    .where('tenant', '=', tenant)
    .where('order_id', '=', 'C-4')
    .executeTakeFirstOrThrow();
  expect(december.invoice_number).toBe('INV-bill-close-202612-000001');
  expect(december.billable_operations).toMatchObject({ monthly_invoiced_count: 1 });

  // November's final report names the fee invoice; its gross and net stay the order invoices'.
  const november = await database.db
    .selectFrom('billing_reports')
    .select('report')
    .where('tenant', '=', tenant)
    .where('period', '=', '2026-11')
    .executeTakeFirstOrThrow();
  expect(november.report).toMatchObject({
    invoice_count: 3,
    gross_cents: 210,
    net_cents: 210,
    minimum_fee_shortfall_cents: 9790,
    minimum_fee_invoice: {
      invoice_number: 'INV-bill-close-202611-000004',
      amount_cents: 9790,
      status: 'DRAFT',
    },
  });
});
