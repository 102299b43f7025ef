import { sql } from 'kysely';
import type { Db } from './connection';
import { listenForNotifications, ORDERS_CHANGED_CHANNEL, TENANT_CHANGED_CHANNEL } from './tenant-changes';

/** What woke a listener: new events or a tenant row change for `tenant`, or a reconnect (anything may have been missed). */
export type Change = { kind: 'orders' | 'tenant'; tenant: string } | { kind: 'reset' };

/** One `LISTEN` connection per process, shared by every waiting activity. */
export interface ChangeFeed {
  /** Calls `listener` for every change until the returned function is called. */
  subscribe: (listener: (change: Change) => void) => () => void;
  close: () => Promise<void>;
}

/** Listens on the order and tenant channels once and fans each notification out to the current subscribers. */
export function createChangeFeed(connectionString: string, onError: (error: Error) => void): ChangeFeed {
  const listeners = new Set<(change: Change) => void>();
  const emit = (change: Change) => {
    for (const listener of listeners) listener(change);
  };
  const connection = listenForNotifications(
    connectionString,
    [ORDERS_CHANGED_CHANNEL, TENANT_CHANGED_CHANNEL],
    {
      onNotification: (channel, tenant) =>
        emit({ kind: channel === ORDERS_CHANGED_CHANNEL ? 'orders' : 'tenant', tenant }),
      onReset: () => emit({ kind: 'reset' }),
      onError,
    },
  );
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      listeners.clear();
      await connection.close();
    },
  };
}

/** Tells the real-time monitors that these tenants have new events (sent after the commit that stored them). */
export async function notifyOrdersChanged(db: Db, tenants: readonly string[]): Promise<void> {
  if (tenants.length === 0) return;
  await sql`SELECT pg_notify(${ORDERS_CHANGED_CHANNEL}, tenant) FROM unnest(${[...tenants]}::text[]) AS tenant`.execute(
    db,
  );
}
