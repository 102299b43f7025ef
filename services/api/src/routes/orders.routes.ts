import { Router } from 'express';
import { z } from 'zod';
import {
  findInvoiceDetail,
  findOrder,
  listExceptions,
  listInvoices,
  listOrderEvents,
  listOrderStages,
} from '@e2a/db';
import { HttpError, parseOrThrow } from '@e2a/http';
import type { ApiDeps } from '../app';
import { requireTenant, tenantOf } from '../middleware/auth';
import { registerTenantPath } from '../openapi';

// One order's story for "why was this order late, and what did it cost us?": milestones, events, SLA windows with
// deadlines and multipliers, exceptions, and the invoice with its adjustments.

const OrderParams = z.object({ id: z.string().min(1).max(128).meta({ description: 'Order id' }) });
const MAX_EXCEPTIONS = 100;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

const SlaWindowSchema = z.object({
  stage: z.string(),
  status: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  deadline_at: z.string().nullable(),
  sla_minutes: z.number().nullable(),
  actual_minutes: z.number().nullable(),
  breached: z.boolean(),
  scan_missing: z.boolean(),
  multipliers: z.array(z.object({ name: z.string(), value: z.number() })),
});

const OrderTimelineSchema = z
  .object({
    order: z.object({
      order_id: z.string(),
      service_level: z.string(),
      flags: z.array(z.string()),
      currency: z.string(),
      total_amount_cents: z.number().nullable(),
      event_count: z.number().int(),
      evaluated_at: z.string().nullable(),
      next_deadline_at: z.string().nullable(),
      milestones: z.record(z.string(), z.string().nullable()),
    }),
    events: z.array(
      z.object({
        source: z.string(),
        event_id: z.string(),
        event_type: z.string(),
        occurred_at: z.string(),
        received_at: z.string(),
      }),
    ),
    sla_windows: z.array(SlaWindowSchema),
    exceptions: z.array(
      z.object({
        id: z.string(),
        reason_code: z.string(),
        status: z.string(),
        severity: z.string(),
        created_at: z.string(),
        resolved_at: z.string().nullable(),
        delay_minutes: z.number().nullable(),
      }),
    ),
    invoices: z.array(
      z.object({
        id: z.string(),
        invoice_number: z.string(),
        status: z.string(),
        currency: z.string(),
        amount_cents: z.number().int(),
        adjustments_total_cents: z.number().int(),
        total_due_cents: z.number().int(),
        adjustments: z.array(
          z.object({
            id: z.string(),
            reason: z.string(),
            status: z.string(),
            delta_cents: z.number().int(),
            rationale: z.string(),
            exception_id: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'OrderTimeline' });

registerTenantPath({
  method: 'get',
  path: '/orders/{id}',
  summary:
    'One order: milestones, events, SLA windows (deadlines, multipliers), exceptions, invoice and adjustments',
  request: { params: OrderParams },
  responses: {
    200: { description: 'The order', content: { 'application/json': { schema: OrderTimelineSchema } } },
  },
});

const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);

export function createOrdersRouter(deps: Pick<ApiDeps, 'db' | 'config'>): Router {
  const router = Router();
  router.get('/orders/:id', requireTenant(deps.db, deps.config.ADMIN_API_KEY), async (req, res) => {
    const tenant = tenantOf(req).name;
    const { id } = parseOrThrow(OrderParams, req.params, 'path');
    const order = await findOrder(deps.db, tenant, id);
    if (!order)
      throw new HttpError('not_found', `Order ${id} not found`, [{ path: 'path.id', rule: 'must exist' }]);
    const [events, stages, exceptions, invoices] = await Promise.all([
      listOrderEvents(deps.db, tenant, id),
      listOrderStages(deps.db, tenant, id),
      listExceptions(deps.db, tenant, { orderId: id }, { offset: 0, limit: MAX_EXCEPTIONS }),
      listInvoices(deps.db, tenant, { orderId: id, page: 1, pageSize: 10 }),
    ]);
    const details = await Promise.all(
      invoices.items.map((invoice) => findInvoiceDetail(deps.db, tenant, invoice.id)),
    );
    res.json({
      order: {
        order_id: order.order_id,
        service_level: order.service_level,
        flags: (['is_rush', 'is_oversized', 'is_hazmat', 'is_fragile'] as const)
          .filter((flag) => order[flag])
          .map((flag) => flag.slice(3)),
        currency: order.currency,
        total_amount_cents: order.total_amount_cents === null ? null : Number(order.total_amount_cents),
        event_count: order.event_count,
        evaluated_at: iso(order.evaluated_at),
        next_deadline_at: iso(order.next_deadline_at),
        milestones: {
          order_created: iso(order.order_created_at),
          paid: iso(order.paid_at),
          pick_started: iso(order.pick_started_at),
          pick_completed: iso(order.pick_completed_at),
          pack_started: iso(order.pack_started_at),
          pack_completed: iso(order.pack_completed_at),
          label_created: iso(order.label_created_at),
          handoff: iso(order.handoff_at),
          delivered: iso(order.delivered_at),
          fulfilled: iso(order.fulfilled_at),
          cancelled: iso(order.cancelled_at),
          returned: iso(order.returned_at),
        },
      },
      events: events.map((event) => ({
        source: event.source,
        event_id: event.event_id,
        event_type: event.event_type,
        occurred_at: event.occurred_at.toISOString(),
        received_at: event.received_at.toISOString(),
      })),
      sla_windows: stages.map((stage) => {
        const data = stage.stage_data;
        return {
          stage: stage.stage_name,
          status: stage.status,
          started_at: iso(stage.started_at),
          completed_at: iso(stage.completed_at),
          deadline_at: typeof data.deadline_at === 'string' ? data.deadline_at : null,
          sla_minutes: numberOrNull(data.sla_minutes),
          actual_minutes: numberOrNull(data.actual_minutes),
          breached: data.breached === true,
          scan_missing: data.scan_missing === true,
          multipliers: Array.isArray(data.multipliers)
            ? (data.multipliers as { name: string; value: number }[])
            : [],
        };
      }),
      exceptions: exceptions.items.map((exception) => ({
        id: String(exception.id),
        reason_code: exception.reason_code,
        status: exception.status,
        severity: exception.severity,
        created_at: exception.created_at.toISOString(),
        resolved_at: iso(exception.resolved_at),
        delay_minutes: numberOrNull(exception.context_data.delay_minutes),
      })),
      invoices: details
        .filter((detail) => detail !== undefined)
        .map((detail) => ({
          id: detail.id,
          invoice_number: detail.invoice_number,
          status: detail.status,
          currency: detail.currency,
          amount_cents: detail.amount_cents,
          adjustments_total_cents: detail.adjustments_total_cents,
          total_due_cents: detail.total_due_cents,
          adjustments: detail.adjustments.map((adjustment) => ({
            id: adjustment.id,
            reason: adjustment.reason,
            status: adjustment.status,
            delta_cents: adjustment.delta_cents,
            rationale: adjustment.rationale,
            exception_id: adjustment.exception_id,
          })),
        })),
    });
  });
  return router;
}
