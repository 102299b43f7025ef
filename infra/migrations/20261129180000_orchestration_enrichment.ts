import { sql, type Kysely } from 'kysely';

// Orchestrator maintenance windows per tenant; enrichment attempt keys so a retried batch never double-counts.

export async function up(db: Kysely<any>): Promise<void> {
  // {"start":"HH:MM","end":"HH:MM","weekdays":[1..7]?} in the tenant's time zone; NULL = no maintenance window.
  await sql`ALTER TABLE tenants ADD COLUMN maintenance_window jsonb`.execute(db);
  await sql`ALTER TABLE enrichment_state ADD COLUMN last_attempt_key text`.execute(db);
  await sql`
    CREATE INDEX ix_enrichment_state_manual_review ON enrichment_state (tenant)
    WHERE needs_manual_review`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS ix_enrichment_state_manual_review`.execute(db);
  await sql`ALTER TABLE enrichment_state DROP COLUMN IF EXISTS last_attempt_key`.execute(db);
  await sql`ALTER TABLE tenants DROP COLUMN IF EXISTS maintenance_window`.execute(db);
}
