import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';

// Recorded by tests/integration/order-processing/realtime-monitor*.test.ts and
// tests/workflows/realtime-shard-monitor.workflow.test.ts (delete a file to re-record it).
const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((file) =>
  /^(order-processing|realtime-order-monitor|realtime-shard-monitor)-.*\.json$/.test(file),
);

describe('order-processing workflows replay their recorded histories', () => {
  it('has histories of the three workflows', () => {
    expect(files.some((file) => file.startsWith('order-processing-'))).toBe(true);
    expect(files.some((file) => file.startsWith('realtime-order-monitor-'))).toBe(true);
    expect(files.some((file) => file.startsWith('realtime-shard-monitor-'))).toBe(true);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'));
    await Worker.runReplayHistory({ workflowsPath: require.resolve('@e2a/workflows') }, history, file);
  });
});
