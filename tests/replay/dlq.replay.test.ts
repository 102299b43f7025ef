import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';

// Recorded by tests/integration/dlq/dlq.test.ts (the admin API's replay); a workflow change that breaks them needs
// patched().
const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((file) => /^dlqReplayWorkflow-.*\.json$/.test(file));

describe('dlqReplayWorkflow replays its recorded histories', () => {
  it('has a recorded history', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'));
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: require.resolve('@e2a/workflows') },
        history,
        file.replace(/\.json$/, ''),
      ),
    ).resolves.toBeUndefined();
  });
});
