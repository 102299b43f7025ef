import { NUL_RULE, REPLACEMENT_RULE, SURROGATE_RULE } from '@e2a/domain';
import { parseEvent, sourceOf, type IngestLimits } from './parse-events';

const NOW = new Date('2026-11-03T12:00:00Z');
const limits: IngestLimits = {
  now: NOW,
  occurredAt: { min: new Date('2000-01-01T00:00:00Z'), maxFutureSkewMs: 24 * 3_600_000 },
  maxDepth: 8,
};

const envelope = {
  event_id: 'e-1',
  event_type: 'order_created',
  order_id: 'o-1',
  occurred_at: '2026-11-02T10:00:00+01:00',
};

describe('sourceOf', () => {
  it.each([
    ['wms', {}, 'wms'],
    ['events', {}, 'shopify'],
    ['events', { source: 'carrier' }, 'carrier'],
    ['events', { source: 'fax' }, undefined],
    ['batch', {}, undefined],
    ['batch', { source: 'wms' }, 'wms'],
  ] as const)('route %s with %j → %s', (route, body, expected) => {
    expect(sourceOf(route, body)).toBe(expected);
  });
});

describe('parseEvent', () => {
  it('takes a top-level data object as the payload on the raw route', () => {
    const parsed = parseEvent(
      { ...envelope, data: { order: { id: 7 } } },
      { route: 'events', correlationId: 'c', limits },
    );
    expect(parsed).toEqual({
      ok: true,
      event: expect.objectContaining({ source: 'shopify', payload: { order: { id: 7 } }, extras: {} }),
    });
  });

  it('uses the Shopify webhook id only when the body carries no event id', () => {
    const { event_id: _omitted, ...withoutId } = envelope;
    const context = { route: 'shopify' as const, correlationId: 'c', shopifyWebhookId: 'wh-9', limits };
    expect(parseEvent(withoutId, context)).toMatchObject({ ok: true, event: { eventId: 'wh-9' } });
    expect(parseEvent(envelope, context)).toMatchObject({ ok: true, event: { eventId: 'e-1' } });
  });

  it('stores the request correlation id on events that carry none', () => {
    expect(parseEvent(envelope, { route: 'shopify', correlationId: 'req-1', limits })).toMatchObject({
      event: { correlationId: 'req-1' },
    });
    expect(
      parseEvent(
        { ...envelope, correlation_id: 'own' },
        { route: 'shopify', correlationId: 'req-1', limits },
      ),
    ).toMatchObject({
      event: { correlationId: 'own' },
    });
  });

  it.each([
    ['a non-object', 'text', '', [{ path: '(body)', rule: 'must be a JSON object' }]],
    ['a non-object batch item', 7, 'events[2].', [{ path: 'events[2]', rule: 'must be a JSON object' }]],
    [
      'a batch item without source',
      { ...envelope },
      'events[0].',
      [{ path: 'events[0].source', rule: 'is required' }],
    ],
  ])('names the failing field for %s', (_name, body, prefix, details) => {
    expect(
      parseEvent(body, { route: prefix ? 'batch' : 'shopify', prefix, correlationId: 'c', limits }),
    ).toEqual({
      ok: false,
      details,
    });
  });

  it('prefixes schema violations with the batch position', () => {
    const parsed = parseEvent(
      { source: 'carrier', ...envelope, event_type: 'pick_started' },
      { route: 'batch', prefix: 'events[4].', correlationId: 'c', limits },
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.details.map((detail) => detail.path)).toEqual(['events[4].event_type']);
  });

  describe('plausibility', () => {
    const shopify = { route: 'shopify' as const, correlationId: 'c', limits };
    const rejected = (body: unknown, context: Parameters<typeof parseEvent>[1] = shopify) => {
      const parsed = parseEvent(body, context);
      return parsed.ok ? [] : parsed.details;
    };

    it.each([
      ['9999-12-31T23:59:59Z', 'must not be more than 24h ahead of the receiving clock'],
      ['2026-11-04T12:00:01Z', 'must not be more than 24h ahead of the receiving clock'],
      ['0000-01-01T00:00:00Z', 'must not be before 2000-01-01T00:00:00.000Z'],
      ['1999-12-31T23:59:59Z', 'must not be before 2000-01-01T00:00:00.000Z'],
    ])('refuses occurred_at %s, naming the field', (occurredAt, rule) => {
      expect(rejected({ ...envelope, occurred_at: occurredAt })).toEqual([{ path: 'occurred_at', rule }]);
    });

    it.each(['2026-11-04T12:00:00Z', '2000-01-01T00:00:00Z', '2026-11-04T13:00:00+01:00'])(
      'accepts occurred_at %s at the edge of the window',
      (occurredAt) => {
        expect(parseEvent({ ...envelope, occurred_at: occurredAt }, shopify).ok).toBe(true);
      },
    );

    it('names the trigger header when a native Shopify delivery carries an implausible time', () => {
      const context = {
        ...shopify,
        route: 'events' as const,
        shopifyTopic: 'orders/create',
        shopifyTriggeredAt: '9999-01-01T00:00:00Z',
        shopifyWebhookId: 'wh-1',
      };
      expect(rejected({ id: 42, total_price: '10.00' }, context)).toEqual([
        { path: 'headers.x-shopify-triggered-at', rule: expect.stringContaining('must not be more than') },
      ]);
    });

    it.each([
      ['event_id', { ...envelope, event_id: 'a\u0000b' }, 'event_id', NUL_RULE],
      ['order_id', { ...envelope, order_id: '\ud800' }, 'order_id', SURROGATE_RULE],
      ['an extra', { ...envelope, carrier: 'x\udc00' }, 'carrier', SURROGATE_RULE],
      [
        'a nested payload value',
        { ...envelope, payload: { order: { line_items: [{ sku: 'ok' }, { sku: 'bad\u0000' }] } } },
        'payload.order.line_items[1].sku',
        NUL_RULE,
      ],
      [
        'a payload key',
        { ...envelope, payload: { 'k\ud83d': 1 } },
        'payload["k\\ud83d"]',
        `key ${SURROGATE_RULE}`,
      ],
    ])('refuses text Postgres cannot store in %s', (_name, body, path, rule) => {
      expect(rejected(body)).toEqual([{ path, rule }]);
    });

    it('keeps well-formed astral characters (a surrogate pair) and other Unicode', () => {
      const parsed = parseEvent({ ...envelope, payload: { note: 'ok 😀 ñ € \u202e' } }, shopify);
      expect(parsed.ok).toBe(true);
    });

    it('prefixes text issues with the batch position', () => {
      const context = { route: 'batch' as const, prefix: 'events[3].', correlationId: 'c', limits };
      expect(
        rejected({ source: 'wms', ...envelope, event_type: 'pick_completed', zone: '\u0000' }, context),
      ).toEqual([{ path: 'events[3].zone', rule: NUL_RULE }]);
    });

    it('refuses nesting deeper than the limit, naming the deepest allowed container', () => {
      let deep: unknown = 1;
      for (let level = 0; level < 10_000; level += 1) deep = [deep];
      const details = rejected({ ...envelope, payload: { deep } });
      expect(details).toEqual([
        { path: 'payload.deep[0][0][0][0][0][0]', rule: 'must be nested at most 8 levels deep' },
      ]);
    });

    it('names the fields whose bytes were not UTF-8 (decoded as replacement characters)', () => {
      const context = { ...shopify, limits: { ...limits, bodyHadInvalidUtf8: true } };
      expect(rejected({ ...envelope, payload: { note: 'a\ufffdb' } }, context)).toEqual([
        { path: 'payload.note', rule: REPLACEMENT_RULE },
      ]);
      expect(parseEvent({ ...envelope, payload: { note: 'a\ufffdb' } }, shopify).ok).toBe(true);
    });
  });
});
