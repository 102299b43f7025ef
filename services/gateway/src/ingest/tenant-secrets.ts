import { findTenant, type Db } from '@e2a/db';

export interface TenantSecretCache {
  /** The tenant's webhook secret, undefined for an unknown tenant; throws when Postgres is unreachable. */
  get(tenant: string): Promise<string | undefined>;
  clear(): void;
}

interface Entry {
  secret: string | undefined;
  expiresAt: number;
}

const MAX_ENTRIES = 10_000;

/**
 * Webhook secrets cached in process for a short TTL so the hot path does not read the tenant row on every
 * request; concurrent misses share one query. Unknown tenants are remembered briefly too.
 */
export function createTenantSecretCache(
  db: Db,
  options: { ttlMs: number; negativeTtlMs?: number; now?: () => number },
): TenantSecretCache {
  const now = options.now ?? Date.now;
  const negativeTtlMs = options.negativeTtlMs ?? Math.min(options.ttlMs, 2_000);
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<string | undefined>>();

  async function load(tenant: string): Promise<string | undefined> {
    try {
      const row = await findTenant(db, tenant);
      const secret = row?.webhook_secret;
      if (entries.size >= MAX_ENTRIES) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(tenant, { secret, expiresAt: now() + (secret ? options.ttlMs : negativeTtlMs) });
      return secret;
    } finally {
      loading.delete(tenant);
    }
  }

  return {
    get(tenant) {
      const entry = entries.get(tenant);
      if (entry && entry.expiresAt > now()) return Promise.resolve(entry.secret);
      const pending = loading.get(tenant);
      if (pending) return pending;
      const promise = load(tenant);
      loading.set(tenant, promise);
      return promise;
    },
    clear() {
      entries.clear();
    },
  };
}
