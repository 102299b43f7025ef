import { sql, type Kysely } from 'kysely';

// Frozen. Tenant lifecycle (issue 12): the previous webhook secret during a rotation's grace period, API keys as
// rows named by a non-secret prefix, versioned tenant settings (SLA policy, holidays), and a notification on every
// tenant change so the gateway drops its cached secrets and state at once.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE tenants
      ADD COLUMN previous_webhook_secret text,
      ADD COLUMN previous_webhook_secret_expires_at timestamptz,
      ADD CONSTRAINT ck_tenants_previous_webhook_secret
        CHECK ((previous_webhook_secret IS NULL) = (previous_webhook_secret_expires_at IS NULL))`.execute(db);

  await sql`
    CREATE TABLE tenant_api_keys (
      tenant text NOT NULL REFERENCES tenants(name) ON DELETE CASCADE,
      prefix text NOT NULL CHECK (prefix ~ '^[A-Za-z0-9_-]{4,32}$'),
      key_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant, prefix),
      CONSTRAINT uq_tenant_api_keys_tenant_hash UNIQUE (tenant, key_hash)
    )`.execute(db);
  // Keys stored before this migration are named by the start of their SHA-256 hash (the key itself is unknown).
  await sql`
    INSERT INTO tenant_api_keys (tenant, prefix, key_hash, created_at)
    SELECT t.name, left(h.hash, 8), h.hash, t.created_at
    FROM tenants t CROSS JOIN LATERAL unnest(t.api_key_hashes) AS h(hash)`.execute(db);
  await sql`ALTER TABLE tenants DROP COLUMN api_key_hashes`.execute(db);

  await sql`
    CREATE TABLE tenant_settings_versions (
      tenant text NOT NULL REFERENCES tenants(name) ON DELETE CASCADE,
      setting text NOT NULL CHECK (setting IN ('sla_policy', 'holidays')),
      version integer NOT NULL CHECK (version >= 1),
      effective_from timestamptz NOT NULL,
      value jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      PRIMARY KEY (tenant, setting, version)
    )`.execute(db);
  await sql`
    CREATE INDEX ix_tenant_settings_versions_effective
      ON tenant_settings_versions (tenant, setting, effective_from DESC, version DESC)`.execute(db);

  await sql`
    CREATE FUNCTION notify_tenant_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('e2a_tenant_changed', COALESCE(NEW.name, OLD.name));
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER tr_tenants_notify_changed
      AFTER INSERT OR UPDATE OR DELETE ON tenants
      FOR EACH ROW EXECUTE FUNCTION notify_tenant_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER tr_tenants_notify_changed ON tenants`.execute(db);
  await sql`DROP FUNCTION notify_tenant_changed()`.execute(db);
  await sql`DROP TABLE tenant_settings_versions`.execute(db);
  await sql`ALTER TABLE tenants ADD COLUMN api_key_hashes text[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`
    UPDATE tenants t SET api_key_hashes = k.hashes
    FROM (SELECT tenant, array_agg(key_hash) AS hashes FROM tenant_api_keys GROUP BY tenant) k
    WHERE k.tenant = t.name`.execute(db);
  await sql`DROP TABLE tenant_api_keys`.execute(db);
  await sql`
    ALTER TABLE tenants
      DROP CONSTRAINT ck_tenants_previous_webhook_secret,
      DROP COLUMN previous_webhook_secret,
      DROP COLUMN previous_webhook_secret_expires_at`.execute(db);
}
