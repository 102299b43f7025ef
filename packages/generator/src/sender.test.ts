import { createHmac } from 'node:crypto';
import { signWebhook } from '@e2a/http';
import { parseRetryAfter } from './sender';

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  it.each([
    [null, undefined],
    ['', undefined],
    ['3', 3000],
    ['0.5', 500],
    ['Sun, 29 Nov 2026 12:00:10 GMT', 10_000],
    ['Sun, 29 Nov 2026 11:59:00 GMT', 0],
    ['soon', undefined],
  ])('reads %p as %p ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('signWebhook', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 in the t=,v1= header form', () => {
    const body = '{"event_id":"e-1"}';
    const expected = createHmac('sha256', 'secret').update(`1764417600.${body}`).digest('hex');
    expect(signWebhook('secret', body, 1764417600)).toBe(`t=1764417600,v1=${expected}`);
    expect(signWebhook('other', body, 1764417600)).not.toBe(signWebhook('secret', body, 1764417600));
  });
});
