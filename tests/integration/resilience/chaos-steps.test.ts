import { tmpdir } from 'node:os';
import path from 'node:path';
import { chaosReport, killAndRestart, survivors } from '../../support/chaos';
import { createProcess } from '../../support/process-controller';

// The building blocks of `pnpm chaos`: a kill -9 step really kills and restarts, the leftover check sees a process
// that outlived its kill, and the report fails (exit non-zero) when one invariant or the leftover check fails.

describe('chaos suite building blocks', () => {
  it('kill -9 and restart: the old pid is gone, a new one runs, and a survivor is reported', async () => {
    const sleeper = createProcess({
      name: 'sleeper',
      command: 'sleep',
      args: ['60'],
      env: {},
      logFile: path.join(tmpdir(), `e2a-chaos-steps-${process.pid}.log`),
    });
    sleeper.start();
    try {
      const first = sleeper.pid()!;
      const { killedPid } = await killAndRestart(sleeper, async () => undefined);
      expect(killedPid).toBe(first);
      expect(sleeper.exitStatus()).toBeUndefined();
      expect(sleeper.pid()).not.toBe(first);
      expect(sleeper.starts()).toBe(2);
      expect(survivors([first])).toEqual([]);
      expect(survivors([sleeper.pid()!])).toEqual([sleeper.pid()]);
    } finally {
      await sleeper.stop('SIGKILL');
    }
  });

  it('the report passes only when every invariant holds and nothing killed survived', () => {
    const pass = { name: 'every order evaluated', ok: true, summary: '10 orders, 0 waiting', rows: [] };
    const fail = { ...pass, ok: false, summary: '10 orders, 1 waiting', rows: [{ order_id: 'o-1' }] };
    const faults = [{ step: 'kill -9 worker (1)', atSeconds: 5, recoverySeconds: 3.2 }];
    const ok = chaosReport({ faults, invariants: [pass], leftover: [], notRunning: [] });
    expect(ok.ok).toBe(true);
    expect(ok.lines).toContain('  PASS  every order evaluated: 10 orders, 0 waiting');
    expect(chaosReport({ faults, invariants: [fail], leftover: [], notRunning: [] }).ok).toBe(false);
    expect(chaosReport({ faults, invariants: [pass], leftover: [4242], notRunning: [] }).ok).toBe(false);
    expect(chaosReport({ faults, invariants: [pass], leftover: [], notRunning: ['worker'] }).ok).toBe(false);
    const failedBilling = chaosReport({
      faults,
      invariants: [pass],
      leftover: [],
      notRunning: [],
      failedSteps: ['billing (after the stream): workflow failed'],
    });
    expect(failedBilling.ok).toBe(false);
    expect(failedBilling.lines).toContain('  FAIL billing (after the stream): workflow failed');
  });
});
