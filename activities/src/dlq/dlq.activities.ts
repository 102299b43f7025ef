import { addToDlq } from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { replayDlqEntries, type ActivityReplayHandlers, type ReplaySummary } from './dlq-replay';

export interface DeadLetterActivityInput {
  tenant: string | null;
  activity: string;
  args: unknown[];
  error: string;
  /** Made in the workflow, so a retried dead-lettering never queues twice. */
  dedupeKey: string;
}

/** DLQ activities: a workflow dead-letters a payload it gives up on, and a scheduled pass replays due entries. */
export const createDlqActivities = (
  deps: ActivityDeps,
  handlers: () => ActivityReplayHandlers = () => ({}),
) => ({
  async deadLetterActivity(input: DeadLetterActivityInput): Promise<{ id: string; created: boolean }> {
    return addToDlq(deps.db, {
      tenant: input.tenant,
      kind: 'activity',
      source: input.activity,
      dedupeKey: input.dedupeKey,
      payload: { activity: input.activity, args: input.args },
      error: input.error,
    });
  },
  async replayDueDlqEntries(input: {
    tenant?: string;
    limit?: number;
  }): Promise<Omit<ReplaySummary, 'results'>> {
    const summary = await replayDlqEntries(deps.db, {
      now: deps.now(),
      limit: input.limit ?? 100,
      ...(input.tenant ? { tenant: input.tenant } : {}),
      handlers: handlers(),
    });
    return { claimed: summary.claimed, replayed: summary.replayed, failed: summary.failed };
  },
});
