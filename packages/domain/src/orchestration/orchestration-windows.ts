import { DateTime } from 'luxon';
import { z } from 'zod';

// When the hourly orchestrator does what, in the tenant's time zone (domain reference §1, §10).

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** `tenants.maintenance_window`: a daily local-time window, optionally only on some ISO weekdays (1 = Monday). */
export const MaintenanceWindowSchema = z.object({
  start: clock,
  end: clock,
  weekdays: z.array(z.number().int().min(1).max(7)).optional(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `at` falls inside the window in `timeZone`; a window whose end is before its start crosses midnight. */
export function isInMaintenanceWindow(window: MaintenanceWindow | null, at: Date, timeZone: string): boolean {
  if (!window) return false;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return false;
  const crossesMidnight = end < start;
  const inside = crossesMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return false;
  if (!window.weekdays?.length) return true;
  // After midnight in a crossing window, the window belongs to the previous day's weekday.
  const owningDay = crossesMidnight && minute < end ? local.minus({ days: 1 }) : local;
  return window.weekdays.includes(owningDay.weekday);
}

/** Billing runs daily at this local hour (§10: 02:00 tenant time). */
export const BILLING_LOCAL_HOUR = 2;

/** The orchestrator runs billing only in the tenant's billing hour. */
export function isInBillingWindow(at: Date, timeZone: string, billingHour = BILLING_LOCAL_HOUR): boolean {
  return DateTime.fromJSDate(at, { zone: timeZone }).hour === billingHour;
}

/** The tenant-local calendar date (YYYY-MM-DD): the business key of a daily billing run. */
export function localDate(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? at.toISOString().slice(0, 10);
}

export type RunRating = 'EXCELLENT' | 'GOOD' | 'FAIR' | 'POOR';

/** Success rate (0..100) → rating shown in the orchestrator summary. */
export function rateRun(successRate: number): RunRating {
  if (successRate >= 100) return 'EXCELLENT';
  if (successRate >= 75) return 'GOOD';
  if (successRate >= 50) return 'FAIR';
  return 'POOR';
}
