import { sql, type Kysely } from 'kysely';

// Frozen. Resolution playbooks per tenant, versioned (every PUT is a new version effective from a time); each
// resolution attempt records who decided it (ai | playbook | human) and the evidence its success check found.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE tenant_playbooks (
      tenant text NOT NULL REFERENCES tenants(name) ON DELETE CASCADE,
      version integer NOT NULL CHECK (version >= 1),
      effective_from timestamptz NOT NULL,
      playbooks jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      PRIMARY KEY (tenant, version)
    )`.execute(db);
  await sql`CREATE INDEX ix_tenant_playbooks_effective ON tenant_playbooks (tenant, effective_from DESC, version DESC)`.execute(
    db,
  );
  await sql`
    ALTER TABLE resolution_attempts
      ADD COLUMN decision_source text CHECK (decision_source IN ('ai', 'playbook', 'human')),
      ADD COLUMN evidence jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE resolution_attempts DROP COLUMN evidence, DROP COLUMN decision_source`.execute(db);
  await sql`DROP TABLE tenant_playbooks`.execute(db);
}
