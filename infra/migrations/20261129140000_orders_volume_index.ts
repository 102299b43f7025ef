import { sql, type Kysely } from 'kysely';

// The SLA engine counts a tenant's orders per hour (high-volume multiplier) by first event time.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS ix_orders_tenant_first_event ON orders (tenant, first_event_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS ix_orders_tenant_first_event`.execute(db);
}
