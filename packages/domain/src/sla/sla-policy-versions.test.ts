import {
  effectiveSlaPolicy,
  HolidaysVersionBodySchema,
  SlaPolicyVersionBodySchema,
  slaPolicyOverridesOf,
} from './sla-policy-versions';

describe('effectiveSlaPolicy', () => {
  it.each([
    ['defaults without baseline or versions', { baseline: {} }, { pick_minutes: 120, holidays: [] }],
    [
      'the baseline with its holidays',
      { baseline: { pick_minutes: 90, holidays: ['2026-12-25'] } },
      { pick_minutes: 90, holidays: ['2026-12-25'] },
    ],
    [
      'a policy version replaces the baseline but keeps the baseline holidays',
      {
        baseline: { pick_minutes: 90, pack_minutes: 100, holidays: ['2026-12-25'] },
        policyOverrides: { pick_minutes: 60 },
      },
      { pick_minutes: 60, pack_minutes: 180, holidays: ['2026-12-25'] },
    ],
    [
      'a holidays version replaces the holidays only',
      { baseline: { pick_minutes: 90, holidays: ['2026-12-25'] }, holidays: ['2026-01-01'] },
      { pick_minutes: 90, holidays: ['2026-01-01'] },
    ],
  ])('%s', (_name, sources, expected) => {
    expect(effectiveSlaPolicy(sources)).toMatchObject(expected);
  });

  it('refuses an invalid stored baseline instead of guessing', () => {
    expect(() => effectiveSlaPolicy({ baseline: { pick_minutes: 'soon' } })).toThrow();
  });
});

describe('version bodies', () => {
  it.each([
    [{ pick_minute: 10 }, 'pick_minute'],
    [{ holidays: ['2026-12-25'] }, 'holidays'],
    [{ pick_minutes: 0 }, 'pick_minutes'],
    [{ effective_from: 'tomorrow' }, 'effective_from'],
  ])('an SLA policy body %j fails on %s', (body, field) => {
    const parsed = SlaPolicyVersionBodySchema.safeParse(body);
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path[0]).toBe(field);
  });

  it('stores only the keys the caller sent, never the defaults', () => {
    expect(slaPolicyOverridesOf({ pick_minutes: 200, effective_from: '2027-01-01T00:00:00Z' })).toEqual({
      pick_minutes: 200,
    });
  });

  it.each([
    [{ holidays: ['2026-02-30'] }, false],
    [{ holidays: ['2026-12-25', '2026-12-25'] }, false],
    [{ holidays: ['2026-12-25'], effective_from: '2027-01-01T00:00:00+01:00' }, true],
    [{ holidays: [], name: 'x' }, false],
  ])('holidays body %j valid: %s', (body, isValid) => {
    expect(HolidaysVersionBodySchema.safeParse(body).success).toBe(isValid);
  });
});
