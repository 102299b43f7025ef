import createPostgresSubscriber from 'pg-listen';

/** Notified by a trigger on `tenants` after every insert, update or delete; the payload is the tenant name. */
export const TENANT_CHANGED_CHANNEL = 'e2a_tenant_changed';

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

/**
 * Listens for tenant changes on a dedicated connection that reconnects by itself for as long as it takes; while it
 * is down, callers keep their own cache expiry as the fallback.
 */
export function listenForTenantChanges(
  connectionString: string,
  handlers: TenantChangeHandlers,
): TenantChangeFeed {
  let isClosed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let subscriber: ReturnType<typeof createPostgresSubscriber> | undefined;

  // pg-listen reconnects a lost connection forever; a first connection that fails is retried here.
  const start = () => {
    const current = createPostgresSubscriber(
      { connectionString },
      {
        parse: (payload) => payload,
        paranoidChecking: 10_000,
        retryInterval: (attempt) => Math.min(500 * attempt, 5_000),
        retryLimit: Number.POSITIVE_INFINITY,
        retryTimeout: Number.POSITIVE_INFINITY,
      },
    );
    subscriber = current;
    current.notifications.on(TENANT_CHANGED_CHANNEL, (payload: unknown) => {
      if (typeof payload === 'string') handlers.onChange(payload);
    });
    current.events.on('connected', handlers.onReset);
    current.events.on('error', handlers.onError);
    current
      .connect()
      .then(() => current.listenTo(TENANT_CHANGED_CHANNEL))
      .catch((error: unknown) => {
        handlers.onError(error instanceof Error ? error : new Error(String(error)));
        current.close().catch(() => undefined);
        if (!isClosed) retryTimer = setTimeout(start, 2_000).unref();
      });
  };
  start();

  return {
    close: async () => {
      isClosed = true;
      clearTimeout(retryTimer);
      await subscriber?.close().catch(() => undefined);
    },
  };
}
