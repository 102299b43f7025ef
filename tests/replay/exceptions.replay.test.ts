import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { STORE_FLOW_RUN_SUMMARY_PATCH } from '@e2a/workflows/contracts';

// Recorded by tests/integration/exceptions/*.test.ts; a workflow change that breaks them needs patched().
const HISTORIES = path.join(__dirname, 'histories');

/** The parts of a recorded history (proto3 JSON) these checks read. */
interface RecordedHistory {
  events: {
    activityTaskScheduledEventAttributes?: { activityType: { name: string } };
    markerRecordedEventAttributes?: {
      markerName: string;
      details: Record<string, { payloads?: { data: string }[] } | undefined>;
    };
  }[];
}
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

  // -record-flow-run was recorded before the one flow_runs writer, -store-flow-run-summary after it.
  it.each([
    ['exceptionManagementWorkflow-record-flow-run.json', 'recordFlowRun', false],
    ['exceptionManagementWorkflow-store-flow-run-summary.json', 'storeFlowRunSummary', true],
  ])('%s stores its run through %s (patch marker: %s)', (file, activity, hasMarker) => {
    const { events } = JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')) as RecordedHistory;
    const scheduled = events.flatMap(
      (event) => event.activityTaskScheduledEventAttributes?.activityType.name ?? [],
    );
    const patches = events.flatMap((event) =>
      event.markerRecordedEventAttributes?.markerName === 'core_patch'
        ? (event.markerRecordedEventAttributes.details['patch-data']?.payloads ?? []).map(
            (payload) => (JSON.parse(Buffer.from(payload.data, 'base64').toString()) as { id: string }).id,
          )
        : [],
    );
    expect(scheduled.filter((name) => /FlowRun/.test(name))).toEqual([activity]);
    expect(patches.includes(STORE_FLOW_RUN_SUMMARY_PATCH)).toBe(hasMarker);
    expect(files).toContain(file);
  });
});
