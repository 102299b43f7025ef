import {
  isClosedMonth,
  isMonthPeriod,
  minimumFeeInvoice,
  monthClosedAt,
  tenantExistedIn,
} from './minimum-monthly-fee';

// Domain reference §9: a month's shortfall against the minimum monthly fee is invoiced once, at month close.

describe('monthClosedAt: the run of the 1st (tenant time zone) closes the previous month', () => {
  it.each<[string, string, string, string | null]>([
    ['02:00 on Dec 1 in New York', '2026-12-01T07:00:00Z', 'America/New_York', '2026-11'],
    ['Dec 1 UTC is still Nov 30 in New York', '2026-12-01T02:00:00Z', 'America/New_York', null],
    ['Dec 1 in Tokyo is Nov 30 in UTC', '2026-11-30T17:00:00Z', 'Asia/Tokyo', '2026-11'],
    ['Jan 1 closes December of the year before', '2027-01-01T02:00:00Z', 'UTC', '2026-12'],
    ['the 2nd closes nothing', '2026-12-02T02:00:00Z', 'UTC', null],
    ['the last day of a month closes nothing', '2026-11-30T23:59:00Z', 'UTC', null],
    ['an unknown zone reads UTC', '2026-12-01T00:30:00Z', 'Not/AZone', '2026-11'],
  ])('%s', (_name, instant, zone, expected) => {
    expect(monthClosedAt(new Date(instant), zone)).toBe(expected);
  });
});

describe('isMonthPeriod: a month is YYYY-MM', () => {
  it.each<[string, boolean]>([
    ['2026-11', true],
    ['2027-01', true],
    ['2026-12', true],
    ['2026-13', false],
    ['2026-00', false],
    ['2026-1', false],
    ['202611', false],
    ['2026-11-01', false],
    [' 2026-11', false],
  ])('%j → %s', (period, expected) => {
    expect(isMonthPeriod(period)).toBe(expected);
  });
});

describe('isClosedMonth: a month closed by hand must have ended', () => {
  const now = new Date('2026-12-15T12:00:00Z');
  it.each<[string, boolean]>([
    ['2026-11', true],
    ['2025-01', true],
    ['2026-12', false],
    ['2027-01', false],
    ['2026-13', false],
    ['2026-1', false],
    ['202611', false],
  ])('%s → %s', (period, expected) => {
    expect(isClosedMonth(period, now, 'UTC')).toBe(expected);
  });
});

describe('tenantExistedIn: no minimum for a month before the tenant existed', () => {
  it.each<[string, string, string, boolean]>([
    ['created during the month', '2026-11-28T10:00:00Z', 'UTC', true],
    ['created before the month', '2026-01-05T10:00:00Z', 'UTC', true],
    ['created on the 1st of the next month', '2026-12-01T00:30:00Z', 'UTC', false],
    ['Dec 1 01:00 UTC is still Nov 30 in New York', '2026-12-01T01:00:00Z', 'America/New_York', true],
  ])('%s', (_name, createdAt, zone, expected) => {
    expect(tenantExistedIn('2026-11', new Date(createdAt), zone)).toBe(expected);
  });
});

describe('minimumFeeInvoice', () => {
  const base = { tenant: 'acme', period: '2026-11', minimumMonthlyFeeCents: 10_000, lastSequence: 41 };
  it.each<[string, number, number | null]>([
    ['net 2345 → shortfall 7655 (the docs example)', 2345, 7655],
    ['an empty month owes the whole minimum', 0, 10_000],
    ['a net below zero (manual credits) is topped up to the minimum', -500, 10_500],
    ['one cent short', 9999, 1],
    ['exactly the minimum owes nothing', 10_000, null],
    ['above the minimum owes nothing', 25_000, null],
  ])('%s', (_name, netCents, expected) => {
    const invoice = minimumFeeInvoice({ ...base, netCents });
    if (expected === null) {
      expect(invoice).toBeNull();
      return;
    }
    expect(invoice).toEqual({
      invoice_number: 'INV-acme-202611-000042',
      amount_cents: expected,
      sequence_period: '202611',
      sequence: 42,
      line_items: [
        {
          operation: 'minimum_monthly_fee',
          description: `Minimum monthly fee 2026-11: minimum 10000, invoiced net ${netCents}, shortfall ${expected}`,
          quantity: 1,
          rate_cents: expected,
          amount_cents: expected,
        },
      ],
    });
  });

  it('a tenant without a minimum (0) is never invoiced', () => {
    expect(minimumFeeInvoice({ ...base, minimumMonthlyFeeCents: 0, netCents: 0 })).toBeNull();
  });
});
