import { z } from 'zod';

// Domain reference §9: every price is integer cents; `tenants.tariffs` stores only the overrides.

const cents = z.int().min(0).max(100_000_000);
const multiplier = z.number().min(1).max(100);

export const VolumeTierSchema = z.object({
  min_orders: z.int().min(1),
  discount_percent: z.int().min(0).max(100),
});
export type VolumeTier = z.infer<typeof VolumeTierSchema>;

export const TariffSchema = z
  .object({
    pick_cents: cents,
    pack_cents: cents,
    label_cents: cents,
    kitting_cents: cents,
    storage_per_day_cents: cents,
    storage_long_term_after_days: z.int().min(0).max(3650),
    storage_long_term_multiplier: multiplier,
    photo_cents: cents,
    quality_check_cents: cents,
    custom_packaging_cents: cents,
    gift_wrap_cents: cents,
    return_cents: cents,
    restocking_cents: cents,
    inspection_cents: cents,
    minimum_per_order_cents: cents,
    rush_multiplier: multiplier,
    oversized_multiplier: multiplier,
    hazmat_multiplier: multiplier,
    fragile_multiplier: multiplier,
    volume_tiers: z.array(VolumeTierSchema).max(20),
    minimum_monthly_fee_cents: cents,
    payment_terms_days: z.int().min(0).max(365),
    late_fee_cents: cents,
    auto_credit_threshold_cents: cents,
    manual_review_threshold_cents: cents,
  })
  .strict();
export type Tariff = z.infer<typeof TariffSchema>;

export const DEFAULT_TARIFF: Tariff = {
  pick_cents: 30,
  pack_cents: 20,
  label_cents: 15,
  kitting_cents: 50,
  storage_per_day_cents: 5,
  storage_long_term_after_days: 90,
  storage_long_term_multiplier: 2.0,
  photo_cents: 25,
  quality_check_cents: 50,
  custom_packaging_cents: 200,
  gift_wrap_cents: 100,
  return_cents: 75,
  restocking_cents: 150,
  inspection_cents: 25,
  minimum_per_order_cents: 50,
  rush_multiplier: 2.0,
  oversized_multiplier: 1.5,
  hazmat_multiplier: 3.0,
  fragile_multiplier: 1.2,
  volume_tiers: [
    { min_orders: 100, discount_percent: 5 },
    { min_orders: 500, discount_percent: 10 },
    { min_orders: 1000, discount_percent: 15 },
  ],
  minimum_monthly_fee_cents: 10000,
  payment_terms_days: 30,
  late_fee_cents: 2500,
  auto_credit_threshold_cents: 500,
  manual_review_threshold_cents: 2000,
};

/** What a tenant may store: any subset of the tariff's fields, unknown fields rejected. */
export const TariffOverridesSchema = TariffSchema.partial()
  .strict()
  .superRefine((overrides, ctx) => {
    const merged = { ...DEFAULT_TARIFF, ...overrides };
    if (merged.manual_review_threshold_cents < merged.auto_credit_threshold_cents) {
      ctx.addIssue({
        code: 'custom',
        path: ['manual_review_threshold_cents'],
        message: 'must be greater than or equal to auto_credit_threshold_cents',
      });
    }
    const mins = merged.volume_tiers.map((tier) => tier.min_orders);
    if (mins.some((value, index) => index > 0 && value <= (mins[index - 1] ?? 0))) {
      ctx.addIssue({
        code: 'custom',
        path: ['volume_tiers'],
        message: 'tiers must be sorted by strictly increasing min_orders',
      });
    }
  });
export type TariffOverrides = z.infer<typeof TariffOverridesSchema>;

/**
 * The effective tariff: stored overrides merged over the defaults. Stored JSON that no longer parses
 * (a hand edit in Postgres) falls back field by field to the defaults rather than billing with garbage.
 */
export function resolveTariff(stored: unknown): Tariff {
  const parsed = TariffOverridesSchema.safeParse(stored ?? {});
  if (parsed.success) return { ...DEFAULT_TARIFF, ...parsed.data };
  const tariff: Record<string, unknown> = { ...DEFAULT_TARIFF };
  if (stored && typeof stored === 'object') {
    for (const [key, value] of Object.entries(stored)) {
      const field = TariffSchema.shape[key as keyof Tariff];
      if (field && field.safeParse(value).success) tariff[key] = value;
    }
  }
  return TariffSchema.parse(tariff);
}

/** The discount percent of the highest tier the month's count reaches (0 below the first tier). */
export function volumeDiscountPercent(monthlyInvoicedCount: number, tiers: readonly VolumeTier[]): number {
  let percent = 0;
  for (const tier of tiers) {
    if (monthlyInvoicedCount >= tier.min_orders) percent = tier.discount_percent;
  }
  return percent;
}
