import { EXCEPTION_STATUSES } from './reason-codes';
import { isValidStatusTransition } from './exception-status';

describe('isValidStatusTransition', () => {
  const cases = EXCEPTION_STATUSES.flatMap((from, i) =>
    EXCEPTION_STATUSES.map((to, j) => [from, to, j >= i] as const),
  );
  it.each(cases)('%s → %s is %s', (from, to, expected) => {
    expect(isValidStatusTransition(from, to)).toBe(expected);
  });
});
