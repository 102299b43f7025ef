import { z } from 'zod';
import { SlaPolicySchema, type SlaPolicy } from './sla-policy.schema';

// Versioned SLA settings (issue 12): a tenant's policy and its holidays change by new versions, each effective from
// its time on; `tenants.sla_policy` is the baseline before any version.

const effectiveFrom = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset or Z' })
  .optional()
  .meta({ description: 'When the version takes effect (default: now); never in the past' });

/** Every policy key except holidays (a setting of their own); unknown keys are rejected by name. */
export const SlaPolicyOverridesSchema = SlaPolicySchema.omit({ holidays: true }).strict();

/** `PUT /tenants/{name}/sla-policy`: the overrides (replacing the previous ones) and when they take effect. */
export const SlaPolicyVersionBodySchema = SlaPolicyOverridesSchema.extend({ effective_from: effectiveFrom });

/** `PUT /tenants/{name}/holidays`: the tenant's holidays as local dates, and when the list takes effect. */
export const HolidaysVersionBodySchema = z
  .object({
    holidays: z
      .array(z.iso.date({ message: 'must be a date YYYY-MM-DD' }))
      .max(1000)
      .refine((dates) => new Set(dates).size === dates.length, 'must not repeat a date'),
    effective_from: effectiveFrom,
  })
  .strict();

/** Only the keys the caller sent, validated: a version stores overrides, never the defaults. */
export function slaPolicyOverridesOf(body: Record<string, unknown>): Record<string, unknown> {
  const { effective_from: _ignored, ...rest } = body;
  const parsed = SlaPolicyOverridesSchema.parse(rest) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(rest).map((key) => [key, parsed[key]]));
}

export interface SlaSettingsSources {
  /** `tenants.sla_policy`: the policy before any version (may carry holidays). */
  baseline: unknown;
  /** The overrides of the policy version in effect, if any. */
  policyOverrides?: unknown;
  /** The holiday list of the holidays version in effect, if any. */
  holidays?: unknown;
}

/** The policy in effect: the current version (else the baseline) with the current holidays (else the baseline's). */
export function effectiveSlaPolicy(sources: SlaSettingsSources): SlaPolicy {
  const baseline = (sources.baseline ?? {}) as Record<string, unknown>;
  const { holidays: baselineHolidays, ...baselineRest } = baseline;
  const overrides = (sources.policyOverrides as Record<string, unknown> | undefined) ?? baselineRest;
  return SlaPolicySchema.parse({ ...overrides, holidays: sources.holidays ?? baselineHolidays ?? [] });
}
