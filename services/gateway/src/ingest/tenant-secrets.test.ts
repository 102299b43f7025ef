import { acceptedSecrets, type TenantCredentials } from './tenant-secrets';

const credentials = (overrides: Partial<TenantCredentials> = {}): TenantCredentials => ({
  secret: 'new',
  previousSecret: 'old',
  previousSecretExpiresAt: 1_000,
  isDisabled: false,
  ...overrides,
});

describe('acceptedSecrets', () => {
  it.each([
    ['the previous secret during its grace period', credentials(), 999, ['new', 'old']],
    ['only the current secret at the end of the grace period', credentials(), 1_000, ['new']],
    ['only the current secret after it', credentials(), 5_000, ['new']],
    [
      'only the current secret without a rotation',
      credentials({ previousSecret: null, previousSecretExpiresAt: null }),
      0,
      ['new'],
    ],
  ])('%s', (_name, input, nowMs, expected) => {
    expect(acceptedSecrets(input, nowMs)).toEqual(expected);
  });
});
