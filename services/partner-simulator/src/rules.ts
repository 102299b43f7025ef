// Every answer follows from the request (the order's data): no randomness, no state.

/** Known delivery zones: city → postal code. A zip with two adjacent digits swapped is correctable. */
export const POSTAL_DIRECTORY: Record<string, string> = {
  springfield: '62704',
  'new york': '10001',
  'los angeles': '90012',
  chicago: '60601',
  austin: '73301',
  seattle: '98101',
  boston: '02108',
  denver: '80202',
  miami: '33101',
  portland: '97201',
};

const UNCORRECTABLE_ZIPS = new Set(['', '00000', '99999', 'INVALID']);

export interface AddressInput {
  address1?: string | null;
  city?: string | null;
  province?: string | null;
  zip?: string | null;
  country?: string | null;
}

export type AddressVerdict =
  | { valid: true; corrected: false; address: AddressInput }
  | { valid: false; corrected: true; address: AddressInput; reason: string }
  | { valid: false; corrected: false; reason: string };

const isAdjacentSwap = (a: string, b: string): boolean => {
  if (a.length !== b.length || a === b) return false;
  const diff = [...a].flatMap((char, index) => (char === b[index] ? [] : [index]));
  return (
    diff.length === 2 &&
    diff[1] === (diff[0] ?? -2) + 1 &&
    a[diff[0]!] === b[diff[1]!] &&
    a[diff[1]!] === b[diff[0]!]
  );
};

export function validateAddress(address: AddressInput): AddressVerdict {
  const zip = (address.zip ?? '').trim();
  const city = (address.city ?? '').trim();
  if (UNCORRECTABLE_ZIPS.has(zip.toUpperCase()))
    return { valid: false, corrected: false, reason: `postal code "${zip}" is not deliverable` };
  if (/nonexistent/i.test(address.address1 ?? '') || /^nowhere$/i.test(city))
    return { valid: false, corrected: false, reason: 'street or city does not exist' };
  if (!/^\d{5}$/.test(zip))
    return { valid: false, corrected: false, reason: `postal code "${zip}" is malformed` };
  const expected = POSTAL_DIRECTORY[city.toLowerCase()];
  if (!expected || expected === zip) return { valid: true, corrected: false, address };
  if (isAdjacentSwap(zip, expected)) {
    return {
      valid: false,
      corrected: true,
      address: { ...address, zip: expected },
      reason: 'transposed digits in postal code',
    };
  }
  return { valid: false, corrected: false, reason: `postal code ${zip} does not belong to ${city}` };
}

/** Soft declines succeed on retry; hard declines never do. */
export const SOFT_DECLINES = new Set([
  'insufficient_funds',
  'processing_error',
  'try_again_later',
  'issuer_unavailable',
  'authorization_pending',
  'rate_limited',
]);
export const HARD_DECLINES = new Set([
  'stolen_card',
  'lost_card',
  'fraudulent',
  'do_not_honor',
  'expired_card',
  'invalid_account',
  'card_not_supported',
]);

export function retryPayment(input: { decline_code?: string | null; financial_status?: string | null }) {
  const code = (
    input.decline_code ?? (input.financial_status === 'pending' ? 'authorization_pending' : '')
  ).toLowerCase();
  if (HARD_DECLINES.has(code))
    return { status: 'declined' as const, decline_type: 'hard', decline_code: code };
  if (SOFT_DECLINES.has(code))
    return { status: 'succeeded' as const, decline_type: 'soft', decline_code: code };
  return { status: 'declined' as const, decline_type: 'unknown', decline_code: code || null };
}

export interface LineItem {
  sku?: string;
  quantity?: number;
  available_quantity?: number;
  alternate_warehouse_quantity?: number;
  inventory_shortage?: boolean;
}

/** Stock across the network (own + alternate warehouse) must cover every short line. */
export function reallocateInventory(items: LineItem[]) {
  const allocations = items.map((item) => {
    const quantity = item.quantity ?? 1;
    const available = item.available_quantity ?? (item.inventory_shortage ? 0 : quantity);
    const alternate = item.alternate_warehouse_quantity ?? 0;
    const fromPrimary = Math.min(available, quantity);
    const fromAlternate = Math.min(alternate, quantity - fromPrimary);
    return {
      sku: item.sku ?? null,
      quantity,
      from_primary: fromPrimary,
      from_alternate: fromAlternate,
      covered: fromPrimary + fromAlternate >= quantity,
    };
  });
  const isCovered = allocations.every((allocation) => allocation.covered);
  return isCovered
    ? { status: 'reallocated' as const, allocations }
    : {
        status: 'insufficient_stock' as const,
        allocations,
        reason: 'network stock does not cover the order',
      };
}

/** The WMS holds a scan when the step before it was recorded (the station logs it). */
export function backfillScan(input: {
  expected_scan?: string;
  pick_completed_at?: string | null;
  pack_completed_at?: string | null;
  label_created_at?: string | null;
}) {
  const expected = input.expected_scan ?? 'pack_completed';
  if (expected === 'pack_completed' && input.pick_completed_at && input.label_created_at)
    return {
      status: 'backfilled' as const,
      scan: { event_type: 'pack_completed', occurred_at: input.label_created_at },
    };
  if (
    ['manifested', 'picked_up', 'shipment_dispatched'].includes(expected) &&
    input.label_created_at &&
    input.pack_completed_at
  )
    return {
      status: 'backfilled' as const,
      scan: { event_type: 'manifested', occurred_at: input.label_created_at },
    };
  return { status: 'not_found' as const, reason: `no ${expected} record in the WMS` };
}

/** Tracking follows from the number: `…X` unknown, `…E` carrier exception, otherwise in transit. */
export function trackShipment(trackingNumber: string) {
  if (/X$/i.test(trackingNumber)) return null;
  if (/E$/i.test(trackingNumber))
    return {
      tracking_number: trackingNumber,
      status: 'exception',
      location: 'Regional hub',
      detail: 'address issue reported by driver',
    };
  const hubs = ['Memphis, TN', 'Louisville, KY', 'Indianapolis, IN', 'Ontario, CA'];
  const digits = trackingNumber.replace(/\D/g, '');
  const hub = hubs[Number(digits.slice(-1) || '0') % hubs.length];
  return { tracking_number: trackingNumber, status: 'in_transit', location: hub };
}

/** Transient failures recover; data corruption does not. */
export function recoverSystem(input: { component?: string; error_type?: string }) {
  const errorType = input.error_type ?? 'transient';
  if (['data_corruption', 'schema_mismatch', 'permanent'].includes(errorType))
    return {
      status: 'failed' as const,
      reason: `${errorType} in ${input.component ?? 'integration'} needs an engineer`,
    };
  return { status: 'recovered' as const, component: input.component ?? 'integration' };
}
