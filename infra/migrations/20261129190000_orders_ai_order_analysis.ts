import { sql, type Kysely } from 'kysely';

// Frozen. When the AI order analysis (domain reference §5, §6) last looked at an order; NULL = not yet.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orders ADD COLUMN ai_analyzed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orders DROP COLUMN ai_analyzed_at`.execute(db);
}
