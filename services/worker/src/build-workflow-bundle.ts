import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from './worker';

// `make up` bundles the workflows once, ahead of the worker: webpack then never runs inside the worker process,
// which keeps its memory to the running workflows (docs/benchmarks.md).
async function main(): Promise<void> {
  const outfile = path.resolve(process.argv[2] ?? '.data/build/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    workflowInterceptorModules: workflowInterceptorModules(),
  });
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
  console.log(JSON.stringify({ workflowBundle: outfile, bytes: code.length }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
