// Small helpers of the end-to-end suites (tests/e2e/): times that breach under the default policy, and waiting for
// something to show up on the running system.

const MINUTE = 60_000;

/** 09:00 UTC on the last weekday before yesterday: no weekend multiplier stretches the 120-minute pick window. */
export function lastWeekdayAt9Utc(): Date {
  const day = new Date(Date.now() - 24 * 60 * MINUTE);
  day.setUTCHours(9, 0, 0, 0);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day;
}

/** Polls `probe` until it returns a value; throws naming `what` after `timeoutMs`. */
export async function waitForValue<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what = 'condition',
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
