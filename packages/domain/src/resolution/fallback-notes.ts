import type { ReasonCode } from '../exceptions/reason-codes';

// Domain reference §6: the rule-based analyst labels with the reason code and leaves ai_confidence NULL.

export interface FallbackNotes {
  label: ReasonCode;
  ops_note: string;
  client_note: string;
}

const NOTES: Record<ReasonCode, { ops: string; client: string }> = {
  PICK_DELAY: {
    ops: 'Picking finished later than the SLA allows. Check the pick queue and staffing of the zone, move the order to the priority wave and confirm stock is in its bin location.',
    client:
      'Your order is taking a little longer than usual to be prepared. Our team has prioritised it and it will ship as soon as possible.',
  },
  PACK_DELAY: {
    ops: 'Packing is behind the SLA. Check the pack station backlog, packaging material availability and whether the order needs special handling; move it to the next free station.',
    client:
      'Your order is being packed and is slightly behind schedule. We are working to get it out the door quickly.',
  },
  CARRIER_ISSUE: {
    ops: 'The parcel was not handed over to the carrier in time. Confirm the manifest was transmitted, check the scheduled pickup and rebook it with the carrier if it was missed.',
    client:
      'There is a short delay handing your parcel over to the delivery company. We are arranging the pickup and will share tracking as soon as it moves.',
  },
  MISSING_SCAN: {
    ops: 'An expected warehouse scan is missing. Locate the parcel, verify its physical stage and backfill the scan from the WMS so downstream SLAs are measured correctly.',
    client: 'We are confirming the latest status of your order and will update you shortly.',
  },
  DELIVERY_DELAY: {
    ops: 'Delivery is past the promised date. Check carrier tracking for exceptions (weather, hub backlog, address problems) and open a trace with the carrier if the parcel is stalled.',
    client:
      'Your delivery is running later than the estimated date. We are in contact with the carrier and will keep you updated on the new delivery estimate.',
  },
  STOCK_MISMATCH: {
    ops: 'System stock does not match the physical count. Run a cycle count of the SKU location and approve an inventory reallocation before releasing the order again.',
    client: 'We are double-checking the availability of an item in your order and will confirm shortly.',
  },
  INVENTORY_SHORTAGE: {
    ops: 'An ordered item is short. Reallocate stock from another location or warehouse, or split the shipment and back-order the missing quantity.',
    client:
      'One of the items in your order is temporarily low in stock. We are sourcing it from another location and will let you know if your delivery date changes.',
  },
  ADDRESS_ERROR: {
    ops: 'The carrier reported a problem with the delivery address. Contact the customer to confirm the address and update the shipment before the next delivery attempt.',
    client:
      'We need to confirm your delivery address. Please check the address on your order so we can deliver without delay.',
  },
  ADDRESS_INVALID: {
    ops: 'The shipping address failed validation (postal code or street). Run address validation to correct it automatically; if it cannot be corrected, contact the customer before shipping.',
    client:
      'We could not verify part of your shipping address. We are checking it and may contact you to confirm the details.',
  },
  PAYMENT_FAILED: {
    ops: 'Payment was not captured. Retry the charge with the gateway for soft declines; for hard declines hold the order and ask the customer for another payment method.',
    client:
      'We could not complete the payment for your order. We are retrying it; if that does not work we will ask you to update your payment details.',
  },
  DAMAGED_PACKAGE: {
    ops: 'The package was reported damaged. Photograph and quarantine it, file a carrier claim if damage happened in transit and ship a replacement.',
    client:
      'Your package was damaged before delivery. We are arranging a replacement and will send you the new tracking details.',
  },
  CUSTOMER_UNAVAILABLE: {
    ops: 'Delivery attempts failed because nobody was available. Contact the customer to agree a delivery time or a pickup point before the carrier returns the parcel.',
    client:
      'The carrier could not deliver your parcel because nobody was available. Please choose a convenient delivery time or pickup point.',
  },
  SYSTEM_ERROR: {
    ops: 'A system integration failed while processing this order. Check the integration health, re-run the failed step once it recovers and verify the order state afterwards.',
    client: 'We are processing your order and will update you shortly.',
  },
  OTHER: {
    ops: 'An unclassified exception was raised. Review the order timeline and context data, then assign the exception to the responsible team.',
    client: 'We are reviewing your order to make sure everything is on track and will update you shortly.',
  },
};

/** Rule-based analysis for one reason code: label = reason code, notes written for that code. */
export function fallbackNotes(reasonCode: ReasonCode): FallbackNotes {
  const notes = NOTES[reasonCode];
  return { label: reasonCode, ops_note: notes.ops, client_note: notes.client };
}
