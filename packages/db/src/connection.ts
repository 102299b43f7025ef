import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { Pool, Client, type PoolClient, type PoolConfig } from 'pg';
import { migrations } from '@e2a/infra';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** Receives connection errors a pool or client emits outside any query (logged by the owner, never thrown). */
export type ConnectionErrorListener = (error: Error) => void;

/** Makes a dedicated client survive its connection dying: pg emits 'error', and an unheard 'error' ends the process. */
export function guardClient<C extends Client | PoolClient>(
  client: C,
  onError: ConnectionErrorListener = () => undefined,
): C {
  client.on('error', onError);
  return client;
}

/**
 * The connection string with `application_name` set to the process's role (`e2a-gateway`, `e2a-worker`, …) unless
 * the operator's URL already names one: `pg_stat_activity` then tells whose sessions wait, lock or burn CPU.
 */
export function withApplicationName(connectionString: string, name: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return connectionString; // not a URL (a libpq keyword string, a socket form URL cannot hold): pg reads it as is
  }
  if (url.searchParams.has('application_name')) return connectionString;
  url.searchParams.set('application_name', name);
  return url.toString();
}

/** Text starting with `/* prepared:<name> *\/` runs as the named prepared statement `<name>` (see `PreparingClient`). */
const PREPARED_STATEMENT = /^\/\* prepared:([a-z0-9_]+) \*\//;

/**
 * A pg client that runs a statement marked `/* prepared:<name> *\/` as a named prepared statement: parsed once per
 * connection, and after five runs Postgres plans it once (a generic plan) instead of on every call. For hot
 * statements whose text never changes: the gateway's event insert spent ~0.4 ms of Postgres CPU planning per commit,
 * a third of its time. The mark must name one text only (pg refuses a name reused for another text).
 */
export class PreparingClient extends Client {
  // pg's query() has a dozen overloads; only (text, values), how Kysely calls it, is rewritten.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the overloads' union of return types
  override query(...args: unknown[]): any {
    const [text, values] = args;
    const name =
      args.length <= 2 && typeof text === 'string' ? PREPARED_STATEMENT.exec(text)?.[1] : undefined;
    const run = Client.prototype.query as (...queryArgs: unknown[]) => unknown;
    return run.apply(this, name ? [{ name, text, values }] : args);
  }
}

export function createPool(
  connectionString: string,
  options: Partial<PoolConfig> = {},
  onError?: ConnectionErrorListener,
): Pool {
  const pool = new Pool({
    connectionString,
    max: 10,
    idleTimeoutMillis: 30_000,
    Client: PreparingClient,
    ...options,
  });
  // An idle client losing its connection (Postgres restart) is reported on the pool...
  pool.on('error', (error) => onError?.(error));
  // ...but a checked-out one only on itself (pg-pool removes its listener on checkout): without this listener a
  // Postgres restart under load ends the process with "Connection terminated unexpectedly".
  pool.on('connect', (client) => guardClient(client, (error) => onError?.(error)));
  return pool;
}

export function createDb(
  connectionString: string,
  options: Partial<PoolConfig> = {},
  onError?: ConnectionErrorListener,
): { db: Db; pool: Pool } {
  const pool = createPool(connectionString, options, onError);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Branches land migrations in parallel: one named earlier than a migration a database already ran (its branch
    // merged later) is applied on the next run instead of refusing to migrate. Fresh databases still run in name order.
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Creates the database named in the URL when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(connectionString: string): Promise<boolean> {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Unsupported database name "${name}"`);
  url.pathname = '/postgres';
  const client = guardClient(new Client({ connectionString: url.toString() }));
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Two processes racing to create the same database: the loser sees duplicate_database.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(connectionString: string): Promise<void> {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const client = guardClient(new Client({ connectionString: url.toString() }));
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** `SELECT 1`: whether the database answers (health and readiness probes). */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/**
 * Which database this is: its name and oid, so a value remembered elsewhere (Redis) for another database (dropped
 * and recreated, restored elsewhere) can be told apart.
 */
export async function databaseIdentity(db: Db): Promise<string> {
  const result = await sql<{ identity: string }>`
    SELECT current_database() || '#' || oid::text AS identity FROM pg_database WHERE datname = current_database()`.execute(
    db,
  );
  const identity = result.rows[0]?.identity;
  if (!identity) throw new Error('could not read the database identity');
  return identity;
}
