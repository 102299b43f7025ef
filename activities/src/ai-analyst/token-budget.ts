import type { RedisClient } from '../deps';

// One counter per tenant per UTC day in Redis, so every worker process draws on the same budget.

export const tokenBudgetKey = (tenant: string, now: Date): string =>
  `ai_tokens:${tenant}:${now.toISOString().slice(0, 10)}`;

export async function tokensUsedToday(redis: RedisClient, tenant: string, now: Date): Promise<number> {
  const used = await redis.get(tokenBudgetKey(tenant, now));
  return used ? Number(used) : 0;
}

export async function hasTokenBudget(
  redis: RedisClient,
  tenant: string,
  now: Date,
  maxDailyTokens: number,
): Promise<boolean> {
  return (await tokensUsedToday(redis, tenant, now)) < maxDailyTokens;
}

export async function recordTokenUsage(
  redis: RedisClient,
  tenant: string,
  now: Date,
  tokens: number,
): Promise<number> {
  const key = tokenBudgetKey(tenant, now);
  const [total] = await redis
    .multi()
    .incrBy(key, Math.max(0, Math.round(tokens)))
    .expire(key, 2 * 86_400)
    .exec();
  return Number(total);
}
