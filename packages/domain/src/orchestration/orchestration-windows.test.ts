import { isInBillingWindow, isInMaintenanceWindow, localDate, rateRun } from './orchestration-windows';

describe('isInMaintenanceWindow', () => {
  it.each([
    ['no window', null, '2026-11-29T03:30:00Z', 'UTC', false],
    ['inside', { start: '03:00', end: '04:00' }, '2026-11-29T03:30:00Z', 'UTC', true],
    ['end is exclusive', { start: '03:00', end: '04:00' }, '2026-11-29T04:00:00Z', 'UTC', false],
    ['start is inclusive', { start: '03:00', end: '04:00' }, '2026-11-29T03:00:00Z', 'UTC', true],
    // 03:30 Berlin (UTC+1 in winter) is 02:30Z
    ['tenant time zone', { start: '03:00', end: '04:00' }, '2026-11-29T02:30:00Z', 'Europe/Berlin', true],
    [
      'tenant time zone, outside',
      { start: '03:00', end: '04:00' },
      '2026-11-29T03:30:00Z',
      'Europe/Berlin',
      false,
    ],
    ['crosses midnight, before', { start: '23:00', end: '01:00' }, '2026-11-29T23:30:00Z', 'UTC', true],
    ['crosses midnight, after', { start: '23:00', end: '01:00' }, '2026-11-30T00:30:00Z', 'UTC', true],
    ['crosses midnight, outside', { start: '23:00', end: '01:00' }, '2026-11-30T01:30:00Z', 'UTC', false],
    // 2026-11-29 is a Sunday (7)
    ['weekday matches', { start: '03:00', end: '04:00', weekdays: [7] }, '2026-11-29T03:30:00Z', 'UTC', true],
    [
      'weekday does not match',
      { start: '03:00', end: '04:00', weekdays: [1] },
      '2026-11-29T03:30:00Z',
      'UTC',
      false,
    ],
    [
      'after midnight belongs to the previous day',
      { start: '23:00', end: '01:00', weekdays: [7] },
      '2026-11-30T00:30:00Z',
      'UTC',
      true,
    ],
    ['empty window', { start: '03:00', end: '03:00' }, '2026-11-29T03:00:00Z', 'UTC', false],
  ])('%s', (_name, window, at, zone, expected) => {
    expect(isInMaintenanceWindow(window, new Date(at), zone)).toBe(expected);
  });
});

describe('isInBillingWindow / localDate', () => {
  it.each([
    ['02:10 UTC', '2026-11-29T02:10:00Z', 'UTC', true, '2026-11-29'],
    ['03:00 UTC', '2026-11-29T03:00:00Z', 'UTC', false, '2026-11-29'],
    // 02:10 in New York (UTC-5) is 07:10Z
    ['02:10 New York', '2026-11-29T07:10:00Z', 'America/New_York', true, '2026-11-29'],
    [
      '01:10Z is the previous day in New York',
      '2026-11-29T01:10:00Z',
      'America/New_York',
      false,
      '2026-11-28',
    ],
  ])('%s', (_name, at, zone, inWindow, date) => {
    expect(isInBillingWindow(new Date(at), zone)).toBe(inWindow);
    expect(localDate(new Date(at), zone)).toBe(date);
  });
});

describe('rateRun', () => {
  it.each([
    [100, 'EXCELLENT'],
    [75, 'GOOD'],
    [74.9, 'FAIR'],
    [50, 'FAIR'],
    [49, 'POOR'],
    [0, 'POOR'],
  ] as const)('%d %% → %s', (rate, rating) => {
    expect(rateRun(rate)).toBe(rating);
  });
});
