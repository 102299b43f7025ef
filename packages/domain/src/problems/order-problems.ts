import { DateTime } from 'luxon';
import type { Severity } from '../exceptions/reason-codes';

// Domain reference §5: rule-based problem detection on `order_created` payload.order; one problem per group.

export type OrderProblemCode =
  | 'DELIVERY_DELAY'
  | 'PAYMENT_FAILED'
  | 'ADDRESS_INVALID'
  | 'INVENTORY_SHORTAGE'
  | 'DAMAGED_PACKAGE'
  | 'CUSTOMER_UNAVAILABLE';

export interface OrderProblem {
  reasonCode: OrderProblemCode;
  severity: Severity;
  field: string;
  reason: string;
}

type Bag = Record<string, unknown>;
const isBag = (value: unknown): value is Bag =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const INVALID_ZIPS = new Set(['00000', '99999', 'INVALID']);
const DAY_MS = 86_400_000;

function deliveryProblem(order: Bag, now: Date): OrderProblem | null {
  if (order.fulfillment_status === 'delayed') {
    return {
      reasonCode: 'DELIVERY_DELAY',
      severity: 'HIGH',
      field: 'fulfillment_status',
      reason: 'Fulfillment status is "delayed"',
    };
  }
  if (typeof order.estimated_delivery_date !== 'string') return null;
  const estimate = DateTime.fromISO(order.estimated_delivery_date, { zone: 'utc' });
  if (!estimate.isValid || estimate.toMillis() >= now.getTime()) return null;
  const overdueDays = (now.getTime() - estimate.toMillis()) / DAY_MS;
  return {
    reasonCode: 'DELIVERY_DELAY',
    severity: overdueDays > 3 ? 'CRITICAL' : overdueDays > 1 ? 'HIGH' : 'MEDIUM',
    field: 'estimated_delivery_date',
    reason: `Estimated delivery date passed ${Math.floor(overdueDays * 10) / 10} days ago`,
  };
}

function paymentProblem(order: Bag): OrderProblem | null {
  if (order.financial_status === 'pending' || order.payment_issues === true) {
    return {
      reasonCode: 'PAYMENT_FAILED',
      severity: 'HIGH',
      field: order.financial_status === 'pending' ? 'financial_status' : 'payment_issues',
      reason:
        order.financial_status === 'pending' ? 'Payment is still pending' : 'Order reports payment issues',
    };
  }
  return null;
}

function addressProblem(order: Bag): OrderProblem | null {
  const address = isBag(order.shipping_address) ? order.shipping_address : {};
  const lines = [address.address1, address.address2].filter(
    (line): line is string => typeof line === 'string',
  );
  if (lines.some((line) => line.includes('Nonexistent')) || address.city === 'Nowhere') {
    return {
      reasonCode: 'ADDRESS_INVALID',
      severity: 'HIGH',
      field: 'shipping_address',
      reason: 'Shipping address does not exist',
    };
  }
  const zip = address.zip ?? address.postal_code;
  const zipText = typeof zip === 'number' ? String(zip) : typeof zip === 'string' ? zip.trim() : '';
  if (zipText === '' || INVALID_ZIPS.has(zipText.toUpperCase())) {
    return {
      reasonCode: 'ADDRESS_INVALID',
      severity: 'MEDIUM',
      field: 'shipping_address.zip',
      reason: zipText === '' ? 'Shipping zip code is missing' : `Shipping zip code "${zipText}" is invalid`,
    };
  }
  return null;
}

function inventoryProblem(order: Bag): OrderProblem | null {
  const items = Array.isArray(order.line_items) ? order.line_items.filter(isBag) : [];
  const short = items.filter((item) => item.inventory_shortage === true);
  if (short.length === 0) return null;
  const isOutOfStock = short.some((item) => Number(item.available_quantity) === 0);
  return {
    reasonCode: 'INVENTORY_SHORTAGE',
    severity: isOutOfStock ? 'CRITICAL' : 'HIGH',
    field: 'line_items',
    reason: `${short.length} line item(s) short of inventory${isOutOfStock ? ', some with none available' : ''}`,
  };
}

function damageProblem(order: Bag): OrderProblem | null {
  if (order.package_condition !== 'damaged') return null;
  return {
    reasonCode: 'DAMAGED_PACKAGE',
    severity: 'HIGH',
    field: 'package_condition',
    reason: 'Package reported damaged',
  };
}

function customerProblem(order: Bag): OrderProblem | null {
  const attempts = Number(order.delivery_attempts ?? 0);
  if (attempts < 2 && order.delivery_status !== 'failed_delivery') return null;
  return {
    reasonCode: 'CUSTOMER_UNAVAILABLE',
    severity: attempts >= 3 ? 'HIGH' : 'MEDIUM',
    field: attempts >= 2 ? 'delivery_attempts' : 'delivery_status',
    reason: attempts >= 2 ? `${attempts} failed delivery attempts` : 'Delivery failed: customer unavailable',
  };
}

/** Problems found by the rules, in group order; `now` is the injected clock for the overdue check. */
export function detectOrderProblems(order: Record<string, unknown> | null, now: Date): OrderProblem[] {
  if (!order) return [];
  return [
    deliveryProblem(order, now),
    paymentProblem(order),
    addressProblem(order),
    inventoryProblem(order),
    damageProblem(order),
    customerProblem(order),
  ].filter((problem): problem is OrderProblem => problem !== null);
}
