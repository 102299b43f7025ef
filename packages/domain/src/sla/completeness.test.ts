import { checkOrderCompleteness, type CompletenessInput } from './completeness';

const t = (minutes: number) => new Date(Date.UTC(2026, 10, 2, 10) + minutes * 60_000);
const fullOrder = {
  line_items: [{ sku: 'A' }],
  shipping_address: { zip: '1' },
  financial_status: 'paid',
  total_price: '1.00',
};

function input(overrides: Partial<CompletenessInput>): CompletenessInput {
  return {
    orderCreatedAt: null,
    paidAt: null,
    pickCompletedAt: null,
    packCompletedAt: null,
    handoffAt: null,
    deliveredAt: null,
    orderData: null,
    ...overrides,
  };
}

describe('checkOrderCompleteness', () => {
  it.each([
    [
      'a complete, ordered timeline passes every check',
      input({
        orderCreatedAt: t(0),
        paidAt: t(1),
        pickCompletedAt: t(60),
        packCompletedAt: t(90),
        handoffAt: t(200),
        deliveredAt: t(3000),
        orderData: fullOrder,
      }),
      { required_milestones: true, timestamps_monotonic: true, payload_fields: true },
    ],
    [
      'a pack without pick or payment misses milestones',
      input({ orderCreatedAt: t(0), packCompletedAt: t(90), orderData: fullOrder }),
      { required_milestones: false, timestamps_monotonic: true, payload_fields: true },
    ],
    [
      'pick before payment is not monotonic',
      input({ orderCreatedAt: t(0), paidAt: t(30), pickCompletedAt: t(10), orderData: fullOrder }),
      { required_milestones: true, timestamps_monotonic: false, payload_fields: true },
    ],
    [
      'no order_created payload fails the payload check',
      input({ orderCreatedAt: t(0), paidAt: t(1) }),
      { required_milestones: true, timestamps_monotonic: true, payload_fields: false },
    ],
    [
      'an order without line items fails the payload check',
      input({ orderCreatedAt: t(0), orderData: { ...fullOrder, line_items: [] } }),
      { required_milestones: true, timestamps_monotonic: true, payload_fields: false },
    ],
  ])('%s', (_name, order, expected) => {
    const checks = checkOrderCompleteness(order);
    expect(Object.fromEntries(checks.map((check) => [check.checkName, check.passed]))).toEqual(expected);
  });

  it('names what is missing and which pair is out of order', () => {
    const checks = checkOrderCompleteness(input({ paidAt: t(30), pickCompletedAt: t(10), handoffAt: t(40) }));
    expect(checks.find((c) => c.checkName === 'required_milestones')?.details).toEqual({
      furthest_milestone: 'handoff',
      missing: ['order_created', 'pack_completed'],
    });
    expect(checks.find((c) => c.checkName === 'timestamps_monotonic')?.details).toEqual({
      violations: [{ earlier: 'order_paid', later: 'pick_completed' }],
    });
  });
});
