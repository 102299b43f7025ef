import { DateTime } from 'luxon';

// The SLA engine asks the same calendar questions of every order in a chunk (which local date and weekday a window
// starts on, which local hour, which date N business days on), and luxon answers each by formatting through Intl:
// about 0.1 ms an order, most of the evaluation's CPU. The answers only depend on the zone and the minute (UTC
// offsets, and the instants they change at, are whole minutes in every zone since 1972), so they are memoised by
// (zone, UTC minute) and computed by luxon on a miss: the same results, at a map lookup per order.

const MINUTE_MS = 60_000;
/** Entries per memo before it starts over: bounded memory, and a working set (a few hours of minutes) stays hot. */
const MAX_ENTRIES = 50_000;

function memo<V>(): (key: string, compute: () => V) => V {
  let entries = new Map<string, V>();
  return (key, compute) => {
    const hit = entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (entries.size >= MAX_ENTRIES) entries = new Map();
    entries.set(key, value);
    return value;
  };
}

export interface LocalDay {
  /** The local calendar date, `YYYY-MM-DD`. */
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const localDays = memo<LocalDay>();
const hourStarts = memo<string>();
const businessDayShifts = memo<number>();

const minuteOf = (instant: Date): number => Math.floor(instant.getTime() / MINUTE_MS);

/** The local date and weekday of an instant in an IANA zone. */
export function localDayOf(instant: Date, timezone: string): LocalDay {
  const minute = minuteOf(instant);
  return localDays(`${timezone}|${minute}`, () => {
    const local = DateTime.fromMillis(minute * MINUTE_MS, { zone: timezone });
    return { date: local.toISODate() ?? '', weekday: local.weekday };
  });
}

/** The start of the local hour an instant falls in, as a UTC ISO string. */
export function localHourStartIso(instant: Date, timezone: string): string {
  const minute = minuteOf(instant);
  return hourStarts(`${timezone}|${minute}`, () => {
    const local = DateTime.fromMillis(minute * MINUTE_MS, { zone: timezone });
    return local.startOf('hour').toUTC().toISO() ?? new Date(minute * MINUTE_MS).toISOString();
  });
}

/**
 * `days` business days after `start` at the same local time (weekends and `holidays` left out; DST-safe): the
 * shift is the same for every instant of a minute, so it is memoised by minute and added to the exact instant.
 */
export function addLocalBusinessDays(
  start: Date,
  days: number,
  timezone: string,
  holidays: readonly string[],
): Date {
  const minute = minuteOf(start);
  const shiftMs = businessDayShifts(`${timezone}|${minute}|${days}|${holidays.join(',')}`, () => {
    const from = DateTime.fromMillis(minute * MINUTE_MS, { zone: timezone });
    // Calendar dates are counted at local noon, and the wall-clock time is set once on the day found: stepping the
    // time itself day by day would carry a DST gap's shift (02:30 → 03:30) into every later day.
    const noon = from.set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
    let offset = 0;
    let remaining = days;
    while (remaining > 0) {
      offset += 1;
      const day = noon.plus({ days: offset });
      const isWeekend = day.weekday === 6 || day.weekday === 7;
      if (!isWeekend && !holidays.includes(day.toISODate() ?? '')) remaining -= 1;
    }
    return from.plus({ days: offset }).toMillis() - from.toMillis();
  });
  return new Date(start.getTime() + shiftMs);
}
