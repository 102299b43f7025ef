import { addToDlq } from '@e2a/db';
import type { ActivityDeps } from '../deps';
import type { DlqReplayRequest, DlqReplaySummary } from '@e2a/domain';
import { replayDlqEntries, type ActivityReplayHandlers } from './dlq-replay';

export interface DeadLetterActivityInput {
  tenant: string | null;
  activity: string;
  args: unknown[];
  error: string;
  /** Made in the workflow, so a retried dead-lettering never queues twice. */
  dedupeKey: string;
}

/** DLQ activities: a workflow dead-letters a payload it gives up on, and `dlqReplayWorkflow` replays entries. */
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
  /** `dlqReplayWorkflow`'s one step: claims the requested entries and replays each (events stored idempotently). */
  async replayDeadLetters(input: DlqReplayRequest): Promise<DlqReplaySummary> {
    return replayDlqEntries(deps.db, {
      now: deps.now(),
      limit: input.limit,
      ...(input.tenant ? { tenant: input.tenant } : {}),
      ...(input.kind ? { kind: input.kind } : {}),
      ...(input.ids?.length ? { ids: input.ids } : {}),
      handlers: handlers(),
    });
  },
});
