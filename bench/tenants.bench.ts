import { loadBenchConfig } from '@e2a/config';
import { runTenantsBenchmark } from './support/tenants-benchmark';

// pnpm bench:tenants — BENCH_TENANTS (1000), BENCH_IDLE_SECONDS (60), BENCH_BURST_SECONDS (60),
// BENCH_BURST_ORDERS_PER_MINUTE (10000), BENCH_QUIET_LATE_ORDERS (1); short values validate the script.
runTenantsBenchmark(loadBenchConfig())
  .then((result) => {
    console.log(JSON.stringify(result, null, 2));
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
