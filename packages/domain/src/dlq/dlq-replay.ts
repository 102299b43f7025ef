import { z } from 'zod';
import { tenantIdSchema } from '../events/event-types';

// The dead-letter queue's replay request and summary: one shape for the API body and its OpenAPI document, the
// CLI's flags, the `dlqReplayWorkflow` contract and the replay activity.

/** `dlq.kind`: an accepted event the store could not take, or an activity payload a workflow gave up on. */
export const DLQ_KINDS = ['event', 'activity'] as const;
export type DlqEntryKind = (typeof DLQ_KINDS)[number];

/** Which entries to replay: the due ones (of a tenant, of a kind), or the given ids now even when not due. */
export const dlqReplayRequestSchema = z.strictObject({
  tenant: tenantIdSchema.optional(),
  kind: z.enum(DLQ_KINDS).optional(),
  ids: z.array(z.string().regex(/^\d+$/, 'must be a numeric DLQ id')).max(1000).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
/** As a client sends it (`limit` optional). */
export type DlqReplayRequestInput = z.input<typeof dlqReplayRequestSchema>;
/** As parsed (`limit` filled in). */
export type DlqReplayRequest = z.output<typeof dlqReplayRequestSchema>;

export const dlqReplayEntryResultSchema = z.object({
  id: z.string(),
  kind: z.string(),
  tenant: z.string().nullable(),
  outcome: z.enum(['replayed', 'failed']),
  /** For events: whether the store took it now or already had it (a replay never duplicates an event). */
  eventStatus: z.enum(['accepted', 'duplicate']).optional(),
  error: z.string().optional(),
  nextAttemptAt: z.string().optional(),
});
export type DlqReplayEntryResult = z.infer<typeof dlqReplayEntryResultSchema>;

export const dlqReplaySummarySchema = z.object({
  claimed: z.number().int(),
  replayed: z.number().int(),
  failed: z.number().int(),
  results: z.array(dlqReplayEntryResultSchema),
});
export type DlqReplaySummary = z.infer<typeof dlqReplaySummarySchema>;
