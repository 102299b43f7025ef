import { sql } from 'kysely';
import {
  ACTIVE_EXCEPTION_STATUSES,
  REPORTED_EVENT_SOURCES,
  REPORTED_FACT_ORDER_PROBLEMS,
  SEVERITIES,
} from '@e2a/domain';
import type { Db } from './connection';

// AI order analysis (domain reference §5): the orders it reads and the order-problem exceptions it replaces.

export async function findOrderPayloads(db: Db, tenant: string, orderIds: readonly string[]) {
  return db
    .selectFrom('orders')
    .select(['order_id', 'order_data'])
    .where('tenant', '=', tenant)
    .where('order_id', 'in', orderIds as string[])
    .execute();
}

/** Active exceptions of the given orders (the rules' findings the model is shown). */
export async function listActiveOrderExceptionCodes(db: Db, tenant: string, orderIds: readonly string[]) {
  return db
    .selectFrom('exceptions')
    .select(['order_id', 'reason_code'])
    .where('tenant', '=', tenant)
    .where('order_id', 'in', orderIds as string[])
    .where('status', 'in', [...ACTIVE_EXCEPTION_STATUSES])
    .execute();
}

/**
 * Closes the order's active exceptions of these codes unless they rest on a fact (an SLA window, a reported event,
 * an order problem the source reported: `restsOnReportedFact`); returns the codes closed.
 */
export async function closeOrderProblemExceptions(
  trx: Db,
  tenant: string,
  orderId: string,
  reasonCodes: readonly string[],
  now: Date,
): Promise<string[]> {
  // `IN ()` is a syntax error: a model confirming every problem code closes nothing.
  if (reasonCodes.length === 0) return [];
  const closed = await trx
    .updateTable('exceptions')
    .set({ status: 'CLOSED', resolved_at: now, updated_at: now })
    .where('tenant', '=', tenant)
    .where('order_id', '=', orderId)
    .where('status', 'in', [...ACTIVE_EXCEPTION_STATUSES])
    .where('reason_code', 'in', reasonCodes as string[])
    .where(sql<boolean>`NOT (context_data ? 'window')`)
    .where(sql<boolean>`coalesce(context_data->>'source', '') <> ALL(${[...REPORTED_EVENT_SOURCES]}::text[])`)
    .where(
      sql<boolean>`NOT (context_data->>'source' = 'order_problem'
        AND reason_code = ANY(${[...REPORTED_FACT_ORDER_PROBLEMS]}::text[]))`,
    )
    .returning('reason_code')
    .execute();
  return closed.map((row) => row.reason_code);
}

export interface OrderProblemException {
  tenant: string;
  orderId: string;
  reasonCode: string;
  severity: string;
  context: Record<string, unknown>;
  maxResolutionAttempts: number;
  now: Date;
}

/**
 * Opens the exception, or adds the analysis to the active one of the same (tenant, order, code) so it is never
 * duplicated (a model may raise its severity, never lower it); true when a new exception was opened.
 */
export async function upsertOrderProblemException(trx: Db, problem: OrderProblemException): Promise<boolean> {
  const context = JSON.stringify(problem.context);
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO exceptions (tenant, order_id, reason_code, severity, context_data, max_resolution_attempts)
    VALUES (${problem.tenant}, ${problem.orderId}, ${problem.reasonCode}, ${problem.severity}, ${context}::jsonb,
            ${problem.maxResolutionAttempts})
    ON CONFLICT (tenant, order_id, reason_code) WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
    DO UPDATE SET context_data = exceptions.context_data || jsonb_build_object('ai_order_analysis', ${context}::jsonb),
                  severity = CASE WHEN array_position(${[...SEVERITIES]}::text[], EXCLUDED.severity)
                                     > array_position(${[...SEVERITIES]}::text[], exceptions.severity)
                                  THEN EXCLUDED.severity ELSE exceptions.severity END,
                  updated_at = ${problem.now}
    RETURNING (xmax = 0) AS inserted`.execute(trx);
  return result.rows[0]?.inserted === true;
}

export async function markOrdersAiAnalyzed(
  db: Db,
  tenant: string,
  orderIds: readonly string[],
  now: Date,
): Promise<void> {
  if (orderIds.length === 0) return;
  await db
    .updateTable('orders')
    .set({ ai_analyzed_at: now })
    .where('tenant', '=', tenant)
    .where('order_id', 'in', orderIds as string[])
    .execute();
}
