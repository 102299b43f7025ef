import { tryRedis, type RedisClient } from './redis-guard';

// Token bucket in Redis so every gateway process shares one budget per tenant; Redis TIME keeps clocks aligned.
const TOKEN_BUCKET_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
local retry_ms = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry_ms = math.ceil((cost - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, retry_ms}
`;

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Takes `cost` events from the tenant's bucket; allows when Redis is unavailable (fail open). */
  consume(tenant: string, cost: number): Promise<RateDecision>;
}

export function createRateLimiter(
  redis: RedisClient,
  options: { ratePerSecond: number; burst: number },
): RateLimiter {
  return {
    async consume(tenant, cost) {
      // A batch larger than the burst could never pass; it waits for a full bucket instead.
      const charged = Math.max(1, Math.min(cost, options.burst));
      const reply = await tryRedis(redis, (client) =>
        client.eval(TOKEN_BUCKET_SCRIPT, {
          keys: [`ratelimit:{${tenant}}`],
          arguments: [String(options.ratePerSecond), String(options.burst), String(charged)],
        }),
      );
      if (!Array.isArray(reply)) return { allowed: true, retryAfterSeconds: 0 };
      const allowed = Number(reply[0]) === 1;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(Number(reply[1]) / 1000)) };
    },
  };
}
