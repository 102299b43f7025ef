import { sql } from 'kysely';
import type { Db } from './connection';
import type { TenantSettingsVersionRow, TenantSettingsVersionsTable } from './schema';

export type TenantSetting = TenantSettingsVersionsTable['setting'];

/** Locks the tenant row for the transaction, so two writers of a versioned setting never take the same number. */
export async function lockTenantRow(trx: Db, tenant: string): Promise<boolean> {
  const row = await trx
    .selectFrom('tenants')
    .select('name')
    .where('name', '=', tenant)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Stores a new version of a tenant setting, numbered after the last one (the tenant row is locked so two writers
 * never take the same number). Undefined for an unknown tenant.
 */
export async function insertSettingsVersion(
  db: Db,
  input: { tenant: string; setting: TenantSetting; effectiveFrom: Date; value: unknown; createdBy: string },
): Promise<TenantSettingsVersionRow | undefined> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockTenantRow(trx, input.tenant))) return undefined;
    const last = await trx
      .selectFrom('tenant_settings_versions')
      .select(sql<number>`COALESCE(max(version), 0)`.as('version'))
      .where('tenant', '=', input.tenant)
      .where('setting', '=', input.setting)
      .executeTakeFirstOrThrow();
    return trx
      .insertInto('tenant_settings_versions')
      .values({
        tenant: input.tenant,
        setting: input.setting,
        version: Number(last.version) + 1,
        effective_from: input.effectiveFrom,
        value: JSON.stringify(input.value),
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Every version of a setting, oldest first (the history). */
export async function listSettingsVersions(
  db: Db,
  tenant: string,
  setting: TenantSetting,
): Promise<TenantSettingsVersionRow[]> {
  return db
    .selectFrom('tenant_settings_versions')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('setting', '=', setting)
    .orderBy('version')
    .execute();
}

/** The version of each setting in effect at `at` (latest effective_from ≤ at, then highest version). */
export async function findEffectiveSettings(
  db: Db,
  tenant: string,
  at: Date,
): Promise<Partial<Record<TenantSetting, TenantSettingsVersionRow>>> {
  const rows = await db
    .selectFrom('tenant_settings_versions')
    .selectAll()
    .distinctOn('setting')
    .where('tenant', '=', tenant)
    .where('effective_from', '<=', at)
    .orderBy('setting')
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.setting, row]));
}

export interface TenantSlaSources {
  timezone: string;
  baseline: unknown;
  policyOverrides: unknown;
  holidays: unknown;
}

/** What the SLA evaluation at `at` reads: time zone, baseline policy and the versions in effect then. */
export async function findTenantSlaSources(
  db: Db,
  tenant: string,
  at: Date,
): Promise<TenantSlaSources | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select(['timezone', 'sla_policy'])
    .where('name', '=', tenant)
    .executeTakeFirst();
  if (!row) return undefined;
  const versions = await findEffectiveSettings(db, tenant, at);
  return {
    timezone: row.timezone,
    baseline: row.sla_policy,
    policyOverrides: versions.sla_policy?.value,
    holidays: versions.holidays?.value,
  };
}
