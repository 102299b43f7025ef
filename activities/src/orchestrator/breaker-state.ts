import type { RedisClient } from '../deps';

/** The LLM breaker the exception-management analyst keeps in Redis. */
export const AI_SERVICE_BREAKER = 'ai_service';

/**
 * The one place that knows the breaker's Redis layout (shared with the AI analyst's breaker):
 * a hash at `circuit_breaker:<name>` with `failures` and, while open, `opened_at` (ISO). Open until
 * `opened_at + resetSeconds`, then half-open (a trial call may pass). No key = closed.
 */
export const breakerKey = (name: string) => `circuit_breaker:${name}`;

export type BreakerState = 'closed' | 'open' | 'half_open';

export async function readBreakerState(
  redis: RedisClient,
  name: string,
  resetSeconds: number,
  now: Date,
): Promise<{ state: BreakerState; failures: number; openedAt: string | null }> {
  const fields = await redis.hGetAll(breakerKey(name));
  const failures = Number(fields.failures ?? 0);
  const openedAt = fields.opened_at ? new Date(fields.opened_at) : null;
  if (!openedAt || Number.isNaN(openedAt.getTime())) return { state: 'closed', failures, openedAt: null };
  const state = now.getTime() - openedAt.getTime() >= resetSeconds * 1000 ? 'half_open' : 'open';
  return { state, failures, openedAt: openedAt.toISOString() };
}
