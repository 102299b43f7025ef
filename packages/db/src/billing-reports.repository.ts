import { sql } from 'kysely';
import {
  resolveTariff,
  summarizeBillingReport,
  type BillingReport,
  type BillingReportInput,
  type MinimumFeeInvoiceSummary,
} from '@e2a/domain';
import type { Db } from './connection';
import type { TenantRow } from './schema';

/** The period's invoice counts per status and adjustment sums per reason and status (non-void invoices). */
export async function loadBillingReportCounts(
  db: Db,
  tenant: string,
  period: string,
): Promise<Pick<BillingReportInput, 'invoicesByStatus' | 'adjustmentsByReason' | 'minimumFeeInvoice'>> {
  const { rows: statusRows } = await sql<{ status: string; count: string; amount_cents: string }>`
    SELECT status, count(*) AS count, COALESCE(sum(amount_cents), 0) AS amount_cents
    FROM invoices WHERE tenant = ${tenant} AND billing_period = ${period} AND kind = 'ORDER'
    GROUP BY status`.execute(db);
  const { rows: adjustmentRows } = await sql<{
    reason: string;
    status: string;
    count: string;
    cents: string;
  }>`
    SELECT a.reason, a.status, count(*) AS count, COALESCE(sum(a.delta_cents), 0) AS cents
    FROM invoice_adjustments a JOIN invoices i ON i.id = a.invoice_id
    WHERE i.tenant = ${tenant} AND i.billing_period = ${period} AND i.kind = 'ORDER' AND i.status <> 'VOID'
    GROUP BY a.reason, a.status`.execute(db);
  return {
    invoicesByStatus: statusRows.map((row) => ({
      status: row.status,
      count: Number(row.count),
      amount_cents: Number(row.amount_cents),
    })),
    adjustmentsByReason: adjustmentRows.map((row) => ({
      reason: row.reason,
      status: row.status,
      count: Number(row.count),
      cents: Number(row.cents),
    })),
    minimumFeeInvoice: (await findMinimumFeeInvoice(db, tenant, period)) ?? null,
  };
}

/** The month's minimum-fee invoice (`period` = `YYYY-MM`), if the month was closed with a shortfall. */
export async function findMinimumFeeInvoice(
  db: Db,
  tenant: string,
  period: string,
): Promise<MinimumFeeInvoiceSummary | undefined> {
  const row = await db
    .selectFrom('invoices')
    .select(['invoice_number', 'amount_cents', 'status'])
    .where('tenant', '=', tenant)
    .where('billing_period', '=', period)
    .where('kind', '=', 'MINIMUM_MONTHLY_FEE')
    .executeTakeFirst();
  return (
    row && { invoice_number: row.invoice_number, amount_cents: Number(row.amount_cents), status: row.status }
  );
}

export async function storeBillingReport(db: Db, report: BillingReport): Promise<void> {
  await sql`
    INSERT INTO billing_reports (tenant, period, report, generated_at)
    VALUES (${report.tenant}, ${report.period}, ${JSON.stringify(report)}::jsonb, ${report.generated_at})
    ON CONFLICT (tenant, period) DO UPDATE SET report = EXCLUDED.report, generated_at = EXCLUDED.generated_at`.execute(
    db,
  );
}

export async function findStoredBillingReport(
  db: Db,
  tenant: string,
  period: string,
): Promise<BillingReport | undefined> {
  const row = await db
    .selectFrom('billing_reports')
    .select('report')
    .where('tenant', '=', tenant)
    .where('period', '=', period)
    .executeTakeFirst();
  return row?.report as BillingReport | undefined;
}

/** The report computed now from the period's invoices and adjustments, with the tenant's minimum monthly fee. */
export async function buildBillingReport(
  db: Db,
  tenant: Pick<TenantRow, 'name' | 'tariffs'>,
  period: string,
  generatedAt: Date,
): Promise<BillingReport> {
  const counts = await loadBillingReportCounts(db, tenant.name, period);
  return summarizeBillingReport({
    tenant: tenant.name,
    period,
    generatedAt,
    minimumMonthlyFeeCents: resolveTariff(tenant.tariffs).minimum_monthly_fee_cents,
    ...counts,
  });
}
