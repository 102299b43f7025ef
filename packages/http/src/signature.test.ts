import { createHmac } from 'node:crypto';
import {
  isFreshTimestamp,
  parseSignatureHeader,
  signShopifyWebhook,
  signWebhook,
  verifyShopifyHmac,
  verifyWebhookSignature,
} from './signature';

const SECRET = 'whsec-test';
const BODY = '{"event_id":"e-1","order_id":"o-1"}';
const NOW = 1_795_000_000;

describe('signWebhook', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, BODY, NOW + 0.9)).toBe(`t=${NOW},v1=${expected}`);
  });

  it('signs bytes and strings alike', () => {
    expect(signWebhook(SECRET, Buffer.from(BODY), NOW)).toBe(signWebhook(SECRET, BODY, NOW));
  });
});

describe('verifyWebhookSignature', () => {
  const valid = signWebhook(SECRET, BODY, NOW);

  it.each([
    ['the signature it was made with', valid, SECRET, BODY, true],
    ['a different secret', valid, 'other-secret', BODY, false],
    ['a changed body', valid, SECRET, `${BODY} `, false],
    ['a changed timestamp', valid.replace(`t=${NOW}`, `t=${NOW + 1}`), SECRET, BODY, false],
    ['a rotated pair of v1 values, one valid', `${valid},v1=${'0'.repeat(64)}`, SECRET, BODY, true],
  ])('%s → %s', (_name, header, secret, body, expected) => {
    const parsed = parseSignatureHeader(header);
    expect(parsed).toBeDefined();
    expect(verifyWebhookSignature(secret, parsed!, body)).toBe(expected);
  });

  it.each([[''], ['v1=abc'], [`t=${NOW}`], ['t=now,v1=' + '0'.repeat(64)], [`t=${NOW},v1=xyz`], ['garbage']])(
    'rejects the malformed header %j',
    (header) => {
      expect(parseSignatureHeader(header)).toBeUndefined();
    },
  );
});

describe('isFreshTimestamp', () => {
  it.each([
    [NOW, true],
    [NOW - 300, true],
    [NOW + 300, true],
    [NOW - 301, false],
    [NOW + 301, false],
  ])('t=%d at now=NOW within 300 s → %s', (timestamp, expected) => {
    expect(isFreshTimestamp(timestamp, NOW, 300)).toBe(expected);
  });
});

describe('Shopify HMAC', () => {
  it('accepts the base64 HMAC of the raw body and nothing else', () => {
    const header = signShopifyWebhook(SECRET, BODY);
    expect(header).toBe(createHmac('sha256', SECRET).update(BODY).digest('base64'));
    expect(verifyShopifyHmac(SECRET, header, BODY)).toBe(true);
    expect(verifyShopifyHmac('other', header, BODY)).toBe(false);
    expect(verifyShopifyHmac(SECRET, header, `${BODY}x`)).toBe(false);
    expect(verifyShopifyHmac(SECRET, 'not base64!', BODY)).toBe(false);
    expect(verifyShopifyHmac(SECRET, '', BODY)).toBe(false);
  });
});
