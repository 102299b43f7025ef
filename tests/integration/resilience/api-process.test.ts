import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestTenant } from '../../support/db';
import {
  SERVICE_ENTRIES,
  createServiceProcess,
  freePort,
  getJson,
  waitFor,
  type ServiceProcess,
} from '../../support/process-controller';
import { createThrowawayStack, type ThrowawayStack } from '../../support/throwaway-services';

const TENANT = 'api-process';

interface Ready {
  status: number;
  checks: { database?: string; redis?: string; temporal?: string };
}

describe('API process while Postgres, Redis and Temporal restart', () => {
  let stack: ThrowawayStack;
  let api: ServiceProcess;
  let baseUrl: string;
  let apiKey: string;

  const ready = async (): Promise<Ready> => {
    const answer = await getJson<{ checks: Ready['checks'] }>(`${baseUrl}/ready`);
    return { status: answer.status, checks: answer.body?.checks ?? {} };
  };
  const alive = () => {
    if (!api.isRunning()) throw new Error(`api exited: ${api.log().slice(-3_000)}`);
    return true;
  };
  const waitReady = (what: string, check: (answer: Ready) => boolean) =>
    waitFor(what, async () => alive() && check(await ready()), { timeoutMs: 120_000 });

  beforeAll(async () => {
    stack = await createThrowawayStack('api_process');
    apiKey = (await createTestTenant(stack.db, TENANT)).apiKey;
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    api = createServiceProcess({
      name: 'api',
      entry: SERVICE_ENTRIES.api,
      logFile: path.join(tmpdir(), `e2a-api-process-${process.pid}.log`),
      env: {
        DATABASE_URL: stack.databaseUrl,
        REDIS_URL: stack.redis.url,
        TEMPORAL_ADDRESS: stack.temporal.address,
        API_HOST: '127.0.0.1',
        API_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
    });
    api.start();
    await waitReady('a ready API', (answer) => answer.status === 200);
  }, 300_000);
  afterAll(async () => {
    await api?.stop();
    await stack?.destroy();
  });

  it('reports each dependency that is away as not ready, keeps running, and is ready again once it is back', async () => {
    expect((await ready()).checks).toEqual({ database: 'ok', redis: 'ok', temporal: 'ok' });
    const { cluster, redis, temporal } = stack;

    await redis.process.stop('SIGKILL');
    await waitReady(
      'redis unavailable',
      (answer) => answer.status === 503 && answer.checks.redis === 'unavailable',
    );
    await redis.start();
    await waitReady('ready after redis', (answer) => answer.status === 200);

    await temporal.process.stop('SIGKILL');
    await waitReady(
      'temporal unavailable',
      (answer) => answer.status === 503 && answer.checks.temporal === 'unavailable',
    );
    await temporal.start();
    await waitReady('ready after temporal', (answer) => answer.status === 200);

    cluster.stop();
    await waitReady(
      'postgres unavailable',
      (answer) => answer.status === 503 && answer.checks.database === 'unavailable',
    );
    cluster.start();
    await waitReady('ready after postgres', (answer) => answer.status === 200);

    // And it still serves: a tenant call that reads Postgres.
    const response = await fetch(`${baseUrl}/exceptions`, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-tenant-id': TENANT },
    });
    expect(response.status).toBe(200);
    expect(alive()).toBe(true);
    expect(api.starts()).toBe(1);
  });
});
