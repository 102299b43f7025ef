import type { Server } from 'node:http';
import { loadGatewayConfig, type GatewayConfig } from '@e2a/config';
import { createDb, type Db } from '@e2a/db';
import { closeServer, listen, signShopifyWebhook, signWebhook } from '@e2a/http';
import { closeRedis, createGatewayApp, createGatewayRedis } from '@e2a/gateway';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { loadTestConfig } from '@e2a/config';

export interface TestGateway {
  baseUrl: string;
  db: Db;
  config: GatewayConfig;
  server: Server;
  stop: () => Promise<void>;
}

/** The real gateway app on port 0 over its own pool and Redis client (as main.ts wires it). */
export async function startTestGateway(options: {
  databaseUrl: string;
  env?: Record<string, string>;
  redisUrl?: string;
  now?: () => Date;
  /** A span per request (the process must have called `startTracing` with an exporter). */
  isTracingEnabled?: boolean;
}): Promise<TestGateway> {
  const config = loadGatewayConfig({
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl ?? loadTestConfig().REDIS_URL,
    LOG_LEVEL: 'silent',
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    ...options.env,
  });
  const logger = createLogger({ service: 'gateway-test', level: 'silent' });
  const { db } = createDb(config.DATABASE_URL, {
    max: config.GATEWAY_DATABASE_POOL_SIZE,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
  });
  const redis = createGatewayRedis(config.REDIS_URL, logger);
  await Promise.race([
    redis.connect().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
  ]);
  const app = createGatewayApp({
    db,
    redis,
    config,
    logger,
    metrics: createMetricsRegistry('gateway'),
    now: options.now,
    isTracingEnabled: options.isTracingEnabled ?? false,
  });
  const { server, port } = await listen(app, 0, '127.0.0.1');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    config,
    server,
    stop: async () => {
      await closeServer(server);
      await closeRedis(redis);
      await db.destroy();
    },
  };
}

export interface SendOptions {
  tenant?: string | null;
  secret?: string;
  signature?: string | null;
  timestamp?: number;
  headers?: Record<string, string>;
  contentType?: string | null;
  shopify?: boolean;
  raw?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

/** POSTs a body signed like a client would (signWebhook), with knobs to break each part. */
export async function send(
  baseUrl: string,
  path: string,
  payload: unknown,
  options: SendOptions = {},
): Promise<Answer> {
  const raw = options.raw ?? JSON.stringify(payload);
  const headers: Record<string, string> = {};
  if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.tenant !== null && options.tenant !== undefined) headers['x-tenant-id'] = options.tenant;
  const secret = options.secret ?? 'test-webhook-secret';
  if (options.shopify) {
    headers['x-shopify-hmac-sha256'] = signShopifyWebhook(secret, raw);
  } else if (options.signature !== null) {
    headers['x-e2a-signature'] =
      options.signature ?? signWebhook(secret, raw, options.timestamp ?? Date.now() / 1000);
  }
  Object.assign(headers, options.headers);
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: raw });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: response.status, headers: response.headers, body };
}
