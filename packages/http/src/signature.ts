import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhook signatures: `X-E2A-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.

export const SIGNATURE_HEADER = 'x-e2a-signature';
export const SHOPIFY_HMAC_HEADER = 'x-shopify-hmac-sha256';
export const SHOPIFY_WEBHOOK_ID_HEADER = 'x-shopify-webhook-id';

type Body = string | Buffer | Uint8Array;

function hmac(secret: string, parts: Body[]): Buffer {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** The `X-E2A-Signature` header value for a body sent at `nowSeconds` (clients, demo generator, CLI, tests). */
export function signWebhook(secret: string, body: Body, nowSeconds: number): string {
  const timestamp = Math.floor(nowSeconds);
  return `t=${timestamp},v1=${hmac(secret, [`${timestamp}.`, body]).toString('hex')}`;
}

/** Shopify's own `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body. */
export function signShopifyWebhook(secret: string, body: Body): string {
  return hmac(secret, [body]).toString('base64');
}

export interface ParsedSignature {
  timestamp: number;
  signatures: Buffer[];
}

/** Parses `t=…,v1=…[,v1=…]` (several v1 values allow secret rotation); undefined when malformed. */
export function parseSignatureHeader(header: string): ParsedSignature | undefined {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const index = part.indexOf('=');
    if (index <= 0) return undefined;
    const key = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

/** True when the timestamp lies within `toleranceSeconds` of now, either side. */
export function isFreshTimestamp(timestamp: number, nowSeconds: number, toleranceSeconds: number): boolean {
  return Math.abs(nowSeconds - timestamp) <= toleranceSeconds;
}

/** Constant-time check of a parsed `X-E2A-Signature` against the secret; freshness is checked separately. */
export function verifyWebhookSignature(secret: string, parsed: ParsedSignature, body: Body): boolean {
  const expected = hmac(secret, [`${parsed.timestamp}.`, body]);
  let matched = false;
  // Compare against every candidate so timing does not reveal which one matched.
  for (const candidate of parsed.signatures) {
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}

/** Constant-time check of Shopify's base64 `X-Shopify-Hmac-Sha256` header. */
export function verifyShopifyHmac(secret: string, header: string, body: Body): boolean {
  const expected = hmac(secret, [body]);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(header.trim())) return false;
  const presented = Buffer.from(header.trim(), 'base64');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
