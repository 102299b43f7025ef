import { z } from 'zod';
import { DomainInvariantError } from '@e2a/domain';
import { classifyFailure } from './quarantine';

const pgError = (code: string, message = 'pg') => Object.assign(new Error(message), { code });

describe('classifyFailure', () => {
  it.each([
    ['a datetime overflow (22008)', pgError('22008'), 'postgres_22008'],
    ['a time zone displacement out of range (22009)', pgError('22009'), 'postgres_22009'],
    ['an invalid text representation (22P02)', pgError('22P02'), 'postgres_22P02'],
    ['a NUL in text (22021)', pgError('22021'), 'postgres_22021'],
    ['a check violation (23514)', pgError('23514'), 'postgres_23514'],
    ['a pg error wrapped as a cause', new Error('outer', { cause: pgError('23505') }), 'postgres_23505'],
    ['a zod parse failure', (() => z.object({ a: z.string() }).safeParse({}).error)(), 'zod'],
    [
      'a domain invariant',
      new DomainInvariantError('paid after delivered', 'timeline.order'),
      'domain_invariant',
    ],
    [
      'an invalid date',
      (() => {
        try {
          new Date(Number.NaN).toISOString();
        } catch (e) {
          return e;
        }
      })(),
      'range',
    ],
  ])('%s is a data error', (_name, error, errorClass) => {
    expect(classifyFailure(error)).toMatchObject({ isDataError: true, errorClass });
  });

  it.each([
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'Error',
    ],
    ['an admin shutdown (57P01)', pgError('57P01'), 'postgres_57P01'],
    ['a serialization failure (40001)', pgError('40001'), 'postgres_40001'],
    ['a connection failure (08006)', pgError('08006'), 'postgres_08006'],
    ['too many connections (53300)', pgError('53300'), 'postgres_53300'],
    ['a timeout', Object.assign(new Error('timeout'), { name: 'TimeoutError' }), 'TimeoutError'],
    ['a type error (a bug, not data)', new TypeError('x is undefined'), 'TypeError'],
  ])('%s is an infrastructure error and keeps its retries', (_name, error, errorClass) => {
    expect(classifyFailure(error)).toMatchObject({ isDataError: false, errorClass });
  });
});
