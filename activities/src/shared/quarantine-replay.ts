import { closeQuarantinedRecord, findQuarantinedRecord, type Db, type QuarantinedRecordRow } from '@e2a/db';
import type { QuarantineKind } from './quarantine';

/** Re-runs one record of a kind through the activity that quarantined it (the same code path). */
export type QuarantineReplayHandler = (record: QuarantinedRecordRow) => Promise<unknown>;
export type QuarantineReplayHandlers = Record<QuarantineKind, QuarantineReplayHandler>;

export type QuarantineActionResult =
  | { outcome: 'replayed' | 'discarded' | 'failed'; record: QuarantinedRecordRow; error?: string }
  | { outcome: 'not_found' }
  | { outcome: 'not_open'; record: QuarantinedRecordRow };

/**
 * Replays an open quarantined record: its activity runs again for this one record. When the record fails again
 * the activity quarantines it once more (the same open row, `attempts` + 1) and the replay reports `failed`;
 * otherwise the row is closed as `replayed`. Every handled activity is idempotent, so replaying twice is harmless.
 */
export async function replayQuarantinedRecord(
  db: Db,
  id: string,
  handlers: QuarantineReplayHandlers,
  now: () => Date,
): Promise<QuarantineActionResult> {
  const record = await findQuarantinedRecord(db, id);
  if (!record) return { outcome: 'not_found' };
  if (record.status !== 'open') return { outcome: 'not_open', record };
  const handler = handlers[record.kind as QuarantineKind];
  if (!handler) {
    return { outcome: 'failed', record, error: `no replay handler for kind "${record.kind}"` };
  }
  await handler(record);
  const after = (await findQuarantinedRecord(db, id)) ?? record;
  if (after.status === 'open' && after.attempts > record.attempts) {
    return { outcome: 'failed', record: after, error: after.error_message };
  }
  const closed = await closeQuarantinedRecord(db, id, 'replayed', now());
  return closed ? { outcome: 'replayed', record: closed } : { outcome: 'not_open', record: after };
}

/** Closes an open quarantined record without processing it (an operator decided it needs nothing more). */
export async function discardQuarantinedRecord(
  db: Db,
  id: string,
  now: () => Date,
): Promise<QuarantineActionResult> {
  const record = await findQuarantinedRecord(db, id);
  if (!record) return { outcome: 'not_found' };
  const closed = await closeQuarantinedRecord(db, id, 'discarded', now());
  return closed ? { outcome: 'discarded', record: closed } : { outcome: 'not_open', record };
}

/** A quarantined record as the API and the CLI show it (ids as strings, times as ISO). */
export interface QuarantinedRecordView {
  id: string;
  tenant: string;
  kind: string;
  record_key: string;
  error_class: string;
  error_message: string;
  attempts: number;
  workflow_id: string | null;
  run_id: string | null;
  activity_type: string | null;
  status: 'open' | 'replayed' | 'discarded';
  first_seen_at: string;
  last_seen_at: string;
  closed_at: string | null;
}

export function quarantinedRecordView(row: QuarantinedRecordRow): QuarantinedRecordView {
  const iso = (value: Date | string) => new Date(value).toISOString();
  return {
    id: String(row.id),
    tenant: row.tenant,
    kind: row.kind,
    record_key: row.record_key,
    error_class: row.error_class,
    error_message: row.error_message,
    attempts: row.attempts,
    workflow_id: row.workflow_id,
    run_id: row.run_id,
    activity_type: row.activity_type,
    status: row.status,
    first_seen_at: iso(row.first_seen_at),
    last_seen_at: iso(row.last_seen_at),
    closed_at: row.closed_at === null ? null : iso(row.closed_at),
  };
}
