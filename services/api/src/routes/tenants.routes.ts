import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { tenantIdSchema } from '@e2a/domain';
import { HttpError, parseOrThrow } from '@e2a/http';
import {
  apiKeyPrefixSchema,
  ApiKeyCreatedSchema,
  ApiKeyRevokedSchema,
  createTenantAdmin,
  CreatedTenantSchema,
  CreateTenantBodySchema,
  RotatedSecretSchema,
  RotateSecretBodySchema,
  TenantAdminError,
  TenantChangeSchema,
  TenantDetailSchema,
  TenantSummarySchema,
  UpdateTenantBodySchema,
} from '@e2a/tenants';
import type { ApiDeps } from '../app';
import { requireAdmin } from '../middleware/auth';
import { ErrorBodySchema, openApiRegistry } from '../openapi';

// Tenant administration (admin key): create, list, show, update, disable/enable, rotate the webhook secret, API
// keys. Postgres is written first, then a provisioning workflow makes it real (docs/tenants.md).

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errorResponse = (description: string) => json(ErrorBodySchema, description);
const adminErrors = {
  401: errorResponse('Admin API key required'),
  503: errorResponse('Temporal or Postgres unreachable; retry later'),
};
const withTenant = {
  ...adminErrors,
  404: errorResponse('Unknown tenant'),
  422: errorResponse('Validation failed; details name each field and rule'),
};
const nameParams = z.object({ name: tenantIdSchema });

const register = (route: Parameters<typeof openApiRegistry.registerPath>[0]) =>
  openApiRegistry.registerPath({ tags: ['tenants'], security: [{ adminApiKey: [] }], ...route });

register({
  method: 'post',
  path: '/admin/tenants',
  summary: 'Create a tenant and bring it into service (schedules, real-time evaluation) through Temporal',
  request: { body: { content: { 'application/json': { schema: CreateTenantBodySchema } } } },
  responses: {
    201: json(CreatedTenantSchema, 'Created; the webhook secret and API key are shown once'),
    409: errorResponse('A tenant of that name exists'),
    422: withTenant[422],
    ...adminErrors,
  },
});
register({
  method: 'get',
  path: '/admin/tenants',
  summary: 'Every tenant with its state: active or disabled, monitor running, schedules present and paused',
  responses: { 200: json(z.array(TenantSummarySchema), 'The tenants'), ...adminErrors },
});
register({
  method: 'get',
  path: '/admin/tenants/{name}',
  summary: 'One tenant: settings, API key prefixes, rotation grace, monitor and each schedule',
  request: { params: nameParams },
  responses: { 200: json(TenantDetailSchema, 'The tenant'), ...withTenant },
});
register({
  method: 'patch',
  path: '/admin/tenants/{name}',
  summary: 'Change display name, time zone (moves the billing schedule) or partner URL',
  request: {
    params: nameParams,
    body: { content: { 'application/json': { schema: UpdateTenantBodySchema } } },
  },
  responses: { 200: json(TenantChangeSchema, 'The updated tenant and its provisioning run'), ...withTenant },
});
for (const action of ['disable', 'enable'] as const) {
  register({
    method: 'post',
    path: `/admin/tenants/{name}/${action}`,
    summary:
      action === 'disable'
        ? 'Disable: data kept, schedules paused, real-time evaluation stops, webhooks answered 403 tenant_disabled'
        : 'Enable: schedules resumed, real-time evaluation and webhooks accepted again',
    request: { params: nameParams },
    responses: { 200: json(TenantChangeSchema, 'The tenant and its provisioning run'), ...withTenant },
  });
}
register({
  method: 'post',
  path: '/admin/tenants/{name}/rotate-webhook-secret',
  summary:
    'A new webhook secret; the previous one stays valid for the grace period (WEBHOOK_SECRET_GRACE_HOURS)',
  request: {
    params: nameParams,
    body: { content: { 'application/json': { schema: RotateSecretBodySchema } }, required: false },
  },
  responses: { 200: json(RotatedSecretSchema, 'The new secret, shown once'), ...withTenant },
});
register({
  method: 'post',
  path: '/admin/tenants/{name}/api-keys',
  summary: 'A new API key for the tenant (shown once, stored hashed, named by its prefix)',
  request: { params: nameParams },
  responses: { 201: json(ApiKeyCreatedSchema, 'The new key'), ...withTenant },
});
register({
  method: 'delete',
  path: '/admin/tenants/{name}/api-keys/{prefix}',
  summary: 'Revoke one API key by its prefix',
  request: { params: nameParams.extend({ prefix: apiKeyPrefixSchema }) },
  responses: { 200: json(ApiKeyRevokedSchema, 'Revoked'), ...withTenant },
});

/** The admin tenant routes over one tenant-admin service (the CLI uses the same one). */
export function createTenantsRouter(deps: ApiDeps): Router {
  const router = Router();
  const admin = createTenantAdmin({
    db: deps.db,
    temporal: deps.temporal,
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    webhookSecretGraceHours: deps.config.WEBHOOK_SECRET_GRACE_HOURS,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const auth = requireAdmin(deps.config.ADMIN_API_KEY);
  const nameOf = (req: Request) => parseOrThrow(tenantIdSchema, req.params.name, 'path.name');

  // TenantAdminError carries its own code; everything else is the shared error handler's.
  const run =
    <T>(work: (req: Request) => Promise<T>, status = 200) =>
    async (req: Request, res: Response) => {
      try {
        res.status(status).json(await work(req));
      } catch (error) {
        if (error instanceof TenantAdminError) throw new HttpError(error.code, error.message, error.details);
        throw error;
      }
    };

  router.post(
    '/admin/tenants',
    auth,
    run((req) => admin.create(parseOrThrow(CreateTenantBodySchema, req.body ?? {})), 201),
  );
  router.get(
    '/admin/tenants',
    auth,
    run(() => admin.list()),
  );
  router.get(
    '/admin/tenants/:name',
    auth,
    run((req) => admin.show(nameOf(req))),
  );
  router.patch(
    '/admin/tenants/:name',
    auth,
    run((req) => admin.update(nameOf(req), parseOrThrow(UpdateTenantBodySchema, req.body ?? {}))),
  );
  router.post(
    '/admin/tenants/:name/disable',
    auth,
    run((req) => admin.disable(nameOf(req))),
  );
  router.post(
    '/admin/tenants/:name/enable',
    auth,
    run((req) => admin.enable(nameOf(req))),
  );
  router.post(
    '/admin/tenants/:name/rotate-webhook-secret',
    auth,
    run((req) => {
      const body = parseOrThrow(RotateSecretBodySchema, req.body ?? {});
      return admin.rotateWebhookSecret(
        nameOf(req),
        body.grace_hours !== undefined ? { graceHours: body.grace_hours } : {},
      );
    }),
  );
  router.post(
    '/admin/tenants/:name/api-keys',
    auth,
    run((req) => admin.addApiKey(nameOf(req)), 201),
  );
  router.delete(
    '/admin/tenants/:name/api-keys/:prefix',
    auth,
    run((req) =>
      admin.revokeApiKey(nameOf(req), parseOrThrow(apiKeyPrefixSchema, req.params.prefix, 'path.prefix')),
    ),
  );
  return router;
}
