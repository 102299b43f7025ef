import { tryRedis, type RedisClient } from './redis-guard';

/** The Redis fast-path key for a delivered event; the unique constraint in Postgres stays authoritative. */
export const idempotencyKey = (tenant: string, source: string, eventId: string): string =>
  `idempo:${tenant}:${source}:${eventId}`;

export interface RememberedEvent {
  order_id: string;
  received_at: string;
}

export interface EventKey {
  source: string;
  eventId: string;
}

export interface IdempotencyStore {
  /** What Redis remembers for each key (undefined: unknown or Redis unavailable, so ask Postgres). */
  recall(tenant: string, keys: EventKey[]): Promise<(RememberedEvent | undefined)[]>;
  /** Remembers committed events; called only after the commit, never awaited by the answer. */
  remember(tenant: string, events: (EventKey & RememberedEvent)[]): void;
}

function parseRemembered(value: unknown, identity: string): RememberedEvent | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<RememberedEvent> & { db?: string };
    return parsed.db === identity &&
      typeof parsed.order_id === 'string' &&
      typeof parsed.received_at === 'string'
      ? { order_id: parsed.order_id, received_at: parsed.received_at }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keys carry the identity of the database they were committed to (`databaseIdentity` of @e2a/db): a key written for
 * another database (dropped and recreated, restored elsewhere) is ignored, so Redis can never answer "duplicate" for
 * an event this database does not hold.
 */
export function createIdempotencyStore(
  redis: RedisClient,
  ttlSeconds: number,
  identity: () => Promise<string>,
): IdempotencyStore {
  // Read once; until it is known (database unreachable at boot) every lookup goes to Postgres.
  let known: string | undefined;
  const currentIdentity = async () => (known ??= await identity().catch(() => undefined));
  return {
    async recall(tenant, keys) {
      if (keys.length === 0) return [];
      const current = await currentIdentity();
      if (!current) return keys.map(() => undefined);
      const values = await tryRedis(redis, (client) =>
        client.mGet(keys.map((key) => idempotencyKey(tenant, key.source, key.eventId))),
      );
      return keys.map((_key, index) => parseRemembered(values?.[index], current));
    },
    remember(tenant, events) {
      if (events.length === 0 || !known) return;
      const db = known;
      void tryRedis(
        redis,
        async (client) => {
          const multi = client.multi();
          for (const event of events) {
            multi.set(
              idempotencyKey(tenant, event.source, event.eventId),
              JSON.stringify({ order_id: event.order_id, received_at: event.received_at, db }),
              { EX: ttlSeconds },
            );
          }
          await multi.execAsPipeline();
        },
        1_000,
      );
    },
  };
}
