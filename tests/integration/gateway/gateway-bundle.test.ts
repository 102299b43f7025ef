import { spawn, type ChildProcess } from 'node:child_process';
import { loadTestConfig } from '@e2a/config';
import { sql } from '@e2a/db';
import { bundleService } from '@e2a/infra/bundle';
import { createTestDatabase, type TestDatabase } from '../../support/db';

// `make up` and the images run the gateway as an esbuild bundle on plain node: a dependency that loads files by path
// at run time builds fine and then fails at start (it happened). Built here as infra/scripts/bundle.ts builds it,
// then started.

describe('the gateway bundle', () => {
  let testDb: TestDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase('gateway_bundle');
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await testDb?.destroy();
  });

  it('builds as make up and the image build it, starts and answers /health', async () => {
    const { outfile } = await bundleService('gateway', 'bundle-start-test');
    const started = spawn(process.execPath, [outfile], {
      env: {
        PATH: process.env.PATH, // eslint-disable-line no-restricted-properties -- the child needs a PATH like any shell's
        DATABASE_URL: testDb.url,
        REDIS_URL: loadTestConfig().REDIS_URL,
        GATEWAY_HOST: '127.0.0.1',
        GATEWAY_PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"port":(\d+).*gateway listening/.exec(output);
        if (match) resolve(Number(match[1]));
      };
      started.stdout?.on('data', onData);
      started.stderr?.on('data', onData);
      started.on('exit', (code) => reject(new Error(`gateway bundle exited ${code}: ${output}`)));
    });
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    // Operators tell the gateway's sessions from the worker's in pg_stat_activity by their application_name.
    const sessions = await sql<{ application_name: string }>`
      SELECT DISTINCT application_name FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(testDb.db);
    expect(sessions.rows.map((row) => row.application_name)).toContain('e2a-gateway');
  });
});
