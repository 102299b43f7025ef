import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './connection';
import type { TenantRow } from './schema';

export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

export const generateSecret = (bytes = 24): string => randomBytes(bytes).toString('base64url');

export async function findTenant(db: Db, name: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
}

export interface UpsertTenantInput {
  name: string;
  webhookSecret?: string;
  apiKey?: string;
  timezone?: string;
  partnerEndpoints?: Record<string, string>;
}

/**
 * Creates the tenant or updates the given fields. A new tenant without an explicit secret or key gets
 * generated ones; the plain API key is returned once and only its hash is stored.
 */
export async function upsertTenant(
  db: Db,
  input: UpsertTenantInput,
): Promise<{ name: string; webhook_secret: string; api_key: string | null; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('tenants')
      .selectAll()
      .where('name', '=', input.name)
      .forUpdate()
      .executeTakeFirst();
    const apiKey = input.apiKey ?? (existing ? null : generateSecret());
    const webhookSecret = input.webhookSecret ?? existing?.webhook_secret ?? generateSecret();
    if (!existing) {
      await trx
        .insertInto('tenants')
        .values({
          name: input.name,
          webhook_secret: webhookSecret,
          timezone: input.timezone ?? 'UTC',
          api_key_hashes: apiKey ? [hashApiKey(apiKey)] : [],
          partner_endpoints: JSON.stringify(input.partnerEndpoints ?? {}),
          sla_policy: '{}',
          tariffs: '{}',
          credit_rules: '{}',
        })
        .execute();
      return { name: input.name, webhook_secret: webhookSecret, api_key: apiKey, created: true };
    }
    const hashes = new Set(existing.api_key_hashes);
    if (apiKey) hashes.add(hashApiKey(apiKey));
    await trx
      .updateTable('tenants')
      .set({
        webhook_secret: webhookSecret,
        timezone: input.timezone ?? existing.timezone,
        api_key_hashes: [...hashes],
        ...(input.partnerEndpoints
          ? {
              partner_endpoints: JSON.stringify({ ...existing.partner_endpoints, ...input.partnerEndpoints }),
            }
          : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('name', '=', input.name)
      .execute();
    return { name: input.name, webhook_secret: webhookSecret, api_key: apiKey, created: false };
  });
}

/** Constant-time check of a presented API key against the tenant's stored hashes. */
export function isValidApiKey(tenant: Pick<TenantRow, 'api_key_hashes'>, presented: string): boolean {
  const presentedHash = Buffer.from(hashApiKey(presented), 'hex');
  return tenant.api_key_hashes.some((stored) => {
    const storedHash = Buffer.from(stored, 'hex');
    return storedHash.length === presentedHash.length && timingSafeEqual(storedHash, presentedHash);
  });
}

/** Tenants by name with their time zone (schedules and real-time monitors), optionally just one. */
export async function listTenantTimezones(
  db: Db,
  onlyName?: string,
): Promise<Array<{ name: string; timezone: string }>> {
  let query = db.selectFrom('tenants').select(['name', 'timezone']).orderBy('name');
  if (onlyName) query = query.where('name', '=', onlyName);
  return query.execute();
}
