import { redactPii, redactText } from './redact';

describe('redactText', () => {
  it.each([
    ['mail jane.doe@example.com now', 'mail [EMAIL] now'],
    ['card 4111 1111 1111 1111 declined', 'card [CARD] declined'],
    ['card 4111-1111-1111-1111', 'card [CARD]'],
    ['call +1 415-555-0199 please', 'call [PHONE] please'],
    ['call (415) 555-0199', 'call [PHONE]'],
    ['ship to 742 Evergreen Terrace Drive today', 'ship to [ADDRESS] today'],
    ['deliver to 12 Main St.', 'deliver to [ADDRESS]'],
    ['order 1001 delayed by 240 minutes', 'order 1001 delayed by 240 minutes'],
    ['zip 62704 in Springfield', 'zip 62704 in Springfield'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
});

describe('redactPii', () => {
  it('replaces PII fields and keeps operational facts', () => {
    const order = {
      id: 'ORD-1',
      customer: { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com', phone: '+1 415 555 0199' },
      shipping_address: {
        name: 'Jane Doe',
        address1: '742 Evergreen Terrace',
        city: 'Springfield',
        zip: '62704',
      },
      note: 'Leave with neighbour, call 415-555-0199',
      line_items: [{ sku: 'SKU-1', quantity: 2 }],
      actual_minutes: 300,
    };
    expect(redactPii(order)).toEqual({
      id: 'ORD-1',
      customer: { first_name: '[NAME]', last_name: '[NAME]', email: '[EMAIL]', phone: '[PHONE]' },
      shipping_address: { name: '[NAME]', address1: '[ADDRESS]', city: 'Springfield', zip: '62704' },
      note: 'Leave with neighbour, call [PHONE]',
      line_items: [{ sku: 'SKU-1', quantity: 2 }],
      actual_minutes: 300,
    });
  });
  it('does not mutate its input', () => {
    const input = { email: 'a@b.co' };
    redactPii(input);
    expect(input.email).toBe('a@b.co');
  });
});
