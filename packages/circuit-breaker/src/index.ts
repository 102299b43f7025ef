import { Gauge, type Registry } from 'prom-client';
import type { RedisClientType } from 'redis';

// The one circuit-breaker module. State lives in Redis so every worker, the API and the orchestrator's readiness
// probe agree on it: a hash at `circuit_breaker:<name>` with `failures`, `last_failure_at`, `last_error` and, while
// open, `opened_at` (ISO). Open until `opened_at + resetSeconds`, then half-open (a trial call may pass). No key =
// closed. The set `circuit_breakers` names every breaker that was ever used.

/** The LLM provider's breaker (the AI analyst's calls). */
export const AI_SERVICE_BREAKER = 'ai_service';
const REGISTRY_KEY = 'circuit_breakers';
export const breakerKey = (name: string) => `circuit_breaker:${name}`;

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  failureThreshold: number;
  resetSeconds: number;
}

export interface BreakerStatus {
  name: string;
  state: BreakerState;
  failure_count: number;
  failure_threshold: number;
  reset_timeout_seconds: number;
  opened_at: string | null;
  last_failure_at: string | null;
  last_error: string | null;
}

export async function readBreaker(
  redis: RedisClientType,
  name: string,
  options: BreakerOptions,
  now: Date,
): Promise<BreakerStatus> {
  const fields = await redis.hGetAll(breakerKey(name));
  const failures = Number(fields.failures ?? 0);
  const openedAt = fields.opened_at ? new Date(fields.opened_at) : null;
  // An unreadable `opened_at` counts as never opened rather than as open forever.
  const isOpened = openedAt !== null && !Number.isNaN(openedAt.getTime());
  let state: BreakerState = 'closed';
  if (isOpened) {
    state = now.getTime() - openedAt.getTime() >= options.resetSeconds * 1000 ? 'half_open' : 'open';
  }
  return {
    name,
    state,
    failure_count: failures,
    failure_threshold: options.failureThreshold,
    reset_timeout_seconds: options.resetSeconds,
    opened_at: isOpened ? openedAt.toISOString() : null,
    last_failure_at: fields.last_failure_at ?? null,
    last_error: fields.last_error ?? null,
  };
}

/** True when a call may go through: closed, or half-open after the reset timeout (a trial call). */
export async function allowsRequest(
  redis: RedisClientType,
  name: string,
  options: BreakerOptions,
  now: Date,
): Promise<boolean> {
  return (await readBreaker(redis, name, options, now)).state !== 'open';
}

export async function recordBreakerSuccess(redis: RedisClientType, name: string): Promise<void> {
  await redis
    .multi()
    .sAdd(REGISTRY_KEY, name)
    .hSet(breakerKey(name), 'failures', 0)
    .hDel(breakerKey(name), 'opened_at')
    .exec();
}

/** Counts a failure; at the threshold (or any failure while half-open) the breaker opens. */
export async function recordBreakerFailure(
  redis: RedisClientType,
  name: string,
  options: BreakerOptions,
  now: Date,
  error: string,
): Promise<BreakerStatus> {
  const key = breakerKey(name);
  const [, failures] = await redis
    .multi()
    .sAdd(REGISTRY_KEY, name)
    .hIncrBy(key, 'failures', 1)
    .hSet(key, { last_failure_at: now.toISOString(), last_error: error.slice(0, 500) })
    .exec();
  const before = await readBreaker(redis, name, options, now);
  if (Number(failures) >= options.failureThreshold || before.state === 'half_open') {
    await redis.hSet(key, 'opened_at', now.toISOString());
  }
  return readBreaker(redis, name, options, now);
}

export async function resetBreaker(redis: RedisClientType, name: string): Promise<void> {
  await redis.multi().sAdd(REGISTRY_KEY, name).del(breakerKey(name)).exec();
}

export async function listBreakers(
  redis: RedisClientType,
  options: BreakerOptions,
  now: Date,
): Promise<BreakerStatus[]> {
  const names = new Set([AI_SERVICE_BREAKER, ...(await redis.sMembers(REGISTRY_KEY))]);
  return Promise.all([...names].sort().map((name) => readBreaker(redis, name, options, now)));
}

/** `circuit_breaker_open{breaker}` (1 open, 0 otherwise) read from Redis at scrape time, for the breaker alert. */
export function registerBreakerMetrics(
  registry: Registry,
  redis: RedisClientType,
  options: BreakerOptions,
  now: () => Date = () => new Date(),
): void {
  new Gauge({
    name: 'circuit_breaker_open',
    help: 'Whether a shared circuit breaker is open (1) or not (0), e.g. ai_service',
    labelNames: ['breaker'],
    registers: [registry],
    async collect() {
      const breakers = redis.isReady ? await listBreakers(redis, options, now()) : [];
      this.reset();
      for (const breaker of breakers) this.set({ breaker: breaker.name }, breaker.state === 'open' ? 1 : 0);
    },
  });
}
