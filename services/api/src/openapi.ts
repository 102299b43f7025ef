import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/** One registry for the whole API; each router registers its paths beside its handlers. */
export const openApiRegistry = new OpenAPIRegistry();

openApiRegistry.registerComponent('securitySchemes', 'tenantApiKey', {
  type: 'http',
  scheme: 'bearer',
  description: 'Tenant API key; send it with the X-Tenant-Id header',
});

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), rule: z.string() })),
    }),
  })
  .meta({ id: 'ErrorBody' });

export const tenantHeaders = z.object({ 'x-tenant-id': z.string().meta({ description: 'Tenant name' }) });

const errorResponses = {
  400: { description: 'Bad request', content: { 'application/json': { schema: ErrorBodySchema } } },
  401: {
    description: 'Missing or invalid API key',
    content: { 'application/json': { schema: ErrorBodySchema } },
  },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorBodySchema } } },
  422: { description: 'Validation failed', content: { 'application/json': { schema: ErrorBodySchema } } },
};

/** Registers a tenant-authenticated path with the shared error responses. */
export function registerTenantPath(route: RouteConfig): void {
  openApiRegistry.registerPath({
    security: [{ tenantApiKey: [] }],
    ...route,
    request: { headers: tenantHeaders, ...route.request },
    responses: { ...errorResponses, ...route.responses },
  });
}

export function buildOpenApiDocument(serverUrl: string) {
  return new OpenApiGeneratorV31(openApiRegistry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'E²A API',
      version: '0.1.0',
      description:
        'Exceptions → Explanations → Actions: exceptions, resolutions, invoices and flows per tenant.',
    },
    servers: [{ url: serverUrl }],
  });
}
