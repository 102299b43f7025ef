import { upsertFlowRun, type FlowRunUpsert } from '@e2a/db';
import type { ActivityDeps } from '../deps';

/** A run as a workflow sends it: `flow_runs`' row with ISO times. */
export type StoreFlowRunSummaryInput = Omit<FlowRunUpsert, 'startedAt' | 'finishedAt'> & {
  startedAt: string | null;
  finishedAt: string;
};

/** What `recordFlowRun` took: the run without its finish time (the activity's clock supplied it). */
export type FlowRunRecord = Omit<StoreFlowRunSummaryInput, 'startedAt' | 'finishedAt'> & {
  startedAt: string;
};

export function createFlowRunActivities(deps: Pick<ActivityDeps, 'db' | 'now'>) {
  /** Stores a run's summary in `flow_runs` (one row per workflow run, idempotent on workflow and run id). */
  async function storeFlowRunSummary(input: StoreFlowRunSummaryInput): Promise<void> {
    await upsertFlowRun(deps.db, {
      ...input,
      startedAt: input.startedAt ? new Date(input.startedAt) : null,
      finishedAt: new Date(input.finishedAt),
    });
  }

  return {
    storeFlowRunSummary,

    /**
     * Exception management's former writer, registered only so histories that scheduled it (before
     * `patched('exception-management-store-flow-run-summary')`) complete: the same row, finished now.
     */
    async recordFlowRun(record: FlowRunRecord): Promise<void> {
      await storeFlowRunSummary({ ...record, finishedAt: deps.now().toISOString() });
    },
  };
}

export type FlowRunActivities = ReturnType<typeof createFlowRunActivities>;
