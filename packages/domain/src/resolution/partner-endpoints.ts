import type { ResolutionAction } from './resolution-rules';

/** Keys of `tenants.partner_endpoints`: each names the base URL of one partner system. */
export const PARTNER_ENDPOINT_KEYS = ['address', 'payments', 'wms', 'carrier', 'systems'] as const;
export type PartnerEndpointKey = (typeof PARTNER_ENDPOINT_KEYS)[number];

/** The partner system each automated resolution action calls. */
export const PARTNER_ENDPOINT_FOR_ACTION: Record<ResolutionAction, PartnerEndpointKey> = {
  address_validation_service: 'address',
  payment_retry: 'payments',
  inventory_reallocation: 'wms',
  scan_backfill: 'wms',
  carrier_api_update: 'carrier',
  system_recovery: 'systems',
};
