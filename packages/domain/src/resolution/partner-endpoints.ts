/** Keys of `tenants.partner_endpoints`: each names the base URL of one partner system. */
export const PARTNER_ENDPOINT_KEYS = ['address', 'payments', 'wms', 'carrier', 'systems'] as const;
export type PartnerEndpointKey = (typeof PARTNER_ENDPOINT_KEYS)[number];

/** Every partner system at one base URL, as the partner simulator serves them. */
export function partnerEndpointsAt(baseUrl: string): Record<PartnerEndpointKey, string> {
  const base = baseUrl.replace(/\/$/, '');
  return Object.fromEntries(PARTNER_ENDPOINT_KEYS.map((key) => [key, base])) as Record<
    PartnerEndpointKey,
    string
  >;
}
