import { Faker, en } from '@faker-js/faker';
import { DEFAULT_RATES, type ScenarioRates } from './scenarios';
import type { GatewayEvent, GeneratedOrder } from './generate';

// Real webhooks arrive roughly in time order, with some redeliveries and some events overtaking earlier ones.

export interface Delivery extends GatewayEvent {
  /** A redelivery of an event already sent (same event_id): the gateway must answer duplicate. */
  isDuplicate: boolean;
  /** Sent before an event of the same order that happened earlier. */
  isOutOfOrder: boolean;
}

export interface DeliveryPlan {
  deliveries: Delivery[];
  events: number;
  duplicates: number;
  outOfOrder: number;
}

/** Orders every event for sending: time order, then swaps within an order and late redeliveries. */
export function planDeliveries(
  orders: GeneratedOrder[],
  options: { seed: number; rates?: Pick<ScenarioRates, 'duplicate' | 'outOfOrder'> },
): DeliveryPlan {
  const rates = options.rates ?? DEFAULT_RATES;
  const faker = new Faker({ locale: [en] });
  faker.seed([options.seed, 0x5e9d]);

  // Time order across all orders; each order keeps the slots it occupies in that order.
  const all = orders.flatMap((order, orderIndex) =>
    order.events.map((event, eventIndex) => ({
      event,
      orderIndex,
      eventIndex,
      at: Date.parse(event.envelope.occurred_at),
    })),
  );
  all.sort((a, b) => a.at - b.at || a.orderIndex - b.orderIndex || a.eventIndex - b.eventIndex);

  // Within an order, an event swaps places with the next one: the later event overtakes it.
  const sequences = orders.map((order) => order.events.map((event) => ({ event, isOutOfOrder: false })));
  let outOfOrder = 0;
  for (const sequence of sequences) {
    for (let position = 0; position + 1 < sequence.length; position += 1) {
      if (!faker.datatype.boolean({ probability: rates.outOfOrder })) continue;
      const first = sequence[position]!;
      const second = sequence[position + 1]!;
      sequence[position] = { event: second.event, isOutOfOrder: true };
      sequence[position + 1] = { event: first.event, isOutOfOrder: false };
      outOfOrder += 1;
      position += 1;
    }
  }
  const cursor = orders.map(() => 0);
  const keyed: { key: number; delivery: Delivery }[] = [];
  let duplicates = 0;
  all.forEach((slot, position) => {
    const next = sequences[slot.orderIndex]![cursor[slot.orderIndex]!]!;
    cursor[slot.orderIndex]! += 1;
    keyed.push({
      key: position,
      delivery: { ...next.event, isDuplicate: false, isOutOfOrder: next.isOutOfOrder },
    });
    if (faker.datatype.boolean({ probability: rates.duplicate })) {
      // A redelivery arrives a little later, after a few other events.
      const later = position + faker.number.int({ min: 1, max: 40 }) + 0.5;
      keyed.push({ key: later, delivery: { ...next.event, isDuplicate: true, isOutOfOrder: false } });
      duplicates += 1;
    }
  });
  keyed.sort((a, b) => a.key - b.key);
  return { deliveries: keyed.map((entry) => entry.delivery), events: all.length, duplicates, outOfOrder };
}
