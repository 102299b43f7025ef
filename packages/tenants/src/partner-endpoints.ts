import { PARTNER_ENDPOINT_KEYS } from '@e2a/activities';

/** Every partner system at one base URL, as the partner simulator serves them (tenants.partner_endpoints). */
export function partnerEndpointsAt(baseUrl: string): Record<string, string> {
  const base = baseUrl.replace(/\/$/, '');
  return Object.fromEntries(PARTNER_ENDPOINT_KEYS.map((key) => [key, base]));
}
