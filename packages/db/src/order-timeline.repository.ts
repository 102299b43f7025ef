import type { Db } from './connection';

// One order as the console's Order page shows it: the projection row and its SLA windows (stages); events,
// exceptions and invoices come from their own repositories.

export async function findOrder(db: Db, tenant: string, orderId: string) {
  return db
    .selectFrom('orders')
    .select([
      'order_id',
      'order_created_at',
      'paid_at',
      'pick_started_at',
      'pick_completed_at',
      'pack_started_at',
      'pack_completed_at',
      'label_created_at',
      'handoff_at',
      'delivered_at',
      'fulfilled_at',
      'cancelled_at',
      'returned_at',
      'service_level',
      'is_rush',
      'is_oversized',
      'is_hazmat',
      'is_fragile',
      'currency',
      'total_amount_cents',
      'event_count',
      'evaluated_at',
      'next_deadline_at',
    ])
    .where('tenant', '=', tenant)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

export type OrderView = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

export async function listOrderStages(db: Db, tenant: string, orderId: string) {
  return db
    .selectFrom('order_processing_stages')
    .select(['stage_name', 'status', 'started_at', 'completed_at', 'stage_data', 'updated_at'])
    .where('tenant', '=', tenant)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
}
