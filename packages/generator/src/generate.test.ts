import { eventSchemaFor } from '@e2a/domain';
import {
  DEFAULT_RATES,
  INVALID_ADDRESS_VARIANTS,
  ITEM_FLAGS,
  PROBLEM_KINDS,
  SLA_SCENARIOS,
  generateOrder,
  generateOrders,
  planDeliveries,
  type GeneratedOrder,
  type Scenario,
  type ShopifyOrder,
} from './index';

const NOW = new Date('2026-11-29T12:00:00Z');
const SEED = 20261129;
const OPTIONS = { seed: SEED, now: NOW };

const minutesBetween = (from?: string, to?: string) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 60_000 : undefined;

function timesOf(order: GeneratedOrder) {
  const first = (type: string) =>
    order.events.find((e) => e.envelope.event_type === type)?.envelope.occurred_at;
  const handoffs = order.events
    .filter((e) => ['manifested', 'picked_up', 'shipment_dispatched'].includes(e.envelope.event_type))
    .map((e) => e.envelope.occurred_at)
    .sort();
  return {
    paid: first('order_paid'),
    pickCompleted: first('pick_completed'),
    packCompleted: first('pack_completed'),
    handoff: handoffs[0],
    delivered: first('delivered'),
  };
}

// Test-side oracle of domain reference §5 (the rule-based order-problem checks on `order_created`).
function reasonCodesByRules(order: ShopifyOrder, now: Date): string[] {
  const codes: string[] = [];
  if (order.fulfillment_status === 'delayed' || Date.parse(order.estimated_delivery_date) < now.getTime()) {
    codes.push('DELIVERY_DELAY');
  }
  if (order.financial_status === 'pending' || order.payment_issues === true) codes.push('PAYMENT_FAILED');
  const zip = order.shipping_address.zip;
  if (
    !zip ||
    ['00000', '99999', 'INVALID'].includes(zip) ||
    /Nonexistent/.test(order.shipping_address.address1) ||
    order.shipping_address.city === 'Nowhere'
  ) {
    codes.push('ADDRESS_INVALID');
  }
  if (order.line_items.some((item) => item.inventory_shortage === true)) codes.push('INVENTORY_SHORTAGE');
  if (order.package_condition === 'damaged') codes.push('DAMAGED_PACKAGE');
  if ((order.delivery_attempts ?? 0) >= 2 || order.delivery_status === 'failed_delivery') {
    codes.push('CUSTOMER_UNAVAILABLE');
  }
  return codes;
}

const ORDER_RULE_CODES = new Set([
  'DELIVERY_DELAY',
  'PAYMENT_FAILED',
  'ADDRESS_INVALID',
  'INVENTORY_SHORTAGE',
  'DAMAGED_PACKAGE',
  'CUSTOMER_UNAVAILABLE',
]);

describe('generator', () => {
  it('is reproducible: the same seed gives the same orders, whatever the batch they are made in', () => {
    const first = generateOrders(OPTIONS, 30);
    const again = generateOrders(OPTIONS, 30);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(JSON.stringify(generateOrder(OPTIONS, 17))).toBe(JSON.stringify(first[17]));
    expect(generateOrders({ ...OPTIONS, seed: SEED + 1 }, 1)[0]!.order.customer.email).not.toBe(
      first[0]!.order.customer.email,
    );
  });

  describe('over 100,000 orders of a fixed seed', () => {
    const TOTAL = 100_000;
    const scenarioCounts = new Map<Scenario, number>();
    const flagCounts = new Map<string, number>();
    const variants = new Set<string>();
    const serviceLevels = new Map<string, number>();
    const orderIds = new Set<string>();
    const eventIds = new Set<string>();
    const violations: string[] = [];
    let events = 0;

    beforeAll(() => {
      const note = (order: GeneratedOrder, what: string) => {
        if (violations.length < 20) violations.push(`${order.orderId} (${order.scenario}): ${what}`);
      };
      for (let index = 0; index < TOTAL; index += 1) {
        const order = generateOrder(OPTIONS, index);
        orderIds.add(order.orderId);
        scenarioCounts.set(order.scenario, (scenarioCounts.get(order.scenario) ?? 0) + 1);
        for (const flag of order.flags) flagCounts.set(flag, (flagCounts.get(flag) ?? 0) + 1);
        if (order.addressVariant) variants.add(order.addressVariant);
        serviceLevels.set(order.serviceLevel, (serviceLevels.get(order.serviceLevel) ?? 0) + 1);

        let previous = 0;
        for (const event of order.events) {
          events += 1;
          eventIds.add(`${event.source}:${event.envelope.event_id}`);
          const at = Date.parse(event.envelope.occurred_at);
          if (at > NOW.getTime()) note(order, `${event.envelope.event_type} is in the future`);
          if (at < previous) note(order, `${event.envelope.event_type} happens before the previous event`);
          previous = at;
        }

        // Order problems: exactly the planned reason codes, and none on any other order.
        const byRules = reasonCodesByRules(order.order, NOW);
        const expectedOrderCodes = order.expectedReasonCodes.filter((code) => ORDER_RULE_CODES.has(code));
        if (JSON.stringify(byRules) !== JSON.stringify(expectedOrderCodes)) {
          note(
            order,
            `rules find ${byRules.join(',') || 'nothing'}, expected ${expectedOrderCodes.join(',')}`,
          );
        }

        // SLA windows (domain reference §3): scenarios exceed threshold x 2.8, everything else stays inside.
        const t = timesOf(order);
        const pick = minutesBetween(t.paid, t.pickCompleted);
        const pack = minutesBetween(t.pickCompleted, t.packCompleted);
        const ship = minutesBetween(t.packCompleted, t.handoff);
        const transitHours = (minutesBetween(t.handoff, t.delivered) ?? 0) / 60;
        const late = {
          late_pick: pick !== undefined && pick > 120 * 2.8,
          late_pack: pack !== undefined && pack > 180 * 2.8,
          late_handoff: ship !== undefined && ship > 1440 * 2.8,
          missing_scan:
            t.packCompleted !== undefined &&
            t.handoff === undefined &&
            (minutesBetween(t.packCompleted, NOW.toISOString()) ?? 0) > 1440 * 2.8 + 60,
        };
        for (const scenario of SLA_SCENARIOS) {
          if (late[scenario] !== (order.scenario === scenario)) note(order, `${scenario} window is wrong`);
        }
        if (order.scenario !== 'late_pick' && pick !== undefined && pick > 120)
          note(order, `pick ${pick} min`);
        if (order.scenario !== 'late_pack' && pack !== undefined && pack > 180)
          note(order, `pack ${pack} min`);
        if (order.scenario !== 'late_handoff' && ship !== undefined && ship > 1440)
          note(order, `ship ${ship} min`);
        const maxTransit = { overnight: 20, express: 40, standard: 96 }[order.serviceLevel];
        if (t.delivered && transitHours > maxTransit) note(order, `delivery took ${transitHours} h`);
        if (order.scenario === 'delivery_delay') {
          if (t.delivered) note(order, 'a delayed order was delivered');
          if ((minutesBetween(t.handoff, NOW.toISOString()) ?? 0) < 8 * 24 * 60)
            note(order, 'not delayed enough');
        }
        if (order.scenario === 'customer_unavailable') {
          const failures = order.events.filter((e) => e.envelope.event_type === 'delivery_failed').length;
          if (failures !== order.order.delivery_attempts)
            note(order, 'delivery attempts do not match events');
          if ((minutesBetween(t.handoff, NOW.toISOString()) ?? 0) > 4 * 24 * 60)
            note(order, 'hand-off too old');
        }
        if (order.scenario === 'failed_payment' && order.events.length !== 1)
          note(order, 'work started unpaid');
      }
    }, 400_000); // 100,000 full orders: about 40 s of CPU, far more on a shared, loaded machine

    it('never reuses an order id or an event id', () => {
      expect(orderIds.size).toBe(TOTAL);
      expect(eventIds.size).toBe(events);
    });

    it('plans every order consistently with its scenario', () => {
      expect(violations).toEqual([]);
    });

    it('injects order problems in about 20 % of orders, each at its configured rate', () => {
      const problems = PROBLEM_KINDS.reduce((sum, kind) => sum + (scenarioCounts.get(kind) ?? 0), 0);
      expect(problems / TOTAL).toBeGreaterThan(0.19);
      expect(problems / TOTAL).toBeLessThan(0.21);
      for (const kind of PROBLEM_KINDS) {
        expect(Math.abs((scenarioCounts.get(kind) ?? 0) / TOTAL - DEFAULT_RATES.problems[kind])).toBeLessThan(
          0.003,
        );
      }
    });

    it('produces every SLA scenario, every address variant and every item flag at its rate', () => {
      for (const scenario of SLA_SCENARIOS) {
        expect(
          Math.abs((scenarioCounts.get(scenario) ?? 0) / TOTAL - DEFAULT_RATES.sla[scenario]),
        ).toBeLessThan(0.003);
      }
      expect([...variants].sort()).toEqual([...INVALID_ADDRESS_VARIANTS].sort());
      const flagEligible = TOTAL - SLA_SCENARIOS.reduce((sum, s) => sum + (scenarioCounts.get(s) ?? 0), 0);
      for (const flag of ITEM_FLAGS) {
        const count = flagCounts.get(flag) ?? 0;
        const share = count / (flag === 'rush' ? TOTAL : flagEligible);
        expect(Math.abs(share - DEFAULT_RATES.flags[flag])).toBeLessThan(0.005);
      }
      expect([...serviceLevels.keys()].sort()).toEqual(['express', 'overnight', 'standard']);
    });
  });

  it('emits envelopes every source schema accepts, with the order under payload.order', () => {
    const orders = generateOrders(OPTIONS, 300);
    for (const order of orders) {
      for (const event of order.events) {
        const parsed = eventSchemaFor(event.source).safeParse(event.envelope);
        expect(parsed.success).toBe(true);
      }
      expect(order.events[0]!.envelope.payload).toEqual({ order: order.order });
      expect(order.order.line_items.every((item) => /^SKU-/.test(item.sku) && item.quantity > 0)).toBe(true);
      expect(order.order.shipping_lines[0]!.code).toBe(order.serviceLevel.toUpperCase());
    }
    const oversized = orders.find((order) => order.flags.includes('oversized'));
    expect(oversized?.order.line_items.some((item) => item.size_category === 'oversized')).toBe(true);
  });

  it('plans deliveries with redeliveries and out-of-order events, sending every event at least once', () => {
    const orders = generateOrders(OPTIONS, 2000);
    const plan = planDeliveries(orders, { seed: SEED });
    const originals = plan.deliveries.filter((delivery) => !delivery.isDuplicate);
    expect(originals).toHaveLength(plan.events);
    expect(new Set(originals.map((d) => `${d.source}:${d.envelope.event_id}`)).size).toBe(plan.events);
    expect(plan.deliveries).toHaveLength(plan.events + plan.duplicates);
    expect(plan.duplicates / plan.events).toBeGreaterThan(0.01);
    expect(plan.duplicates / plan.events).toBeLessThan(0.03);
    expect(plan.outOfOrder).toBeGreaterThan(0);

    // A redelivery repeats an event already sent, with the same id and body.
    const sentAt = new Map<string, number>();
    plan.deliveries.forEach((delivery, position) => {
      const key = `${delivery.source}:${delivery.envelope.event_id}`;
      if (delivery.isDuplicate) expect(sentAt.get(key)).toBeLessThan(position);
      else sentAt.set(key, position);
    });
    // Out of order: some event is sent before an earlier event of its own order.
    const lastSent = new Map<string, number>();
    let overtaken = 0;
    for (const delivery of originals) {
      const at = Date.parse(delivery.envelope.occurred_at);
      if (at < (lastSent.get(delivery.envelope.order_id) ?? 0)) overtaken += 1;
      lastSent.set(delivery.envelope.order_id, Math.max(at, lastSent.get(delivery.envelope.order_id) ?? 0));
    }
    expect(overtaken).toBe(plan.outOfOrder);
  });
});
