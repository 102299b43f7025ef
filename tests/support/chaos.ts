import { Client, Connection } from '@temporalio/client';
import { manualFlowRunStart, type BillingManagementResult } from '@e2a/workflows/contracts';
import { formatInvariants, type InvariantResult } from './invariants';
import type { ServiceProcess } from './process-controller';

// The building blocks of `pnpm chaos` (bench/chaos.ts, issue 11): timed fault steps against restartable processes,
// the check that nothing killed is still running, and the printed report with its exit code.

export interface FaultRecord {
  step: string;
  /** Seconds since the run started when the fault began, and how long until the target was back. */
  atSeconds: number;
  recoverySeconds: number;
}

/** kill -9 the process (its whole group) and start it again; `ready` waits until it serves. */
export async function killAndRestart(
  target: ServiceProcess,
  ready: () => Promise<void>,
): Promise<{ killedPid: number | undefined }> {
  const killedPid = target.pid();
  await target.stop('SIGKILL');
  target.start();
  await ready();
  return { killedPid };
}

/** Whether a pid still names a live process (signal 0 probes without sending anything). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The killed pids still alive: a kill -9 that did not take, or a child that outlived its group. */
export function survivors(killedPids: number[]): number[] {
  return killedPids.filter(pidAlive);
}

/**
 * Runs a tenant's billing flow now, as an operator does (`POST /api/flows/billing/run`, `e2a flows run billing`):
 * the same workflow type, id and input, on a connection of its own; resolves with the run's result. The daily
 * schedule never fires inside a chaos run, so the run invoices this way.
 */
export async function runBillingNow(options: {
  address: string;
  taskQueue: string;
  tenant: string;
  /** Names the run (`billing:<tenant>:<window>`): one run per window. */
  window: string;
}): Promise<BillingManagementResult> {
  const connection = await Connection.connect({ address: options.address });
  try {
    const start = manualFlowRunStart('billing', options.tenant, {}, options.window);
    const handle = await new Client({ connection }).workflow.start(start.workflowType, {
      taskQueue: options.taskQueue,
      ...start.options,
    });
    return (await handle.result()) as BillingManagementResult;
  } finally {
    await connection.close();
  }
}

export interface ChaosReport {
  lines: string[];
  ok: boolean;
}

/** The printout: the faults with their recovery times, the invariants, the leftover check; ok only if all hold. */
export function chaosReport(input: {
  faults: FaultRecord[];
  invariants: InvariantResult[];
  leftover: number[];
  notRunning: string[];
  /** Steps of the run that failed outright (a billing run that did not complete). */
  failedSteps?: string[];
}): ChaosReport {
  const lines = ['faults:'];
  for (const fault of input.faults) {
    lines.push(
      `  ${fault.step.padEnd(34)} at ${fault.atSeconds.toFixed(1)} s, back after ${fault.recoverySeconds.toFixed(1)} s`,
    );
  }
  lines.push('invariants:');
  lines.push(
    ...formatInvariants(input.invariants)
      .split('\n')
      .map((line) => `  ${line}`),
  );
  const leftoverOk = input.leftover.length === 0 && input.notRunning.length === 0;
  lines.push(
    `  ${leftoverOk ? 'PASS' : 'FAIL'} nothing left running that was not restarted: ` +
      `${input.leftover.length} killed pids alive${input.leftover.length ? ` (${input.leftover.join(', ')})` : ''}, ` +
      `${input.notRunning.length ? `not running: ${input.notRunning.join(', ')}` : 'every restarted process running'}`,
  );
  const failedSteps = input.failedSteps ?? [];
  for (const step of failedSteps) lines.push(`  FAIL ${step}`);
  const ok = leftoverOk && failedSteps.length === 0 && input.invariants.every((result) => result.ok);
  lines.push(ok ? 'chaos: PASS' : 'chaos: FAIL');
  return { lines, ok };
}
