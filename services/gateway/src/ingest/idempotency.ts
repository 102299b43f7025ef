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

function parseRemembered(value: unknown): RememberedEvent | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<RememberedEvent>;
    return typeof parsed.order_id === 'string' && typeof parsed.received_at === 'string'
      ? { order_id: parsed.order_id, received_at: parsed.received_at }
      : undefined;
  } catch {
    return undefined;
  }
}

export function createIdempotencyStore(redis: RedisClient, ttlSeconds: number): IdempotencyStore {
  return {
    async recall(tenant, keys) {
      if (keys.length === 0) return [];
      const values = await tryRedis(redis, (client) =>
        client.mGet(keys.map((key) => idempotencyKey(tenant, key.source, key.eventId))),
      );
      return keys.map((_key, index) => parseRemembered(values?.[index]));
    },
    remember(tenant, events) {
      if (events.length === 0) return;
      void tryRedis(
        redis,
        async (client) => {
          const multi = client.multi();
          for (const event of events) {
            multi.set(
              idempotencyKey(tenant, event.source, event.eventId),
              JSON.stringify({ order_id: event.order_id, received_at: event.received_at }),
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
