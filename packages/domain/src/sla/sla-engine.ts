import type { Severity } from '../exceptions/reason-codes';
import type { ServiceLevel } from '../events/order-facts';
import type { SlaPolicy } from './sla-policy.schema';
import { addLocalBusinessDays, localDayOf, localHourStartIso } from './local-calendar';

// Domain reference §3 as pure functions: windows, multipliers, breaches, missing scans and the next deadline.

export const SLA_WINDOWS = ['pick', 'pack', 'ship', 'delivery'] as const;
export type SlaWindow = (typeof SLA_WINDOWS)[number];

export type SlaReasonCode = 'PICK_DELAY' | 'PACK_DELAY' | 'CARRIER_ISSUE' | 'MISSING_SCAN' | 'DELIVERY_DELAY';

/** Reason code, severity and priority (1 = most important) per breach kind. */
export const SLA_BREACH_TABLE: Record<
  SlaWindow | 'missing_scan',
  { reasonCode: SlaReasonCode; severity: Severity; priority: number }
> = {
  pick: { reasonCode: 'PICK_DELAY', severity: 'MEDIUM', priority: 5 },
  pack: { reasonCode: 'PACK_DELAY', severity: 'MEDIUM', priority: 6 },
  ship: { reasonCode: 'CARRIER_ISSUE', severity: 'HIGH', priority: 6 },
  missing_scan: { reasonCode: 'MISSING_SCAN', severity: 'MEDIUM', priority: 7 },
  delivery: { reasonCode: 'DELIVERY_DELAY', severity: 'HIGH', priority: 4 },
};

/** The milestones of one order, as the `orders` projection holds them (latest per type, first hand-off). */
export interface OrderTimeline {
  orderId: string;
  paidAt: Date | null;
  pickCompletedAt: Date | null;
  packCompletedAt: Date | null;
  handoffAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
  serviceLevel: ServiceLevel;
  isOversized: boolean;
  isHazmat: boolean;
  isFragile: boolean;
}

/** Everything besides the order that a window's allowance depends on. */
export interface SlaEnvironment {
  policy: SlaPolicy;
  /** IANA zone for weekends, holidays, peak periods and the volume hour. */
  timezone: string;
  /** Tenant orders per hour, keyed by `volumeHourKey(start, timezone)`; missing hours count as 0. */
  ordersPerHour: ReadonlyMap<string, number>;
  /** The injected clock: the instant the evaluation happens. */
  now: Date;
}

export interface AppliedMultiplier {
  name: string;
  value: number;
}

export interface BreachContext {
  window: SlaWindow;
  started_at: string;
  deadline_at: string;
  ended_at: string | null;
  actual_minutes: number;
  sla_minutes: number;
  delay_minutes: number;
  multipliers: AppliedMultiplier[];
  /** MISSING_SCAN only: the scan that was expected. */
  expected_scan?: string;
}

export interface SlaBreach {
  reasonCode: SlaReasonCode;
  severity: Severity;
  priority: number;
  context: BreachContext;
}

export type WindowStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'SKIPPED';

export interface WindowEvaluation {
  window: SlaWindow;
  status: WindowStatus;
  startedAt: Date | null;
  endedAt: Date | null;
  deadlineAt: Date | null;
  slaMinutes: number | null;
  actualMinutes: number | null;
  isBreached: boolean;
  /** The order moved past this window without its end scan: it cannot be measured, its scan is missing. */
  isScanMissing: boolean;
  multipliers: AppliedMultiplier[];
}

/** A window's end scan, as the MISSING_SCAN rules name it, and when it happened (or when the order moved on). */
export interface ScanOfWindow {
  window: SlaWindow;
  scan: string;
  at: Date;
}

export interface SlaEvaluation {
  orderId: string;
  windows: WindowEvaluation[];
  breaches: SlaBreach[];
  /** Scans now present: an active MISSING_SCAN of their window is resolved (the scan arrived late). */
  arrivedScans: ScanOfWindow[];
  /**
   * Windows the order moved past without their scan (`at` = the later scan that shows it): an open delay exception
   * of theirs gives way to the window's MISSING_SCAN.
   */
  skippedScans: ScanOfWindow[];
  /** When this order next needs a look without any new event (an open window's deadline or missing-scan deadline). */
  nextDeadlineAt: Date | null;
}

const MINUTE_MS = 60_000;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** The volume bucket a window start falls in: the start of its hour in the tenant's zone, as a UTC ISO string. */
export function volumeHourKey(start: Date, timezone: string): string {
  return localHourStartIso(start, timezone);
}

/** Windows whose allowance is counted in business days: weekends and holidays are already left out of them. */
const BUSINESS_DAY_WINDOWS: ReadonlySet<SlaWindow> = new Set(['delivery']);

/** The multipliers a window starting at `start` gets, in a fixed order, each recorded with its value. */
export function applicableMultipliers(
  window: SlaWindow,
  start: Date,
  order: Pick<OrderTimeline, 'isOversized' | 'isHazmat' | 'isFragile'>,
  env: Omit<SlaEnvironment, 'now'>,
): AppliedMultiplier[] {
  const { policy, timezone } = env;
  const { date, weekday } = localDayOf(start, timezone);
  const applied: AppliedMultiplier[] = [];
  // A weekend or holiday multiplier on a business-day window would count the same days off twice.
  if (!BUSINESS_DAY_WINDOWS.has(window)) {
    if (weekday === 6 || weekday === 7) applied.push({ name: 'weekend', value: policy.weekend_multiplier });
    if (policy.holidays.includes(date)) applied.push({ name: 'holiday', value: policy.holiday_multiplier });
  }
  if (policy.peak_periods.some((period) => date >= period.start && date <= period.end)) {
    applied.push({ name: 'peak_season', value: policy.peak_season_multiplier });
  }
  const volume = env.ordersPerHour.get(volumeHourKey(start, timezone)) ?? 0;
  if (volume > policy.high_volume_threshold) {
    applied.push({ name: 'high_volume', value: policy.high_volume_multiplier });
  }
  if (order.isOversized) applied.push({ name: 'oversized', value: policy.oversized_multiplier });
  if (order.isHazmat) applied.push({ name: 'hazmat', value: policy.hazmat_multiplier });
  if (order.isFragile) applied.push({ name: 'fragile', value: policy.fragile_multiplier });
  // A multiplier configured to 1 changes nothing and is not reported as applied.
  return applied.filter((multiplier) => multiplier.value !== 1);
}

/** `days` business days after `start` at the same local time, skipping weekends and holidays (DST-safe). */
export function addBusinessDays(start: Date, days: number, timezone: string, policy: SlaPolicy): Date {
  return addLocalBusinessDays(start, days, timezone, policy.holidays);
}

function deliveryDays(serviceLevel: ServiceLevel, policy: SlaPolicy): number {
  if (serviceLevel === 'overnight') return policy.overnight_delivery_days;
  if (serviceLevel === 'express') return policy.express_delivery_days;
  return policy.carrier_delivery_days;
}

/** Base allowance of a window in minutes (delivery: business days converted at the window's start). */
function baseMinutes(window: SlaWindow, start: Date, order: OrderTimeline, env: SlaEnvironment): number {
  const { policy } = env;
  if (window === 'pick') return policy.pick_minutes;
  if (window === 'pack') return policy.pack_minutes;
  if (window === 'ship') return policy.ship_minutes;
  const end = addBusinessDays(start, deliveryDays(order.serviceLevel, policy), env.timezone, policy);
  return (end.getTime() - start.getTime()) / MINUTE_MS;
}

const WINDOW_BOUNDS: Record<SlaWindow, (order: OrderTimeline) => [Date | null, Date | null]> = {
  pick: (order) => [order.paidAt, order.pickCompletedAt],
  pack: (order) => [order.pickCompletedAt, order.packCompletedAt],
  ship: (order) => [order.packCompletedAt, order.handoffAt],
  delivery: (order) => [order.handoffAt, order.deliveredAt],
};

/** The scan that ends each window; delivery has none a MISSING_SCAN could be about (nothing comes after it). */
const WINDOW_SCAN: Partial<Record<SlaWindow, string>> = {
  pick: 'pick_completed',
  pack: 'pack_completed',
  ship: 'handoff',
};

/** Windows whose end scan is expected while they are open (§3): the pack scan after the pick, the hand-off after the pack. */
const EXPECTED_WHILE_OPEN: ReadonlySet<SlaWindow> = new Set(['pack', 'ship']);

/** The first later milestone, which shows the order moved past the window even without its end scan. */
const LATER_SCAN: Record<SlaWindow, (order: OrderTimeline) => Date | null> = {
  pick: (order) => order.packCompletedAt ?? order.handoffAt ?? order.deliveredAt,
  pack: (order) => order.handoffAt ?? order.deliveredAt,
  ship: (order) => order.deliveredAt,
  delivery: () => null,
};

function breachContext(
  window: SlaWindow,
  start: Date,
  deadlineMs: number,
  end: Date | null,
  measuredUntilMs: number,
  slaMinutes: number,
  multipliers: AppliedMultiplier[],
): BreachContext {
  const actualMinutes = (measuredUntilMs - start.getTime()) / MINUTE_MS;
  return {
    window,
    started_at: start.toISOString(),
    deadline_at: new Date(deadlineMs).toISOString(),
    ended_at: end ? end.toISOString() : null,
    actual_minutes: round2(actualMinutes),
    sla_minutes: round2(slaMinutes),
    delay_minutes: round2(actualMinutes - slaMinutes),
    multipliers,
  };
}

function breachOf(context: BreachContext): SlaBreach {
  const spec = SLA_BREACH_TABLE[context.window];
  return { reasonCode: spec.reasonCode, severity: spec.severity, priority: spec.priority, context };
}

/**
 * Evaluates every window of one order at `env.now`. A window breaches iff its measured duration (event time,
 * never arrival time) is strictly greater than its allowance; an open window breaches once `now` passes its
 * deadline. MISSING_SCAN is raised only while a scan is absent past its window's deadline + buffer: for an open
 * pack or ship window, and for a window the order moved past without its scan (which then never gets a delay). A
 * cancelled order's open windows are skipped.
 */
export function evaluateOrderSla(order: OrderTimeline, env: SlaEnvironment): SlaEvaluation {
  const nowMs = env.now.getTime();
  const bufferMinutes = env.policy.missing_scan_buffer_minutes;
  const windows: WindowEvaluation[] = [];
  const breaches: SlaBreach[] = [];
  const missingScans: SlaBreach[] = [];
  const arrivedScans: ScanOfWindow[] = [];
  const skippedScans: ScanOfWindow[] = [];
  const upcoming: number[] = [];

  for (const window of SLA_WINDOWS) {
    const [start, end] = WINDOW_BOUNDS[window](order);
    const scan = WINDOW_SCAN[window];
    if (scan && end) arrivedScans.push({ window, scan, at: end });
    if (!start) {
      windows.push({
        window,
        status: order.cancelledAt ? 'SKIPPED' : 'PENDING',
        startedAt: null,
        endedAt: end,
        deadlineAt: null,
        slaMinutes: null,
        actualMinutes: null,
        isBreached: false,
        isScanMissing: false,
        multipliers: [],
      });
      continue;
    }
    const multipliers = applicableMultipliers(window, start, order, env);
    const factor = multipliers.reduce((product, multiplier) => product * multiplier.value, 1);
    const slaMinutes = baseMinutes(window, start, order, env) * factor;
    const slaMs = Math.round(slaMinutes * MINUTE_MS);
    const deadlineMs = start.getTime() + slaMs;
    const scanDeadlineMs = deadlineMs + Math.round(bufferMinutes * MINUTE_MS);
    const isOpen = end === null;
    const isCancelledOpen = isOpen && order.cancelledAt !== null;
    const movedOnAt = isOpen && scan ? LATER_SCAN[window](order) : null;
    const isScanMissing = !isCancelledOpen && movedOnAt !== null;
    const measuredUntilMs = isOpen ? nowMs : end.getTime();
    const isBreached = !isCancelledOpen && !isScanMissing && measuredUntilMs - start.getTime() > slaMs;
    const actualMinutes = isOpen ? null : round2((end.getTime() - start.getTime()) / MINUTE_MS);

    windows.push({
      window,
      status: isCancelledOpen
        ? 'SKIPPED'
        : isBreached
          ? 'FAILED'
          : isOpen && !isScanMissing
            ? 'IN_PROGRESS'
            : 'COMPLETED',
      startedAt: start,
      endedAt: end,
      deadlineAt: new Date(deadlineMs),
      slaMinutes: round2(slaMinutes),
      actualMinutes,
      isBreached,
      isScanMissing,
      multipliers,
    });
    if (isBreached) {
      breaches.push(
        breachOf(breachContext(window, start, deadlineMs, end, measuredUntilMs, slaMinutes, multipliers)),
      );
    }
    if (!isOpen || isCancelledOpen) continue;
    if (movedOnAt && scan) skippedScans.push({ window, scan, at: movedOnAt });
    else if (!isBreached) upcoming.push(deadlineMs);

    if (scan && (isScanMissing || EXPECTED_WHILE_OPEN.has(window))) {
      if (nowMs > scanDeadlineMs) {
        const missing = SLA_BREACH_TABLE.missing_scan;
        missingScans.push({
          reasonCode: missing.reasonCode,
          severity: missing.severity,
          priority: missing.priority,
          context: {
            ...breachContext(
              window,
              start,
              scanDeadlineMs,
              null,
              nowMs,
              slaMinutes + bufferMinutes,
              multipliers,
            ),
            expected_scan: scan,
          },
        });
      } else {
        upcoming.push(scanDeadlineMs);
      }
    }
  }

  // One active MISSING_SCAN per order (the database allows no more): the earliest stage's.
  const missingScan = missingScans[0];
  if (missingScan) breaches.push(missingScan);

  const next = upcoming.filter((deadline) => deadline >= nowMs);
  return {
    orderId: order.orderId,
    windows,
    breaches,
    arrivedScans,
    skippedScans,
    nextDeadlineAt: next.length > 0 ? new Date(Math.min(...next)) : null,
  };
}
