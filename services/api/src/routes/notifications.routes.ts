import { Router } from 'express';
import { z } from 'zod';
import {
  findNotificationEndpoint,
  listNotificationDeliveries,
  upsertNotificationEndpoint,
  type NotificationDeliveryRow,
  type NotificationEndpointRow,
} from '@e2a/db';
import {
  NOTIFICATION_EVENT_TYPES,
  NOTIFICATION_FORMATS,
  NotificationEndpointBodySchema,
  SEVERITIES,
  tenantIdSchema,
} from '@e2a/domain';
import { parseOrThrow } from '@e2a/http';
import type { ApiDeps } from '../app';
import { requireTenant, requireTenantOrAdmin, tenantOf, tenantOfPath } from '../middleware/auth';
import { ErrorBodySchema, openApiRegistry, registerTenantPath } from '../openapi';

// Outbound notifications (docs/notifications.md): the tenant's endpoint, and what was delivered to it.

const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'] as const;

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const NotificationEndpointSchema = z
  .object({
    tenant: z.string(),
    url: z.string(),
    events: z.array(z.enum(NOTIFICATION_EVENT_TYPES)),
    min_severity: z.enum(SEVERITIES),
    format: z.enum(NOTIFICATION_FORMATS),
    has_secret: z.boolean().meta({ description: 'The secret is write-only' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'NotificationEndpoint' });

export const DeliveryListQuerySchema = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  event_type: z.enum(NOTIFICATION_EVENT_TYPES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});

const NotificationDeliverySchema = z
  .object({
    id: z.string().meta({ description: 'The event id (X-E2A-Event-Id)' }),
    event_type: z.enum(NOTIFICATION_EVENT_TYPES),
    exception_id: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    url: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    created_at: z.string(),
    last_attempt_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
  })
  .meta({ id: 'NotificationDelivery' });

const DeliveryPageSchema = z
  .object({
    items: z.array(NotificationDeliverySchema),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    has_next: z.boolean(),
  })
  .meta({ id: 'NotificationDeliveryPage' });

const security: Record<string, string[]>[] = [{ adminApiKey: [] }, { tenantApiKey: [] }];
const settingsRoute = {
  tags: ['notifications'],
  security,
  request: { params: z.object({ name: tenantIdSchema }) },
  responses: {
    401: json(ErrorBodySchema, 'Missing or invalid API key'),
    403: json(ErrorBodySchema, "A tenant key for another tenant's endpoint"),
    404: json(ErrorBodySchema, 'Unknown tenant'),
    422: json(ErrorBodySchema, 'Validation failed; details name each field and rule'),
  },
};
openApiRegistry.registerPath({
  ...settingsRoute,
  method: 'get',
  path: '/tenants/{name}/notifications',
  summary: "The tenant's notification endpoint (without its secret)",
  responses: {
    ...settingsRoute.responses,
    200: json(NotificationEndpointSchema.nullable(), 'The endpoint, or null while none is configured'),
  },
});
openApiRegistry.registerPath({
  ...settingsRoute,
  method: 'put',
  path: '/tenants/{name}/notifications',
  summary: 'Creates or replaces the endpoint that receives signed POSTs for the chosen events',
  request: {
    ...settingsRoute.request,
    body: { content: { 'application/json': { schema: NotificationEndpointBodySchema } } },
  },
  responses: { ...settingsRoute.responses, 200: json(NotificationEndpointSchema, 'The endpoint as stored') },
});
registerTenantPath({
  method: 'get',
  path: '/notifications/deliveries',
  tags: ['notifications'],
  summary: "The tenant's notification deliveries, newest first: status, attempts, last answer",
  request: { query: DeliveryListQuerySchema },
  responses: { 200: json(DeliveryPageSchema, 'A page of deliveries') },
});

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function presentEndpoint(row: NotificationEndpointRow) {
  return {
    tenant: row.tenant,
    url: row.url,
    events: row.events,
    min_severity: row.min_severity,
    format: row.format,
    has_secret: row.secret.length > 0,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function presentDelivery(row: NotificationDeliveryRow) {
  return {
    id: row.id,
    event_type: row.event_type,
    exception_id: row.exception_id,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    url: row.url,
    payload: row.payload,
    created_at: row.created_at.toISOString(),
    last_attempt_at: iso(row.last_attempt_at),
    delivered_at: iso(row.delivered_at),
  };
}

export function createNotificationsRouter(deps: ApiDeps): Router {
  const router = Router();
  const auth = requireTenantOrAdmin(deps.db, deps.config.ADMIN_API_KEY);

  router.get('/tenants/:name/notifications', auth, async (req, res) => {
    const tenant = await tenantOfPath(deps.db, req);
    const endpoint = await findNotificationEndpoint(deps.db, tenant);
    // No endpoint yet is a state of the tenant, not a missing resource: null (the console shows "none").
    res.json(endpoint ? presentEndpoint(endpoint) : null);
  });

  router.put('/tenants/:name/notifications', auth, async (req, res) => {
    const tenant = await tenantOfPath(deps.db, req);
    const body = parseOrThrow(NotificationEndpointBodySchema, req.body ?? {});
    const endpoint = await upsertNotificationEndpoint(deps.db, tenant, {
      url: body.url,
      secret: body.secret,
      events: body.events,
      minSeverity: body.min_severity,
      format: body.format,
    });
    res.json(presentEndpoint(endpoint));
  });

  router.get('/notifications/deliveries', requireTenant(deps.db), async (req, res) => {
    const tenant = tenantOf(req);
    const query = parseOrThrow(DeliveryListQuerySchema, req.query, 'query');
    const offset = (query.page - 1) * query.page_size;
    const { items, total } = await listNotificationDeliveries(
      deps.db,
      tenant.name,
      { status: query.status, eventType: query.event_type },
      { offset, limit: query.page_size },
    );
    res.json({
      items: items.map(presentDelivery),
      total,
      page: query.page,
      page_size: query.page_size,
      has_next: offset + items.length < total,
    });
  });

  return router;
}
