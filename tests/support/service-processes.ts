import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { bundleService, bundleWorkflows, distDir } from '@e2a/infra/bundle';
import { GATEWAY_NODE_FLAGS, MALLOC_ARENA_MAX, WORKER_NODE_FLAGS } from '@e2a/infra/runtime-flags';

/** The node flags `make up` and the images launch a service with (infra/runtime-flags.ts), unless a caller overrides. */
const LAUNCH_FLAGS: Record<string, readonly string[]> = {
  worker: WORKER_NODE_FLAGS,
  gateway: GATEWAY_NODE_FLAGS,
};

/** A service running as its production bundle in a process of its own, as `make up` and the images run it. */
export interface ServiceProcess {
  service: string;
  pid: number;
  port: number;
  url: string;
  /** The Temporal worker identity the SDK gives this process by default (`<pid>@<host>`). */
  identity: string;
  exited: Promise<number | null>;
  isRunning: () => boolean;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<number | null>;
}

const OUTPUT_TAIL_CHARS = 200_000;

const LISTENING = /^(worker started|gateway listening|api listening|partner simulator listening)$/;

/** Bundles the services (and the worker's workflows) into dist/<variant>, private to one suite. */
export async function buildServiceBundles(services: string[], variant: string): Promise<() => void> {
  for (const service of services) {
    await bundleService(service, variant);
    if (service === 'worker') bundleWorkflows(variant);
  }
  return () => {
    for (const service of services) rmSync(distDir(service, variant), { recursive: true, force: true });
  };
}

/** Starts a service's bundle as `make up` does (its launch flags and malloc arenas); `nodeArgs` replaces the flags. */
export async function startServiceProcess(
  service: string,
  variant: string,
  env: Record<string, string>,
  options: { nodeArgs?: string[]; portVariable?: string; readyTimeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const dir = distDir(service, variant);
  const childEnv = {
    // eslint-disable-next-line no-restricted-properties -- the child inherits PATH and friends, as a shell would give it
    ...process.env,
    LOG_LEVEL: 'info',
    MALLOC_ARENA_MAX,
    ...(service === 'worker' ? { WORKFLOW_BUNDLE_PATH: path.join(dir, 'workflow-bundle.js') } : {}),
    ...env,
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? LAUNCH_FLAGS[service] ?? []), path.join(dir, 'main.js')],
    {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // The child's last OUTPUT_TAIL_CHARS, kept as chunks: a service under load logs every request, and re-copying a
  // long string per chunk would cost the benchmark process (which measures latencies) a good share of a core.
  const tail: string[] = [];
  let tailChars = 0;
  const output = () => tail.join('').slice(-OUTPUT_TAIL_CHARS);
  let isListening = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${service} did not start in time:\n${output().slice(-3000)}`)),
      options.readyTimeoutMs ?? 90_000,
    );
    const onLine = (line: string) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg && LISTENING.test(entry.msg) && typeof entry.port === 'number') {
          clearTimeout(timer);
          isListening = true;
          resolve(entry.port);
        }
      } catch {
        // not a log line
      }
    };
    let pending = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail.push(text);
      tailChars += text.length;
      while (tail.length > 1 && tailChars - (tail[0]?.length ?? 0) >= OUTPUT_TAIL_CHARS)
        tailChars -= tail.shift()?.length ?? 0;
      // Lines are parsed only until the service says it listens.
      if (isListening) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${service} exited with ${code} before it listened:\n${output().slice(-3000)}`));
    });
  });
  const pid = child.pid!;
  return {
    service,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    identity: `${pid}@${hostname()}`,
    exited,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    output,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
