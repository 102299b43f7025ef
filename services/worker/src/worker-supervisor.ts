import { Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { TemporalConnectionOptions } from '@e2a/config';
import type { Logger } from '@e2a/telemetry';

// Keeps a Temporal worker running for the life of the process: the server may be down at start, go away and come
// back; a worker that fails is built again on a new connection. /health tells the truth meanwhile.

export interface WorkerHealth {
  /** True only while the worker runs and the Temporal server answered the last probe. */
  isHealthy: boolean;
  /** The SDK worker state (RUNNING, FAILED...), or CONNECTING while no worker exists. */
  state: string;
  temporal: 'ok' | 'unreachable' | 'unknown';
  /** How many times the worker was built again after a failure. */
  restarts: number;
  lastError: string | null;
}

export interface WorkerSupervisor {
  /** Runs until `shutdown()` (or a shutdown signal) and the current worker drained. */
  run(): Promise<void>;
  shutdown(): void;
  health(): WorkerHealth;
}

export interface WorkerSupervisorOptions {
  /** Address, TLS and API key of the Temporal server (`temporalConnectionOptions(config)`). */
  connection: TemporalConnectionOptions;
  logger: Logger;
  createWorker: (connection: NativeConnection) => Promise<Worker>;
  /** Work that needs the server once per process (schedules, monitors): retried until it succeeds. */
  onFirstConnect?: (connection: Connection) => Promise<void>;
  /** How often the server is asked for its system info; a worker is unhealthy when that fails. */
  probeIntervalMs?: number;
  /** Waits between rebuilds grow to this. */
  maxBackoffMs?: number;
  shutdownSignals?: NodeJS.Signals[];
}

const PROBE_TIMEOUT_MS = 2_000;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createWorkerSupervisor(options: WorkerSupervisorOptions): WorkerSupervisor {
  const { logger } = options;
  const probeIntervalMs = options.probeIntervalMs ?? 5_000;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  let worker: Worker | undefined;
  let stopping = false;
  let restarts = 0;
  let lastError: string | null = null;
  let temporal: WorkerHealth['temporal'] = 'unknown';
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // A client connection of its own: it probes the server and runs the start-up work.
  const probeConnection = Connection.lazy(options.connection);
  const address = options.connection.address;
  const probe = async () => {
    try {
      await probeConnection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
        probeConnection.workflowService.getSystemInfo({}),
      );
      if (temporal !== 'ok') logger.info({ address }, 'temporal server reachable');
      temporal = 'ok';
    } catch (error) {
      if (temporal !== 'unreachable') {
        logger.warn({ err: error, address }, 'temporal server unreachable');
      }
      temporal = 'unreachable';
    }
  };
  const probeTimer = setInterval(() => void probe(), probeIntervalMs);
  probeTimer.unref();

  async function runFirstConnectWork(): Promise<void> {
    if (!options.onFirstConnect) return;
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        await options.onFirstConnect(probeConnection);
        return;
      } catch (error) {
        logger.warn({ err: error, attempt }, 'start-up work with the temporal server failed; retrying');
        await sleep(Math.min(1_000 * attempt, maxBackoffMs));
      }
    }
  }

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    wake?.();
    try {
      if (worker?.getState() === 'RUNNING') worker.shutdown();
    } catch {
      // the SDK's own signal handler got there first
    }
  };
  for (const signal of options.shutdownSignals ?? ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2']) {
    process.once(signal, shutdown);
  }

  return {
    shutdown,
    health: () => {
      const state = worker?.getState() ?? (stopping ? 'STOPPED' : 'CONNECTING');
      return {
        isHealthy: !stopping && state === 'RUNNING' && temporal === 'ok',
        state,
        temporal,
        restarts,
        lastError,
      };
    },
    async run() {
      await probe();
      let firstConnectWork: Promise<void> | undefined;
      for (let failures = 0; !stopping;) {
        let connection: NativeConnection | undefined;
        try {
          connection = await NativeConnection.connect(options.connection);
          worker = await options.createWorker(connection);
          firstConnectWork ??= runFirstConnectWork();
          if (failures > 0) logger.info({ restarts }, 'temporal worker running again');
          failures = 0;
          await worker.run();
          if (!stopping) throw new Error('temporal worker stopped without a shutdown request');
        } catch (error) {
          if (stopping) break;
          failures += 1;
          lastError = message(error);
          logger.error({ err: error, failures }, 'temporal worker failed; building it again');
        } finally {
          await connection?.close().catch(() => undefined);
        }
        if (stopping) break;
        restarts += 1;
        worker = undefined;
        await sleep(Math.min(500 * 2 ** Math.min(failures, 5), maxBackoffMs));
      }
      // Start-up work still retrying ends with the probe connection.
      void firstConnectWork;
      clearInterval(probeTimer);
      await probeConnection.close().catch(() => undefined);
    },
  };
}
