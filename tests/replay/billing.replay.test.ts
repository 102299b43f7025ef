import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';

const histories = path.join(__dirname, 'histories');

describe('billingManagementWorkflow replay', () => {
  it.each(['billingManagementWorkflow-daily-run.json', 'billingManagementWorkflow-month-close.json'])(
    'replays %s deterministically',
    async (file) => {
      const history: unknown = JSON.parse(readFileSync(path.join(histories, file), 'utf8'));
      await Worker.runReplayHistory({ workflowsPath: require.resolve('@e2a/workflows') }, history);
    },
  );
});
