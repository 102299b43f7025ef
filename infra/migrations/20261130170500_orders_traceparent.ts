import { sql, type Kysely } from 'kysely';

// Frozen. The W3C traceparent of the ingest request that last touched an order (NULL while tracing is off): the
// evaluation that claims the order links its span to that request's trace.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orders ADD COLUMN traceparent text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orders DROP COLUMN traceparent`.execute(db);
}
