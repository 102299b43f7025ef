import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProcess, freePort, waitFor, type ServiceProcess } from './process-controller';
import { temporalCliPath } from './paths';
import { createConnection } from 'node:net';
import { createDb, ensureDatabase, migrateToLatest, type Db } from '@e2a/db';
import { createThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres';

// A private Redis and a private Temporal dev server on free ports, each a process a test may stop, kill and start
// again (the machine's shared Redis and the checkouts' Temporal servers are never touched).

export interface ThrowawayService {
  process: ServiceProcess;
  port: number;
  /** Starts and waits until it accepts connections. */
  start: () => Promise<void>;
  destroy: () => Promise<void>;
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface ThrowawayRedis extends ThrowawayService {
  url: string;
}

/** `redis-server` without persistence: a restart empties it, as a crashed cache would come back. */
export async function createThrowawayRedis(): Promise<ThrowawayRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2a-redis-'));
  const port = await freePort();
  const redis = createProcess({
    name: 'redis',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    env: {},
    logFile: path.join(dir, 'redis.log'),
  });
  const start = async () => {
    redis.start();
    await waitFor(`redis on ${port}`, () => acceptsConnections(port), { timeoutMs: 20_000 });
  };
  await start();
  return {
    process: redis,
    port,
    url: `redis://127.0.0.1:${port}/0`,
    start,
    destroy: async () => {
      await redis.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ThrowawayTemporal extends ThrowawayService {
  address: string;
}

/** `temporal server start-dev` with a database file, so a restarted server still knows its workflows. */
export async function createThrowawayTemporal(): Promise<ThrowawayTemporal> {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2a-temporal-'));
  const port = await freePort();
  const uiPort = await freePort();
  const temporal = createProcess({
    name: 'temporal',
    command: temporalCliPath(),
    args: [
      'server',
      'start-dev',
      '--db-filename',
      path.join(dir, 'temporal.db'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--headless',
      '--search-attribute',
      'TenantId=Keyword',
      '--search-attribute',
      'FlowName=Keyword',
      '--log-level',
      'error',
    ],
    env: {},
    logFile: path.join(dir, 'temporal.log'),
  });
  const address = `127.0.0.1:${port}`;
  const start = async () => {
    temporal.start();
    await waitFor(`temporal on ${port}`, () => acceptsConnections(port), { timeoutMs: 90_000 });
  };
  await start();
  return {
    process: temporal,
    port,
    address,
    start,
    destroy: async () => {
      await temporal.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ThrowawayStack {
  cluster: ThrowawayPostgres;
  redis: ThrowawayRedis;
  temporal: ThrowawayTemporal;
  /** The migrated database `database` on the private cluster, and a small pool over it. */
  databaseUrl: string;
  db: Db;
  destroy: () => Promise<void>;
}

/** A private Postgres cluster (migrated database), Redis and Temporal server: every dependency a process has. */
export async function createThrowawayStack(database: string): Promise<ThrowawayStack> {
  const [cluster, redis, temporal] = await Promise.all([
    createThrowawayPostgres(),
    createThrowawayRedis(),
    createThrowawayTemporal(),
  ]);
  const databaseUrl = cluster.url(database);
  await ensureDatabase(databaseUrl);
  const { db } = createDb(databaseUrl, { max: 2 });
  await migrateToLatest(db);
  return {
    cluster,
    redis,
    temporal,
    databaseUrl,
    db,
    destroy: async () => {
      await db.destroy();
      await temporal.destroy();
      await redis.destroy();
      cluster.destroy();
    },
  };
}
