import { canonicalEventType } from '../events/event-types';
import {
  ORDER_FLAGS,
  isTrueFact,
  orderFactSources,
  readOrderFlags,
  type OrderFlag,
} from '../events/order-facts';

// Domain reference §9: what an order's events say was done, the input of the invoice formula.

export interface BillableEvent {
  event_type: string;
  occurred_at: Date;
  payload: Record<string, unknown> | null;
}

export const VALUE_ADDED_SERVICES = ['photo', 'quality_check', 'custom_packaging', 'gift_wrap'] as const;
export type ValueAddedService = (typeof VALUE_ADDED_SERVICES)[number];

/** The surcharge flags are the order's flags, read by the same function the SLA multipliers use. */
export const BILLING_FLAGS = ORDER_FLAGS;
export type BillingFlag = OrderFlag;

export interface BillableOperations {
  pick: number;
  pack: number;
  label: number;
  kitting: number;
  returns: number;
  storage_days: number;
  value_added: Record<ValueAddedService, number>;
  flags: Record<BillingFlag, boolean>;
}

const DAY_MS = 86_400_000;

// A re-scan or a reprinted label is the same operation: pick, pack and label bill once per order.
const ONCE_PER_ORDER = { pick_completed: 'pick', pack_completed: 'pack' } as const;
const LABEL_EVENTS = new Set(['ship_label_printed', 'label_created']);

function valueAddedOf(bag: Record<string, unknown>): Set<ValueAddedService> {
  const found = new Set<ValueAddedService>();
  const listed = bag.value_added_services;
  for (const service of VALUE_ADDED_SERVICES) {
    if (isTrueFact(bag[service]) || (Array.isArray(listed) && listed.includes(service))) found.add(service);
  }
  return found;
}

/**
 * Billable operations from an order's events: pick/pack/label once per order, kitting and returns once per
 * event, value-added services once per order when any payload (its order or a line item) asks for them, flags
 * (`readOrderFlags`) when any payload carries them, storage = whole days between the first and last event (at
 * least 1).
 */
export function billableOperationsFromEvents(events: readonly BillableEvent[]): BillableOperations {
  const operations: BillableOperations = {
    pick: 0,
    pack: 0,
    label: 0,
    kitting: 0,
    returns: 0,
    storage_days: 1,
    value_added: { photo: 0, quality_check: 0, custom_packaging: 0, gift_wrap: 0 },
    flags: { rush: false, oversized: false, hazmat: false, fragile: false },
  };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    const type = canonicalEventType(event.event_type);
    const once = ONCE_PER_ORDER[type as keyof typeof ONCE_PER_ORDER];
    if (once) operations[once] = 1;
    else if (LABEL_EVENTS.has(type)) operations.label = 1;
    else if (type === 'kitting_completed') operations.kitting += 1;
    else if (type === 'return_processed') operations.returns += 1;
    const at = event.occurred_at.getTime();
    if (at < first) first = at;
    if (at > last) last = at;
    if (!event.payload) continue;
    const flags = readOrderFlags(event.payload);
    for (const flag of BILLING_FLAGS) if (flags[flag]) operations.flags[flag] = true;
    for (const bag of orderFactSources(event.payload)) {
      for (const service of valueAddedOf(bag)) operations.value_added[service] = 1;
    }
  }
  if (events.length > 0) operations.storage_days = Math.max(1, Math.floor((last - first) / DAY_MS));
  return operations;
}
