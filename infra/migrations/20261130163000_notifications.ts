import { sql, type Kysely } from 'kysely';

// Frozen. Outbound notifications (issue 14): one endpoint per tenant, and `notification_deliveries` as the
// transactional outbox and delivery record in one. Statement-level triggers on `exceptions` write a delivery row in
// the same transaction as the change that caused it (created, escalated, resolved, blocked, approval needed), so no
// writer has to remember to notify and a rolled-back change notifies nobody. Delivery is a Temporal workflow per row.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE notification_endpoints (
      tenant text PRIMARY KEY REFERENCES tenants(name) ON DELETE CASCADE,
      url text NOT NULL,
      secret text NOT NULL,
      events text[] NOT NULL,
      min_severity text NOT NULL DEFAULT 'LOW' CHECK (min_severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
      format text NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'slack')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE notification_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant text NOT NULL REFERENCES tenants(name) ON DELETE CASCADE,
      event_type text NOT NULL CHECK (event_type IN ('exception_created', 'exception_escalated',
        'exception_resolved', 'exception_blocked', 'approval_needed', 'client_note')),
      exception_id bigint REFERENCES exceptions(id) ON DELETE SET NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      last_status_code integer,
      url text,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz,
      last_attempt_at timestamptz,
      delivered_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE INDEX ix_notification_deliveries_tenant_created
      ON notification_deliveries (tenant, created_at DESC, id DESC)`.execute(db);
  // The dispatcher's claim: pending rows only, oldest first.
  await sql`
    CREATE INDEX ix_notification_deliveries_pending
      ON notification_deliveries (created_at) WHERE status = 'PENDING'`.execute(db);

  await sql`
    CREATE FUNCTION notification_severity_rank(severity text) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END
    $$`.execute(db);
  // The JSON body receivers get: a snapshot of the exception when the event happened.
  await sql`
    CREATE FUNCTION notification_payload(event_id uuid, event_type text, x exceptions) RETURNS jsonb
    LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object(
        'id', event_id,
        'type', event_type,
        'tenant', x.tenant,
        'occurred_at', now(),
        'exception', jsonb_build_object(
          'id', x.id::text,
          'order_id', x.order_id,
          'reason_code', x.reason_code,
          'status', x.status,
          'severity', x.severity,
          'escalation_level', x.escalation_level,
          'resolution_attempts', x.resolution_attempts,
          'resolution_blocked', x.resolution_blocked,
          'resolution_block_reason', x.resolution_block_reason,
          'approval_status', x.approval_status,
          'created_at', x.created_at,
          'resolved_at', x.resolved_at))
    $$`.execute(db);

  await sql`
    CREATE FUNCTION enqueue_exception_created_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Nearly free for tenants (and test databases) without an endpoint.
      IF NOT EXISTS (SELECT 1 FROM notification_endpoints) THEN RETURN NULL; END IF;
      INSERT INTO notification_deliveries (id, tenant, event_type, exception_id, payload)
      SELECT ev.id, n.tenant, 'exception_created', n.id, notification_payload(ev.id, 'exception_created', n)
      FROM new_rows n
      JOIN notification_endpoints e ON e.tenant = n.tenant
      CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id) ev
      WHERE 'exception_created' = ANY (e.events)
        AND notification_severity_rank(n.severity) >= notification_severity_rank(e.min_severity);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER tr_exceptions_notify_created
      AFTER INSERT ON exceptions REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION enqueue_exception_created_notifications()`.execute(db);

  await sql`
    CREATE FUNCTION enqueue_exception_changed_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM notification_endpoints) THEN RETURN NULL; END IF;
      INSERT INTO notification_deliveries (id, tenant, event_type, exception_id, payload)
      SELECT ev.id, n.tenant, t.event_type, n.id, notification_payload(ev.id, t.event_type, n)
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
      JOIN notification_endpoints e ON e.tenant = n.tenant
      CROSS JOIN LATERAL (VALUES
        ('exception_escalated', n.escalation_level > o.escalation_level),
        ('exception_resolved', n.status = 'RESOLVED' AND o.status IS DISTINCT FROM 'RESOLVED'),
        ('exception_blocked', n.resolution_blocked AND NOT o.resolution_blocked),
        ('approval_needed', n.approval_status = 'PENDING' AND o.approval_status IS DISTINCT FROM 'PENDING')
      ) AS t(event_type, happened)
      CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id) ev
      WHERE t.happened AND t.event_type = ANY (e.events);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER tr_exceptions_notify_changed
      AFTER UPDATE ON exceptions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION enqueue_exception_changed_notifications()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER tr_exceptions_notify_changed ON exceptions`.execute(db);
  await sql`DROP TRIGGER tr_exceptions_notify_created ON exceptions`.execute(db);
  await sql`DROP FUNCTION enqueue_exception_changed_notifications()`.execute(db);
  await sql`DROP FUNCTION enqueue_exception_created_notifications()`.execute(db);
  await sql`DROP FUNCTION notification_payload(uuid, text, exceptions)`.execute(db);
  await sql`DROP FUNCTION notification_severity_rank(text)`.execute(db);
  await sql`DROP TABLE notification_deliveries`.execute(db);
  await sql`DROP TABLE notification_endpoints`.execute(db);
}
