import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

// Recorded by tests/integration/exceptions-workflows.test.ts; a workflow change that breaks them needs patched().
const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((file) =>
  /^exception(Management|Resolution)Workflow-.*\.json$/.test(file),
);

describe('exception workflows replay their recorded histories', () => {
  let bundle: WorkflowBundle;
  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('@e2a/workflows') });
  });

  it('has histories for both workflows', () => {
    expect(files.some((file) => file.startsWith('exceptionManagementWorkflow-'))).toBe(true);
    expect(files.some((file) => file.startsWith('exceptionResolutionWorkflow-'))).toBe(true);
  });

  it.each(files)('%s', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, history, file.replace(/\.json$/, '')),
    ).resolves.toBeUndefined();
  });
});
