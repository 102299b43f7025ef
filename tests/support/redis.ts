import { createClient, type RedisClientType } from 'redis';
import { loadTestConfig } from '@e2a/config';

export type TestRedis = RedisClientType;

/** A connected client on the machine's Redis; suites keep apart by unique tenant names in every key. */
export async function createTestRedis(): Promise<TestRedis> {
  const client = createClient({ url: loadTestConfig().REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Deletes every key matching the pattern (a suite's own tenant), for a clean start. */
export async function deleteKeys(client: TestRedis, pattern: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
    if (keys.length) await client.del(keys);
  }
}
