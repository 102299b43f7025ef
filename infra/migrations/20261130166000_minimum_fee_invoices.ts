import { sql, type Kysely } from 'kysely';

// Frozen. Minimum monthly fee (issue 18 item 8): a month's shortfall against the minimum is invoiced at month close
// as its own invoice, which belongs to no order. `kind` tells the two apart; an order invoice names its order, a
// minimum-fee invoice names none, and a tenant-month has at most one minimum-fee invoice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE invoices
      ADD COLUMN kind text NOT NULL DEFAULT 'ORDER' CHECK (kind IN ('ORDER', 'MINIMUM_MONTHLY_FEE')),
      ALTER COLUMN order_id DROP NOT NULL,
      ADD CONSTRAINT ck_invoices_kind_order CHECK ((kind = 'ORDER') = (order_id IS NOT NULL))`.execute(db);
  await sql`
    CREATE UNIQUE INDEX uq_invoices_minimum_fee ON invoices (tenant, billing_period)
    WHERE kind = 'MINIMUM_MONTHLY_FEE'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX uq_invoices_minimum_fee`.execute(db);
  await sql`DELETE FROM invoices WHERE kind <> 'ORDER'`.execute(db);
  await sql`
    ALTER TABLE invoices
      DROP CONSTRAINT ck_invoices_kind_order,
      ALTER COLUMN order_id SET NOT NULL,
      DROP COLUMN kind`.execute(db);
}
