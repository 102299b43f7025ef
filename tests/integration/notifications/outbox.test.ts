import {
  claimPendingNotificationDeliveries,
  countNotificationsDelivered,
  enqueueClientNoteNotification,
  recordNotificationAttempt,
  upsertNotificationEndpoint,
} from '@e2a/db';
import { NOTIFICATION_EVENT_TYPES } from '@e2a/domain';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';

// The outbox: triggers on `exceptions` write one delivery row per event, in the transaction of the change.

const TENANT = 'notify-outbox';
const QUIET = 'notify-quiet';

describe('notification outbox', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('notify_outbox');
    await createTestTenant(testDb.db, TENANT);
    await createTestTenant(testDb.db, QUIET);
    await upsertNotificationEndpoint(testDb.db, TENANT, {
      url: 'http://127.0.0.1:1/hook',
      secret: 'outbox-secret-0123456789',
      events: NOTIFICATION_EVENT_TYPES,
      minSeverity: 'MEDIUM',
      format: 'json',
    });
  });
  afterAll(async () => testDb.destroy());

  const deliveries = (exceptionId: string) =>
    testDb.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('exception_id', '=', exceptionId)
      .orderBy('created_at')
      .execute();
  const insert = (tenant: string, orderId: string, severity: string) =>
    testDb.db
      .insertInto('exceptions')
      .values({ tenant, order_id: orderId, reason_code: 'PICK_DELAY', severity })
      .returning('id')
      .executeTakeFirstOrThrow();

  it('writes created (at or above min_severity), escalated, blocked, approval needed and resolved', async () => {
    const low = await insert(TENANT, 'O-LOW', 'LOW');
    expect(await deliveries(low.id)).toEqual([]);

    const { id } = await insert(TENANT, 'O-1', 'HIGH');
    const update = (set: Record<string, unknown>) =>
      testDb.db.updateTable('exceptions').set(set).where('id', '=', id).execute();
    await update({ escalation_level: 1, escalated_at: new Date(), severity: 'CRITICAL' });
    await update({ ops_note: 'no event for this' });
    await update({ approval_status: 'PENDING' });
    await update({
      resolution_blocked: true,
      resolution_block_reason: 'Maximum resolution attempts (2) reached',
    });
    await update({ status: 'RESOLVED', resolved_at: new Date() });

    const rows = await deliveries(id);
    expect(rows.map((row) => row.event_type)).toEqual([
      'exception_created',
      'exception_escalated',
      'approval_needed',
      'exception_blocked',
      'exception_resolved',
    ]);
    expect(rows.every((row) => row.status === 'PENDING' && row.attempts === 0)).toBe(true);
    const blocked = rows[3]!.payload as { id: string; type: string; exception: Record<string, unknown> };
    expect(blocked.id).toBe(rows[3]!.id);
    expect(blocked.type).toBe('exception_blocked');
    expect(blocked.exception).toMatchObject({
      id,
      order_id: 'O-1',
      severity: 'CRITICAL',
      resolution_block_reason: 'Maximum resolution attempts (2) reached',
    });
  });

  it('gives every event of a many-row statement its own id', async () => {
    const rows = await testDb.db
      .insertInto('exceptions')
      .values(
        ['O-M1', 'O-M2', 'O-M3'].map((orderId) => ({
          tenant: TENANT,
          order_id: orderId,
          reason_code: 'PICK_DELAY',
          severity: 'HIGH',
        })),
      )
      .returning('id')
      .execute();
    const ids = rows.map((row) => row.id);
    await testDb.db
      .updateTable('exceptions')
      .set({ resolution_blocked: true })
      .where('id', 'in', ids)
      .execute();
    const events = await testDb.db
      .selectFrom('notification_deliveries')
      .select(['id', 'exception_id', 'event_type', 'payload'])
      .where('exception_id', 'in', ids)
      .execute();
    expect(events.length).toBe(6);
    expect(new Set(events.map((event) => event.id)).size).toBe(6);
    for (const event of events) {
      expect(event.payload).toMatchObject({
        id: event.id,
        type: event.event_type,
        exception: { id: event.exception_id },
      });
    }
    await testDb.db.deleteFrom('notification_deliveries').where('exception_id', 'in', ids).execute();
  });

  it('writes nothing for a tenant without an endpoint, nor for a rolled-back change', async () => {
    const quiet = await insert(QUIET, 'O-Q', 'CRITICAL');
    expect(await deliveries(quiet.id)).toEqual([]);
    await expect(
      testDb.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('exceptions')
          .values({ tenant: TENANT, order_id: 'O-RB', reason_code: 'PICK_DELAY', severity: 'HIGH' })
          .execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const rows = await testDb.db
      .selectFrom('notification_deliveries')
      .select('id')
      .where('tenant', '=', TENANT)
      .execute();
    // The five events of the exception above, nothing from the rolled-back insert.
    expect(rows.length).toBe(5);
  });

  it('queues a client note for the exception, only when subscribed', async () => {
    const { id } = await insert(TENANT, 'O-NOTE', 'MEDIUM');
    const eventId = await testDb.db.transaction().execute((trx) =>
      enqueueClientNoteNotification(trx, {
        tenant: TENANT,
        exceptionId: id,
        clientNote: 'Your parcel ships today',
        idempotencyKey: 'attempt-1:notify_customer',
      }),
    );
    expect(eventId).toBeDefined();
    // A retried step (same key) finds its note: one row, the same event id.
    const again = await enqueueClientNoteNotification(testDb.db, {
      tenant: TENANT,
      exceptionId: id,
      clientNote: 'Your parcel ships today',
      idempotencyKey: 'attempt-1:notify_customer',
    });
    expect(again).toBe(eventId);
    const notes = (await deliveries(id)).filter((row) => row.event_type === 'client_note');
    expect(notes.map((row) => row.id)).toEqual([eventId]);
    const note = notes[0];
    expect(note?.payload).toMatchObject({ type: 'client_note', client_note: 'Your parcel ships today' });

    const quiet = await insert(QUIET, 'O-QN', 'MEDIUM');
    expect(
      await enqueueClientNoteNotification(testDb.db, {
        tenant: QUIET,
        exceptionId: quiet.id,
        clientNote: 'x',
        idempotencyKey: 'attempt-2:notify_customer',
      }),
    ).toBeUndefined();
    // Another tenant's exception id is not the caller's.
    expect(
      await enqueueClientNoteNotification(testDb.db, {
        tenant: QUIET,
        exceptionId: id,
        clientNote: 'x',
        idempotencyKey: 'attempt-3:notify_customer',
      }),
    ).toBeUndefined();
  });

  it('claims each pending delivery once and counts accepted ones', async () => {
    const first = await claimPendingNotificationDeliveries(testDb.db, {
      limit: 100,
      redispatchAfterSeconds: 600,
    });
    expect(first.length).toBe(7);
    expect(
      await claimPendingNotificationDeliveries(testDb.db, { limit: 100, redispatchAfterSeconds: 600 }),
    ).toEqual([]);
    // Untried and dispatched long enough ago: offered again.
    const again = await claimPendingNotificationDeliveries(testDb.db, {
      limit: 100,
      redispatchAfterSeconds: 0,
    });
    expect(again.length).toBe(7);

    expect(await countNotificationsDelivered(testDb.db, TENANT)).toBe(0);
    await recordNotificationAttempt(testDb.db, {
      id: first[0]!.id,
      url: 'http://127.0.0.1:1/hook',
      statusCode: 500,
      error: 'HTTP 500',
      isDelivered: false,
    });
    await recordNotificationAttempt(testDb.db, {
      id: first[0]!.id,
      url: 'http://127.0.0.1:1/hook',
      statusCode: 200,
      error: null,
      isDelivered: true,
    });
    expect(await countNotificationsDelivered(testDb.db, TENANT)).toBe(1);
    const row = await testDb.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('id', '=', first[0]!.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 2, last_status_code: 200 });
    expect(row.delivered_at).toBeInstanceOf(Date);
  });
});
