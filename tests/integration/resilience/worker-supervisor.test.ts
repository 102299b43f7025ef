import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createLogger } from '@e2a/telemetry';
import { createWorkerSupervisor, type WorkerSupervisor } from '@e2a/worker';
import { waitFor } from '../../support/process-controller';
import { createLocalEnvironment } from '../../support/temporal';

// The supervisor over a real dev server: a worker that cannot be built or stops on its own is built again, and
// health says 503 until it runs.
describe('worker supervisor', () => {
  let env: TestWorkflowEnvironment;
  let supervisor: WorkerSupervisor | undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    env = await createLocalEnvironment();
  });
  afterAll(async () => {
    supervisor?.shutdown();
    await running;
    await env?.teardown();
  });

  it('builds the worker again after it failed to build and after it stopped on its own', async () => {
    const workers: Worker[] = [];
    let builds = 0;
    let firstConnect = 0;
    supervisor = createWorkerSupervisor({
      connection: { address: env.address },
      logger: createLogger({ service: 'supervisor-test', level: 'silent' }),
      probeIntervalMs: 200,
      maxBackoffMs: 200,
      shutdownSignals: [],
      createWorker: async (connection: NativeConnection) => {
        builds += 1;
        // The first two builds fail as a bad connection or namespace would.
        if (builds <= 2) throw new Error(`build ${builds} failed`);
        const worker = await Worker.create({
          connection,
          taskQueue: 'supervisor-test',
          activities: { noop: async () => undefined },
        });
        workers.push(worker);
        return worker;
      },
      onFirstConnect: async () => {
        firstConnect += 1;
      },
    });
    const current = supervisor;
    expect(current.health()).toMatchObject({ isHealthy: false, state: 'CONNECTING' });
    running = current.run();

    await waitFor('a running worker after two failed builds', () => current.health().isHealthy);
    expect(current.health()).toMatchObject({
      state: 'RUNNING',
      temporal: 'ok',
      restarts: 2,
      lastError: 'build 2 failed',
    });
    expect(firstConnect).toBe(1);

    // A worker that stops without a shutdown request (as a fatal poll error would stop it) is replaced.
    workers[0]?.shutdown();
    await waitFor('a second worker', () => workers.length === 2 && current.health().isHealthy);
    expect(current.health().restarts).toBe(3);
    expect(firstConnect).toBe(1);

    current.shutdown();
    await running;
    expect(current.health()).toMatchObject({ isHealthy: false });
    expect(workers.map((worker) => worker.getState())).toEqual(['STOPPED', 'STOPPED']);
  });
});
