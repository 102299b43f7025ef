import { z } from 'zod';

// Domain reference §3: the SLA policy with its defaults; `tenants.sla_policy` holds only the overrides.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const PeakPeriodSchema = z
  .object({
    name: z.string().min(1).max(128).default('peak'),
    start: isoDate,
    /** Inclusive, in the tenant's time zone. */
    end: isoDate,
  })
  .refine((period) => period.start <= period.end, { message: 'start must not be after end', path: ['end'] });

export const SlaPolicySchema = z.object({
  pick_minutes: z.number().positive().default(120),
  pack_minutes: z.number().positive().default(180),
  ship_minutes: z.number().positive().default(1440),
  carrier_delivery_days: z.number().int().positive().default(5),
  express_delivery_days: z.number().int().positive().default(2),
  overnight_delivery_days: z.number().int().positive().default(1),
  weekend_multiplier: z.number().positive().default(1.5),
  holiday_multiplier: z.number().positive().default(2.0),
  high_volume_threshold: z.number().int().positive().default(100),
  high_volume_multiplier: z.number().positive().default(1.3),
  peak_season_multiplier: z.number().positive().default(1.4),
  oversized_multiplier: z.number().positive().default(1.5),
  hazmat_multiplier: z.number().positive().default(2.0),
  fragile_multiplier: z.number().positive().default(1.2),
  missing_scan_buffer_minutes: z.number().min(0).default(60),
  system_error_escalation_minutes: z.number().min(0).default(15),
  ops_notification_delay_minutes: z.number().min(0).default(30),
  customer_notification_delay_minutes: z.number().min(0).default(60),
  escalation_delay_hours: z.number().min(0).default(4),
  /** Tenant holidays as local dates. */
  holidays: z.array(isoDate).default([]),
  peak_periods: z.array(PeakPeriodSchema).default([]),
});

export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

/** The effective policy: defaults overlaid with the tenant's stored overrides (validated). */
export function resolveSlaPolicy(overrides: unknown): SlaPolicy {
  return SlaPolicySchema.parse(overrides ?? {});
}

export const DEFAULT_SLA_POLICY: SlaPolicy = SlaPolicySchema.parse({});
