import type { DlqReplayRequest, DlqReplaySummary } from '@e2a/domain';
import { FlowNameSearchAttribute, TenantIdSearchAttribute } from '../shared/flows.contract';

// DLQ replay (docs/reliability.md): the API's `POST /admin/replay` and `e2a dlq replay` start this workflow, so the
// replayed activities run in the worker, the one process that composes them.

export const DLQ_REPLAY_WORKFLOW = 'dlqReplayWorkflow';

/** The `FlowName` of a replay run. */
export const DLQ_REPLAY_FLOW_NAME = 'dlq-replay';

/** One run per request: `dlq-replay:<tenant or all>:<request id>` (replays that overlap never claim an entry twice). */
export const dlqReplayWorkflowId = (tenant: string | undefined, requestId: string) =>
  `dlq-replay:${tenant ?? 'all'}:${requestId}`;

/** `FlowName="dlq-replay"`, and `TenantId` when the run replays one tenant's entries. */
export function dlqReplaySearchAttributes(tenant: string | undefined) {
  return [
    { key: FlowNameSearchAttribute, value: DLQ_REPLAY_FLOW_NAME },
    ...(tenant ? [{ key: TenantIdSearchAttribute, value: tenant }] : []),
  ];
}

/** The parsed `dlqReplayRequestSchema` (`@e2a/domain`). */
export type DlqReplayInput = DlqReplayRequest;
export type DlqReplayResult = DlqReplaySummary;
