import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { findTenant, findTenantByApiKey, type Db, type TenantRow } from '@e2a/db';
import { TENANT_ID_PATTERN, tenantIdSchema } from '@e2a/domain';
import { HttpError, parseOrThrow } from '@e2a/http';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      tenant?: TenantRow;
      /** Set when the request carried the admin key (routes open to a tenant's own key or the admin key). */
      isAdmin?: boolean;
    }
  }
}

function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match?.[1]?.trim();
}

const isKey = (token: string | undefined, expected: Buffer | undefined): boolean => {
  if (!expected || token === undefined) return false;
  const presented = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
};

/**
 * `Authorization: Bearer <tenant API key>` plus `X-Tenant-Id`; unknown tenant and wrong key answer alike. With
 * `adminApiKey`, the admin key acts for the tenant named in X-Tenant-Id (the console's tenant picker): it can
 * already create tenants and mint their keys, so this grants nothing new.
 */
export function requireTenant(db: Db, adminApiKey?: string): RequestHandler {
  const admin = adminApiKey ? Buffer.from(adminApiKey) : undefined;
  return (req: Request, _res: Response, next: NextFunction) => {
    const tenantId = req.header('x-tenant-id');
    if (!tenantId) {
      return next(
        new HttpError('invalid_tenant', 'X-Tenant-Id header is required', [
          { path: 'header.X-Tenant-Id', rule: 'required' },
        ]),
      );
    }
    if (!TENANT_ID_PATTERN.test(tenantId)) {
      return next(
        new HttpError('invalid_tenant', 'X-Tenant-Id is invalid', [
          { path: 'header.X-Tenant-Id', rule: 'must be 1-64 characters of letters, digits, "_" or "-"' },
        ]),
      );
    }
    const token = bearerToken(req);
    if (!token) {
      return next(
        new HttpError('unauthorized', 'Authorization: Bearer <api key> is required', [
          { path: 'header.Authorization', rule: 'required' },
        ]),
      );
    }
    const isAdmin = isKey(token, admin);
    (isAdmin ? findTenant(db, tenantId) : findTenantByApiKey(db, tenantId, token))
      .then((tenant) => {
        if (!tenant) {
          return next(new HttpError('unauthorized', 'Unknown tenant or invalid API key'));
        }
        req.tenant = tenant;
        if (isAdmin) req.isAdmin = true;
        next();
      })
      .catch(next);
  };
}

/** The admin key guards cross-tenant operations (DLQ replay, breaker resets may also use a tenant key). */
export function requireAdmin(adminApiKey: string): RequestHandler {
  const expected = Buffer.from(adminApiKey);
  return (req, _res, next) => {
    const token = Buffer.from(bearerToken(req) ?? '');
    if (token.length !== expected.length || !timingSafeEqual(token, expected)) {
      return next(
        new HttpError('unauthorized', 'Admin API key required', [
          { path: 'header.Authorization', rule: 'must be the admin API key' },
        ]),
      );
    }
    next();
  };
}

/** The admin key, or a tenant's own key (with X-Tenant-Id); routes then check the tenant named in the path. */
export function requireTenantOrAdmin(db: Db, adminApiKey: string): RequestHandler {
  const tenantAuth = requireTenant(db);
  const expected = Buffer.from(adminApiKey);
  return (req, res, next) => {
    const token = Buffer.from(bearerToken(req) ?? '');
    if (token.length === expected.length && timingSafeEqual(token, expected)) {
      req.isAdmin = true;
      return next();
    }
    tenantAuth(req, res, next);
  };
}

/** The authenticated tenant of a request that passed `requireTenant`. */
export function tenantOf(req: Request): TenantRow {
  if (!req.tenant) throw new HttpError('unauthorized', 'Tenant authentication required');
  return req.tenant;
}

/** The existing tenant named in the path of a `requireTenantOrAdmin` route, which a tenant key may only name for itself. */
export async function tenantOfPath(db: Db, req: Request): Promise<string> {
  const name = parseOrThrow(tenantIdSchema, req.params.name, 'path.name');
  if (!req.isAdmin && req.tenant?.name !== name) {
    throw new HttpError('forbidden', `Tenant ${req.tenant?.name ?? '?'} cannot access tenant ${name}`, [
      { path: 'path.name', rule: 'must be the authenticated tenant' },
    ]);
  }
  if (!(await findTenant(db, name))) {
    throw new HttpError('not_found', `Tenant ${name} not found`, [{ path: 'path.name', rule: 'must exist' }]);
  }
  return name;
}
