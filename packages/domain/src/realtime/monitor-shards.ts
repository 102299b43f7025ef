/** Shard monitors the real-time path runs per task queue; every tenant belongs to exactly one (by hash of its name). */
export const DEFAULT_REALTIME_SHARDS = 4;

/**
 * The shard (0 ≤ shard < shardCount) that watches a tenant: FNV-1a over the name's UTF-16 code units, so the
 * worker, the API and the workflow all agree without a lookup.
 */
export function realtimeShardOf(tenant: string, shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1)
    throw new RangeError('shardCount must be a positive integer');
  let hash = 0x811c9dc5;
  for (let index = 0; index < tenant.length; index += 1) {
    hash ^= tenant.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}

/** The tenants of one shard, in the order given. */
export function tenantsOfShard(tenants: readonly string[], shard: number, shardCount: number): string[] {
  return tenants.filter((tenant) => realtimeShardOf(tenant, shardCount) === shard);
}
