import { insertOrderEvents, type Database, type Db, type IngestResult } from '@e2a/db';
import type { Transaction } from 'kysely';
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

/**
 * Stores several requests' events atomically. One tenant (the usual case) is one self-contained statement; several
 * tenants share one transaction, taken in tenant order. Deadlocks and serialization failures run again.
 */
export async function storeEvents(db: Db, requests: Pick<Pending, 'tenant' | 'events'>[]) {
  const byTenant = new Map<string, { request: number; index: number; event: NormalizedEvent }[]>();
  requests.forEach((request, requestIndex) => {
    const list = byTenant.get(request.tenant) ?? [];
    request.events.forEach((event, index) => list.push({ request: requestIndex, index, event }));
    byTenant.set(request.tenant, list);
  });
  const results = requests.map((request) => new Array<IngestResult>(request.events.length));
  const storeTenant = async (executor: Db | Transaction<Database>, tenant: string) => {
    const items = byTenant.get(tenant) ?? [];
    const stored = await insertOrderEvents(
      executor,
      tenant,
      items.map((item) => item.event),
    );
    items.forEach((item, position) => {
      const result = stored[position];
      if (result) (results[item.request] as IngestResult[])[item.index] = result;
    });
  };
  const tenants = [...byTenant.keys()].sort();
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (tenants.length === 1) await storeTenant(db, tenants[0] as string);
      else
        await db.transaction().execute(async (trx) => {
          for (const tenant of tenants) await storeTenant(trx, tenant);
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
  options: {
    maxConcurrentCommits: number;
    maxEventsPerCommit: number;
    /** Called after a commit with the tenants that got new events (the real-time monitors' wake-up). */
    onCommitted?: (tenants: Set<string>) => void;
  },
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

  function announce(batch: Pending[], results: IngestResult[][]): void {
    if (!options.onCommitted) return;
    const tenants = new Set<string>();
    batch.forEach((pending, index) => {
      if (results[index]?.some((result) => result.status === 'accepted')) tenants.add(pending.tenant);
    });
    if (tenants.size > 0) options.onCommitted(tenants);
  }

  async function flush(batch: Pending[]): Promise<void> {
    try {
      const results = await storeEvents(db, batch);
      announce(batch, results);
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
            announce([pending], [results as IngestResult[]]);
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
