import { z } from 'zod';
import {
  addToDlq,
  claimDueDlqEntries,
  insertOrderEvents,
  markReplayFailed,
  markReplayed,
  type Db,
  type DlqKind,
  type DlqRow,
} from '@e2a/db';
import {
  EVENT_SOURCES,
  eventSchemaFor,
  normalizeEvent,
  type DlqReplayEntryResult,
  type DlqReplaySummary,
} from '@e2a/domain';

/** `dlq.payload` for kind `event`: the envelope as the gateway accepted it. */
export const dlqEventPayloadSchema = z.object({
  source: z.enum(EVENT_SOURCES),
  event: z.record(z.string(), z.unknown()),
});
export type DlqEventPayload = z.infer<typeof dlqEventPayloadSchema>;

/** `dlq.payload` for kind `activity`: the activity type and the arguments of its last attempt. */
export const dlqActivityPayloadSchema = z.object({
  activity: z.string().min(1),
  args: z.array(z.unknown()).default([]),
  workflowId: z.string().optional(),
  runId: z.string().optional(),
});
export type DlqActivityPayload = z.infer<typeof dlqActivityPayloadSchema>;

/** Re-runs one activity payload; registered by activity type. */
export type ActivityReplayHandler = (...args: unknown[]) => Promise<unknown>;
export type ActivityReplayHandlers = Record<string, ActivityReplayHandler>;

/** Every activity of a `createActivities` result is replayable by its type name. */
export function activityReplayHandlers(activities: Record<string, unknown>): ActivityReplayHandlers {
  const handlers: ActivityReplayHandlers = {};
  for (const [name, value] of Object.entries(activities)) {
    if (typeof value === 'function') handlers[name] = (...args: unknown[]) => Promise.resolve(value(...args));
  }
  return handlers;
}

export const eventDedupeKey = (tenant: string, source: string, eventId: string) =>
  `event:${tenant}:${source}:${eventId}`;

/** Queues an accepted event that could not be processed (the gateway's and processors' dead letter). */
export function deadLetterEvent(
  db: Db,
  input: { tenant: string; source: string; event: Record<string, unknown>; error: string },
) {
  const eventId = typeof input.event.event_id === 'string' ? input.event.event_id : 'unknown';
  return addToDlq(db, {
    tenant: input.tenant,
    kind: 'event',
    source: input.source,
    dedupeKey: eventDedupeKey(input.tenant, input.source, eventId),
    payload: { source: input.source, event: input.event },
    error: input.error,
  });
}

export interface ReplayOptions {
  now: Date;
  limit?: number;
  tenant?: string;
  kind?: DlqKind;
  ids?: string[];
  handlers?: ActivityReplayHandlers;
  maxAttempts?: number;
}

async function replayEntry(
  db: Db,
  entry: DlqRow,
  handlers: ActivityReplayHandlers,
): Promise<Pick<DlqReplayEntryResult, 'eventStatus'>> {
  if (entry.kind === 'event') {
    const payload = dlqEventPayloadSchema.parse(entry.payload);
    if (!entry.tenant) throw new Error('event entry has no tenant');
    const parsed = eventSchemaFor(payload.source).safeParse(payload.event);
    if (!parsed.success) {
      throw new Error(
        `event is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    }
    const tenant = entry.tenant;
    // Stored through the same idempotent path as the gateway: (tenant, source, event_id) is unique.
    const [stored] = await db
      .transaction()
      .execute((trx) => insertOrderEvents(trx, tenant, [normalizeEvent(payload.source, parsed.data)]));
    return { eventStatus: stored?.status ?? 'duplicate' };
  }
  if (entry.kind === 'activity') {
    const payload = dlqActivityPayloadSchema.parse(entry.payload);
    const handler = handlers[payload.activity];
    if (!handler) throw new Error(`no replay handler registered for activity "${payload.activity}"`);
    await handler(...payload.args);
    return {};
  }
  throw new Error(`unknown DLQ kind "${entry.kind}"`);
}

/** Claims due entries and replays each; a failure moves the entry's next attempt out exponentially. */
export async function replayDlqEntries(db: Db, options: ReplayOptions): Promise<DlqReplaySummary> {
  const claimed = await claimDueDlqEntries(db, {
    now: options.now,
    limit: options.limit ?? 100,
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.ids ? { ids: options.ids } : {}),
  });
  const summary: DlqReplaySummary = { claimed: claimed.length, replayed: 0, failed: 0, results: [] };
  for (const entry of claimed) {
    try {
      const outcome = await replayEntry(db, entry, options.handlers ?? {});
      await markReplayed(db, entry.id, options.now);
      summary.replayed += 1;
      summary.results.push({
        id: entry.id,
        kind: entry.kind,
        tenant: entry.tenant,
        outcome: 'replayed',
        ...outcome,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = await markReplayFailed(db, entry.id, message, options.now, options.maxAttempts);
      summary.failed += 1;
      summary.results.push({
        id: entry.id,
        kind: entry.kind,
        tenant: entry.tenant,
        outcome: 'failed',
        error: message,
        nextAttemptAt: failed.nextAttemptAt.toISOString(),
      });
    }
  }
  return summary;
}
