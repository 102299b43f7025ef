import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  buildBillingReport,
  decideAdjustment,
  findInvoiceDetail,
  findStoredBillingReport,
  findTenantTariffs,
  listAdjustments,
  listInvoices,
  replaceTenantCreditRules,
  replaceTenantTariffs,
  transitionInvoice,
} from '@e2a/db';
import {
  billingReportSchema,
  CreditRulesOverridesSchema,
  invoiceAdjustmentViewSchema,
  invoiceDetailViewSchema,
  invoiceLineItemViewSchema,
  invoiceViewSchema,
  INVOICE_ACTIONS,
  INVOICE_STATUSES,
  resolveCreditRules,
  resolveTariff,
  TariffOverridesSchema,
  TariffSchema,
  type InvoiceAction,
} from '@e2a/domain';
import { HttpError, parseOrThrow, validationError } from '@e2a/http';
import type { ApiDeps } from '../app';
import { renderInvoiceHtml, renderInvoicePdf } from '../documents/invoice-document';
import { requireTenant, tenantOf } from '../middleware/auth';
import { registerTenantPath } from '../openapi';

// Invoices, their documents and adjustments, the monthly billing report and the tenant's tariff.

const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');
const idSchema = z.string().regex(/^\d{1,18}$/, 'must be a numeric id');

const ListInvoicesQuery = z.object({
  status: z.enum(INVOICE_STATUSES).optional(),
  order_id: z.string().min(1).max(128).optional(),
  period: periodSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});

const DocumentQuery = z.object({ format: z.enum(['html', 'pdf']).optional() });
const DecisionBody = z.object({ decided_by: z.string().min(1).max(200).optional() }).strict();

// The views are zod schemas in @e2a/domain (the repository returns their inferred types); here they get their ids.
const InvoiceSchema = invoiceViewSchema.meta({ id: 'Invoice' });
const AdjustmentSchema = invoiceAdjustmentViewSchema.meta({ id: 'InvoiceAdjustment' });
const InvoiceDetailSchema = invoiceDetailViewSchema
  .extend({
    line_items: z.array(invoiceLineItemViewSchema.meta({ id: 'InvoiceLineItem' })),
    adjustments: z.array(AdjustmentSchema),
  })
  .meta({ id: 'InvoiceDetail' });

const InvoicePageSchema = z
  .object({
    items: z.array(InvoiceSchema),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    has_next: z.boolean(),
  })
  .meta({ id: 'InvoicePage' });

const BillingReportSchema = billingReportSchema
  .extend({
    stored: z.boolean().meta({ description: 'false when computed on request because no run stored it yet' }),
  })
  .meta({ id: 'BillingReport' });

const TariffViewSchema = z
  .object({
    tenant: z.string(),
    overrides: TariffOverridesSchema,
    effective: TariffSchema,
  })
  .meta({ id: 'TenantTariff' });

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

registerTenantPath({
  method: 'get',
  path: '/invoices',
  summary: 'List invoices',
  tags: ['billing'],
  request: { query: ListInvoicesQuery },
  responses: { 200: json(InvoicePageSchema, 'A page of invoices, newest first') },
});
registerTenantPath({
  method: 'get',
  path: '/invoices/{id}',
  summary: 'An invoice with its line items and adjustments',
  tags: ['billing'],
  request: { params: z.object({ id: idSchema }) },
  responses: { 200: json(InvoiceDetailSchema, 'The invoice') },
});
const ACTION_SUMMARIES: Record<InvoiceAction, string> = {
  finalize: 'Finalise a DRAFT invoice (→ PENDING)',
  send: 'Mark a PENDING invoice as sent (→ SENT)',
  'mark-paid': 'Record payment of a SENT invoice (→ PAID)',
  void: 'Void an unpaid invoice (→ VOID)',
};
for (const action of INVOICE_ACTIONS) {
  registerTenantPath({
    method: 'post',
    path: `/invoices/{id}/${action}`,
    summary: ACTION_SUMMARIES[action],
    tags: ['billing'],
    request: { params: z.object({ id: idSchema }) },
    responses: {
      200: json(InvoiceDetailSchema, 'The invoice after the transition'),
      409: { description: 'The transition is not allowed from the current status' },
    },
  });
}
registerTenantPath({
  method: 'get',
  path: '/invoices/{id}/document',
  summary: 'The invoice as a printable HTML page or a PDF',
  description: 'HTML by default; PDF with `?format=pdf` or `Accept: application/pdf`.',
  tags: ['billing'],
  request: { params: z.object({ id: idSchema }), query: DocumentQuery },
  responses: {
    200: {
      description: 'The invoice document',
      content: {
        'text/html': { schema: z.string() },
        'application/pdf': { schema: z.string().meta({ format: 'binary' }) },
      },
    },
  },
});
registerTenantPath({
  method: 'get',
  path: '/billing/reports/{period}',
  summary: "The month's billing report (stored by the billing run, or computed now)",
  tags: ['billing'],
  request: { params: z.object({ period: periodSchema }) },
  responses: { 200: json(BillingReportSchema, 'The report') },
});
const ListAdjustmentsQuery = z.object({
  status: z.enum(['APPLIED', 'PENDING_REVIEW', 'REJECTED']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});
const AdjustmentPageSchema = z
  .object({
    items: z.array(AdjustmentSchema.extend({ order_id: z.string().nullable(), invoice_number: z.string() })),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    has_next: z.boolean(),
  })
  .meta({ id: 'InvoiceAdjustmentPage' });
registerTenantPath({
  method: 'get',
  path: '/invoice-adjustments',
  summary: 'Adjustments of the tenant’s invoices, newest first (status=PENDING_REVIEW: the review queue)',
  tags: ['billing'],
  request: { query: ListAdjustmentsQuery },
  responses: { 200: json(AdjustmentPageSchema, 'A page of adjustments') },
});
for (const decision of ['approve', 'reject'] as const) {
  registerTenantPath({
    method: 'post',
    path: `/invoice-adjustments/{id}/${decision}`,
    summary: `${decision === 'approve' ? 'Apply' : 'Reject'} an adjustment waiting in PENDING_REVIEW`,
    tags: ['billing'],
    request: {
      params: z.object({ id: idSchema }),
      body: { content: { 'application/json': { schema: DecisionBody } }, required: false },
    },
    responses: { 200: json(AdjustmentSchema, 'The decided adjustment') },
  });
}
registerTenantPath({
  method: 'get',
  path: '/tenants/{name}/tariffs',
  summary: "The tenant's tariff: stored overrides and the effective tariff",
  tags: ['billing'],
  request: { params: z.object({ name: z.string() }) },
  responses: { 200: json(TariffViewSchema, 'The tariff') },
});
registerTenantPath({
  method: 'put',
  path: '/tenants/{name}/tariffs',
  summary: "Replace the tenant's tariff overrides (merged over the defaults)",
  tags: ['billing'],
  request: {
    params: z.object({ name: z.string() }),
    body: { content: { 'application/json': { schema: TariffOverridesSchema } } },
  },
  responses: { 200: json(TariffViewSchema, 'The stored tariff') },
});
registerTenantPath({
  method: 'get',
  path: '/tenants/{name}/credit-rules',
  summary: "The tenant's SLA credit rules per reason code (overrides merged over the defaults)",
  tags: ['billing'],
  request: { params: z.object({ name: z.string() }) },
  responses: { 200: json(z.record(z.string(), z.unknown()), 'The credit rules') },
});
registerTenantPath({
  method: 'put',
  path: '/tenants/{name}/credit-rules',
  summary: "Replace the tenant's SLA credit rule overrides",
  tags: ['billing'],
  request: {
    params: z.object({ name: z.string() }),
    body: { content: { 'application/json': { schema: CreditRulesOverridesSchema } } },
  },
  responses: { 200: json(z.record(z.string(), z.unknown()), 'The stored credit rules') },
});

function requireOwnTenant(req: Request): string {
  const tenant = tenantOf(req);
  if (req.params.name !== tenant.name) {
    throw new HttpError(
      'forbidden',
      `Tenant ${tenant.name} cannot access tenant ${String(req.params.name)}`,
      [{ path: 'path.name', rule: 'must be the authenticated tenant' }],
    );
  }
  return tenant.name;
}

const invoiceIdOf = (req: Request) => parseOrThrow(idSchema, req.params.id, 'path.id');

/** One page of a list, in the shape every paginated route answers. */
const pageOf = <T>(items: T[], total: number, query: { page: number; page_size: number }) => ({
  items,
  total,
  page: query.page,
  page_size: query.page_size,
  has_next: query.page * query.page_size < total,
});

export function createInvoicesRouter(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const auth = requireTenant(deps.db, deps.config.ADMIN_API_KEY);

  const loadInvoice = async (tenant: string, id: string) => {
    const invoice = await findInvoiceDetail(deps.db, tenant, id);
    if (!invoice) {
      throw new HttpError('not_found', `Invoice ${id} not found`, [{ path: 'path.id', rule: 'must exist' }]);
    }
    return invoice;
  };

  router.get('/invoices', auth, async (req, res) => {
    const tenant = tenantOf(req);
    const query = parseOrThrow(ListInvoicesQuery, req.query, 'query');
    const { items, total } = await listInvoices(deps.db, tenant.name, {
      status: query.status,
      orderId: query.order_id,
      period: query.period,
      page: query.page,
      pageSize: query.page_size,
    });
    res.json(pageOf(items, total, query));
  });

  router.get('/invoices/:id', auth, async (req, res) => {
    res.json(await loadInvoice(tenantOf(req).name, invoiceIdOf(req)));
  });

  router.get('/invoices/:id/document', auth, async (req, res) => {
    const tenant = tenantOf(req);
    const query = parseOrThrow(DocumentQuery, req.query, 'query');
    const invoice = await loadInvoice(tenant.name, invoiceIdOf(req));
    const format =
      query.format ?? (req.accepts(['text/html', 'application/pdf']) === 'application/pdf' ? 'pdf' : 'html');
    const tariff = resolveTariff(tenant.tariffs);
    const input = {
      invoice,
      billTo: { name: tenant.name, displayName: tenant.display_name, timezone: tenant.timezone },
      paymentTermsDays: tariff.payment_terms_days,
      lateFeeCents: tariff.late_fee_cents,
    };
    if (format === 'pdf') {
      const pdf = await renderInvoicePdf(input);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="${invoice.invoice_number}.pdf"`);
      res.send(pdf);
      return;
    }
    res.type('html').send(renderInvoiceHtml(input));
  });

  router.post('/invoices/:id/:action', auth, async (req, res) => {
    const tenant = tenantOf(req);
    const id = invoiceIdOf(req);
    const action = parseOrThrow(z.enum(INVOICE_ACTIONS), req.params.action, 'path.action');
    const outcome = await transitionInvoice(deps.db, tenant.name, id, action, now());
    if (outcome.kind === 'not_found') {
      throw new HttpError('not_found', `Invoice ${id} not found`, [{ path: 'path.id', rule: 'must exist' }]);
    }
    if (outcome.kind === 'invalid') {
      throw new HttpError('invalid_transition', outcome.message, [
        { path: 'status', rule: `${action} is not allowed from ${outcome.status}` },
      ]);
    }
    deps.logger.info(
      { tenant: tenant.name, invoiceId: id, action, status: outcome.invoice.status },
      'invoice transition',
    );
    res.json(await loadInvoice(tenant.name, id));
  });

  router.get('/billing/reports/:period', auth, async (req, res) => {
    const tenant = tenantOf(req);
    const period = parseOrThrow(periodSchema, req.params.period, 'path.period');
    const stored = await findStoredBillingReport(deps.db, tenant.name, period);
    if (stored) {
      // Reports stored before month close existed have no minimum_fee_invoice.
      res.json({ ...stored, minimum_fee_invoice: stored.minimum_fee_invoice ?? null, stored: true });
      return;
    }
    res.json({ ...(await buildBillingReport(deps.db, tenant, period, now())), stored: false });
  });

  router.get('/invoice-adjustments', auth, async (req, res) => {
    const query = parseOrThrow(ListAdjustmentsQuery, req.query, 'query');
    const { items, total } = await listAdjustments(deps.db, tenantOf(req).name, {
      status: query.status,
      page: query.page,
      pageSize: query.page_size,
    });
    res.json(pageOf(items, total, query));
  });

  router.post('/invoice-adjustments/:id/:decision', auth, async (req, res) => {
    const tenant = tenantOf(req);
    const id = parseOrThrow(idSchema, req.params.id, 'path.id');
    const decision = parseOrThrow(z.enum(['approve', 'reject']), req.params.decision, 'path.decision');
    const body = parseOrThrow(DecisionBody, req.body ?? {}, 'body');
    const outcome = await decideAdjustment(
      deps.db,
      tenant.name,
      id,
      decision,
      body.decided_by ?? `api:${tenant.name}`,
      now(),
    );
    if (outcome.kind === 'not_found') {
      throw new HttpError('not_found', `Adjustment ${id} not found`, [
        { path: 'path.id', rule: 'must exist' },
      ]);
    }
    if (outcome.kind === 'invalid') {
      throw new HttpError('invalid_transition', outcome.message, [
        { path: 'status', rule: 'must be PENDING_REVIEW' },
      ]);
    }
    res.json(outcome.adjustment);
  });

  router.get('/tenants/:name/tariffs', auth, async (req, res) => {
    res.json(await findTenantTariffs(deps.db, requireOwnTenant(req)));
  });

  router.put('/tenants/:name/tariffs', auth, async (req, res) => {
    const name = requireOwnTenant(req);
    const parsed = TariffOverridesSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    res.json(await replaceTenantTariffs(deps.db, name, parsed.data, now()));
  });

  router.get('/tenants/:name/credit-rules', auth, (req, res) => {
    requireOwnTenant(req);
    const tenant = tenantOf(req);
    res.json({
      tenant: tenant.name,
      overrides: tenant.credit_rules,
      effective: resolveCreditRules(tenant.credit_rules),
    });
  });

  router.put('/tenants/:name/credit-rules', auth, async (req, res) => {
    const name = requireOwnTenant(req);
    const parsed = CreditRulesOverridesSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    await replaceTenantCreditRules(deps.db, name, parsed.data, now());
    res.json({ tenant: name, overrides: parsed.data, effective: resolveCreditRules(parsed.data) });
  });

  return router;
}
