import { loadBenchConfig } from '@e2a/config';
import { runSystemBenchmark } from './support/system-benchmark';

// pnpm bench:system — BENCH_SYSTEM_SECONDS (60), BENCH_SYSTEM_EVENTS_PER_SECOND (1000); short values validate it.
runSystemBenchmark(loadBenchConfig())
  .then((result) => {
    console.log(JSON.stringify(result, null, 2));
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
