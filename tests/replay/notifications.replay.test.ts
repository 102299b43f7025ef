import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

// Recorded by tests/integration/notifications/delivery.test.ts; a workflow change that breaks them needs patched().
const HISTORIES = path.join(__dirname, 'histories');
const TYPES = ['notificationDispatcherWorkflow', 'notificationDeliveryWorkflow'];
const files = readdirSync(HISTORIES).filter((file) => TYPES.some((type) => file.startsWith(`${type}-`)));

describe('notification workflows replay their recorded histories', () => {
  let bundle: WorkflowBundle;
  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('@e2a/workflows') });
  });

  it('has a history for each workflow', () => {
    for (const type of TYPES) expect(files.some((file) => file.startsWith(`${type}-`))).toBe(true);
  });

  it.each(files)('%s', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, history, file.replace(/\.json$/, '')),
    ).resolves.toBeUndefined();
  });
});
