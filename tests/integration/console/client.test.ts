import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../support/paths';

// The console's typed client is generated from the API's OpenAPI document, built in-process from the routes. The
// committed copy must be what the routes produce, so a route change without regenerating fails `make test` (and
// `tsc` fails wherever the console used what changed).

const script = path.join(projectRoot, 'services/console/scripts/generate-client.mjs');
const committed = path.join(projectRoot, 'services/console/src/api');

function check(dir?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, '--check', ...(dir ? ['--dir', dir] : [])],
      { cwd: projectRoot },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('console API client (services/console/src/api)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'console-client-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is generated from the API routes as they are now', async () => {
    const result = await check();
    expect(result.output).toContain('console API client is current');
    expect(result.code).toBe(0);
  });

  it('fails when a route changed and the client was not regenerated', async () => {
    cpSync(committed, tmp, { recursive: true });
    const document = JSON.parse(readFileSync(path.join(tmp, 'openapi.json'), 'utf8')) as {
      paths: Record<string, unknown>;
    };
    delete document.paths['/api/overview'];
    writeFileSync(path.join(tmp, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
    const result = await check(tmp);
    expect(result.code).toBe(1);
    expect(result.output).toContain('openapi.json');
    expect(result.output).toContain('differ from the API');
  });
});
