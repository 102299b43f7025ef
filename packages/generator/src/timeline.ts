import type { Faker } from '@faker-js/faker';
import type { EventSource } from '@e2a/domain';
import type { Scenario } from './scenarios';
import type { ServiceLevel } from './shopify-order';

// Event timelines through the store, the WMS and the carrier. Offsets are minutes after order creation.

export interface TimelineStep {
  source: EventSource;
  eventType: string;
  /** Minutes after `order_created`. */
  offset: number;
  /** Distinguishes repeated event types (delivery attempts). */
  sequence?: number;
  extras?: Record<string, unknown>;
  payload?: Record<string, unknown>;
}

export interface TimelinePlan {
  steps: TimelineStep[];
  /** How long before `now` the order must have been created so the scenario is visible. */
  minAgeMinutes: number;
  /** Random extra age on top (spreads orders over the look-back). */
  maxExtraAgeMinutes: number;
}

const HOUR = 60;
const DAY = 24 * HOUR;

// SLA scenario durations exceed the threshold times the largest stack of multipliers a demo tenant can hit
// (holiday 2.0 x high volume 1.3 ~ 2.6, weekend x volume x peak ~ 2.73), so they breach whatever the calendar.
const SLA_MARGIN = 2.8;
const PICK_MINUTES = 120;
const PACK_MINUTES = 180;
const SHIP_MINUTES = 1440;
const MISSING_SCAN_BUFFER = 60;

const TRANSIT_MINUTES: Record<ServiceLevel, [number, number]> = {
  overnight: [10 * HOUR, 19 * HOUR],
  express: [18 * HOUR, 39 * HOUR],
  standard: [30 * HOUR, 95 * HOUR],
};

const CARRIERS = ['UPS', 'FedEx', 'USPS', 'DHL'] as const;
const HUBS = ['Louisville, KY', 'Memphis, TN', 'Indianapolis, IN', 'Ontario, CA', 'Dallas, TX', 'Newark, NJ'];

export interface TimelineContext {
  serviceLevel: ServiceLevel;
  lookbackMinutes: number;
  itemsCount: number;
  deliveryAttempts: number;
}

/** Plans every event of one order; normal orders stay within every SLA window, scenarios break exactly one. */
export function planTimeline(faker: Faker, scenario: Scenario, context: TimelineContext): TimelinePlan {
  const between = (min: number, max: number) =>
    faker.number.int({ min: Math.round(min), max: Math.round(max) });
  const carrierName = faker.helpers.arrayElement(CARRIERS);
  const trackingNumber = `1Z${faker.string.alphanumeric({ length: 16, casing: 'upper' })}`;
  const zone = faker.helpers.arrayElement(['A', 'B', 'C', 'D']);
  const wms = (extra: Record<string, unknown> = {}) => ({
    station: `ST-${faker.number.int({ min: 1, max: 12 })}`,
    worker_id: `W-${faker.number.int({ min: 100, max: 160 })}`,
    zone,
    items_count: context.itemsCount,
    ...extra,
  });
  const origin = faker.helpers.arrayElement(HUBS);
  const destination = faker.helpers.arrayElement(HUBS);
  const carrier = (extra: Record<string, unknown> = {}, location = origin) => ({
    tracking_number: trackingNumber,
    carrier_name: carrierName,
    location,
    ...extra,
  });

  const steps: TimelineStep[] = [];
  const add = (step: TimelineStep) => {
    steps.push(step);
    return step.offset;
  };

  add({ source: 'shopify', eventType: 'order_created', offset: 0 });
  if (scenario === 'failed_payment') {
    // The payment never clears: nothing downstream starts, so no SLA window opens.
    return { steps, minAgeMinutes: 0, maxExtraAgeMinutes: context.lookbackMinutes };
  }
  const paid = add({
    source: 'shopify',
    eventType: 'order_paid',
    offset: between(1, 30),
    payload: {
      financial_status: 'paid',
      gateway: faker.helpers.arrayElement(['shopify_payments', 'paypal']),
    },
  });
  const pickStarted = add({
    source: 'wms',
    eventType: 'pick_started',
    offset: paid + between(5, 45),
    extras: wms(),
  });
  const pickCompleted = add({
    source: 'wms',
    eventType: 'pick_completed',
    offset:
      scenario === 'late_pick'
        ? paid + between(PICK_MINUTES * SLA_MARGIN + 5, PICK_MINUTES * 4)
        : pickStarted + between(5, 50),
    extras: wms(),
  });
  const packStarted = add({
    source: 'wms',
    eventType: 'pack_started',
    offset: pickCompleted + between(5, 45),
    extras: wms(),
  });
  const packCompleted = add({
    source: 'wms',
    eventType: 'pack_completed',
    offset:
      scenario === 'late_pack'
        ? pickCompleted + between(PACK_MINUTES * SLA_MARGIN + 5, PACK_MINUTES * 4)
        : packStarted + between(5, 60),
    extras: wms(),
  });
  add({
    source: 'wms',
    eventType: 'label_created',
    offset: packCompleted + between(1, 20),
    extras: wms(),
    payload: { carrier: carrierName, tracking_number: trackingNumber, service_level: context.serviceLevel },
  });
  if (scenario === 'missing_scan') {
    // Packed and labelled, then no hand-off scan ever arrives; old enough that deadline + buffer has passed.
    const visibleAfter = packCompleted + SHIP_MINUTES * SLA_MARGIN + MISSING_SCAN_BUFFER + 60;
    return { steps, minAgeMinutes: visibleAfter, maxExtraAgeMinutes: context.lookbackMinutes };
  }

  const handoff = add({
    source: 'wms',
    eventType: 'manifested',
    offset:
      scenario === 'late_handoff'
        ? packCompleted + between(SHIP_MINUTES * SLA_MARGIN + 30, SHIP_MINUTES * 3.4)
        : packCompleted + between(2 * HOUR, 20 * HOUR),
    extras: wms(),
  });
  const pickedUp = add({
    source: 'carrier',
    eventType: 'picked_up',
    offset: handoff + between(10, 120),
    extras: carrier(),
  });
  add({
    source: 'shopify',
    eventType: 'order_fulfilled',
    offset: pickedUp + between(1, 15),
    extras: { carrier: carrierName, tracking_number: trackingNumber },
  });
  const inTransit = add({
    source: 'carrier',
    eventType: 'in_transit',
    offset: pickedUp + between(60, 360),
    extras: carrier(),
  });

  if (scenario === 'delivery_delay') {
    // Stuck in transit well past the service level's delivery days.
    const stuckFor = between(8 * DAY, 10 * DAY);
    return { steps, minAgeMinutes: handoff + stuckFor, maxExtraAgeMinutes: 2 * DAY };
  }

  if (scenario === 'customer_unavailable') {
    let attemptAt = handoff + between(18 * HOUR, 26 * HOUR);
    for (let attempt = 1; attempt <= context.deliveryAttempts; attempt += 1) {
      add({
        source: 'carrier',
        eventType: 'out_for_delivery',
        offset: Math.max(attemptAt, inTransit + 30),
        sequence: attempt,
        extras: carrier({}, destination),
      });
      add({
        source: 'carrier',
        eventType: 'delivery_failed',
        offset: Math.max(attemptAt, inTransit + 30) + between(60, 300),
        sequence: attempt,
        extras: carrier(
          { delivery_notes: 'Customer not available; notice left', signature_required: true },
          destination,
        ),
        payload: { delivery_status: 'failed_delivery', attempt },
      });
      attemptAt += between(22 * HOUR, 25 * HOUR);
    }
    // Recent hand-off: the order is not late yet, the customer simply was not there.
    return { steps, minAgeMinutes: steps.at(-1)!.offset + 10, maxExtraAgeMinutes: 12 * HOUR };
  }

  const [transitMin, transitMax] = TRANSIT_MINUTES[context.serviceLevel];
  const delivered = handoff + between(transitMin, transitMax);
  add({
    source: 'carrier',
    eventType: 'out_for_delivery',
    offset: Math.max(inTransit + 30, delivered - between(60, 300)),
    extras: carrier({}, destination),
  });
  const deliveredAt = Math.max(delivered, inTransit + 60);
  add({
    source: 'carrier',
    eventType: 'delivered',
    offset: deliveredAt,
    extras: carrier(
      scenario === 'damaged_package'
        ? { delivery_notes: 'Package delivered with visible damage: box crushed' }
        : {
            delivery_notes: faker.helpers.arrayElement([
              'Left at front door',
              'Handed to resident',
              'Mailroom',
            ]),
          },
      destination,
    ),
    payload: scenario === 'damaged_package' ? { package_condition: 'damaged' } : {},
  });
  return { steps, minAgeMinutes: deliveredAt, maxExtraAgeMinutes: context.lookbackMinutes };
}
