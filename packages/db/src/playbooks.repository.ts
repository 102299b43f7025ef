import { sql } from 'kysely';
import type { Db } from './connection';
import { lockTenantRow } from './tenant-settings.repository';

// Resolution playbooks (docs/playbooks.md): a tenant's versions, the one in effect, and automation figures.

export interface PlaybooksVersionRow {
  tenant: string;
  version: number;
  effective_from: Date;
  playbooks: unknown;
  created_at: Date;
  created_by: string;
}

/** Stores a new version numbered after the last one (the tenant row is locked); undefined for an unknown tenant. */
export async function insertPlaybooksVersion(
  db: Db,
  input: { tenant: string; effectiveFrom: Date; playbooks: unknown; createdBy: string },
): Promise<PlaybooksVersionRow | undefined> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockTenantRow(trx, input.tenant))) return undefined;
    const last = await trx
      .selectFrom('tenant_playbooks')
      .select(sql<number>`COALESCE(max(version), 0)`.as('version'))
      .where('tenant', '=', input.tenant)
      .executeTakeFirstOrThrow();
    return trx
      .insertInto('tenant_playbooks')
      .values({
        tenant: input.tenant,
        version: Number(last.version) + 1,
        effective_from: input.effectiveFrom,
        playbooks: JSON.stringify(input.playbooks),
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Every version of the tenant's playbooks, oldest first. */
export async function listPlaybooksVersions(db: Db, tenant: string): Promise<PlaybooksVersionRow[]> {
  return db
    .selectFrom('tenant_playbooks')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('version')
    .execute();
}

/** The version in effect at `at` (latest effective_from ≤ at, then highest version); undefined = the defaults. */
export async function findEffectivePlaybooks(
  db: Db,
  tenant: string,
  at: Date,
): Promise<PlaybooksVersionRow | undefined> {
  return db
    .selectFrom('tenant_playbooks')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('effective_from', '<=', at)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface AutomationCounts {
  /** Partner actions executed by finished attempts (notify steps excluded). */
  actionsExecuted: number;
  /** Exceptions RESOLVED without a person: an ai or playbook attempt whose success checks held. */
  resolvedAutomatically: number;
  /** Exceptions waiting for a person's approval. */
  awaitingApproval: number;
  /** Notifications the tenants' endpoints accepted (the notification outbox). */
  notificationsDelivered: number;
}

/** The automation figures of `e2a stats` (all tenants, or one). */
export async function countAutomation(db: Db, tenant?: string): Promise<AutomationCounts> {
  const attempts = await sql<{ actions: string; resolved: string }>`
    SELECT COALESCE(sum((SELECT count(*) FROM jsonb_array_elements(a.actions) x
                         WHERE COALESCE(x->>'action', x->>'type', '') <> 'notify_customer')), 0) AS actions,
           count(DISTINCT a.exception_id) FILTER (
             WHERE a.status = 'SUCCEEDED' AND a.evidence IS NOT NULL AND a.decision_source IN ('ai', 'playbook')
           ) AS resolved
    FROM resolution_attempts a
    WHERE a.status <> 'STARTED' ${tenant === undefined ? sql`` : sql`AND a.tenant = ${tenant}`}`.execute(db);
  const approvals = await sql<{ waiting: string }>`
    SELECT count(*) AS waiting FROM exceptions
    WHERE approval_status = 'PENDING' AND status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
      ${tenant === undefined ? sql`` : sql`AND tenant = ${tenant}`}`.execute(db);
  const delivered = await sql<{ delivered: string }>`
    SELECT count(*) AS delivered FROM notification_deliveries WHERE status = 'DELIVERED'
      ${tenant === undefined ? sql`` : sql`AND tenant = ${tenant}`}`.execute(db);
  return {
    notificationsDelivered: Number(delivered.rows[0]?.delivered ?? 0),
    actionsExecuted: Number(attempts.rows[0]?.actions ?? 0),
    resolvedAutomatically: Number(attempts.rows[0]?.resolved ?? 0),
    awaitingApproval: Number(approvals.rows[0]?.waiting ?? 0),
  };
}

export interface VerifiedResolution {
  exception_id: string;
  order_id: string;
  reason_code: string;
  decision_source: string | null;
  evidence: unknown;
}

/** The newest exceptions an attempt RESOLVED after its success checks held, with their evidence. */
export async function listVerifiedResolutions(
  db: Db,
  tenant: string,
  limit: number,
): Promise<VerifiedResolution[]> {
  const result = await sql<VerifiedResolution>`
    SELECT a.exception_id::text AS exception_id, e.order_id, e.reason_code, a.decision_source, a.evidence
    FROM resolution_attempts a JOIN exceptions e ON e.id = a.exception_id
    WHERE a.tenant = ${tenant} AND a.status = 'SUCCEEDED' AND a.evidence IS NOT NULL
    ORDER BY a.finished_at DESC, a.id DESC LIMIT ${limit}`.execute(db);
  return result.rows;
}
