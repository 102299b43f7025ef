import { detectOrderProblems } from './order-problems';

const NOW = new Date('2026-11-10T12:00:00.000Z');
const clean = {
  financial_status: 'paid',
  fulfillment_status: null,
  shipping_address: { address1: '1 Main St', city: 'Springfield', zip: '12345' },
  line_items: [{ sku: 'A', quantity: 1 }],
};

describe('detectOrderProblems (domain reference §5)', () => {
  it.each([
    ['a clean order', {}, []],
    ['fulfillment delayed', { fulfillment_status: 'delayed' }, [['DELIVERY_DELAY', 'HIGH']]],
    [
      'estimate 4 days overdue',
      { estimated_delivery_date: '2026-11-06T12:00:00Z' },
      [['DELIVERY_DELAY', 'CRITICAL']],
    ],
    [
      'estimate exactly 3 days overdue',
      { estimated_delivery_date: '2026-11-07T12:00:00Z' },
      [['DELIVERY_DELAY', 'HIGH']],
    ],
    [
      'estimate 2 days overdue',
      { estimated_delivery_date: '2026-11-08T12:00:00Z' },
      [['DELIVERY_DELAY', 'HIGH']],
    ],
    [
      'estimate half a day overdue',
      { estimated_delivery_date: '2026-11-10T00:00:00Z' },
      [['DELIVERY_DELAY', 'MEDIUM']],
    ],
    ['estimate in the future', { estimated_delivery_date: '2026-11-12' }, []],
    [
      'delayed wins over the estimate',
      { fulfillment_status: 'delayed', estimated_delivery_date: '2026-11-01' },
      [['DELIVERY_DELAY', 'HIGH']],
    ],
    ['payment pending', { financial_status: 'pending' }, [['PAYMENT_FAILED', 'HIGH']]],
    ['payment issues flag', { payment_issues: true }, [['PAYMENT_FAILED', 'HIGH']]],
    [
      'zip missing',
      { shipping_address: { address1: '1 Main St', city: 'X' } },
      [['ADDRESS_INVALID', 'MEDIUM']],
    ],
    [
      'zip 00000',
      { shipping_address: { address1: '1 Main St', city: 'X', zip: '00000' } },
      [['ADDRESS_INVALID', 'MEDIUM']],
    ],
    [
      'zip 99999',
      { shipping_address: { address1: '1 Main St', city: 'X', zip: '99999' } },
      [['ADDRESS_INVALID', 'MEDIUM']],
    ],
    [
      'zip INVALID',
      { shipping_address: { address1: '1 Main St', city: 'X', zip: 'INVALID' } },
      [['ADDRESS_INVALID', 'MEDIUM']],
    ],
    [
      'nonexistent street',
      { shipping_address: { address1: '9 Nonexistent Rd', city: 'X', zip: '12345' } },
      [['ADDRESS_INVALID', 'HIGH']],
    ],
    [
      'city Nowhere with a bad zip: one problem, HIGH',
      { shipping_address: { address1: '1 Main', city: 'Nowhere', zip: '00000' } },
      [['ADDRESS_INVALID', 'HIGH']],
    ],
    [
      'inventory short with some left',
      { line_items: [{ sku: 'A', inventory_shortage: true, available_quantity: 2 }] },
      [['INVENTORY_SHORTAGE', 'HIGH']],
    ],
    [
      'inventory short with none left',
      { line_items: [{ sku: 'A', inventory_shortage: true, available_quantity: 0 }] },
      [['INVENTORY_SHORTAGE', 'CRITICAL']],
    ],
    ['damaged package', { package_condition: 'damaged' }, [['DAMAGED_PACKAGE', 'HIGH']]],
    ['one delivery attempt', { delivery_attempts: 1 }, []],
    ['two delivery attempts', { delivery_attempts: 2 }, [['CUSTOMER_UNAVAILABLE', 'MEDIUM']]],
    ['three delivery attempts', { delivery_attempts: 3 }, [['CUSTOMER_UNAVAILABLE', 'HIGH']]],
    ['failed delivery status', { delivery_status: 'failed_delivery' }, [['CUSTOMER_UNAVAILABLE', 'MEDIUM']]],
    [
      'several groups at once, in group order',
      { financial_status: 'pending', package_condition: 'damaged', fulfillment_status: 'delayed' },
      [
        ['DELIVERY_DELAY', 'HIGH'],
        ['PAYMENT_FAILED', 'HIGH'],
        ['DAMAGED_PACKAGE', 'HIGH'],
      ],
    ],
  ])('%s', (_name, overrides, expected) => {
    const problems = detectOrderProblems({ ...clean, ...overrides }, NOW);
    expect(problems.map((p) => [p.reasonCode, p.severity])).toEqual(expected);
    for (const problem of problems) expect(problem.reason.length).toBeGreaterThan(0);
  });

  it('finds nothing without an order', () => {
    expect(detectOrderProblems(null, NOW)).toEqual([]);
  });
});
