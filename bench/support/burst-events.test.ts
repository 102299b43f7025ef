import type { NormalizedEvent } from '@e2a/domain';
import { burstOrder, ordersInSecond, sendBurst } from './burst-events';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const MINUTE = 60_000;

describe('burst events', () => {
  it.each([
    [10, 60],
    [1000 / 60, 60],
    [0.5, 7],
  ])('%s orders a second over %s s add up to the rate', (perSecond, seconds) => {
    const counts = Array.from({ length: seconds }, (_, second) => ordersInSecond(perSecond, second));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(Math.floor(perSecond * seconds));
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it.each([
    [0, ['order_paid', 'pick_completed'], true, -150],
    [1, ['order_paid'], true, -120 + 5],
    [2, ['order_paid', 'pick_completed'], false, -30],
    [9, ['order_paid', 'pick_completed'], false, -30],
    [10, ['order_paid', 'pick_completed'], true, -150],
    [11, ['order_paid'], true, -120 + 5],
  ])('order %s: %j, breaches %s, paid %s min from now', (sequence, types, breaches, paidMinutes) => {
    const order = burstOrder(sequence, `o-${sequence}`, NOW, 5 * MINUTE);
    expect(order.breaches).toBe(breaches);
    expect(order.events.map((event) => event.eventType)).toEqual(types);
    expect(order.events.every((event) => event.orderId === `o-${sequence}`)).toBe(true);
    expect(order.events[0]!.occurredAt.getTime()).toBe(NOW + paidMinutes * MINUTE);
    if (types.length === 2) expect(order.events[1]!.occurredAt.getTime()).toBe(NOW);
  });

  it('sends one batch a second at the rate and counts the orders that must breach', async () => {
    let now = NOW;
    const batches: NormalizedEvent[][] = [];
    const spreads: number[] = [];
    const result = await sendBurst({
      seconds: 3,
      ordersPerMinute: 700,
      idPrefix: 'b-',
      deadlineSpreadMs: (elapsedMs) => {
        spreads.push(elapsedMs);
        return 3000 - elapsedMs;
      },
      send: async (events) => {
        batches.push(events);
        now += 250;
      },
      random: () => 1,
      clock: {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      },
    });

    const orders = batches.map((batch) => new Set(batch.map((event) => event.orderId)).size);
    expect(orders).toEqual([11, 12, 12]);
    expect(result).toEqual({ sent: 35, expectedBreaches: 8, fromMs: NOW, toMs: NOW + 3000 });
    expect(batches.flat()[0]?.orderId).toBe('b-0');
    expect(spreads.slice(0, 11).every((elapsed) => elapsed === 0)).toBe(true);
    expect(spreads.slice(11, 23).every((elapsed) => elapsed === 1000)).toBe(true);
    // The unpicked orders (every 10th + 1) fall due at the end of the burst at the latest.
    const unpicked = batches.flat().filter((event) => /^b-\d*1$/.test(event.orderId));
    expect(unpicked.map((event) => event.occurredAt.getTime() + 120 * MINUTE)).toEqual([
      NOW + 3000,
      NOW + 3000,
      NOW + 3000,
      NOW + 3000,
    ]);
  });
});
