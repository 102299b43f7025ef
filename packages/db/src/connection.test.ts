import { Client } from 'pg';
import { withApplicationName } from './connection';

// What pg itself reads from the string is what counts: a client (never connected) reports its parameters.
const parse = (connectionString: string) =>
  (new Client({ connectionString }) as unknown as { connectionParameters: Record<string, unknown> })
    .connectionParameters;

describe('withApplicationName', () => {
  it('names the process and keeps everything else of the URL', () => {
    const url = withApplicationName(
      'postgres://e2a:s%40cret@db.internal:6432/e2a?sslmode=require',
      'e2a-worker',
    );
    expect(parse(url)).toMatchObject({
      user: 'e2a',
      password: 's@cret',
      host: 'db.internal',
      port: 6432,
      database: 'e2a',
      application_name: 'e2a-worker',
    });
    expect(new URL(url).searchParams.get('sslmode')).toBe('require');
  });

  it("keeps the operator's own application_name", () => {
    const url = 'postgres://e2a@db/e2a?application_name=ops-console';
    expect(withApplicationName(url, 'e2a-gateway')).toBe(url);
  });

  it('names the process on a Unix-socket URL', () => {
    const url = withApplicationName('postgres://postgres@localhost/e2a?host=/var/run/postgresql', 'e2a-api');
    expect(parse(url)).toMatchObject({ host: '/var/run/postgresql', application_name: 'e2a-api' });
  });

  it('leaves a string that is not a URL to pg', () => {
    expect(withApplicationName('host=/var/run/postgresql dbname=e2a', 'e2a-cli')).toBe(
      'host=/var/run/postgresql dbname=e2a',
    );
  });
});
