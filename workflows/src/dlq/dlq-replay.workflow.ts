import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '@e2a/activities';
import type { DlqReplayInput, DlqReplayResult } from './dlq-replay.contract';

const { replayDeadLetters } = proxyActivities<Activities>({
  // A replay re-runs activities (AI analysis, partner calls) one entry after another.
  startToCloseTimeout: '15 minutes',
  // Entries are claimed with a lease, so a retried attempt never replays what the failed one already took.
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/** Replays the requested DLQ entries in the worker and returns what happened to each. */
export async function dlqReplayWorkflow(input: DlqReplayInput): Promise<DlqReplayResult> {
  return replayDeadLetters(input);
}
