import { sql, type Transaction } from 'kysely';
import type { Db } from './connection';
import type { Database, NotificationDeliveryRow, NotificationEndpointRow } from './schema';

// Outbound notifications (docs/notifications.md). Rows of `notification_deliveries` are written by the triggers on
// `exceptions` (migration 20261130163000) or by `enqueueClientNoteNotification`, in the caller's transaction.

type DbOrTrx = Db | Transaction<Database>;

export interface NotificationEndpointInput {
  url: string;
  secret: string;
  events: readonly string[];
  minSeverity: string;
  format: 'json' | 'slack';
}

/** Creates or replaces the tenant's endpoint. */
export async function upsertNotificationEndpoint(
  db: Db,
  tenant: string,
  input: NotificationEndpointInput,
): Promise<NotificationEndpointRow> {
  const values = {
    url: input.url,
    secret: input.secret,
    events: [...input.events],
    min_severity: input.minSeverity,
    format: input.format,
  };
  return db
    .insertInto('notification_endpoints')
    .values({ tenant, ...values })
    .onConflict((conflict) => conflict.column('tenant').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findNotificationEndpoint(
  db: Db,
  tenant: string,
): Promise<NotificationEndpointRow | undefined> {
  return db.selectFrom('notification_endpoints').selectAll().where('tenant', '=', tenant).executeTakeFirst();
}

/**
 * Queues the customer-facing note of an exception for the tenant's endpoint (a playbook's "notify customer" step),
 * in the caller's transaction when given one. Returns the event id, or undefined when the tenant has no endpoint
 * subscribed to `client_note` (or the exception is not the tenant's).
 */
export async function enqueueClientNoteNotification(
  db: DbOrTrx,
  input: { tenant: string; exceptionId: string; clientNote: string; idempotencyKey: string },
): Promise<string | undefined> {
  // The event id derives from the attempt step's key: a retried activity finds its note instead of queueing a
  // second one (one endpoint per tenant, so one row per key).
  const result = await sql<{ id: string }>`
    WITH ev AS (SELECT md5(${`client_note:${input.tenant}:${input.idempotencyKey}`})::uuid AS id),
    queued AS (
      INSERT INTO notification_deliveries (id, tenant, event_type, exception_id, payload)
      SELECT ev.id, x.tenant, 'client_note', x.id,
             notification_payload(ev.id, 'client_note', x) || jsonb_build_object('client_note', ${input.clientNote}::text)
      FROM exceptions x
      JOIN notification_endpoints e ON e.tenant = x.tenant
      CROSS JOIN ev
      WHERE x.id = ${input.exceptionId} AND x.tenant = ${input.tenant} AND 'client_note' = ANY (e.events)
      ON CONFLICT (id) DO NOTHING
      RETURNING id
    )
    SELECT id FROM queued
    UNION ALL
    SELECT d.id FROM notification_deliveries d JOIN ev ON d.id = ev.id WHERE d.tenant = ${input.tenant}`.execute(
    db,
  );
  return result.rows[0]?.id;
}

export interface ClaimedNotificationDelivery {
  id: string;
  tenant: string;
}

/**
 * Claims pending deliveries for the dispatcher, oldest first: never dispatched, or dispatched more than
 * `redispatchAfterSeconds` ago and still untried (a dispatcher lost between the claim and the start; starting the
 * delivery workflow again is harmless, its id is the event id).
 */
export async function claimPendingNotificationDeliveries(
  db: Db,
  input: { limit: number; redispatchAfterSeconds: number },
): Promise<ClaimedNotificationDelivery[]> {
  const result = await sql<ClaimedNotificationDelivery>`
    UPDATE notification_deliveries d SET dispatched_at = now(), updated_at = now()
    FROM (
      SELECT id FROM notification_deliveries
      WHERE status = 'PENDING'
        AND (dispatched_at IS NULL
          OR (attempts = 0 AND dispatched_at < now() - make_interval(secs => ${input.redispatchAfterSeconds})))
      ORDER BY created_at
      LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED
    ) claimed
    WHERE d.id = claimed.id
    RETURNING d.id, d.tenant`.execute(db);
  return result.rows;
}

export interface NotificationDeliveryTarget {
  delivery: NotificationDeliveryRow;
  /** The tenant's endpoint now; undefined when it was removed. */
  endpoint: NotificationEndpointRow | undefined;
}

/** A delivery with the tenant's current endpoint (a changed URL or secret applies to retries too). */
export async function findNotificationDeliveryTarget(
  db: Db,
  id: string,
): Promise<NotificationDeliveryTarget | undefined> {
  const delivery = await db
    .selectFrom('notification_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!delivery) return undefined;
  return { delivery, endpoint: await findNotificationEndpoint(db, delivery.tenant) };
}

/** One POST attempt: counted, with its answer; a 2xx marks the delivery DELIVERED. */
export async function recordNotificationAttempt(
  db: Db,
  input: { id: string; url: string; statusCode: number | null; error: string | null; isDelivered: boolean },
): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({
      attempts: sql`attempts + 1`,
      url: input.url,
      last_status_code: input.statusCode,
      last_error: input.error,
      last_attempt_at: sql`now()`,
      updated_at: sql`now()`,
      ...(input.isDelivered ? { status: 'DELIVERED' as const, delivered_at: sql`now()` } : {}),
    })
    .where('id', '=', input.id)
    .where('status', '=', 'PENDING')
    .execute();
}

/** Ends a pending delivery without success: FAILED after 24 h of retries, CANCELLED when nobody subscribes now. */
export async function finishNotificationDelivery(
  db: Db,
  input: { id: string; status: 'FAILED' | 'CANCELLED'; error: string },
): Promise<{ tenant: string; event_type: string } | undefined> {
  // Only a PENDING delivery changes: the row comes back the first time, so a retried call counts nothing twice.
  return db
    .updateTable('notification_deliveries')
    .set({ status: input.status, last_error: input.error, updated_at: sql`now()` })
    .where('id', '=', input.id)
    .where('status', '=', 'PENDING')
    .returning(['tenant', 'event_type'])
    .executeTakeFirst();
}

/** A page of the tenant's deliveries, newest first. */
export async function listNotificationDeliveries(
  db: Db,
  tenant: string,
  filter: { status?: NotificationDeliveryRow['status']; eventType?: string },
  page: { offset: number; limit: number },
): Promise<{ items: NotificationDeliveryRow[]; total: number }> {
  let query = db.selectFrom('notification_deliveries').where('tenant', '=', tenant);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.eventType) query = query.where('event_type', '=', filter.eventType);
  const [items, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select(sql<string>`count(*)`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}

/** Notifications accepted by the tenant's endpoint (`e2a stats`: `automation.notifications_delivered`). */
export async function countNotificationsDelivered(db: Db, tenant: string): Promise<number> {
  const row = await db
    .selectFrom('notification_deliveries')
    .select(sql<string>`count(*)`.as('delivered'))
    .where('tenant', '=', tenant)
    .where('status', '=', 'DELIVERED')
    .executeTakeFirstOrThrow();
  return Number(row.delivered);
}

/** Deliveries of the tenant not yet accepted, given up or cancelled (the demo waits for them to drain). */
export async function countPendingNotificationDeliveries(db: Db, tenant: string): Promise<number> {
  const row = await db
    .selectFrom('notification_deliveries')
    .select(sql<string>`count(*)`.as('pending'))
    .where('tenant', '=', tenant)
    .where('status', '=', 'PENDING')
    .executeTakeFirstOrThrow();
  return Number(row.pending);
}
