import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
import { temporalCliPath } from '../support/paths';
import {
  billingActivityDeps,
  FULFILLED_ORDER_EVENTS,
  seedBreach,
  seedOrder,
} from '../support/billing-fixtures';

const HISTORY_FILE = path.join(
  __dirname,
  '..',
  'replay',
  'histories',
  'billingManagementWorkflow-daily-run.json',
);
const TASK_QUEUE = 'bill-workflow';
const tenant = 'bill-wf';

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let redis: TestRedis;

beforeAll(async () => {
  [env, database, redis] = await Promise.all([
    createLocalEnvironment(),
    createTestDatabase('bill_workflow'),
    createTestRedis(),
  ]);
});

afterAll(async () => {
  await env?.teardown();
  await redis?.quit();
  await database?.destroy();
});

it('issues, validates, charges late fees, credits SLA breaches and stores the month report', async () => {
  await createTestTenant(database.db, tenant);
  const deps = billingActivityDeps(database.db, redis, () => new Date());
  const activities = createActivities(deps);

  // An invoice from an earlier run, sent and now overdue.
  await seedOrder(database.db, tenant, 'W-0-old', FULFILLED_ORDER_EVENTS);
  await activities.issueInvoices({ tenant, orderIds: ['W-0-old'] });
  await sql`UPDATE invoices SET status = 'SENT', due_date = current_date - 1 WHERE tenant = ${tenant}`.execute(
    database.db,
  );
  for (const orderId of ['W-1', 'W-2', 'W-3', 'W-4', 'W-5']) {
    await seedOrder(database.db, tenant, orderId, FULFILLED_ORDER_EVENTS);
  }
  await seedOrder(database.db, tenant, 'W-9-open', [{ type: 'order_created', at: '2026-11-20T08:00:00Z' }]);
  await seedBreach(database.db, tenant, 'W-2', 'PICK_DELAY', {
    window: 'pick',
    started_at: '2026-11-20T08:00:00Z',
    deadline_at: '2026-11-20T10:00:00Z',
    ended_at: '2026-11-20T11:00:00Z',
    actual_minutes: 180,
    sla_minutes: 120,
    delay_minutes: 60,
    multipliers: [],
  });

  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('@e2a/workflows'),
    activities,
  });
  const input: BillingManagementInput = { tenant, chunkSize: 2 };
  const result = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(BILLING_MANAGEMENT_WORKFLOW, {
      taskQueue: TASK_QUEUE,
      workflowId: billingManagementWorkflowId(tenant, '2026-11-29'),
      args: [input],
      typedSearchAttributes: flowSearchAttributes(tenant, 'billing'),
    });
    const output = (await handle.result()) as BillingManagementResult;
    if (!existsSync(HISTORY_FILE)) {
      // The CLI writes canonical proto JSON (RFC 3339 timestamps), which the replayer reads back.
      const history = execFileSync(
        temporalCliPath(),
        [
          'workflow',
          'show',
          '--workflow-id',
          handle.workflowId,
          '--address',
          env.address,
          '--output',
          'json',
        ],
        { encoding: 'utf8' },
      );
      mkdirSync(path.dirname(HISTORY_FILE), { recursive: true });
      writeFileSync(HISTORY_FILE, history);
    }
    expect((await handle.fetchHistory()).events?.length).toBeGreaterThan(10);
    return output;
  });

  expect(result).toMatchObject({
    tenant,
    lookbackHours: 24,
    invoicesIssued: 5,
    invoiceChunks: 3,
    validation: { checked: 6, discrepancies: 0, created: 0 },
    lateFeesCreated: 1,
    slaCredits: { created: 1, creditedCents: 7 },
  });
  // 6 invoices of 70 cents; the late fee (+2500) and the 10 % pick-delay credit (−7) applied.
  expect(result.report).toMatchObject({
    tenant,
    invoice_count: 6,
    gross_cents: 420,
    net_cents: 420 + 2500 - 7,
    adjustments_by_reason: {
      LATE_FEE: { count: 1, applied_cents: 2500 },
      SLA_CREDIT: { count: 1, applied_cents: -7 },
    },
    by_status: { DRAFT: { count: 5, amount_cents: 350 }, SENT: { count: 1, amount_cents: 70 } },
  });
  const stored = await database.db
    .selectFrom('billing_reports')
    .select('report')
    .where('tenant', '=', tenant)
    .executeTakeFirstOrThrow();
  expect(stored.report).toEqual(result.report);
  const numbers = await database.db
    .selectFrom('invoices')
    .select('invoice_number')
    .where('tenant', '=', tenant)
    .orderBy('invoice_number')
    .execute();
  expect(numbers.map((row) => Number(row.invoice_number.split('-').pop()))).toEqual([1, 2, 3, 4, 5, 6]);
});
