import { createHmac } from 'node:crypto';

/**
 * The `X-E2A-Signature` header value for a webhook body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * keyed with the tenant's webhook secret.
 */
export function signWebhook(secret: string, rawBody: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}
