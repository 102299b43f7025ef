import { availableParallelism } from 'node:os';
import {
  ConfigError,
  effectiveAiMode,
  loadApiConfig,
  loadCliConfig,
  loadGatewayConfig,
  loadWorkerConfig,
} from './index';

describe('config', () => {
  it('applies the documented defaults', () => {
    const config = loadWorkerConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/e2a');
    expect(config.OCTUP_MAX_RESOLUTION_ATTEMPTS).toBe(2);
    expect(config.AI_MIN_CONFIDENCE).toBe(0.55);
    expect(config.AI_TIMEOUT_SECONDS).toBe(3);
    expect(loadGatewayConfig({}).MAX_REQUEST_BODY_BYTES).toBe(1024 * 1024);
  });

  it('gives each role its own Postgres connection budget', () => {
    expect(loadGatewayConfig({}).GATEWAY_DATABASE_POOL_SIZE).toBe(10);
    expect(loadApiConfig({}).API_DATABASE_POOL_SIZE).toBe(10);
    const worker = loadWorkerConfig({});
    expect([worker.WORKER_DATABASE_POOL_SIZE, worker.WORKER_MAX_CONCURRENT_ACTIVITIES]).toEqual([20, 20]);
    // One evaluation chunk per core (at least 2) unless set.
    expect(worker.WORKER_MAX_CONCURRENT_EVALUATIONS).toBe(Math.max(2, availableParallelism()));
    expect(
      loadWorkerConfig({ WORKER_MAX_CONCURRENT_EVALUATIONS: '6' }).WORKER_MAX_CONCURRENT_EVALUATIONS,
    ).toBe(6);
    // A shared .env budgets the roles apart: the worker's figure is not the gateway's.
    expect(loadGatewayConfig({ WORKER_DATABASE_POOL_SIZE: '50' }).GATEWAY_DATABASE_POOL_SIZE).toBe(10);
  });

  it('refuses a worker pool smaller than its activity slots (activities would queue for connections)', () => {
    expect(() => loadWorkerConfig({ WORKER_DATABASE_POOL_SIZE: '10' })).toThrow(
      /WORKER_DATABASE_POOL_SIZE: must be at least WORKER_MAX_CONCURRENT_ACTIVITIES \(20\)/,
    );
    const smaller = loadWorkerConfig({
      WORKER_DATABASE_POOL_SIZE: '10',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '10',
    });
    expect(smaller.WORKER_DATABASE_POOL_SIZE).toBe(10);
  });

  it('reads the ingest plausibility window: durations as 24h/90m/30s/2d or seconds, the minimum as a date', () => {
    const defaults = loadGatewayConfig({});
    expect(defaults.INGEST_MAX_FUTURE_SKEW).toBe(24 * 3_600_000);
    expect(defaults.INGEST_MIN_OCCURRED_AT.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    expect(defaults.INGEST_MAX_JSON_DEPTH).toBe(32);
    expect(loadGatewayConfig({ INGEST_MAX_FUTURE_SKEW: '90m' }).INGEST_MAX_FUTURE_SKEW).toBe(90 * 60_000);
    expect(loadGatewayConfig({ INGEST_MAX_FUTURE_SKEW: '2d' }).INGEST_MAX_FUTURE_SKEW).toBe(2 * 86_400_000);
    expect(loadGatewayConfig({ INGEST_MAX_FUTURE_SKEW: '300' }).INGEST_MAX_FUTURE_SKEW).toBe(300_000);
    expect(
      loadGatewayConfig({ INGEST_MIN_OCCURRED_AT: '2020-06-01' }).INGEST_MIN_OCCURRED_AT.toISOString(),
    ).toBe('2020-06-01T00:00:00.000Z');
    expect(() => loadGatewayConfig({ INGEST_MAX_FUTURE_SKEW: 'a day' })).toThrow(/INGEST_MAX_FUTURE_SKEW/);
    expect(() => loadGatewayConfig({ INGEST_MIN_OCCURRED_AT: 'yesterday' })).toThrow(
      /INGEST_MIN_OCCURRED_AT/,
    );
  });

  it("accepts the knowledge base's SQLAlchemy-style database URL", () => {
    const config = loadWorkerConfig({
      DATABASE_URL: 'postgresql+asyncpg://postgres:postgres@127.0.0.1:54322/postgres',
    });
    expect(config.DATABASE_URL).toBe('postgres://postgres:postgres@127.0.0.1:54322/postgres');
  });

  it('names every invalid variable in one readable error', () => {
    expect(() => loadWorkerConfig({ AI_MIN_CONFIDENCE: '1.5', AI_MODE: 'clever' })).toThrow(ConfigError);
    try {
      loadWorkerConfig({ AI_MIN_CONFIDENCE: '1.5', AI_MODE: 'clever' });
    } catch (error) {
      expect((error as Error).message).toMatch(/AI_MIN_CONFIDENCE/);
      expect((error as Error).message).toMatch(/AI_MODE/);
    }
  });

  it.each([
    ['smart', undefined, 'fallback'],
    ['smart', 'sk-test', 'smart'],
    ['full', 'sk-test', 'full'],
    ['disabled', 'sk-test', 'disabled'],
    ['fallback', 'sk-test', 'fallback'],
  ] as const)('AI_MODE=%s with key %s runs as %s', (mode, key, expected) => {
    expect(effectiveAiMode({ AI_MODE: mode, AI_API_KEY: key })).toBe(expected);
  });

  it('maps LOG_LEVEL=WARNING (the knowledge base spelling) to pino levels', () => {
    expect(loadWorkerConfig({ LOG_LEVEL: 'WARNING' }).LOG_LEVEL).toBe('warn');
    expect(loadWorkerConfig({ LOG_LEVEL: 'INFO' }).LOG_LEVEL).toBe('info');
  });

  describe('APP_ENV=production', () => {
    const messageOf = (load: () => unknown): string => {
      try {
        load();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected the configuration to be refused');
    };

    it.each([
      ['api', () => loadApiConfig({ APP_ENV: 'production' }), ['ADMIN_API_KEY']],
      [
        'cli',
        () => loadCliConfig({ APP_ENV: 'production' }),
        ['ADMIN_API_KEY', 'DEMO_WEBHOOK_SECRET', 'DEMO_API_KEY'],
      ],
    ] as const)(
      'the %s refuses to start with a local default, naming each variable',
      (_name, load, names) => {
        const message = messageOf(load);
        for (const name of names) expect(message).toContain(`${name}: still the local default`);
        expect(message).toContain('APP_ENV=production needs a real secret');
      },
    );

    it('refuses a local default also when it is set explicitly', () => {
      const message = messageOf(() =>
        loadApiConfig({ APP_ENV: 'production', ADMIN_API_KEY: 'local-admin-key' }),
      );
      expect(message).toContain('ADMIN_API_KEY');
    });

    it('starts with real secrets, and outside production with the local defaults', () => {
      const secrets = {
        ADMIN_API_KEY: 'a-real-admin-secret',
        DEMO_WEBHOOK_SECRET: 'a-real-webhook-secret',
        DEMO_API_KEY: 'a-real-demo-key',
      };
      expect(loadCliConfig({ APP_ENV: 'production', ...secrets }).ADMIN_API_KEY).toBe('a-real-admin-secret');
      expect(loadApiConfig({ APP_ENV: 'staging' }).ADMIN_API_KEY).toBe('local-admin-key');
      expect(loadWorkerConfig({ APP_ENV: 'production' }).APP_ENV).toBe('production');
      expect(loadGatewayConfig({ APP_ENV: 'production' }).APP_ENV).toBe('production');
    });
  });
});
