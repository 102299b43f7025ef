import type { Faker } from '@faker-js/faker';
import type { InvalidAddressVariant, ItemFlag, ProblemKind } from './scenarios';

// A Shopify-like order (the shape `order_created` carries under `payload.order`, domain reference §2).

export type ServiceLevel = 'standard' | 'express' | 'overnight';

export interface ShopifyAddress {
  first_name: string;
  last_name: string;
  address1: string;
  address2: string | null;
  city: string;
  province: string;
  province_code: string;
  country: string;
  country_code: string;
  zip: string;
  phone: string;
}

export interface ShopifyLineItem {
  id: string;
  sku: string;
  title: string;
  vendor: string;
  quantity: number;
  price: string;
  grams: number;
  requires_shipping: boolean;
  inventory_shortage?: boolean;
  available_quantity?: number;
  size_category?: 'oversized';
  hazmat?: boolean;
  handling?: 'fragile';
  fragile?: boolean;
}

export interface ShopifyOrder {
  id: string;
  name: string;
  order_number: number;
  email: string;
  created_at: string;
  currency: string;
  financial_status: 'paid' | 'pending';
  fulfillment_status: null | 'delayed';
  payment_issues?: boolean;
  payment_decline?: { type: 'soft' | 'hard'; code: string; message: string };
  package_condition?: 'damaged';
  delivery_attempts?: number;
  delivery_status?: 'failed_delivery';
  priority?: 'rush';
  estimated_delivery_date: string;
  subtotal_price: string;
  total_shipping: string;
  total_tax: string;
  total_discounts: string;
  total_price: string;
  total_weight: number;
  customer: {
    id: string;
    first_name: string;
    last_name: string;
    email: string;
    phone: string;
    orders_count: number;
    accepts_marketing: boolean;
  };
  shipping_address: ShopifyAddress;
  billing_address: ShopifyAddress;
  line_items: ShopifyLineItem[];
  shipping_lines: { code: string; title: string; price: string; source: string }[];
  tags: string;
  note: string | null;
}

const SHIPPING = {
  standard: { code: 'STANDARD', title: 'Standard Shipping (3-5 business days)', cents: [495, 895] },
  express: { code: 'EXPRESS', title: 'Express Shipping (2 business days)', cents: [1295, 1995] },
  overnight: { code: 'OVERNIGHT', title: 'Overnight Shipping (next business day)', cents: [2495, 3995] },
} as const;

const CURRENCIES = [
  { weight: 90, value: 'USD' },
  { weight: 5, value: 'CAD' },
  { weight: 3, value: 'EUR' },
  { weight: 2, value: 'GBP' },
] as const;

const NOTES = [
  'Please leave at the back door.',
  'Gift - do not include the receipt.',
  'Call on arrival.',
  'Deliver after 5pm please.',
  'Leave with the concierge.',
];

const VENDORS = ['Acme Goods', 'Northwind', 'Blue Harbor', 'Peak Outfitters', 'Urban Loom', 'Kestrel Labs'];

const INVALID_ZIPS = new Set(['00000', '99999', 'INVALID']);

export const money = (cents: number): string => (cents / 100).toFixed(2);

function validZip(faker: Faker): string {
  for (;;) {
    const zip = faker.location.zipCode('#####');
    if (!INVALID_ZIPS.has(zip)) return zip;
  }
}

/** A zip with two adjacent digits swapped: looks valid, is wrong (only an AI analysis can tell). */
function swapDigits(faker: Faker, zip: string): string {
  for (let tries = 0; tries < 10; tries += 1) {
    const at = faker.number.int({ min: 0, max: zip.length - 2 });
    if (zip[at] === zip[at + 1]) continue;
    const swapped = zip.slice(0, at) + zip[at + 1] + zip[at] + zip.slice(at + 2);
    if (!INVALID_ZIPS.has(swapped)) return swapped;
  }
  return zip.split('').reverse().join('') === zip ? '12435' : zip.split('').reverse().join('');
}

const STATES = [
  ['California', 'CA'],
  ['Texas', 'TX'],
  ['New York', 'NY'],
  ['Florida', 'FL'],
  ['Illinois', 'IL'],
  ['Pennsylvania', 'PA'],
  ['Ohio', 'OH'],
  ['Georgia', 'GA'],
  ['Washington', 'WA'],
  ['Colorado', 'CO'],
  ['Massachusetts', 'MA'],
  ['Arizona', 'AZ'],
] as const;

function address(faker: Faker, firstName: string, lastName: string): ShopifyAddress {
  const [province, provinceCode] = faker.helpers.arrayElement(STATES);
  return {
    first_name: firstName,
    last_name: lastName,
    address1: faker.location.streetAddress(),
    address2: faker.datatype.boolean({ probability: 0.2 }) ? faker.location.secondaryAddress() : null,
    city: faker.location.city(),
    province,
    province_code: provinceCode,
    country: 'United States',
    country_code: 'US',
    zip: validZip(faker),
    phone: faker.phone.number({ style: 'international' }),
  };
}

function breakAddress(faker: Faker, target: ShopifyAddress, variant: InvalidAddressVariant): void {
  switch (variant) {
    case 'zip_00000':
      target.zip = '00000';
      return;
    case 'zip_99999':
      target.zip = '99999';
      return;
    case 'zip_invalid':
      target.zip = 'INVALID';
      return;
    case 'nonexistent_street':
      target.address1 = `${faker.number.int({ min: 1, max: 9999 })} Nonexistent Street`;
      return;
    case 'nowhere_city':
      target.city = 'Nowhere';
      return;
    case 'swapped_zip_digits':
      target.zip = swapDigits(faker, target.zip);
      return;
  }
}

export interface OrderPlan {
  orderId: string;
  orderNumber: number;
  createdAt: Date;
  serviceLevel: ServiceLevel;
  problem: ProblemKind | null;
  addressVariant: InvalidAddressVariant | undefined;
  flags: ItemFlag[];
  estimatedDeliveryDate: string;
  deliveryAttempts: number;
  delayVariant: 'status_delayed' | 'estimate_passed' | undefined;
}

/** Builds the order document; every random draw comes from the seeded `faker`. */
export function buildShopifyOrder(faker: Faker, plan: OrderPlan): ShopifyOrder {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const email = faker.internet.email({ firstName, lastName }).toLowerCase();
  const shipping = address(faker, firstName, lastName);
  const billing = faker.datatype.boolean({ probability: 0.85 })
    ? { ...shipping }
    : address(faker, firstName, lastName);
  if (plan.problem === 'invalid_address' && plan.addressVariant) {
    breakAddress(faker, shipping, plan.addressVariant);
  }

  const lineCount = faker.helpers.weightedArrayElement([
    { weight: 45, value: 1 },
    { weight: 30, value: 2 },
    { weight: 15, value: 3 },
    { weight: 10, value: 4 },
  ]);
  const lineItems: ShopifyLineItem[] = [];
  for (let line = 0; line < lineCount; line += 1) {
    lineItems.push({
      id: `${plan.orderId}-L${line + 1}`,
      sku: `SKU-${faker.string.alphanumeric({ length: 6, casing: 'upper' })}`,
      title: faker.commerce.productName(),
      vendor: faker.helpers.arrayElement(VENDORS),
      quantity: faker.helpers.weightedArrayElement([
        { weight: 70, value: 1 },
        { weight: 20, value: 2 },
        { weight: 10, value: faker.number.int({ min: 3, max: 6 }) },
      ]),
      price: money(faker.number.int({ min: 499, max: 24999 })),
      grams: faker.number.int({ min: 50, max: 5000 }),
      requires_shipping: true,
    });
  }
  const anyItem = () => faker.helpers.arrayElement(lineItems);
  if (plan.flags.includes('oversized')) {
    const item = anyItem();
    item.size_category = 'oversized';
    item.grams = faker.number.int({ min: 15000, max: 40000 });
  }
  if (plan.flags.includes('hazmat')) anyItem().hazmat = true;
  if (plan.flags.includes('fragile')) {
    const item = anyItem();
    item.handling = 'fragile';
    item.fragile = true;
  }
  if (plan.problem === 'inventory_shortage') {
    const item = anyItem();
    item.inventory_shortage = true;
    item.available_quantity = faker.number.int({ min: 0, max: item.quantity - 1 });
  }

  const subtotal = lineItems.reduce(
    (sum, item) => sum + Math.round(Number(item.price) * 100) * item.quantity,
    0,
  );
  const discount = faker.datatype.boolean({ probability: 0.15 }) ? Math.round(subtotal * 0.1) : 0;
  const spec = SHIPPING[plan.serviceLevel];
  const shippingCents = faker.number.int({ min: spec.cents[0], max: spec.cents[1] });
  const tax = Math.round((subtotal - discount) * faker.helpers.arrayElement([0, 0.0625, 0.07, 0.0825]));
  const total = subtotal - discount + shippingCents + tax;

  const tags = new Set<string>(
    faker.helpers.arrayElements(['vip', 'wholesale', 'repeat', 'web', 'mobile'], {
      min: 0,
      max: 2,
    }),
  );
  if (plan.flags.includes('rush')) tags.add('rush');
  if (plan.flags.includes('fragile')) tags.add('fragile');

  const order: ShopifyOrder = {
    id: plan.orderId,
    name: `#${plan.orderNumber}`,
    order_number: plan.orderNumber,
    email,
    created_at: plan.createdAt.toISOString(),
    currency: faker.helpers.weightedArrayElement(CURRENCIES),
    financial_status: 'paid',
    fulfillment_status: null,
    estimated_delivery_date: plan.estimatedDeliveryDate,
    subtotal_price: money(subtotal),
    total_shipping: money(shippingCents),
    total_tax: money(tax),
    total_discounts: money(discount),
    total_price: money(total),
    total_weight: lineItems.reduce((sum, item) => sum + item.grams * item.quantity, 0),
    customer: {
      id: `C-${faker.string.numeric(10)}`,
      first_name: firstName,
      last_name: lastName,
      email,
      phone: shipping.phone,
      orders_count: faker.number.int({ min: 1, max: 40 }),
      accepts_marketing: faker.datatype.boolean(),
    },
    shipping_address: shipping,
    billing_address: billing,
    line_items: lineItems,
    shipping_lines: [{ code: spec.code, title: spec.title, price: money(shippingCents), source: 'shopify' }],
    tags: [...tags].join(', '),
    note: faker.datatype.boolean({ probability: 0.25 }) ? faker.helpers.arrayElement(NOTES) : null,
  };
  if (plan.flags.includes('rush')) order.priority = 'rush';

  switch (plan.problem) {
    case 'failed_payment':
      if (faker.datatype.boolean()) {
        order.financial_status = 'pending';
      } else {
        order.financial_status = 'pending';
        order.payment_issues = true;
        order.payment_decline = faker.helpers.arrayElement([
          { type: 'soft', code: 'insufficient_funds', message: 'Card declined: insufficient funds' },
          { type: 'soft', code: 'processing_error', message: 'Issuer temporarily unavailable' },
          { type: 'hard', code: 'stolen_card', message: 'Card reported stolen' },
          { type: 'hard', code: 'expired_card', message: 'Card expired' },
        ] as const);
      }
      break;
    case 'damaged_package':
      order.package_condition = 'damaged';
      break;
    case 'customer_unavailable':
      order.delivery_attempts = plan.deliveryAttempts;
      order.delivery_status = 'failed_delivery';
      break;
    case 'delivery_delay':
      if (plan.delayVariant === 'status_delayed') order.fulfillment_status = 'delayed';
      break;
    default:
      break;
  }
  return order;
}
