import { findWebhookVerification, listenForTenantChanges, type Db, type TenantChangeFeed } from '@e2a/db';
import type { Logger } from '@e2a/telemetry';

/** What authenticating a tenant's webhook needs; the previous secret only counts until it expires. */
export interface TenantCredentials {
  secret: string;
  previousSecret: string | null;
  /** Epoch ms after which the previous secret is refused. */
  previousSecretExpiresAt: number | null;
  isDisabled: boolean;
}

export interface TenantSecretCache {
  /** The tenant's credentials, undefined for an unknown tenant; throws when Postgres is unreachable. */
  get(tenant: string): Promise<TenantCredentials | undefined>;
  /** Forgets one tenant (its row changed). */
  invalidate(tenant: string): void;
  clear(): void;
}

/** The secrets a signature may be made with at `nowMs`: the current one, and the previous one in its grace period. */
export function acceptedSecrets(credentials: TenantCredentials, nowMs: number): string[] {
  const isPreviousValid =
    credentials.previousSecret !== null &&
    credentials.previousSecretExpiresAt !== null &&
    nowMs < credentials.previousSecretExpiresAt;
  return isPreviousValid ? [credentials.secret, credentials.previousSecret as string] : [credentials.secret];
}

interface Entry {
  credentials: TenantCredentials | undefined;
  expiresAt: number;
}

const MAX_ENTRIES = 10_000;

/**
 * Tenant credentials cached in process for a short TTL so the hot path does not read the tenant row on every
 * request; concurrent misses share one query. Unknown tenants are remembered briefly too. A tenant change
 * notification (`invalidate`) drops an entry at once; a load that started before it is not stored.
 */
export function createTenantSecretCache(
  db: Db,
  options: { ttlMs: number; negativeTtlMs?: number; now?: () => number },
): TenantSecretCache {
  const now = options.now ?? Date.now;
  const negativeTtlMs = options.negativeTtlMs ?? Math.min(options.ttlMs, 2_000);
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<TenantCredentials | undefined>>();
  let generation = 0;

  async function load(tenant: string): Promise<TenantCredentials | undefined> {
    const startedAt = generation;
    const row = await findWebhookVerification(db, tenant);
    const credentials = row && {
      secret: row.secret,
      previousSecret: row.previousSecret,
      previousSecretExpiresAt: row.previousSecretExpiresAt?.getTime() ?? null,
      isDisabled: row.disabledAt !== null,
    };
    if (startedAt === generation) {
      if (entries.size >= MAX_ENTRIES) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(tenant, { credentials, expiresAt: now() + (credentials ? options.ttlMs : negativeTtlMs) });
    }
    return credentials;
  }

  return {
    get(tenant) {
      const entry = entries.get(tenant);
      if (entry && entry.expiresAt > now()) return Promise.resolve(entry.credentials);
      const pending = loading.get(tenant);
      if (pending) return pending;
      const promise: Promise<TenantCredentials | undefined> = load(tenant).finally(() => {
        if (loading.get(tenant) === promise) loading.delete(tenant);
      });
      loading.set(tenant, promise);
      return promise;
    },
    invalidate(tenant) {
      generation += 1;
      entries.delete(tenant);
      loading.delete(tenant);
    },
    clear() {
      generation += 1;
      entries.clear();
      loading.clear();
    },
  };
}

/** Drops cached credentials as soon as a tenant changes (rotation, disable, enable); all of them on reconnect. */
export function watchTenantChanges(
  cache: TenantSecretCache,
  connectionString: string,
  logger: Logger,
): TenantChangeFeed {
  return listenForTenantChanges(connectionString, {
    onChange: (tenant) => cache.invalidate(tenant),
    onReset: () => cache.clear(),
    onError: (error) =>
      logger.warn({ err: error }, 'tenant change notifications interrupted; cache TTL applies'),
  });
}
