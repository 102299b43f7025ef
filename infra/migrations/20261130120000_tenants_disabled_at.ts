import { sql, type Kysely } from 'kysely';

// Frozen. A disabled tenant keeps its data; NULL = active. Real-time evaluation and schedules skip disabled tenants.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tenants ADD COLUMN disabled_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tenants DROP COLUMN disabled_at`.execute(db);
}
