import { createHash, randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from './connection';
import type { Database, TenantRow } from './schema';

export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

export const generateSecret = (bytes = 24): string => randomBytes(bytes).toString('base64url');

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0234567';
const GENERATED_KEY_PATTERN = /^e2a_([a-z0-9]{8})_[A-Za-z0-9_-]+$/;

/** A new API key `e2a_<prefix>_<secret>`: the 8-character prefix names the key and is not secret. */
export function generateApiKey(): { apiKey: string; prefix: string } {
  const prefix = Array.from(randomBytes(8), (byte) => PREFIX_ALPHABET[byte % 32]).join('');
  return { apiKey: `e2a_${prefix}_${generateSecret(24)}`, prefix };
}

/** The name of a key: its own prefix when generated here, else the start of its hash (never part of the key). */
export function apiKeyPrefixOf(apiKey: string): string {
  return GENERATED_KEY_PATTERN.exec(apiKey)?.[1] ?? hashApiKey(apiKey).slice(0, 8);
}

type Executor = Db | Transaction<Database>;

export async function findTenant(db: Executor, name: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listTenants(db: Executor): Promise<TenantRow[]> {
  return db.selectFrom('tenants').selectAll().orderBy('name').execute();
}

/** Tenants after `afterName` in name order: the reconciler's keyset pages. */
export async function listTenantPage(
  db: Executor,
  afterName: string | null,
  limit: number,
): Promise<Array<Pick<TenantRow, 'name' | 'timezone' | 'disabled_at'>>> {
  let query = db
    .selectFrom('tenants')
    .select(['name', 'timezone', 'disabled_at'])
    .orderBy('name')
    .limit(limit);
  if (afterName !== null) query = query.where('name', '>', afterName);
  return query.execute();
}

/** The tenant whose stored hashes include the presented key; undefined for an unknown tenant or a wrong key. */
export async function findTenantByApiKey(
  db: Executor,
  name: string,
  presentedKey: string,
): Promise<TenantRow | undefined> {
  return db
    .selectFrom('tenants')
    .selectAll('tenants')
    .where('tenants.name', '=', name)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('tenant_api_keys')
          .select('tenant_api_keys.prefix')
          .whereRef('tenant_api_keys.tenant', '=', 'tenants.name')
          .where('tenant_api_keys.key_hash', '=', hashApiKey(presentedKey)),
      ),
    )
    .executeTakeFirst();
}

export interface WebhookVerification {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  disabledAt: Date | null;
}

/** What the gateway needs to authenticate a webhook: both secrets during a rotation, and whether it is disabled. */
export async function findWebhookVerification(
  db: Executor,
  name: string,
): Promise<WebhookVerification | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select([
      'webhook_secret',
      'previous_webhook_secret',
      'previous_webhook_secret_expires_at',
      'disabled_at',
    ])
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    secret: row.webhook_secret,
    previousSecret: row.previous_webhook_secret,
    previousSecretExpiresAt: row.previous_webhook_secret_expires_at,
    disabledAt: row.disabled_at,
  };
}

async function insertApiKey(trx: Executor, tenant: string, apiKey: string): Promise<string> {
  const keyHash = hashApiKey(apiKey);
  await trx
    .insertInto('tenant_api_keys')
    .values({ tenant, prefix: apiKeyPrefixOf(apiKey), key_hash: keyHash })
    .onConflict((conflict) => conflict.columns(['tenant', 'key_hash']).doNothing())
    .execute();
  const stored = await trx
    .selectFrom('tenant_api_keys')
    .select('prefix')
    .where('tenant', '=', tenant)
    .where('key_hash', '=', keyHash)
    .executeTakeFirstOrThrow();
  return stored.prefix;
}

export interface NewTenantInput {
  name: string;
  displayName?: string | null;
  webhookSecret?: string;
  apiKey?: string;
  timezone?: string;
  partnerEndpoints?: Record<string, string>;
}

export interface CreatedTenant {
  name: string;
  webhook_secret: string;
  api_key: string;
  api_key_prefix: string;
}

/** Creates a tenant with a generated secret and key unless given; undefined when the name is taken. */
export async function createTenant(db: Db, input: NewTenantInput): Promise<CreatedTenant | undefined> {
  return db.transaction().execute(async (trx) => {
    const webhookSecret = input.webhookSecret ?? generateSecret();
    const inserted = await trx
      .insertInto('tenants')
      .values({
        name: input.name,
        display_name: input.displayName ?? null,
        webhook_secret: webhookSecret,
        timezone: input.timezone ?? 'UTC',
        partner_endpoints: JSON.stringify(input.partnerEndpoints ?? {}),
        sla_policy: '{}',
        tariffs: '{}',
        credit_rules: '{}',
      })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .returning('name')
      .executeTakeFirst();
    if (!inserted) return undefined;
    const apiKey = input.apiKey ?? generateApiKey().apiKey;
    const prefix = await insertApiKey(trx, input.name, apiKey);
    return { name: input.name, webhook_secret: webhookSecret, api_key: apiKey, api_key_prefix: prefix };
  });
}

export type UpsertTenantInput = NewTenantInput;

/**
 * Creates the tenant or updates the given fields (`e2a tenant create`). A new tenant without an explicit secret or
 * key gets generated ones; the plain API key is returned once and only its hash is stored.
 */
export async function upsertTenant(
  db: Db,
  input: UpsertTenantInput,
): Promise<{ name: string; webhook_secret: string; api_key: string | null; created: boolean }> {
  const created = await createTenant(db, input);
  if (created) return { ...created, created: true };
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('tenants')
      .selectAll()
      .where('name', '=', input.name)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const webhookSecret = input.webhookSecret ?? existing.webhook_secret;
    await trx
      .updateTable('tenants')
      .set({
        webhook_secret: webhookSecret,
        timezone: input.timezone ?? existing.timezone,
        ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
        ...(input.partnerEndpoints
          ? {
              partner_endpoints: JSON.stringify({ ...existing.partner_endpoints, ...input.partnerEndpoints }),
            }
          : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('name', '=', input.name)
      .execute();
    if (input.apiKey) await insertApiKey(trx, input.name, input.apiKey);
    return { name: input.name, webhook_secret: webhookSecret, api_key: input.apiKey ?? null, created: false };
  });
}

export interface TenantPatch {
  displayName?: string | null;
  timezone?: string;
  partnerEndpoints?: Record<string, string>;
}

/** Updates display name, time zone or partner endpoints (merged); undefined for an unknown tenant. */
export async function updateTenant(db: Db, name: string, patch: TenantPatch): Promise<TenantRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('tenants')
      .select('partner_endpoints')
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
    if (!existing) return undefined;
    return trx
      .updateTable('tenants')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
        ...(patch.partnerEndpoints
          ? {
              partner_endpoints: JSON.stringify({ ...existing.partner_endpoints, ...patch.partnerEndpoints }),
            }
          : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('name', '=', name)
      .returningAll()
      .executeTakeFirst();
  });
}

/** Disables (keeping the first disabled_at) or enables a tenant; its data stays either way. */
export async function setTenantDisabled(
  db: Db,
  name: string,
  isDisabled: boolean,
  at: Date,
): Promise<TenantRow | undefined> {
  return db
    .updateTable('tenants')
    .set({
      disabled_at: isDisabled ? sql<Date>`COALESCE(disabled_at, ${at})` : null,
      updated_at: sql<Date>`now()`,
    })
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirst();
}

/** A new webhook secret; the current one stays valid as the previous secret for `graceSeconds` (0 = not at all). */
export async function rotateWebhookSecret(
  db: Db,
  name: string,
  options: { now: Date; graceSeconds: number; newSecret?: string },
): Promise<{ webhook_secret: string; previous_secret_expires_at: Date | null } | undefined> {
  const secret = options.newSecret ?? generateSecret();
  const expiresAt =
    options.graceSeconds > 0 ? new Date(options.now.getTime() + options.graceSeconds * 1000) : null;
  const row = await db
    .updateTable('tenants')
    .set({
      previous_webhook_secret: expiresAt ? sql<string>`webhook_secret` : null,
      previous_webhook_secret_expires_at: expiresAt,
      webhook_secret: secret,
      updated_at: sql<Date>`now()`,
    })
    .where('name', '=', name)
    .returning(['webhook_secret', 'previous_webhook_secret_expires_at'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    webhook_secret: row.webhook_secret,
    previous_secret_expires_at: row.previous_webhook_secret_expires_at,
  };
}

export interface ApiKeySummary {
  prefix: string;
  created_at: Date;
}

export async function listApiKeys(db: Executor, tenant: string): Promise<ApiKeySummary[]> {
  return db
    .selectFrom('tenant_api_keys')
    .select(['prefix', 'created_at'])
    .where('tenant', '=', tenant)
    .orderBy('created_at')
    .orderBy('prefix')
    .execute();
}

/** Adds a generated key (or the given one); the plain key is returned once. Undefined for an unknown tenant. */
export async function addApiKey(
  db: Db,
  tenant: string,
  apiKey?: string,
): Promise<{ api_key: string; prefix: string; created_at: Date } | undefined> {
  return db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('tenants')
      .select('name')
      .where('name', '=', tenant)
      .executeTakeFirst();
    if (!exists) return undefined;
    const key = apiKey ?? generateApiKey().apiKey;
    const prefix = await insertApiKey(trx, tenant, key);
    const stored = await trx
      .selectFrom('tenant_api_keys')
      .select('created_at')
      .where('tenant', '=', tenant)
      .where('prefix', '=', prefix)
      .executeTakeFirstOrThrow();
    return { api_key: key, prefix, created_at: stored.created_at };
  });
}

/** Revokes one key by its prefix; false when the tenant has no such key. */
export async function revokeApiKey(db: Db, tenant: string, prefix: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('tenant_api_keys')
    .where('tenant', '=', tenant)
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

/**
 * Runs `work` with the tenant's row read under a per-tenant advisory lock held until it returns, so provisioning
 * runs of one tenant take turns and the last one always sees the latest row. Undefined for an unknown tenant.
 */
export async function withTenantLock<T>(
  db: Db,
  name: string,
  work: (tenant: TenantRow) => Promise<T>,
): Promise<T | undefined> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`tenant-provisioning:${name}`}))`.execute(trx);
    const row = await findTenant(trx, name);
    return row ? work(row) : undefined;
  });
}
