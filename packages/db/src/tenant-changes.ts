import { Client } from 'pg';

/** Notified by a trigger on `tenants` after every insert, update or delete; the payload is the tenant name. */
export const TENANT_CHANGED_CHANNEL = 'e2a_tenant_changed';
/** Notified by the gateway after a commit stored new events; the payload is the tenant name. */
export const ORDERS_CHANGED_CHANNEL = 'e2a_orders_changed';

export interface TenantChangeHandlers {
  /** A tenant row changed (secret rotated, disabled, enabled, ...). */
  onChange: (tenant: string) => void;
  /** The listening connection was (re)established: changes may have been missed, so forget everything cached. */
  onReset: () => void;
  onError: (error: Error) => void;
}

export interface TenantChangeFeed {
  close: () => Promise<void>;
}

const HEALTH_CHECK_MS = 10_000;
const MAX_RETRY_MS = 5_000;

/**
 * Listens for tenant changes on a dedicated connection that reconnects for as long as it takes (and checks itself
 * every 10 s, so a silently dead connection is noticed); while it is down, callers keep their cache expiry.
 */
export function listenForTenantChanges(
  connectionString: string,
  handlers: TenantChangeHandlers,
): TenantChangeFeed {
  return listenForNotifications(connectionString, [TENANT_CHANGED_CHANNEL], {
    ...handlers,
    onNotification: (_channel, tenant) => handlers.onChange(tenant),
  });
}

export interface NotificationHandlers {
  /** A notification with a payload arrived on one of the channels. */
  onNotification: (channel: string, payload: string) => void;
  /** The listening connection was (re)established: notifications may have been missed. */
  onReset: () => void;
  onError: (error: Error) => void;
}

/** `LISTEN` on the channels over one dedicated, self-healing connection (see listenForTenantChanges). */
export function listenForNotifications(
  connectionString: string,
  channels: readonly string[],
  handlers: NotificationHandlers,
): TenantChangeFeed {
  let isClosed = false;
  let client: Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let healthTimer: NodeJS.Timeout | undefined;
  let attempt = 0;

  const reconnect = (current: Client, error: Error) => {
    if (client !== current) return;
    client = undefined;
    clearInterval(healthTimer);
    current.removeAllListeners('notification');
    current.end().catch(() => undefined);
    if (isClosed) return;
    handlers.onError(error);
    attempt += 1;
    retryTimer = setTimeout(connect, Math.min(500 * attempt, MAX_RETRY_MS)).unref();
  };

  async function connect(): Promise<void> {
    const current = new Client({ connectionString });
    client = current;
    // A lost connection emits 'error' (or only 'end'); either way reconnect, never crash the process.
    current.on('error', (error) => reconnect(current, error));
    current.on('end', () => reconnect(current, new Error('notification listener connection ended')));
    current.on('notification', (message) => {
      if (channels.includes(message.channel) && message.payload)
        handlers.onNotification(message.channel, message.payload);
    });
    try {
      await current.connect();
      for (const channel of channels) await current.query(`LISTEN ${channel}`);
    } catch (error) {
      reconnect(current, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (isClosed || client !== current) return;
    attempt = 0;
    handlers.onReset();
    healthTimer = setInterval(() => {
      current.query('SELECT 1').catch((error: unknown) => {
        reconnect(current, error instanceof Error ? error : new Error(String(error)));
      });
    }, HEALTH_CHECK_MS).unref();
  }

  void connect();

  return {
    close: async () => {
      isClosed = true;
      clearTimeout(retryTimer);
      clearInterval(healthTimer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
