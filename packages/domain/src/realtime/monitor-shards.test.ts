import { realtimeShardOf, tenantsOfShard } from './monitor-shards';

describe('realtimeShardOf', () => {
  it.each([
    ['acme', 1, 0],
    ['', 4, 0x811c9dc5 % 4],
  ])('%s over %i shards is shard %i', (tenant, shardCount, shard) => {
    expect(realtimeShardOf(tenant, shardCount)).toBe(shard);
  });

  it('is stable and spreads 1,000 tenants over every shard within 20 % of even', () => {
    const tenants = Array.from({ length: 1000 }, (_, index) => `tenant-${index}`);
    const counts = [0, 0, 0, 0];
    for (const tenant of tenants) counts[realtimeShardOf(tenant, 4)]! += 1;
    for (const count of counts) expect(Math.abs(count - 250)).toBeLessThanOrEqual(50);
    expect(tenants.map((tenant) => realtimeShardOf(tenant, 4))).toEqual(
      tenants.map((tenant) => realtimeShardOf(tenant, 4)),
    );
    const shards = [0, 1, 2, 3].map((shard) => tenantsOfShard(tenants, shard, 4));
    expect(shards.flat().sort()).toEqual([...tenants].sort());
  });

  it.each([0, -1, 1.5])('rejects %p shards', (shardCount) => {
    expect(() => realtimeShardOf('acme', shardCount)).toThrow(RangeError);
  });
});
