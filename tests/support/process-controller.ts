import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { projectRoot } from './paths';

// Starts E²A services as real processes (node --import tsx <entry>), kills them (SIGTERM or SIGKILL), restarts
// them, and tells whether they are still running: the building block of the restart tests and the chaos suite.

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const SERVICE_ENTRIES = {
  gateway: 'services/gateway/src/main.ts',
  api: 'services/api/src/main.ts',
  worker: 'services/worker/src/main.ts',
} as const;

export interface ProcessOptions {
  name: string;
  command: string;
  args: string[];
  /** The whole environment of the process (nothing is inherited but PATH and HOME). */
  env: Record<string, string>;
  /** Where stdout and stderr go (appended, so restarts keep one log). */
  logFile: string;
}

export interface ServiceProcessOptions extends Omit<ProcessOptions, 'command' | 'args'> {
  /** Entry file relative to the project root, run with `node --import tsx`. */
  entry: string;
  nodeArgs?: string[];
}

export interface ServiceProcess {
  readonly name: string;
  readonly logFile: string;
  /** The running child's pid (undefined once it exited). */
  pid(): number | undefined;
  isRunning(): boolean;
  /** Exit code or signal of the last run, undefined while running. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** How many times the process was started. */
  starts(): number;
  start(): void;
  /** Sends the signal to the process group and waits until the process exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
  /** The log so far (stdout and stderr). */
  log(): string;
}

/** An E²A service (`node --import tsx <entry>`) as a restartable child process. */
export function createServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  const { entry, nodeArgs, ...rest } = options;
  return createProcess({
    ...rest,
    command: process.execPath,
    args: [...(nodeArgs ?? []), '--import', 'tsx', path.join(projectRoot, entry)],
  });
}

/** A command as a child process in its own process group, restartable, logging to a file. */
export function createProcess(options: ProcessOptions): ServiceProcess {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let lastExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let startCount = 0;

  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  return {
    name: options.name,
    logFile: options.logFile,
    pid: () => (isRunning() ? child?.pid : undefined),
    isRunning,
    exitStatus: () => (isRunning() ? undefined : lastExit),
    starts: () => startCount,
    start() {
      if (isRunning()) return;
      const log = createWriteStream(options.logFile, { flags: 'a' });
      const started = spawn(options.command, options.args, {
        cwd: projectRoot,
        // Only PATH and HOME are inherited: every setting the service reads is given explicitly, so it never
        // falls back to a default that belongs to another checkout (ports 7233, 8080...).
        // eslint-disable-next-line no-restricted-properties -- the child needs PATH and HOME as a shell gives them
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      started.stdout?.pipe(log, { end: false });
      started.stderr?.pipe(log, { end: false });
      child = started;
      startCount += 1;
      lastExit = undefined;
      exited = new Promise((resolve) => {
        started.once('exit', (code, signal) => {
          lastExit = { code, signal };
          // Let the pipes drain into the log before it is closed.
          setTimeout(() => {
            log.end();
            resolve();
          }, 50);
        });
      });
    },
    async stop(signal = 'SIGTERM', timeoutMs = 30_000) {
      const running = child;
      if (!running || !isRunning() || running.pid === undefined) return;
      try {
        process.kill(-running.pid, signal);
      } catch {
        running.kill(signal);
      }
      const timer = setTimeout(() => {
        try {
          if (running.pid !== undefined) process.kill(-running.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    log() {
      try {
        return readFileSync(options.logFile, 'utf8');
      } catch {
        return '';
      }
    },
  };
}

/** Polls until `check` resolves true; throws with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/** The HTTP status of GET `url`, or 0 when nothing answered. */
export async function httpStatus(url: string, timeoutMs = 2_000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Waits until GET `url` answers `status` (200 by default). */
export function waitForHttp(
  url: string,
  options: { status?: number; timeoutMs?: number } = {},
): Promise<void> {
  const expected = options.status ?? 200;
  return waitFor(`${url} to answer ${expected}`, async () => (await httpStatus(url)) === expected, options);
}

/** GET `url` as JSON: `{status, body}`, status 0 when nothing answered in time. */
export async function getJson<T>(
  url: string,
  timeoutMs = 10_000,
): Promise<{ status: number; body: T | undefined }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: (await response.json()) as T };
  } catch {
    return { status: 0, body: undefined };
  }
}
