import { parseEvent, sourceOf } from './parse-events';

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
      { route: 'events', correlationId: 'c' },
    );
    expect(parsed).toEqual({
      ok: true,
      event: expect.objectContaining({ source: 'shopify', payload: { order: { id: 7 } }, extras: {} }),
    });
  });

  it('uses the Shopify webhook id only when the body carries no event id', () => {
    const { event_id: _omitted, ...withoutId } = envelope;
    const context = { route: 'shopify' as const, correlationId: 'c', shopifyWebhookId: 'wh-9' };
    expect(parseEvent(withoutId, context)).toMatchObject({ ok: true, event: { eventId: 'wh-9' } });
    expect(parseEvent(envelope, context)).toMatchObject({ ok: true, event: { eventId: 'e-1' } });
  });

  it('stores the request correlation id on events that carry none', () => {
    expect(parseEvent(envelope, { route: 'shopify', correlationId: 'req-1' })).toMatchObject({
      event: { correlationId: 'req-1' },
    });
    expect(
      parseEvent({ ...envelope, correlation_id: 'own' }, { route: 'shopify', correlationId: 'req-1' }),
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
    expect(parseEvent(body, { route: prefix ? 'batch' : 'shopify', prefix, correlationId: 'c' })).toEqual({
      ok: false,
      details,
    });
  });

  it('prefixes schema violations with the batch position', () => {
    const parsed = parseEvent(
      { source: 'carrier', ...envelope, event_type: 'pick_started' },
      { route: 'batch', prefix: 'events[4].', correlationId: 'c' },
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.details.map((detail) => detail.path)).toEqual(['events[4].event_type']);
  });
});
