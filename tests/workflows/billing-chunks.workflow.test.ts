import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { BillingReport, InvoicingActivities } from '@e2a/activities';
import {
  BILLING_MANAGEMENT_WORKFLOW,
  type BillingManagementInput,
  type BillingManagementResult,
} from '@e2a/workflows/contracts';
import { createTimeSkippingEnvironment } from '../support/temporal';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

const report = { tenant: 'bill-stub', period: '2026-11', invoice_count: 5 } as BillingReport;

/** Stubs typed against the real factory, so a changed activity signature fails to compile here. */
function stubActivities(calls: string[]): InvoicingActivities {
  const orders = ['o1', 'o2', 'o3', 'o4', 'o5'];
  const invoices = ['1', '2', '3', '4', '5'];
  let slaRounds = 0;
  let transientFailures = 1;
  return {
    findUninvoicedOrders: async ({ afterOrderId, limit }) => {
      calls.push(`find:${afterOrderId ?? ''}`);
      return orders.filter((id) => id > (afterOrderId ?? '')).slice(0, limit);
    },
    issueInvoices: async ({ orderIds }) => {
      calls.push(`issue:${orderIds.join(',')}`);
      if (transientFailures-- > 0) throw new Error('connection reset');
      return {
        issued: orderIds.length,
        skipped: 0,
        quarantined: 0,
        period: '202611',
        firstSequence: 1,
        lastSequence: 2,
      };
    },
    findRecentInvoices: async ({ afterInvoiceId, limit, lookbackHours }) => {
      calls.push(`recent:${afterInvoiceId ?? ''}:${lookbackHours}`);
      return invoices.filter((id) => Number(id) > Number(afterInvoiceId ?? 0)).slice(0, limit);
    },
    validateInvoices: async ({ invoiceIds }) => ({
      checked: invoiceIds.length,
      discrepancies: 1,
      quarantined: 0,
      created: 1,
      applied: 1,
      pendingReview: 0,
      highPriority: 0,
    }),
    applyLateFees: async () => ({ created: 2 }),
    applySlaCredits: async () => {
      slaRounds += 1;
      return { created: 3, creditedCents: 100, hasMore: slaRounds < 3 };
    },
    closeBillingMonth: async () => {
      calls.push('close');
      return { period: null, invoiceNumber: null, shortfallCents: 0, issued: false };
    },
    generateBillingReport: async () => report,
  };
}

it('walks every chunk, retries a transient failure and sums the results', async () => {
  const calls: string[] = [];
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'bill-stub',
    workflowsPath: require.resolve('@e2a/workflows'),
    activities: stubActivities(calls),
  });
  const input: BillingManagementInput = { tenant: 'bill-stub', chunkSize: 2, lookbackHours: 48 };
  const result = (await worker.runUntil(
    env.client.workflow.execute(BILLING_MANAGEMENT_WORKFLOW, {
      taskQueue: 'bill-stub',
      workflowId: 'billing:bill-stub:chunks',
      args: [input],
    }),
  )) as BillingManagementResult;

  expect(calls).toEqual([
    'find:',
    'issue:o1,o2',
    'issue:o1,o2', // retried after the transient failure, same chunk
    'find:o2',
    'issue:o3,o4',
    'find:o4',
    'issue:o5',
    'recent::48',
    'recent:2:48',
    'recent:4:48',
    'close',
  ]);
  expect(result).toEqual({
    tenant: 'bill-stub',
    lookbackHours: 48,
    invoicesIssued: 5,
    invoiceChunks: 3,
    validation: { checked: 5, discrepancies: 3, created: 3, applied: 3, pendingReview: 0, highPriority: 0 },
    lateFeesCreated: 2,
    slaCredits: { created: 9, creditedCents: 300 },
    monthClose: { period: null, invoiceNumber: null, shortfallCents: 0, issued: false },
    report,
  });
});
