// pnpm bench:enrichment [-- --records 2000 --batch 100]: enrichmentWorkflow throughput and the monitoring queries.
import { runEnrichmentBench } from './support/enrichment-bench';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const records = argument('records', 2000);
  const summary = await runEnrichmentBench({ records, batchSize: argument('batch', 100) });
  console.log(JSON.stringify(summary, null, 2));
  console.log(
    `\nenrichment: ${summary.attempts} record attempts (${summary.completed} completed) in ` +
      `${summary.workflowSeconds.toFixed(1)} s = ${summary.attemptsPerSecond} attempts/s; ` +
      `metrics snapshot ${summary.queries.metricsSnapshotMs} ms at ${records} exceptions`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
