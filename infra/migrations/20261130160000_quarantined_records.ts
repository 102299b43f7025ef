import { sql, type Kysely } from 'kysely';

// Frozen. A record that failed with a data error is parked here, so its batch goes on without it; later passes skip
// it while it is open, and an operator replays or discards it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE quarantined_records (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      kind text NOT NULL,
      record_key text NOT NULL,
      error_class text NOT NULL,
      error_message text NOT NULL,
      attempts integer NOT NULL DEFAULT 1,
      workflow_id text,
      run_id text,
      activity_type text,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    )`.execute(db);
  // One open row per record; the batch passes test this index to skip quarantined records.
  await sql`
    CREATE UNIQUE INDEX uq_quarantined_records_open ON quarantined_records (tenant, kind, record_key)
    WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX ix_quarantined_records_status ON quarantined_records (status, last_seen_at DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE quarantined_records`.execute(db);
}
