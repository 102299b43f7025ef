import { sql, type Kysely } from 'kysely';

// Frozen. The triggers of 20261130163000 drew the event id in an uncorrelated LATERAL subquery, which Postgres
// evaluates once per statement: a statement changing several exceptions failed on the delivery primary key. The id
// is now drawn per row, in the target list of a subquery (a volatile function there is evaluated for every row),
// and written into the payload built there.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION enqueue_exception_created_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM notification_endpoints) THEN RETURN NULL; END IF;
      INSERT INTO notification_deliveries (id, tenant, event_type, exception_id, payload)
      SELECT ev.id, ev.tenant, 'exception_created', ev.exception_id, jsonb_set(ev.payload, '{id}', to_jsonb(ev.id))
      FROM (
        SELECT gen_random_uuid() AS id, n.tenant, n.id AS exception_id,
               notification_payload(NULL, 'exception_created', n) AS payload
        FROM new_rows n
        JOIN notification_endpoints e ON e.tenant = n.tenant
        WHERE 'exception_created' = ANY (e.events)
          AND notification_severity_rank(n.severity) >= notification_severity_rank(e.min_severity)
      ) ev;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION enqueue_exception_changed_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM notification_endpoints) THEN RETURN NULL; END IF;
      INSERT INTO notification_deliveries (id, tenant, event_type, exception_id, payload)
      SELECT ev.id, ev.tenant, ev.event_type, ev.exception_id, jsonb_set(ev.payload, '{id}', to_jsonb(ev.id))
      FROM (
        SELECT gen_random_uuid() AS id, n.tenant, t.event_type, n.id AS exception_id,
               notification_payload(NULL, t.event_type, n) AS payload
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        JOIN notification_endpoints e ON e.tenant = n.tenant
        CROSS JOIN LATERAL (VALUES
          ('exception_escalated', n.escalation_level > o.escalation_level),
          ('exception_resolved', n.status = 'RESOLVED' AND o.status IS DISTINCT FROM 'RESOLVED'),
          ('exception_blocked', n.resolution_blocked AND NOT o.resolution_blocked),
          ('approval_needed', n.approval_status = 'PENDING' AND o.approval_status IS DISTINCT FROM 'PENDING')
        ) AS t(event_type, happened)
        WHERE t.happened AND t.event_type = ANY (e.events)
      ) ev;
      RETURN NULL;
    END $$`.execute(db);
}

// Forward-only: the previous bodies had the bug this migration fixes.
export async function down(): Promise<void> {}
