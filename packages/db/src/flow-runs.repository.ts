import type { Db } from './connection';

// The one writer of `flow_runs`: every workflow stores its run summary through this function.

export interface FlowRunUpsert {
  tenant: string;
  flow: string;
  workflowId: string;
  runId: string;
  status: string;
  result: Record<string, unknown>;
  startedAt: Date | null;
  finishedAt: Date;
}

/** One row per workflow run; a retried write replaces the row instead of adding one. */
export async function upsertFlowRun(db: Db, run: FlowRunUpsert): Promise<void> {
  await db
    .insertInto('flow_runs')
    .values({
      tenant: run.tenant,
      flow: run.flow,
      workflow_id: run.workflowId,
      run_id: run.runId,
      status: run.status,
      result: JSON.stringify(run.result),
      started_at: run.startedAt,
      finished_at: run.finishedAt,
    })
    .onConflict((oc) =>
      oc.columns(['workflow_id', 'run_id']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        result: eb.ref('excluded.result'),
        finished_at: eb.ref('excluded.finished_at'),
      })),
    )
    .execute();
}
