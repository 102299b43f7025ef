import { z } from 'zod';
import { ADJUSTMENT_PRIORITIES, ADJUSTMENT_REASONS, ADJUSTMENT_STATUSES } from './adjustments';
import { INVOICE_STATUSES } from './invoice-lifecycle';

// An invoice as the API shows it: one zod schema per view, the types inferred from them. `packages/db` maps rows to
// these types; the API serves and documents them (adding its OpenAPI ids).

export const INVOICE_KINDS = ['ORDER', 'MINIMUM_MONTHLY_FEE'] as const;

/** One line of `invoices.line_items` (the formula's steps, domain reference §9). */
export const invoiceLineItemViewSchema = z.object({
  operation: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  rate_cents: z.number().int(),
  amount_cents: z.number().int(),
});
export type InvoiceLineItemView = z.infer<typeof invoiceLineItemViewSchema>;

export const invoiceAdjustmentViewSchema = z.object({
  id: z.string(),
  invoice_id: z.string(),
  reason: z.enum(ADJUSTMENT_REASONS),
  delta_cents: z.number().int(),
  rationale: z.string(),
  status: z.enum(ADJUSTMENT_STATUSES),
  priority: z.enum(ADJUSTMENT_PRIORITIES),
  exception_id: z.string().nullable(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  created_at: z.string(),
});
export type InvoiceAdjustmentView = z.infer<typeof invoiceAdjustmentViewSchema>;

export const invoiceViewSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  kind: z.enum(INVOICE_KINDS).meta({
    description: "MINIMUM_MONTHLY_FEE: a closed month's shortfall against the minimum monthly fee (no order)",
  }),
  order_id: z.string().nullable(),
  invoice_number: z.string().meta({ example: 'INV-demo-3pl-202611-000042' }),
  status: z.enum(INVOICE_STATUSES),
  amount_cents: z.number().int(),
  currency: z.string(),
  billing_period: z.string(),
  invoice_date: z.string(),
  due_date: z.string(),
  volume_tier_percent: z.number().int(),
  finalized_at: z.string().nullable(),
  sent_at: z.string().nullable(),
  paid_at: z.string().nullable(),
  voided_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type InvoiceView = z.infer<typeof invoiceViewSchema>;

export const invoiceDetailViewSchema = invoiceViewSchema.extend({
  line_items: z.array(invoiceLineItemViewSchema),
  billable_operations: z.record(z.string(), z.unknown()),
  adjustments: z.array(invoiceAdjustmentViewSchema),
  adjustments_total_cents: z.number().int().meta({ description: 'applied adjustments only' }),
  total_due_cents: z
    .number()
    .int()
    .meta({ description: 'amount plus applied adjustments: what the tenant owes' }),
});
export type InvoiceDetailView = z.infer<typeof invoiceDetailViewSchema>;
