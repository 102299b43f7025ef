import { NotificationEndpointBodySchema, notificationBody, type NotificationPayload } from './notifications';

const payload: NotificationPayload = {
  id: '7d0c3f4e-1111-4222-8333-444455556666',
  type: 'exception_blocked',
  tenant: 'demo-3pl',
  occurred_at: '2026-11-30T16:00:00Z',
  exception: {
    id: '42',
    order_id: 'A-1001',
    reason_code: 'ADDRESS_INVALID',
    status: 'OPEN',
    severity: 'HIGH',
    resolution_block_reason: 'Maximum resolution attempts (2) reached',
  },
};

describe('notification bodies', () => {
  it('json: the event as stored', () => {
    expect(JSON.parse(notificationBody(payload, 'json'))).toEqual(payload);
  });

  it('slack: an incoming-webhook message naming the event, order and block reason', () => {
    expect(JSON.parse(notificationBody(payload, 'slack'))).toEqual({
      text:
        '*Exception blocked* (demo-3pl): ADDRESS_INVALID on order A-1001 | severity HIGH, status OPEN | ' +
        'Maximum resolution attempts (2) reached',
    });
    const note = notificationBody({ ...payload, type: 'client_note', client_note: 'Ships today' }, 'slack');
    expect(JSON.parse(note)).toEqual({ text: expect.stringMatching(/^\*Customer note\*.*\| Ships today$/) });
  });
});

describe('NotificationEndpointBodySchema', () => {
  const valid = {
    url: 'https://hooks.example.com/e2a',
    secret: 'a-secret-of-16-chars',
    events: ['exception_created'],
  };

  it('defaults min_severity LOW and format json', () => {
    expect(NotificationEndpointBodySchema.parse(valid)).toEqual({
      ...valid,
      min_severity: 'LOW',
      format: 'json',
    });
  });

  it.each([
    [{ url: 'ftp://x.example.com' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ secret: 'short' }, 'secret'],
    [{ events: [] }, 'events'],
    [{ events: ['exception_created', 'exception_created'] }, 'events'],
    [{ events: ['order_paid'] }, 'events'],
    [{ min_severity: 'URGENT' }, 'min_severity'],
    [{ format: 'xml' }, 'format'],
    [{ extra: true }, ''],
  ])('refuses %j (names %s)', (change, field) => {
    const result = NotificationEndpointBodySchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0] ?? '').toBe(field);
  });
});
