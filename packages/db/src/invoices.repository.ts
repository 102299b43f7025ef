import {
  planInvoiceTransition,
  TariffOverridesSchema,
  resolveTariff,
  type CreditRules,
  type InvoiceAction,
  type InvoiceAdjustmentView,
  type InvoiceDetailView,
  type InvoiceLineItemView,
  type InvoiceStatus,
  type InvoiceView,
  type Tariff,
  type TariffOverrides,
} from '@e2a/domain';
import type { Db } from './connection';
import type { InvoiceAdjustmentRow, InvoiceRow } from './schema';

// The invoices API's reads and edits; rows are mapped to plain objects here and go no further.

// The views are zod-inferred in @e2a/domain (billing/invoice-view.schema.ts); re-exported for the repository's callers.
export type { InvoiceAdjustmentView, InvoiceDetailView, InvoiceLineItemView, InvoiceView };

const iso = (value: Date | null) => (value ? value.toISOString() : null);
// `date` columns come back as local-midnight Dates from pg; keep the calendar day.
const isoDate = (value: Date | string) =>
  typeof value === 'string'
    ? value.slice(0, 10)
    : `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;

function toInvoiceView(row: InvoiceRow): InvoiceView {
  return {
    id: String(row.id),
    tenant: row.tenant,
    kind: row.kind,
    order_id: row.order_id,
    invoice_number: row.invoice_number,
    // invoices.status is CHECK-constrained to these values.
    status: row.status as InvoiceStatus,
    amount_cents: Number(row.amount_cents),
    currency: row.currency,
    billing_period: row.billing_period,
    invoice_date: isoDate(row.invoice_date),
    due_date: isoDate(row.due_date),
    volume_tier_percent: row.volume_tier_percent,
    finalized_at: iso(row.finalized_at),
    sent_at: iso(row.sent_at),
    paid_at: iso(row.paid_at),
    voided_at: iso(row.voided_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function toAdjustmentView(row: InvoiceAdjustmentRow): InvoiceAdjustmentView {
  return {
    id: String(row.id),
    invoice_id: String(row.invoice_id),
    reason: row.reason,
    delta_cents: Number(row.delta_cents),
    rationale: row.rationale,
    status: row.status,
    priority: row.priority,
    exception_id: row.exception_id === null ? null : String(row.exception_id),
    decided_by: row.decided_by,
    decided_at: iso(row.decided_at),
    created_at: row.created_at.toISOString(),
  };
}

export interface ListInvoicesFilter {
  status?: InvoiceStatus;
  orderId?: string;
  /** `YYYY-MM`. */
  period?: string;
  page: number;
  pageSize: number;
}

export async function listInvoices(
  db: Db,
  tenant: string,
  filter: ListInvoicesFilter,
): Promise<{ items: InvoiceView[]; total: number }> {
  let query = db.selectFrom('invoices').where('tenant', '=', tenant);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.orderId) query = query.where('order_id', '=', filter.orderId);
  if (filter.period) query = query.where('billing_period', '=', filter.period);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toInvoiceView), total: Number(count.total) };
}

export async function findInvoiceDetail(
  db: Db,
  tenant: string,
  invoiceId: string,
): Promise<InvoiceDetailView | undefined> {
  if (!/^\d{1,18}$/.test(invoiceId)) return undefined;
  const row = await db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('id', '=', invoiceId as never)
    .executeTakeFirst();
  if (!row) return undefined;
  const adjustments = await db
    .selectFrom('invoice_adjustments')
    .selectAll()
    .where('invoice_id', '=', row.id)
    .orderBy('id')
    .execute();
  const adjustmentViews = adjustments.map(toAdjustmentView);
  const applied = adjustmentViews
    .filter((adjustment) => adjustment.status === 'APPLIED')
    .reduce((sum, adjustment) => sum + adjustment.delta_cents, 0);
  return {
    ...toInvoiceView(row),
    line_items: row.line_items as InvoiceLineItemView[],
    billable_operations: row.billable_operations,
    adjustments: adjustmentViews,
    adjustments_total_cents: applied,
    total_due_cents: Number(row.amount_cents) + applied,
  };
}

export type TransitionOutcome =
  | { kind: 'ok'; invoice: InvoiceView }
  | { kind: 'not_found' }
  | { kind: 'invalid'; message: string; status: string };

/** Moves an invoice along its lifecycle; the UPDATE re-checks the from-status so concurrent calls cannot both win. */
export async function transitionInvoice(
  db: Db,
  tenant: string,
  invoiceId: string,
  action: InvoiceAction,
  now: Date,
): Promise<TransitionOutcome> {
  if (!/^\d{1,18}$/.test(invoiceId)) return { kind: 'not_found' };
  const current = await db
    .selectFrom('invoices')
    .select(['id', 'status'])
    .where('tenant', '=', tenant)
    .where('id', '=', invoiceId as never)
    .executeTakeFirst();
  if (!current) return { kind: 'not_found' };
  const plan = planInvoiceTransition(current.status, action);
  if (plan.kind === 'invalid') return { kind: 'invalid', message: plan.message, status: current.status };
  const updated = await db
    .updateTable('invoices')
    .set({ status: plan.to, [plan.stamp]: now, updated_at: now })
    .where('id', '=', current.id as never)
    .where('status', '=', current.status)
    .returningAll()
    .executeTakeFirst();
  if (!updated) {
    const message = `Invoice ${invoiceId} changed status concurrently; retry ${action}`;
    return { kind: 'invalid', message, status: current.status };
  }
  return { kind: 'ok', invoice: toInvoiceView(updated) };
}

export type AdjustmentDecisionOutcome =
  | { kind: 'ok'; adjustment: InvoiceAdjustmentView }
  | { kind: 'not_found' }
  | { kind: 'invalid'; message: string };

/** A person approves (APPLIED) or rejects a PENDING_REVIEW adjustment; decided ones stay as they are. */
export async function decideAdjustment(
  db: Db,
  tenant: string,
  adjustmentId: string,
  decision: 'approve' | 'reject',
  decidedBy: string,
  now: Date,
): Promise<AdjustmentDecisionOutcome> {
  if (!/^\d{1,18}$/.test(adjustmentId)) return { kind: 'not_found' };
  const current = await db
    .selectFrom('invoice_adjustments')
    .select(['id', 'status'])
    .where('tenant', '=', tenant)
    .where('id', '=', adjustmentId as never)
    .executeTakeFirst();
  if (!current) return { kind: 'not_found' };
  const updated = await db
    .updateTable('invoice_adjustments')
    .set({
      status: decision === 'approve' ? 'APPLIED' : 'REJECTED',
      decided_by: decidedBy,
      decided_at: now,
      updated_at: now,
    })
    .where('id', '=', current.id as never)
    .where('status', '=', 'PENDING_REVIEW')
    .returningAll()
    .executeTakeFirst();
  if (!updated) {
    return {
      kind: 'invalid',
      message: `Adjustment ${adjustmentId} is ${current.status}; only PENDING_REVIEW adjustments can be decided`,
    };
  }
  return { kind: 'ok', adjustment: toAdjustmentView(updated) };
}

export interface TenantTariffView {
  tenant: string;
  overrides: TariffOverrides;
  effective: Tariff;
}

export async function findTenantTariffs(db: Db, tenant: string): Promise<TenantTariffView | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select(['name', 'tariffs'])
    .where('name', '=', tenant)
    .executeTakeFirst();
  if (!row) return undefined;
  const parsed = TariffOverridesSchema.safeParse(row.tariffs);
  return {
    tenant: row.name,
    overrides: parsed.success ? parsed.data : {},
    effective: resolveTariff(row.tariffs),
  };
}

/** Replaces the tenant's tariff overrides (already validated); invoices keep the snapshot they were issued with. */
export async function replaceTenantTariffs(
  db: Db,
  tenant: string,
  overrides: TariffOverrides,
  now: Date,
): Promise<TenantTariffView> {
  await db
    .updateTable('tenants')
    .set({ tariffs: JSON.stringify(overrides), updated_at: now })
    .where('name', '=', tenant)
    .execute();
  return { tenant, overrides, effective: resolveTariff(overrides) };
}

/** Replaces the tenant's SLA credit rule overrides (already validated); issued credits keep their rationale. */
export async function replaceTenantCreditRules(
  db: Db,
  tenant: string,
  overrides: Partial<CreditRules>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('tenants')
    .set({ credit_rules: JSON.stringify(overrides), updated_at: now })
    .where('name', '=', tenant)
    .execute();
}

/** A tenant's adjustments in one status (the console's review queue), newest first, one page. */
export async function listAdjustments(
  db: Db,
  tenant: string,
  filter: { status?: 'APPLIED' | 'PENDING_REVIEW' | 'REJECTED'; page: number; pageSize: number },
): Promise<{
  items: (InvoiceAdjustmentView & { order_id: string | null; invoice_number: string })[];
  total: number;
}> {
  let query = db
    .selectFrom('invoice_adjustments')
    .innerJoin('invoices', 'invoices.id', 'invoice_adjustments.invoice_id')
    .where('invoice_adjustments.tenant', '=', tenant);
  if (filter.status) query = query.where('invoice_adjustments.status', '=', filter.status);
  const [rows, count] = await Promise.all([
    query
      .selectAll('invoice_adjustments')
      .select(['invoices.order_id', 'invoices.invoice_number'])
      .orderBy('invoice_adjustments.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => ({
      ...toAdjustmentView(row),
      order_id: row.order_id,
      invoice_number: row.invoice_number,
    })),
    total: Number(count.total),
  };
}
