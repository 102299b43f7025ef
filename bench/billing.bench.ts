// pnpm bench:billing [-- --orders 100000 --chunk 2000]: invoices fulfilled orders through billingManagementWorkflow.
import { runBillingBench } from './support/billing-bench';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const orders = argument('orders', 100_000);
  const chunkSize = argument('chunk', 2000);
  const result = await runBillingBench({ orders, chunkSize });
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\nbilling: ${result.result.invoicesIssued} invoices in ${result.invoicingSeconds.toFixed(1)} s ` +
      `= ${result.invoicesPerMinute.toLocaleString('en-US')} invoices/min (target ≥ 50,000); ` +
      `whole run ${result.workflowSeconds.toFixed(1)} s; peak RSS ${result.peakRssMb} MB`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
