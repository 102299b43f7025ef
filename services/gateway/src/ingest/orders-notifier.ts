import { notifyOrdersChanged, type Db } from '@e2a/db';

export interface OrdersNotifier {
  /** The tenants' new events are committed: wake the real-time monitors (throttled, never awaited by a request). */
  notify(tenants: Iterable<string>): void;
  /** Sends what is pending now (shutdown, tests). */
  flush(): Promise<void>;
}

/**
 * NOTIFY after commit, at most one per tenant per `minIntervalMs`: the first commit of a window notifies at once,
 * later ones in the window are folded into one trailing notification, so a monitor always hears of the last one
 * while 1,000 commits/s cost Postgres ten notifications a second per tenant, not a thousand.
 */
export function createOrdersNotifier(
  db: Db,
  options: { minIntervalMs: number; onError: (error: unknown) => void },
): OrdersNotifier {
  const lastSentAt = new Map<string, number>();
  const pending = new Set<string>();
  let trailing: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const send = (tenants: string[]) => {
    const now = Date.now();
    for (const tenant of tenants) lastSentAt.set(tenant, now);
    inFlight = notifyOrdersChanged(db, tenants).catch(options.onError);
  };
  const sendPending = () => {
    trailing = undefined;
    const tenants = [...pending];
    pending.clear();
    if (tenants.length > 0) send(tenants);
  };

  return {
    notify(tenants) {
      const now = Date.now();
      const due: string[] = [];
      for (const tenant of tenants) {
        const last = lastSentAt.get(tenant);
        if (last === undefined || now - last >= options.minIntervalMs) due.push(tenant);
        else pending.add(tenant);
      }
      if (due.length > 0) send(due);
      if (pending.size > 0 && trailing === undefined)
        trailing = setTimeout(sendPending, options.minIntervalMs);
    },
    async flush() {
      clearTimeout(trailing);
      sendPending();
      await inFlight;
    },
  };
}
