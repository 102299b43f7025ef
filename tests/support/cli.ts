import { execFile } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './paths';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx services/cli/src/main.ts <args>` as an operator would, with extra environment variables. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      path.join(projectRoot, 'node_modules/.bin/tsx'),
      [path.join(projectRoot, 'services/cli/src/main.ts'), ...args],
      // eslint-disable-next-line no-restricted-properties -- the child inherits PATH and friends, as a shell would give it
      { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the command and parses its `--json` output, failing with the command's stderr when it did not succeed. */
export async function runCliJson<T = unknown>(args: string[], env: Record<string, string>): Promise<T> {
  const run = await runCli([...args, '--json'], env);
  if (run.code !== 0) throw new Error(`e2a ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
