import { DateTime } from 'luxon';
import { addLocalBusinessDays, localDayOf, localHourStartIso } from './local-calendar';

// The memoised answers must be luxon's own, instant for instant: zones with half- and quarter-hour offsets, a
// 30-minute DST shift, and instants on both sides of DST changes (where the minute key could go wrong).
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
];

/** luxon directly, as the engine did before the memo. */
function direct(instant: Date, zone: string) {
  const local = DateTime.fromJSDate(instant, { zone });
  return {
    day: { date: local.toISODate(), weekday: local.weekday },
    hour: local.startOf('hour').toUTC().toISO(),
  };
}

function directBusinessDays(start: Date, days: number, zone: string, holidays: string[]): Date {
  const local = DateTime.fromJSDate(start, { zone });
  const noon = local.set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
  let offset = 0;
  let remaining = days;
  while (remaining > 0) {
    offset += 1;
    const day = noon.plus({ days: offset });
    if (day.weekday < 6 && !holidays.includes(day.toISODate() ?? '')) remaining -= 1;
  }
  return local.plus({ days: offset }).toJSDate();
}

/** Deterministic pseudo-random instants (no flaky seeds): 2024-2027, every second of the range reachable. */
function* instants(count: number): Generator<Date> {
  let state = 0x2545f491;
  const from = Date.parse('2024-01-01T00:00:00Z');
  const span = Date.parse('2028-01-01T00:00:00Z') - from;
  for (let index = 0; index < count; index += 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const fraction = state / 2 ** 32;
    yield new Date(from + Math.floor(fraction * span) + (index % 1000));
  }
}

/** Every second of the two hours around each of a zone's 2026 DST changes, with the milliseconds kept. */
function* aroundTransitions(zone: string): Generator<Date> {
  let previous = DateTime.fromISO('2026-01-01T00:00:00Z', { zone }).offset;
  for (let hour = 0; hour < 365 * 24; hour += 1) {
    const at = DateTime.fromISO('2026-01-01T00:00:00Z').plus({ hours: hour }).setZone(zone);
    if (at.offset !== previous) {
      previous = at.offset;
      for (let second = -3600; second <= 3600; second += 7)
        yield new Date(at.toMillis() + second * 1000 + 123);
    }
  }
}

describe('local calendar memo', () => {
  it.each(ZONES)('answers as luxon does for 5,000 instants and every DST change in %s', (zone) => {
    for (const instant of [...instants(5_000), ...aroundTransitions(zone)]) {
      const expected = direct(instant, zone);
      expect({ day: localDayOf(instant, zone), hour: localHourStartIso(instant, zone) }).toEqual(expected);
    }
  });

  it.each(ZONES)('adds business days as luxon does, keeping the exact instant, in %s', (zone) => {
    const holidays = ['2026-12-25', '2026-12-28', '2027-01-01', '2026-03-09', '2026-11-02'];
    const starts = [
      ...instants(1_500),
      ...[...aroundTransitions(zone)].filter((_, index) => index % 25 === 0),
    ];
    for (const start of starts) {
      for (const days of [1, 3, 5]) {
        expect(addLocalBusinessDays(start, days, zone, holidays).toISOString()).toBe(
          directBusinessDays(start, days, zone, holidays).toISOString(),
        );
      }
    }
  });

  it('keeps holiday lists apart: the same instant with different holidays gets different answers', () => {
    const friday = new Date('2026-12-24T15:30:45.500Z'); // Thursday in New York
    expect(addLocalBusinessDays(friday, 1, 'America/New_York', []).toISOString()).toBe(
      '2026-12-25T15:30:45.500Z',
    );
    expect(addLocalBusinessDays(friday, 1, 'America/New_York', ['2026-12-25']).toISOString()).toBe(
      '2026-12-28T15:30:45.500Z',
    );
  });
});
