import { insertOrderEvents, type Db, type IngestResult } from '@e2a/db';
import type { NormalizedEvent } from '@e2a/domain';
import { isDatabaseUnavailable, isRetryableTransactionError } from './database-errors';

export interface EventCommitter {
  /** Resolves once the events are committed in Postgres (accepted or duplicate, in input order). */
  commit(tenant: string, events: NormalizedEvent[]): Promise<IngestResult[]>;
}

interface Pending {
  tenant: string;
  events: NormalizedEvent[];
  resolve: (results: IngestResult[]) => void;
  reject: (error: unknown) => void;
}

const MAX_TRANSACTION_ATTEMPTS = 3;

const eventKey = (event: NormalizedEvent) => `${event.source}\u0000${event.eventId}`;

/**
 * Stores several requests' events in one transaction. Locks are taken in tenant, then (source, event_id)
 * order so concurrent transactions carrying the same events wait for each other instead of deadlocking.
 */
export async function storeEvents(db: Db, requests: Pick<Pending, 'tenant' | 'events'>[]) {
  const byTenant = new Map<string, { request: number; index: number; event: NormalizedEvent }[]>();
  requests.forEach((request, requestIndex) => {
    const list = byTenant.get(request.tenant) ?? [];
    request.events.forEach((event, index) => list.push({ request: requestIndex, index, event }));
    byTenant.set(request.tenant, list);
  });
  const results = requests.map((request) => new Array<IngestResult>(request.events.length));
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.transaction().execute(async (trx) => {
        for (const tenant of [...byTenant.keys()].sort()) {
          const items = byTenant.get(tenant) ?? [];
          items.sort((a, b) =>
            eventKey(a.event) < eventKey(b.event) ? -1 : eventKey(a.event) > eventKey(b.event) ? 1 : 0,
          );
          const stored = await insertOrderEvents(
            trx,
            tenant,
            items.map((item) => item.event),
          );
          items.forEach((item, position) => {
            const result = stored[position];
            if (result) (results[item.request] as IngestResult[])[item.index] = result;
          });
        }
      });
      return results;
    } catch (error) {
      if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
    }
  }
}

/**
 * Group commit: a request is flushed at once while fewer than `maxConcurrentCommits` transactions are running;
 * beyond that, requests queue and the next free slot commits all of them together (up to `maxEventsPerCommit`).
 * Latency stays one transaction at low load and throughput scales with batch size under load.
 */
export function createGroupCommitter(
  db: Db,
  options: { maxConcurrentCommits: number; maxEventsPerCommit: number },
): EventCommitter {
  const queue: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled || queue.length === 0 || inFlight >= options.maxConcurrentCommits) return;
    scheduled = true;
    // setImmediate gathers every request that arrived in this turn of the event loop into one commit.
    setImmediate(drain);
  }

  function drain(): void {
    scheduled = false;
    while (queue.length > 0 && inFlight < options.maxConcurrentCommits) {
      const batch: Pending[] = [];
      let size = 0;
      while (queue.length > 0) {
        const next = queue[0] as Pending;
        if (batch.length > 0 && size + next.events.length > options.maxEventsPerCommit) break;
        batch.push(next);
        size += next.events.length;
        queue.shift();
      }
      inFlight += 1;
      void flush(batch).finally(() => {
        inFlight -= 1;
        schedule();
      });
    }
  }

  async function flush(batch: Pending[]): Promise<void> {
    try {
      const results = await storeEvents(db, batch);
      batch.forEach((pending, index) => pending.resolve(results[index] as IngestResult[]));
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      // One request's bad data must not fail its neighbours: retry each alone.
      await Promise.all(
        batch.map(async (pending) => {
          try {
            const [results] = await storeEvents(db, [pending]);
            pending.resolve(results as IngestResult[]);
          } catch (singleError) {
            pending.reject(singleError);
          }
        }),
      );
    }
  }

  return {
    commit(tenant, events) {
      if (events.length === 0) return Promise.resolve([]);
      return new Promise<IngestResult[]>((resolve, reject) => {
        queue.push({ tenant, events, resolve, reject });
        schedule();
      });
    },
  };
}
