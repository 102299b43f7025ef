import { breakerKey, readBreaker } from '@e2a/circuit-breaker';
import { createTestRedis, type TestRedis } from '../../support/redis';

// A breaker name of this suite's own, so the shared Redis key of `ai_service` is never touched.
const NAME = 'orch-test-breaker';
const NOW = new Date('2026-11-29T12:00:00Z');

describe('readBreaker (the state every reader of a breaker sees, the orchestrator readiness probe included)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await createTestRedis();
  });
  afterEach(async () => {
    await redis.del(breakerKey(NAME));
  });
  afterAll(async () => {
    await redis.quit();
  });

  it.each([
    ['no key: closed', null, 'closed'],
    ['failures below threshold, never opened: closed', { failures: '2' }, 'closed'],
    ['opened 10 s ago with 60 s reset: open', { failures: '5', opened_at: '2026-11-29T11:59:50Z' }, 'open'],
    ['opened 61 s ago: half open', { failures: '5', opened_at: '2026-11-29T11:58:59Z' }, 'half_open'],
    [
      'an unreadable opened_at: closed, not open forever',
      { failures: '5', opened_at: 'yesterday' },
      'closed',
    ],
  ] as const)('%s', async (_name, fields, expected) => {
    if (fields) await redis.hSet(breakerKey(NAME), fields);
    expect((await readBreaker(redis, NAME, { failureThreshold: 5, resetSeconds: 60 }, NOW)).state).toBe(
      expected,
    );
  });

  it('keeps the key layout operators read: circuit_breaker:<name>', () => {
    expect(breakerKey('ai_service')).toBe('circuit_breaker:ai_service');
  });
});
