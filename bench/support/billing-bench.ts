import { performance } from 'node:perf_hooks';
import { Worker } from '@temporalio/worker';
import { createActivities, type Activities } from '@e2a/activities';
import { sql } from '@e2a/db';
import {
  BILLING_MANAGEMENT_WORKFLOW,
  billingManagementWorkflowId,
  flowSearchAttributes,
  type BillingManagementResult,
} from '@e2a/workflows/contracts';
import { createTestDatabase, createTestTenant } from '@e2a/tests/support/db';
import { createTestRedis } from '@e2a/tests/support/redis';
import { createLocalEnvironment } from '@e2a/tests/support/temporal';
import { billingActivityDeps, seedFulfilledOrdersBulk } from '@e2a/tests/support/billing-fixtures';

export interface BillingBenchOptions {
  orders: number;
  chunkSize: number;
}

export interface BillingBenchResult {
  orders: number;
  chunkSize: number;
  seedSeconds: number;
  invoicingSeconds: number;
  invoicesPerMinute: number;
  workflowSeconds: number;
  peakRssMb: number;
  result: Omit<BillingManagementResult, 'report'> & { reportInvoiceCount: number };
}

/**
 * Seeds fulfilled orders set-based, then runs the real billingManagementWorkflow on a local Temporal dev server
 * with an in-process worker. The invoicing phase is timed from the first find to the last issue.
 */
export async function runBillingBench(options: BillingBenchOptions): Promise<BillingBenchResult> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const [env, database, redis] = await Promise.all([
    createLocalEnvironment(),
    createTestDatabase('bill_bench', { poolSize: 10 }),
    createTestRedis(),
  ]);
  try {
    const tenant = 'bill-bench';
    await createTestTenant(database.db, tenant);
    const seedStarted = performance.now();
    await seedFulfilledOrdersBulk(database.db, tenant, options.orders);
    await sql`ANALYZE`.execute(database.db);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const activities = createActivities(billingActivityDeps(database.db, redis, () => new Date()));
    let invoicingStarted = Number.POSITIVE_INFINITY;
    let invoicingEnded = 0;
    const timed: Activities = {
      ...activities,
      findUninvoicedOrders: async (input) => {
        invoicingStarted = Math.min(invoicingStarted, performance.now());
        return activities.findUninvoicedOrders(input);
      },
      issueInvoices: async (input) => {
        const issued = await activities.issueInvoices(input);
        invoicingEnded = Math.max(invoicingEnded, performance.now());
        return issued;
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bill-bench',
      workflowsPath: require.resolve('@e2a/workflows'),
      activities: timed,
    });
    const workflowStarted = performance.now();
    const result = await worker.runUntil(
      env.client.workflow.execute(BILLING_MANAGEMENT_WORKFLOW, {
        taskQueue: 'bill-bench',
        workflowId: billingManagementWorkflowId(tenant, `bench-${Date.now()}`),
        args: [{ tenant, chunkSize: options.chunkSize }],
        typedSearchAttributes: flowSearchAttributes(tenant, 'billing'),
      }) as Promise<BillingManagementResult>,
    );
    const workflowSeconds = (performance.now() - workflowStarted) / 1000;
    const invoicingSeconds = (invoicingEnded - invoicingStarted) / 1000;
    const { report, ...summary } = result;
    return {
      orders: options.orders,
      chunkSize: options.chunkSize,
      seedSeconds,
      invoicingSeconds,
      invoicesPerMinute: Math.round((result.invoicesIssued / invoicingSeconds) * 60),
      workflowSeconds,
      peakRssMb: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024),
      result: { ...summary, reportInvoiceCount: report.invoice_count },
    };
  } finally {
    clearInterval(sampler);
    await env.teardown();
    await redis.quit();
    await database.destroy();
  }
}
