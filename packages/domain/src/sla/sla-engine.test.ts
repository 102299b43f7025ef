import {
  addBusinessDays,
  evaluateOrderSla,
  volumeHourKey,
  type OrderTimeline,
  type SlaEnvironment,
} from './sla-engine';
import { resolveSlaPolicy, SlaPolicySchema } from './sla-policy.schema';

const at = (iso: string) => new Date(iso);
const minutes = (base: string, offset: number) => new Date(at(base).getTime() + offset * 60_000);

function order(overrides: Partial<OrderTimeline> = {}): OrderTimeline {
  return {
    orderId: 'o-1',
    paidAt: null,
    pickCompletedAt: null,
    packCompletedAt: null,
    handoffAt: null,
    deliveredAt: null,
    cancelledAt: null,
    serviceLevel: 'standard',
    isOversized: false,
    isHazmat: false,
    isFragile: false,
    ...overrides,
  };
}

function env(now: Date, overrides: Partial<SlaEnvironment> & { policy?: unknown } = {}): SlaEnvironment {
  return {
    timezone: 'UTC',
    ordersPerHour: new Map(),
    ...overrides,
    policy: resolveSlaPolicy(overrides.policy ?? {}),
    now,
  };
}

// Monday 2026-11-02 10:00 UTC is a weekday; Saturday 2026-11-07 10:00 UTC is a weekend.
const MONDAY = '2026-11-02T10:00:00.000Z';
const SATURDAY = '2026-11-07T10:00:00.000Z';

describe('SLA policy', () => {
  it('has the domain reference defaults', () => {
    expect(SlaPolicySchema.parse({})).toMatchObject({
      pick_minutes: 120,
      pack_minutes: 180,
      ship_minutes: 1440,
      carrier_delivery_days: 5,
      express_delivery_days: 2,
      overnight_delivery_days: 1,
      weekend_multiplier: 1.5,
      holiday_multiplier: 2.0,
      high_volume_threshold: 100,
      high_volume_multiplier: 1.3,
      peak_season_multiplier: 1.4,
      oversized_multiplier: 1.5,
      hazmat_multiplier: 2.0,
      fragile_multiplier: 1.2,
      missing_scan_buffer_minutes: 60,
      system_error_escalation_minutes: 15,
      ops_notification_delay_minutes: 30,
      customer_notification_delay_minutes: 60,
      escalation_delay_hours: 4,
      holidays: [],
      peak_periods: [],
    });
  });

  it.each([
    [{ pick_minutes: -1 }, 'pick_minutes'],
    [{ holidays: ['25/12/2026'] }, 'holidays'],
    [{ peak_periods: [{ start: '2026-12-01', end: '2026-11-01' }] }, 'peak_periods'],
  ])('rejects %j', (overrides, field) => {
    const result = SlaPolicySchema.safeParse(overrides);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe('evaluateOrderSla: closed windows (strictly greater rule)', () => {
  it.each([
    // [case, paid offset→pick offset, expected breach?, delay]
    ['pick at exactly 120 min is on time', 120, false, null],
    ['pick at 120 min + 1 ms is late', 120 + 1 / 60_000, true, 0],
    ['pick at 150 min is 30 min late', 150, true, 30],
    ['pick at 90 min is on time', 90, false, null],
  ])('%s', (_name, pickOffset, isBreach, delay) => {
    const result = evaluateOrderSla(
      order({ paidAt: at(MONDAY), pickCompletedAt: minutes(MONDAY, pickOffset) }),
      env(minutes(MONDAY, 1000)),
    );
    const breach = result.breaches.find((b) => b.reasonCode === 'PICK_DELAY');
    expect(Boolean(breach)).toBe(isBreach);
    if (breach) {
      expect(breach.severity).toBe('MEDIUM');
      expect(breach.priority).toBe(5);
      expect(breach.context.delay_minutes).toBe(delay);
      expect(breach.context.sla_minutes).toBe(120);
      expect(breach.context.ended_at).toBe(minutes(MONDAY, pickOffset).toISOString());
    }
  });

  it('writes the full breach context', () => {
    const result = evaluateOrderSla(
      order({ paidAt: at(MONDAY), pickCompletedAt: minutes(MONDAY, 150) }),
      env(minutes(MONDAY, 151)),
    );
    expect(result.breaches).toEqual([
      {
        reasonCode: 'PICK_DELAY',
        severity: 'MEDIUM',
        priority: 5,
        context: {
          window: 'pick',
          started_at: MONDAY,
          deadline_at: minutes(MONDAY, 120).toISOString(),
          ended_at: minutes(MONDAY, 150).toISOString(),
          actual_minutes: 150,
          sla_minutes: 120,
          delay_minutes: 30,
          multipliers: [],
        },
      },
    ]);
  });

  it.each([
    [
      'pack',
      { pickCompletedAt: at(MONDAY), packCompletedAt: minutes(MONDAY, 181) },
      'PACK_DELAY',
      'MEDIUM',
      6,
    ],
    ['ship', { packCompletedAt: at(MONDAY), handoffAt: minutes(MONDAY, 1441) }, 'CARRIER_ISSUE', 'HIGH', 6],
    // Monday + 5 business days = next Monday 10:00 (7 calendar days).
    [
      'delivery',
      { handoffAt: at(MONDAY), deliveredAt: minutes(MONDAY, 7 * 1440 + 1) },
      'DELIVERY_DELAY',
      'HIGH',
      4,
    ],
  ] as const)(
    '%s window breach carries its reason code, severity and priority',
    (_w, timeline, code, severity, priority) => {
      const result = evaluateOrderSla(order(timeline), env(minutes(MONDAY, 20_000)));
      const breach = result.breaches.find((b) => b.reasonCode === code);
      expect(breach).toMatchObject({ severity, priority, context: { delay_minutes: 1 } });
    },
  );

  it.each([
    ['standard', 5, 7 * 1440],
    ['express', 2, 2 * 1440],
    ['overnight', 1, 1440],
  ] as const)('delivery allowance for %s service is %i business days', (serviceLevel, _days, allowance) => {
    const onTime = evaluateOrderSla(
      order({ serviceLevel, handoffAt: at(MONDAY), deliveredAt: minutes(MONDAY, allowance) }),
      env(minutes(MONDAY, 20_000)),
    );
    expect(onTime.breaches).toEqual([]);
    expect(onTime.windows.find((w) => w.window === 'delivery')?.slaMinutes).toBe(allowance);
  });
});

describe('evaluateOrderSla: multipliers by window start in the tenant zone', () => {
  const pickAt = (start: string, offset: number) => ({
    paidAt: at(start),
    pickCompletedAt: minutes(start, offset),
  });

  it.each([
    ['weekday start: no multiplier', MONDAY, {}, {}, 121, [], 120],
    ['weekend start: ×1.5', SATURDAY, {}, {}, 181, [{ name: 'weekend', value: 1.5 }], 180],
    [
      'holiday start: ×2',
      MONDAY,
      { policy: { holidays: ['2026-11-02'] } },
      {},
      241,
      [{ name: 'holiday', value: 2 }],
      240,
    ],
    [
      'peak period start: ×1.4',
      MONDAY,
      { policy: { peak_periods: [{ name: 'bfcm', start: '2026-11-01', end: '2026-11-30' }] } },
      {},
      169,
      [{ name: 'peak_season', value: 1.4 }],
      168,
    ],
    [
      'high volume hour: ×1.3',
      MONDAY,
      { ordersPerHour: new Map([[volumeHourKey(at(MONDAY), 'UTC'), 101]]) },
      {},
      157,
      [{ name: 'high_volume', value: 1.3 }],
      156,
    ],
    [
      'exactly at the volume threshold: no multiplier',
      MONDAY,
      { ordersPerHour: new Map([[volumeHourKey(at(MONDAY), 'UTC'), 100]]) },
      {},
      121,
      [],
      120,
    ],
    [
      'item flags multiply together',
      MONDAY,
      {},
      { isOversized: true, isHazmat: true, isFragile: true },
      433,
      [
        { name: 'oversized', value: 1.5 },
        { name: 'hazmat', value: 2 },
        { name: 'fragile', value: 1.2 },
      ],
      432,
    ],
    [
      'weekend and holiday both apply',
      SATURDAY,
      { policy: { holidays: ['2026-11-07'] } },
      {},
      361,
      [
        { name: 'weekend', value: 1.5 },
        { name: 'holiday', value: 2 },
      ],
      360,
    ],
    // 2026-11-07T02:00Z is Friday 21:00 in New York: a weekday there.
    [
      'weekend in UTC but Friday in the tenant zone',
      '2026-11-07T02:00:00.000Z',
      { timezone: 'America/New_York' },
      {},
      121,
      [],
      120,
    ],
    // 2026-11-02T23:30Z is Tuesday 08:30 in Tokyo... and Monday in UTC; Sunday 2026-11-01T20:00Z is Monday in Tokyo.
    [
      'Sunday in UTC but Monday in Tokyo',
      '2026-11-01T20:00:00.000Z',
      { timezone: 'Asia/Tokyo' },
      {},
      121,
      [],
      120,
    ],
  ] as const)('%s', (_name, start, overrides, flags, pickOffset, multipliers, slaMinutes) => {
    const result = evaluateOrderSla(
      order({ ...pickAt(start, pickOffset), ...flags }),
      env(minutes(start, 10_000), overrides as Partial<SlaEnvironment>),
    );
    const pick = result.windows.find((w) => w.window === 'pick');
    expect(pick?.multipliers).toEqual(multipliers);
    expect(pick?.slaMinutes).toBe(slaMinutes);
    expect(pick?.isBreached).toBe(true);
    expect(result.breaches[0]?.context.multipliers).toEqual(multipliers);
    expect(result.breaches[0]?.context.delay_minutes).toBe(1);
  });

  it('is on time at exactly the multiplied allowance', () => {
    const result = evaluateOrderSla(
      order({ paidAt: at(SATURDAY), pickCompletedAt: minutes(SATURDAY, 180) }),
      env(minutes(SATURDAY, 10_000)),
    );
    expect(result.breaches.filter((b) => b.context.window === 'pick')).toEqual([]);
  });
});

describe('business days', () => {
  it.each([
    ['Monday + 1', MONDAY, 1, 'UTC', [], '2026-11-03T10:00:00.000Z'],
    ['Friday + 1 skips the weekend', '2026-11-06T10:00:00.000Z', 1, 'UTC', [], '2026-11-09T10:00:00.000Z'],
    ['Saturday + 1 lands on Monday', SATURDAY, 1, 'UTC', [], '2026-11-09T10:00:00.000Z'],
    ['a holiday is skipped', MONDAY, 1, 'UTC', ['2026-11-03'], '2026-11-04T10:00:00.000Z'],
    // US DST ends 2026-11-01: Friday 10:00 EDT (14:00Z) + 1 business day = Monday 10:00 EST (15:00Z).
    [
      'across the DST change keeps the local time',
      '2026-10-30T14:00:00.000Z',
      1,
      'America/New_York',
      [],
      '2026-11-02T15:00:00.000Z',
    ],
    // US DST starts Sunday 2026-03-08 02:00 (no 02:30 that night): Friday 02:30 EST (07:30Z) + 1 business day is
    // Monday 02:30 EDT (06:30Z), not a wall clock pushed to 03:30 by the Sunday it stepped over.
    [
      'over the spring-forward night keeps the local time',
      '2026-03-06T07:30:00.000Z',
      1,
      'America/New_York',
      [],
      '2026-03-09T06:30:00.000Z',
    ],
    [
      'five business days over the spring-forward night',
      '2026-03-04T07:30:00.000Z',
      5,
      'America/New_York',
      [],
      '2026-03-11T06:30:00.000Z',
    ],
    // DST ends Sunday 2026-11-01 (01:30 happens twice): Friday 01:30 EDT (05:30Z) + 1 = Monday 01:30 EST (06:30Z).
    [
      'over the fall-back night keeps the local time',
      '2026-10-30T05:30:00.000Z',
      1,
      'America/New_York',
      [],
      '2026-11-02T06:30:00.000Z',
    ],
  ])('%s', (_name, start, days, zone, holidays, expected) => {
    const policy = resolveSlaPolicy({ holidays });
    expect(addBusinessDays(at(start), days, zone, policy).toISOString()).toBe(expected);
  });

  it('delivery allowance across DST counts the real elapsed minutes', () => {
    // Friday 10:00 EDT + 1 business day (overnight) = Monday 10:00 EST: 3 days + 1 hour of elapsed time.
    const start = '2026-10-30T14:00:00.000Z';
    const result = evaluateOrderSla(
      order({ serviceLevel: 'overnight', handoffAt: at(start), deliveredAt: minutes(start, 3 * 1440 + 60) }),
      env(minutes(start, 20_000), { timezone: 'America/New_York' }),
    );
    expect(result.windows.find((w) => w.window === 'delivery')?.slaMinutes).toBe(3 * 1440 + 60);
    expect(result.breaches).toEqual([]);
  });

  it('the weekend multiplier follows the local date on a DST Sunday', () => {
    // 2026-11-01 is the Sunday DST ends in New York; 05:30Z is 01:30 EST/EDT on Sunday.
    const start = '2026-11-01T05:30:00.000Z';
    const result = evaluateOrderSla(
      order({ paidAt: at(start), pickCompletedAt: minutes(start, 170) }),
      env(minutes(start, 1000), { timezone: 'America/New_York' }),
    );
    expect(result.windows[0]?.multipliers).toEqual([{ name: 'weekend', value: 1.5 }]);
    expect(result.breaches.filter((b) => b.context.window === 'pick')).toEqual([]);
  });
});

describe('evaluateOrderSla: the delivery window is already counted in business days', () => {
  // Standard service = 5 business days. Weekend and holiday multipliers would count the same days off twice.
  it.each([
    // Saturday hand-off: Mon..Fri = 5 business days → the next Friday 10:00 = 6 calendar days (not 6 × 1.5 = 9).
    ['Saturday hand-off', SATURDAY, {}, {}, 6 * 1440, []],
    // Monday that is a holiday: Tue..Fri + next Mon = 5 business days → 7 calendar days (not 7 × 2 = 14).
    ['holiday hand-off', MONDAY, { policy: { holidays: ['2026-11-02'] } }, {}, 7 * 1440, []],
    // Saturday that is also a holiday: still 6 days (not 6 × 1.5 × 2 = 18).
    ['Saturday holiday hand-off', SATURDAY, { policy: { holidays: ['2026-11-07'] } }, {}, 6 * 1440, []],
    // The other multipliers are not about calendar days and still apply: peak ×1.4 on 7 days.
    [
      'peak period hand-off',
      MONDAY,
      { policy: { peak_periods: [{ name: 'bfcm', start: '2026-11-01', end: '2026-11-30' }] } },
      {},
      7 * 1440 * 1.4,
      [{ name: 'peak_season', value: 1.4 }],
    ],
    [
      'fragile item on a Saturday',
      SATURDAY,
      {},
      { isFragile: true },
      6 * 1440 * 1.2,
      [{ name: 'fragile', value: 1.2 }],
    ],
  ] as const)('%s', (_name, start, overrides, flags, allowance, multipliers) => {
    const late = evaluateOrderSla(
      order({ handoffAt: at(start), deliveredAt: minutes(start, allowance + 1), ...flags }),
      env(minutes(start, 40_000), overrides as Partial<SlaEnvironment>),
    );
    const delivery = late.windows.find((w) => w.window === 'delivery');
    expect(delivery?.multipliers).toEqual(multipliers);
    expect(delivery?.slaMinutes).toBe(allowance);
    expect(late.breaches).toEqual([
      expect.objectContaining({
        reasonCode: 'DELIVERY_DELAY',
        context: expect.objectContaining({ sla_minutes: allowance, delay_minutes: 1, multipliers }),
      }),
    ]);
    const onTime = evaluateOrderSla(
      order({ handoffAt: at(start), deliveredAt: minutes(start, allowance), ...flags }),
      env(minutes(start, 40_000), overrides as Partial<SlaEnvironment>),
    );
    expect(onTime.breaches).toEqual([]);
  });

  it('the other windows still get the weekend multiplier', () => {
    const result = evaluateOrderSla(
      order({ packCompletedAt: at(SATURDAY), handoffAt: minutes(SATURDAY, 1441) }),
      env(minutes(SATURDAY, 40_000)),
    );
    expect(result.windows.find((w) => w.window === 'ship')).toMatchObject({
      slaMinutes: 2160,
      multipliers: [{ name: 'weekend', value: 1.5 }],
      isBreached: false,
    });
  });
});

describe('evaluateOrderSla: open windows and the clock', () => {
  it.each([
    ['before the deadline', 119, false],
    ['exactly at the deadline', 120, false],
    ['one millisecond after the deadline', 120 + 1 / 60_000, true],
    ['three hours after payment', 180, true],
  ])('open pick window %s', (_name, nowOffset, isBreach) => {
    const result = evaluateOrderSla(order({ paidAt: at(MONDAY) }), env(minutes(MONDAY, nowOffset)));
    const breach = result.breaches.find((b) => b.reasonCode === 'PICK_DELAY');
    expect(Boolean(breach)).toBe(isBreach);
    if (breach) expect(breach.context.ended_at).toBeNull();
    expect(result.nextDeadlineAt?.toISOString() ?? null).toBe(
      isBreach ? null : minutes(MONDAY, 120).toISOString(),
    );
  });

  it('an open breach carries the elapsed time as the actual figure', () => {
    const result = evaluateOrderSla(order({ paidAt: at(MONDAY) }), env(minutes(MONDAY, 180)));
    expect(result.breaches[0]?.context).toMatchObject({
      actual_minutes: 180,
      delay_minutes: 60,
      ended_at: null,
    });
  });

  it('a cancelled order never breaches its open window', () => {
    const result = evaluateOrderSla(
      order({ paidAt: at(MONDAY), cancelledAt: minutes(MONDAY, 30) }),
      env(minutes(MONDAY, 500)),
    );
    expect(result.breaches).toEqual([]);
    expect(result.nextDeadlineAt).toBeNull();
    expect(result.windows[0]?.status).toBe('SKIPPED');
  });

  it.each([
    ['pack window open, before its deadline', { pickCompletedAt: at(MONDAY) }, 100, [], minutes(MONDAY, 180)],
    [
      'pack window breached, missing-scan pending',
      { pickCompletedAt: at(MONDAY) },
      200,
      ['PACK_DELAY'],
      minutes(MONDAY, 240),
    ],
    [
      'pack scan missing after the buffer',
      { pickCompletedAt: at(MONDAY) },
      241,
      ['PACK_DELAY', 'MISSING_SCAN'],
      null,
    ],
    [
      'ship hand-off scan missing after the buffer',
      { packCompletedAt: at(MONDAY) },
      1501,
      ['CARRIER_ISSUE', 'MISSING_SCAN'],
      null,
    ],
    [
      'exactly at the missing-scan deadline',
      { packCompletedAt: at(MONDAY) },
      1500,
      ['CARRIER_ISSUE'],
      minutes(MONDAY, 1500),
    ],
  ] as const)('%s', (_name, timeline, nowOffset, codes, next) => {
    const result = evaluateOrderSla(order(timeline), env(minutes(MONDAY, nowOffset)));
    expect(result.breaches.map((b) => b.reasonCode)).toEqual(codes);
    expect(result.nextDeadlineAt?.toISOString() ?? null).toBe(next?.toISOString() ?? null);
  });

  it('missing scan context names the expected scan and the buffered deadline', () => {
    const result = evaluateOrderSla(order({ pickCompletedAt: at(MONDAY) }), env(minutes(MONDAY, 300)));
    expect(result.breaches.find((b) => b.reasonCode === 'MISSING_SCAN')).toEqual({
      reasonCode: 'MISSING_SCAN',
      severity: 'MEDIUM',
      priority: 7,
      context: {
        window: 'pack',
        expected_scan: 'pack_completed',
        started_at: MONDAY,
        deadline_at: minutes(MONDAY, 240).toISOString(),
        ended_at: null,
        actual_minutes: 300,
        sla_minutes: 240,
        delay_minutes: 60,
        multipliers: [],
      },
    });
  });

  it('the next deadline is the earliest of the open deadlines', () => {
    // Ship window open (deadline in 1430 min) and a pick the order moved past without its scan (missing after
    // 120 + 60 min): the missing-scan deadline wins.
    const result = evaluateOrderSla(
      order({ paidAt: at(MONDAY), packCompletedAt: minutes(MONDAY, -10) }),
      env(minutes(MONDAY, 10)),
    );
    expect(result.nextDeadlineAt?.toISOString()).toBe(minutes(MONDAY, 180).toISOString());
  });
});

describe('evaluateOrderSla: a late scan is one exception, not two', () => {
  // MISSING_SCAN is raised only while the scan is absent past deadline + buffer; once the scan is there, the stage's
  // delay exception carries the lateness and the scan is reported as arrived (its MISSING_SCAN gets resolved).
  it.each([
    [
      'pack scan at 300 min (past deadline 180 + buffer 60)',
      { pickCompletedAt: at(MONDAY), packCompletedAt: minutes(MONDAY, 300) },
      301,
      ['PACK_DELAY'],
      ['pick', 'pack'],
    ],
    [
      'pack scan at 200 min (inside the buffer)',
      { pickCompletedAt: at(MONDAY), packCompletedAt: minutes(MONDAY, 200) },
      1000,
      ['PACK_DELAY'],
      ['pick', 'pack'],
    ],
    [
      'hand-off scan at 1600 min (past 1440 + 60)',
      { packCompletedAt: at(MONDAY), handoffAt: minutes(MONDAY, 1600) },
      1601,
      ['CARRIER_ISSUE'],
      ['pack', 'ship'],
    ],
    [
      'late pick, pack and hand-off',
      {
        paidAt: at(MONDAY),
        pickCompletedAt: minutes(MONDAY, 400),
        packCompletedAt: minutes(MONDAY, 800),
        handoffAt: minutes(MONDAY, 3000),
      },
      5000,
      ['PICK_DELAY', 'PACK_DELAY', 'CARRIER_ISSUE'],
      ['pick', 'pack', 'ship'],
    ],
    [
      'pack scan still absent at 300 min',
      { pickCompletedAt: at(MONDAY) },
      300,
      ['PACK_DELAY', 'MISSING_SCAN'],
      ['pick'],
    ],
  ] as const)('%s', (_name, timeline, nowOffset, codes, arrived) => {
    const result = evaluateOrderSla(order(timeline), env(minutes(MONDAY, nowOffset)));
    expect(result.breaches.map((b) => b.reasonCode)).toEqual(codes);
    expect(result.arrivedScans.map((scan) => scan.window)).toEqual(arrived);
    expect(result.skippedScans).toEqual([]);
  });

  it('names the scan that arrived and when', () => {
    const result = evaluateOrderSla(
      order({ pickCompletedAt: at(MONDAY), packCompletedAt: minutes(MONDAY, 300) }),
      env(minutes(MONDAY, 301)),
    );
    expect(result.arrivedScans).toEqual([
      { window: 'pick', scan: 'pick_completed', at: at(MONDAY) },
      { window: 'pack', scan: 'pack_completed', at: minutes(MONDAY, 300) },
    ]);
  });
});

describe('evaluateOrderSla: an order that moved past a stage without its scan', () => {
  // The stage cannot be measured: it gets MISSING_SCAN (after its deadline + buffer), never an open delay.
  it.each([
    [
      'packed without a pick scan, before the pick deadline + buffer',
      { paidAt: at(MONDAY), packCompletedAt: minutes(MONDAY, 30) },
      100,
      [],
      minutes(MONDAY, 180),
    ],
    [
      'packed without a pick scan, past the pick deadline + buffer',
      { paidAt: at(MONDAY), packCompletedAt: minutes(MONDAY, 30) },
      181,
      [['MISSING_SCAN', 'pick', 'pick_completed']],
      // the ship window opened at the pack scan: 1440 min
      minutes(MONDAY, 30 + 1440),
    ],
    [
      'handed over without a pick or pack scan',
      { paidAt: at(MONDAY), handoffAt: minutes(MONDAY, 600) },
      700,
      [['MISSING_SCAN', 'pick', 'pick_completed']],
      // the delivery window runs from the hand-off: 5 business days
      minutes(MONDAY, 600 + 7 * 1440),
    ],
    [
      'delivered without a pack scan',
      { paidAt: at(MONDAY), pickCompletedAt: minutes(MONDAY, 60), deliveredAt: minutes(MONDAY, 3000) },
      3001,
      [['MISSING_SCAN', 'pack', 'pack_completed']],
      null,
    ],
    [
      'delivered without a hand-off scan',
      { packCompletedAt: at(MONDAY), deliveredAt: minutes(MONDAY, 3000) },
      3001,
      [['MISSING_SCAN', 'ship', 'handoff']],
      null,
    ],
  ] as const)('%s', (_name, timeline, nowOffset, breaches, next) => {
    const result = evaluateOrderSla(order(timeline), env(minutes(MONDAY, nowOffset)));
    expect(result.breaches.map((b) => [b.reasonCode, b.context.window, b.context.expected_scan])).toEqual(
      breaches,
    );
    expect(result.nextDeadlineAt?.toISOString() ?? null).toBe(next?.toISOString() ?? null);
    const skipped = result.skippedScans.map((scan) => scan.window);
    expect(skipped).toEqual([breaches[0]?.[1] ?? 'pick']);
    const stage = result.windows.find((w) => w.window === skipped[0]);
    expect(stage).toMatchObject({
      status: 'COMPLETED',
      endedAt: null,
      isBreached: false,
      isScanMissing: true,
    });
  });

  it('the missing pick scan context: the buffered deadline and the scan that showed the order moved on', () => {
    const result = evaluateOrderSla(
      order({ paidAt: at(MONDAY), packCompletedAt: minutes(MONDAY, 30) }),
      env(minutes(MONDAY, 200)),
    );
    expect(result.breaches).toEqual([
      {
        reasonCode: 'MISSING_SCAN',
        severity: 'MEDIUM',
        priority: 7,
        context: {
          window: 'pick',
          expected_scan: 'pick_completed',
          started_at: MONDAY,
          deadline_at: minutes(MONDAY, 180).toISOString(),
          ended_at: null,
          actual_minutes: 200,
          sla_minutes: 180,
          delay_minutes: 20,
          multipliers: [],
        },
      },
    ]);
    expect(result.skippedScans).toEqual([
      { window: 'pick', scan: 'pick_completed', at: minutes(MONDAY, 30) },
    ]);
  });

  it('one MISSING_SCAN per order: the earliest stage without its scan', () => {
    const result = evaluateOrderSla(
      order({
        paidAt: at(MONDAY),
        pickCompletedAt: null,
        packCompletedAt: minutes(MONDAY, 60),
        deliveredAt: minutes(MONDAY, 4000),
      }),
      env(minutes(MONDAY, 4001)),
    );
    expect(result.breaches.map((b) => [b.reasonCode, b.context.window])).toEqual([['MISSING_SCAN', 'pick']]);
    expect(result.skippedScans.map((scan) => scan.window)).toEqual(['pick', 'ship']);
  });

  it('a cancelled order that moved on gets nothing', () => {
    const result = evaluateOrderSla(
      order({ paidAt: at(MONDAY), packCompletedAt: minutes(MONDAY, 30), cancelledAt: minutes(MONDAY, 40) }),
      env(minutes(MONDAY, 500)),
    );
    expect(result.breaches).toEqual([]);
  });
});

describe('evaluateOrderSla: event order does not matter', () => {
  it('out-of-order timestamps (pick before payment) never breach and are not negative delays', () => {
    const result = evaluateOrderSla(
      order({ paidAt: at(MONDAY), pickCompletedAt: minutes(MONDAY, -30) }),
      env(minutes(MONDAY, 500)),
    );
    expect(result.breaches.filter((b) => b.reasonCode === 'PICK_DELAY')).toEqual([]);
    expect(result.windows[0]).toMatchObject({ status: 'COMPLETED', actualMinutes: -30 });
  });

  it('the same timeline evaluates identically whatever the clock after all windows closed', () => {
    const timeline = order({
      paidAt: at(MONDAY),
      pickCompletedAt: minutes(MONDAY, 150),
      packCompletedAt: minutes(MONDAY, 300),
      handoffAt: minutes(MONDAY, 600),
      deliveredAt: minutes(MONDAY, 3000),
    });
    const early = evaluateOrderSla(timeline, env(minutes(MONDAY, 3001)));
    const late = evaluateOrderSla(timeline, env(minutes(MONDAY, 90_000)));
    expect(late).toEqual(early);
    expect(early.breaches.map((b) => b.reasonCode)).toEqual(['PICK_DELAY']);
    expect(early.nextDeadlineAt).toBeNull();
  });
});
