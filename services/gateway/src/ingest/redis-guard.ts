import type { RedisClientType } from 'redis';

export type RedisClient = RedisClientType;

/**
 * Runs a Redis call that must never fail or stall a request: undefined when Redis is down, errors or is slower
 * than `timeoutMs`. The database stays the source of truth.
 */
export async function tryRedis<T>(
  redis: RedisClient,
  call: (client: RedisClient) => Promise<T>,
  timeoutMs = 250,
): Promise<T | undefined> {
  if (!redis.isReady) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      call(redis),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
