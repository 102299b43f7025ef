import { sql, type Db, type TenantRow } from '@e2a/db';
import { INVOICE_STATUSES, resolveTariff } from '@e2a/domain';

const ADJUSTMENT_REASONS = ['RECALCULATION', 'SLA_CREDIT', 'LATE_FEE', 'MANUAL'] as const;

export interface AdjustmentSummary {
  count: number;
  applied_cents: number;
  pending_review_cents: number;
  rejected_cents: number;
}

/** Monthly billing report as stored in `billing_reports.report` and served by the API. */
export interface BillingReport {
  tenant: string;
  /** `YYYY-MM`. */
  period: string;
  generated_at: string;
  /** Every invoice issued in the period, void ones included. */
  invoice_count: number;
  /** Sum of the non-void invoices' amounts. */
  gross_cents: number;
  adjustments_by_reason: Record<(typeof ADJUSTMENT_REASONS)[number], AdjustmentSummary>;
  /** Applied adjustments on non-void invoices. */
  adjustments_applied_cents: number;
  /** Gross plus applied adjustments. */
  net_cents: number;
  by_status: Record<(typeof INVOICE_STATUSES)[number], { count: number; amount_cents: number }>;
  minimum_monthly_fee_cents: number;
  /** What the tenant owes on top of net to reach its minimum monthly fee. */
  minimum_fee_shortfall_cents: number;
}

export async function buildBillingReport(
  db: Db,
  tenant: TenantRow,
  period: string,
  generatedAt: Date,
): Promise<BillingReport> {
  const { rows: statusRows } = await sql<{ status: string; count: string; amount_cents: string }>`
    SELECT status, count(*) AS count, COALESCE(sum(amount_cents), 0) AS amount_cents
    FROM invoices WHERE tenant = ${tenant.name} AND billing_period = ${period}
    GROUP BY status`.execute(db);
  const { rows: adjustmentRows } = await sql<{
    reason: string;
    status: string;
    count: string;
    cents: string;
  }>`
    SELECT a.reason, a.status, count(*) AS count, COALESCE(sum(a.delta_cents), 0) AS cents
    FROM invoice_adjustments a JOIN invoices i ON i.id = a.invoice_id
    WHERE i.tenant = ${tenant.name} AND i.billing_period = ${period} AND i.status <> 'VOID'
    GROUP BY a.reason, a.status`.execute(db);

  const byStatus = Object.fromEntries(
    INVOICE_STATUSES.map((status) => [status, { count: 0, amount_cents: 0 }]),
  ) as BillingReport['by_status'];
  for (const row of statusRows) {
    const entry = byStatus[row.status as keyof BillingReport['by_status']];
    if (entry) {
      entry.count = Number(row.count);
      entry.amount_cents = Number(row.amount_cents);
    }
  }
  const byReason = Object.fromEntries(
    ADJUSTMENT_REASONS.map((reason) => [
      reason,
      { count: 0, applied_cents: 0, pending_review_cents: 0, rejected_cents: 0 },
    ]),
  ) as BillingReport['adjustments_by_reason'];
  for (const row of adjustmentRows) {
    const entry = byReason[row.reason as keyof BillingReport['adjustments_by_reason']];
    if (!entry) continue;
    entry.count += Number(row.count);
    const cents = Number(row.cents);
    if (row.status === 'APPLIED') entry.applied_cents += cents;
    else if (row.status === 'PENDING_REVIEW') entry.pending_review_cents += cents;
    else entry.rejected_cents += cents;
  }
  const invoiceCount = Object.values(byStatus).reduce((sum, entry) => sum + entry.count, 0);
  const gross = Object.entries(byStatus)
    .filter(([status]) => status !== 'VOID')
    .reduce((sum, [, entry]) => sum + entry.amount_cents, 0);
  const applied = Object.values(byReason).reduce((sum, entry) => sum + entry.applied_cents, 0);
  const net = gross + applied;
  const minimumFee = resolveTariff(tenant.tariffs).minimum_monthly_fee_cents;
  return {
    tenant: tenant.name,
    period,
    generated_at: generatedAt.toISOString(),
    invoice_count: invoiceCount,
    gross_cents: gross,
    adjustments_by_reason: byReason,
    adjustments_applied_cents: applied,
    net_cents: net,
    by_status: byStatus,
    minimum_monthly_fee_cents: minimumFee,
    minimum_fee_shortfall_cents: Math.max(0, minimumFee - net),
  };
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
