import {
  NUL_RULE,
  SURROGATE_RULE,
  childPath,
  findUnstorableText,
  occurredAtRule,
  unstorableTextRule,
} from './plausibility';

describe('unstorableTextRule', () => {
  it.each([
    ['plain', undefined],
    ['emoji 😀 (a surrogate pair)', undefined],
    ['ñ € \u202e \ufffd', undefined],
    ['a\u0000b', NUL_RULE],
    ['\ud800', SURROGATE_RULE],
    ['\udc00', SURROGATE_RULE],
    ['x\udc00\ud800y', SURROGATE_RULE],
    ['tail\ud83d', SURROGATE_RULE],
  ])('%j → %s', (text, rule) => {
    expect(unstorableTextRule(text)).toBe(rule);
  });
});

describe('childPath', () => {
  it.each([
    ['', 'payload', 'payload'],
    ['payload', 'order', 'payload.order'],
    ['payload.items', 2, 'payload.items[2]'],
    ['payload', 'with space', 'payload["with space"]'],
    ['payload', 'nul\u0000', 'payload["nul\\u0000"]'],
    ['payload', '\ud800', 'payload["\\ud800"]'],
  ] as const)('%s + %j → %s', (parent, key, path) => {
    expect(childPath(parent, key)).toBe(path);
  });
});

describe('findUnstorableText', () => {
  it('names values and keys in document order and stops at the issue limit', () => {
    const body = { a: '\u0000', b: [{ c: 'ok' }, { '\ud800': 1 }], d: '\udfff' };
    expect(findUnstorableText(body, { maxDepth: 10 })).toEqual([
      { path: 'a', rule: NUL_RULE },
      { path: 'b[1]["\\ud800"]', rule: `key ${SURROGATE_RULE}` },
      { path: 'd', rule: SURROGATE_RULE },
    ]);
    expect(findUnstorableText(body, { maxDepth: 10, maxIssues: 1 })).toHaveLength(1);
  });

  it('walks a million-level nesting without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 1_000_000; level += 1) deep = { x: deep };
    expect(findUnstorableText(deep, { maxDepth: 3, prefix: 'events[1]' })).toEqual([
      { path: 'events[1].x.x.x', rule: 'must be nested at most 3 levels deep' },
    ]);
  });
});

describe('occurredAtRule', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const window = { min: new Date('2000-01-01T00:00:00Z'), maxFutureSkewMs: 24 * 3_600_000 };
  it.each([
    ['2026-11-30T12:00:00Z', undefined],
    ['2026-12-01T12:00:00Z', undefined],
    ['2000-01-01T00:00:00Z', undefined],
    ['2026-12-01T12:00:00.001Z', 'must not be more than 24h ahead of the receiving clock'],
    ['9999-12-31T23:59:59Z', 'must not be more than 24h ahead of the receiving clock'],
    ['1999-12-31T23:59:59.999Z', 'must not be before 2000-01-01T00:00:00.000Z'],
    ['invalid', 'must be a real calendar date and time'],
  ])('%s → %s', (occurredAt, rule) => {
    expect(occurredAtRule(new Date(occurredAt), now, window)).toBe(rule);
  });

  it('writes the skew the way the variable is written', () => {
    expect(
      occurredAtRule(new Date('2026-11-30T13:31:00Z'), now, { ...window, maxFutureSkewMs: 90 * 60_000 }),
    ).toBe('must not be more than 90m ahead of the receiving clock');
  });
});
