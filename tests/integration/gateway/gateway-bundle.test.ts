import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadTestConfig } from '@e2a/config';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { projectRoot } from '../../support/paths';

// `make up` runs the gateway as an esbuild bundle on plain node: a dependency that loads files by path at run time
// builds fine and then fails at start. Built here exactly as infra/scripts/up.sh builds it, then started.

const run = promisify(execFile);

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

  it('builds as make up builds it, starts and answers /health', async () => {
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'e2a-gateway-')), 'gateway.js');
    await run(path.join(projectRoot, 'node_modules/.bin/esbuild'), [
      path.join(projectRoot, 'services/gateway/src/main.ts'),
      '--bundle',
      '--platform=node',
      '--target=node24',
      '--external:pg-native',
      '--log-level=warning',
      `--outfile=${outfile}`,
    ]);
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
  });
});
