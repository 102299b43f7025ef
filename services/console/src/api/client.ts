import createClient, { type Middleware } from 'openapi-fetch';
import { readSession } from '../session';
import type { components, paths } from './schema';

// The only way the console reaches the API: a client typed from the API's OpenAPI document (./schema.d.ts,
// generated at build time), so a changed route or field fails `tsc`, not the page.

export type Schemas = components['schemas'];

const auth: Middleware = {
  onRequest({ request }) {
    const session = readSession();
    if (session) {
      request.headers.set('authorization', `Bearer ${session.key}`);
      if (session.tenant) request.headers.set('x-tenant-id', session.tenant);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The X-Tenant-Id header parameter the document declares on tenant routes (the middleware sets the real one). */
export const tenantHeader = () => ({ 'x-tenant-id': readSession()?.tenant ?? '' });

/** Thrown for a non-2xx answer: the API's `{ error: { code, message, details } }`, or the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface ErrorLike {
  error?: { code?: string; message?: string; details?: { path: string; rule: string }[] };
}

/** The data of an openapi-fetch result, or an ApiError naming what the API said. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  const body = (result.error ?? {}) as ErrorLike;
  const details = body.error?.details?.map((detail) => `${detail.path}: ${detail.rule}`).join('; ');
  const message = body.error?.message ?? `${result.response.status} ${result.response.statusText}`;
  throw new ApiError(result.response.status, details ? `${message} (${details})` : message, body.error?.code);
}
