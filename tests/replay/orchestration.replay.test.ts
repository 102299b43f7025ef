import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

// Histories recorded from real runs (tests/integration/orchestration); a non-deterministic change fails here.
const HISTORIES = path.join(__dirname, 'histories');
const OURS = /^(enrichmentWorkflow|businessOperationsOrchestratorWorkflow)-/;

describe('replay: enrichment and orchestrator histories', () => {
  const files = readdirSync(HISTORIES).filter((file) => OURS.test(file));

  it('has a recorded history for each workflow', () => {
    expect(files.some((file) => file.startsWith('enrichmentWorkflow-'))).toBe(true);
    expect(files.some((file) => file.startsWith('businessOperationsOrchestratorWorkflow-'))).toBe(true);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    // Saved as the client returned it (protobuf objects); fromObject restores timestamps, enums and bytes.
    const history = temporal.api.history.v1.History.fromObject(
      JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')),
    );
    await Worker.runReplayHistory(
      { workflowsPath: require.resolve('@e2a/workflows'), replayName: file },
      history,
      path.basename(file, '.json').split('-')[0],
    );
  });
});
