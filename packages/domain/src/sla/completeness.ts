import type { OrderTimeline } from './sla-engine';

// Data completeness of one order: required milestones present, timestamps monotonic, payload fields present.

export type CompletenessCheckName = 'required_milestones' | 'timestamps_monotonic' | 'payload_fields';

export interface CompletenessCheck {
  checkName: CompletenessCheckName;
  passed: boolean;
  details: Record<string, unknown>;
}

export type CompletenessInput = Pick<
  OrderTimeline,
  'paidAt' | 'pickCompletedAt' | 'packCompletedAt' | 'handoffAt' | 'deliveredAt'
> & {
  orderCreatedAt: Date | null;
  /** The Shopify-style order from `order_created`, if any. */
  orderData: Record<string, unknown> | null;
};

const MILESTONES = [
  ['order_created', 'orderCreatedAt'],
  ['order_paid', 'paidAt'],
  ['pick_completed', 'pickCompletedAt'],
  ['pack_completed', 'packCompletedAt'],
  ['handoff', 'handoffAt'],
  ['delivered', 'deliveredAt'],
] as const;

/** Fields an `order_created` payload.order must carry for the rest of the pipeline (problems, billing). */
export const REQUIRED_ORDER_FIELDS = [
  'line_items',
  'shipping_address',
  'financial_status',
  'total_price',
] as const;

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function checkOrderCompleteness(order: CompletenessInput): CompletenessCheck[] {
  const reached = MILESTONES.map(([name, key]) => ({ name, at: order[key] }));
  // Every milestone before the furthest one reached must be present too.
  const furthest = reached.reduce((last, milestone, index) => (milestone.at ? index : last), -1);
  const missing = reached.slice(0, Math.max(furthest, 0)).filter((milestone) => !milestone.at);

  const present = reached.filter((milestone) => milestone.at !== null);
  const violations: Array<{ earlier: string; later: string }> = [];
  for (let index = 1; index < present.length; index += 1) {
    const previous = present[index - 1];
    const current = present[index];
    if (previous?.at && current?.at && current.at.getTime() < previous.at.getTime()) {
      violations.push({ earlier: previous.name, later: current.name });
    }
  }

  const missingFields = order.orderData
    ? REQUIRED_ORDER_FIELDS.filter((field) => !isPresent(order.orderData?.[field]))
    : ['order_created.payload.order'];

  return [
    {
      checkName: 'required_milestones',
      passed: missing.length === 0,
      details: {
        furthest_milestone: furthest >= 0 ? reached[furthest]?.name : null,
        missing: missing.map((m) => m.name),
      },
    },
    { checkName: 'timestamps_monotonic', passed: violations.length === 0, details: { violations } },
    { checkName: 'payload_fields', passed: missingFields.length === 0, details: { missing: missingFields } },
  ];
}
