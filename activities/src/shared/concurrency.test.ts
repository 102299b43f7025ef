import { createConcurrencyLimit } from './concurrency';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createConcurrencyLimit', () => {
  it('never runs more than the limit at once, and starts the waiting in arrival order', async () => {
    const limit = createConcurrencyLimit(2);
    let inFlight = 0;
    let highest = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const calls = [0, 1, 2, 3, 4].map((index) =>
      limit(async () => {
        started.push(index);
        inFlight += 1;
        highest = Math.max(highest, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight -= 1;
        return index;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    while (releases.length > 0) {
      releases.shift()!();
      await tick();
      await tick();
    }
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(highest).toBe(2);
  });

  it('frees the slot when the work fails', async () => {
    const limit = createConcurrencyLimit(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('without a limit starts everything at once', async () => {
    const unlimited = createConcurrencyLimit(undefined);
    let inFlight = 0;
    const calls = Array.from({ length: 5 }, () =>
      unlimited(async () => {
        inFlight += 1;
        await tick();
        return inFlight;
      }),
    );
    expect(Math.max(...(await Promise.all(calls)))).toBe(5);
  });
});
