import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * One zod schema per entrypoint. This module is the only place that reads `process.env`;
 * everything else receives a parsed, typed config object.
 */

type Env = Record<string, string | undefined>;

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((value) =>
      value === undefined || value === '' ? fallback : ['true', '1', 'yes'].includes(value),
    );

// `24h`, `90m`, `30s`, `2d` or plain seconds, as milliseconds.
const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, context) => {
      const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
      if (!match) {
        context.addIssue({ code: 'custom', message: 'must be a duration such as 24h, 90m, 30s or 2d' });
        return z.NEVER;
      }
      return Math.round(
        Number(match[1]) * DURATION_UNITS_MS[(match[2] ?? 's') as keyof typeof DURATION_UNITS_MS],
      );
    });

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

// The knowledge base writes SQLAlchemy-style URLs (`postgresql+asyncpg://`); pg wants `postgres://`.
const databaseUrl = z
  .string()
  .min(1)
  .transform((url) => url.replace(/^postgres(ql)?\+[a-z0-9]+:\/\//i, 'postgres://'));

const logLevel = z
  .string()
  .default('info')
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'silent']))
  .transform((value) => (value === 'warning' ? 'warn' : value));

/**
 * A secret or key with a default for local use. Convenient on a laptop; `APP_ENV=production` refuses to start while
 * any such variable still holds its local default (see `refuseLocalSecretsInProduction`).
 */
const localSecret = (localDefault: string) => z.string().min(8).default(localDefault);

// Variables named like a secret or key: in production none may keep the default its schema gives it.
const SECRET_NAME = /(SECRET|_KEY|PASSWORD|TOKEN)$/;

/** Adds the production check to an entrypoint's schema: every secret-like variable still at its local default fails. */
function refuseLocalSecretsInProduction<Shape extends z.ZodRawShape>(shape: Shape) {
  const localDefaults = Object.entries(shape).flatMap(([name, field]) => {
    if (!SECRET_NAME.test(name)) return [];
    const parsed = z.safeParse(field, undefined);
    return parsed.success && typeof parsed.data === 'string' ? [[name, parsed.data] as const] : [];
  });
  return z.object(shape).superRefine((config: Record<string, unknown>, ctx) => {
    if (config.APP_ENV !== 'production') return;
    for (const [name, localDefault] of localDefaults) {
      if (config[name] === localDefault)
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `still the local default "${localDefault}": APP_ENV=production needs a real secret`,
        });
    }
  });
}

const base = {
  APP_ENV: z.enum(['dev', 'test', 'staging', 'production']).default('dev'),
  SERVICE_NAME: z.string().default('octup-e2a'),
  LOG_LEVEL: logLevel,
  DATABASE_URL: databaseUrl.default('postgres://postgres@127.0.0.1:5432/e2a'),
  // Accepted for parity with the knowledge base; migrations use it when set.
  DIRECT_URL: databaseUrl.optional(),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379/0'),
};

/** A role's Postgres connection budget (docs/deployment.md, "Postgres connection budget"). */
const poolSize = (fallback: number) => z.coerce.number().int().min(1).max(200).default(fallback);

const optionalBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) =>
    value === undefined || value === '' ? undefined : ['true', '1', 'yes'].includes(value),
  );

/** Inline PEM (`-----BEGIN ...`, `\n` escapes allowed for one-line .env values) or the path of a readable PEM file. */
const pem = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined;
    if (value.trimStart().startsWith('-----BEGIN')) return value.replace(/\\n/g, '\n');
    let text: string;
    try {
      text = readFileSync(value, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      ctx.addIssue({
        code: 'custom',
        message: `neither inline PEM nor a readable file (${value}: ${reason})`,
      });
      return z.NEVER;
    }
    if (!text.includes('-----BEGIN')) {
      ctx.addIssue({ code: 'custom', message: `${value} holds no PEM block` });
      return z.NEVER;
    }
    return text;
  });

const temporal = {
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('e2a'),
  TEMPORAL_UI_URL: z.string().default('http://localhost:8233'),
  // Connection security (docs/deployment.md): mTLS for self-hosted clusters, an API key for Temporal Cloud.
  TEMPORAL_TLS: optionalBool,
  TEMPORAL_TLS_CERT: pem,
  TEMPORAL_TLS_KEY: pem,
  TEMPORAL_TLS_CA: pem,
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
};

/** The Temporal connection settings every Temporal-facing entrypoint (worker, API, CLI) parses. */
export type TemporalSettings = z.output<ReturnType<typeof z.object<typeof temporal>>>;

/** Cross-field rules: a client certificate needs its key (and they must match); API keys only travel over TLS. */
function checkTemporalSecurity(config: TemporalSettings, ctx: z.RefinementCtx): void {
  const { TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key } = config;
  if (cert && !key)
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS_KEY'],
      message: 'required with TEMPORAL_TLS_CERT (mTLS)',
    });
  if (key && !cert)
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS_CERT'],
      message: 'required with TEMPORAL_TLS_KEY (mTLS)',
    });
  if (cert && key) {
    try {
      if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key)))
        ctx.addIssue({
          code: 'custom',
          path: ['TEMPORAL_TLS_KEY'],
          message: 'does not match TEMPORAL_TLS_CERT',
        });
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_CERT'],
        message: `not a usable certificate and key: ${(error as Error).message}`,
      });
    }
  }
  if (config.TEMPORAL_TLS_CA) {
    try {
      new X509Certificate(config.TEMPORAL_TLS_CA);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_CA'],
        message: `not a certificate: ${(error as Error).message}`,
      });
    }
  }
  if (config.TEMPORAL_TLS === false) {
    for (const name of ['TEMPORAL_API_KEY', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_CA'] as const) {
      if (config[name])
        ctx.addIssue({
          code: 'custom',
          path: ['TEMPORAL_TLS'],
          message: `must not be false when ${name} is set`,
        });
    }
  }
}

const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);

// `key=value,key2=value2` (the OpenTelemetry convention), values URL-decoded.
const otlpHeaders = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined;
    const headers: Record<string, string> = {};
    for (const pair of value.split(',')) {
      const at = pair.indexOf('=');
      if (at <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${pair.trim()}" is not key=value (comma-separated pairs)`,
        });
        return z.NEVER;
      }
      headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    }
    return headers;
  });

/** OpenTelemetry tracing (docs/deployment.md): off unless an OTLP endpoint is given. */
const tracing = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(blankAsUndefined, z.url().optional()),
  OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders,
  OTEL_TRACES_SAMPLER_RATIO: z.coerce.number().min(0).max(1).default(1),
};

/** The tracing settings of an entrypoint, as `startTracing` takes them. */
export function tracingOptions(
  config: z.output<ReturnType<typeof z.object<typeof tracing>>>,
  service: string,
): { service: string; otlpEndpoint?: string; otlpHeaders?: Record<string, string>; sampleRatio: number } {
  return {
    service,
    ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    ...(config.OTEL_EXPORTER_OTLP_HEADERS ? { otlpHeaders: config.OTEL_EXPORTER_OTLP_HEADERS } : {}),
    sampleRatio: config.OTEL_TRACES_SAMPLER_RATIO,
  };
}

/**
 * Evaluation chunks in flight per worker by default: one per core, at least 2. A chunk is CPU work in the worker and
 * in Postgres, so more chunks than cores buy no throughput (a 10,000-order backlog on 2 cores drained in 3.8-5.2 s
 * with 2 in flight and with 4, three runs each) and hold more orders in the heap.
 */
export function defaultMaxConcurrentEvaluations(): number {
  return Math.max(2, availableParallelism());
}

const ai = {
  AI_MODE: z.enum(['smart', 'full', 'fallback', 'disabled']).default('smart'),
  AI_PROVIDER_BASE_URL: z.string().url().default('https://openrouter.ai/api/v1'),
  AI_MODEL: z.string().default('google/gemini-2.0-flash-exp:free'),
  AI_API_KEY: z.string().optional(),
  AI_TIMEOUT_SECONDS: z.coerce.number().positive().default(3),
  AI_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(2),
  AI_MAX_DAILY_TOKENS: z.coerce.number().int().min(0).default(200000),
  AI_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.55),
  AI_MIN_SUCCESS_PROBABILITY: z.coerce.number().min(0).max(1).default(0.6),
  LOW_CONFIDENCE_BLOCK_THRESHOLD: z.coerce.number().min(0).max(1).default(0.3),
  AI_BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().min(1).default(5),
  AI_BREAKER_RESET_SECONDS: z.coerce.number().int().min(1).default(60),
  OCTUP_MAX_RESOLUTION_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(2),
};

// What activities need beyond AI settings; the API and CLI run activities too (DLQ replay).
// How long a rotated-out webhook secret stays valid (fractions allowed: 0.5 = 30 min).
const tenantLifecycle = {
  WEBHOOK_SECRET_GRACE_HOURS: z.coerce.number().min(0).max(720).default(24),
};

const activityRuntime = {
  EVALUATION_CHUNK_SIZE: z.coerce.number().int().min(1).max(50000).default(2000),
  PARTNER_API_TIMEOUT_SECONDS: z.coerce.number().positive().default(5),
  RESOLUTION_RETRY_MINUTES: z.coerce.number().min(0).default(30),
};

// Prefect-era variables from the knowledge base: accepted so old .env files still boot; Temporal replaces them.
const legacy = {
  PREFECT_API_URL: z.string().optional(),
  PREFECT_WORK_POOL: z.string().optional(),
};

export const gatewayConfigSchema = refuseLocalSecretsInProduction({
  ...base,
  ...tracing,
  GATEWAY_HOST: z.string().default('0.0.0.0'),
  GATEWAY_PORT: port(8080),
  MAX_REQUEST_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SIGNATURE_TOLERANCE_SECONDS: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_PER_TENANT_PER_SECOND: z.coerce.number().int().min(1).default(5000),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(10000),
  IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(24 * 3600),
  MAX_BATCH_EVENTS: z.coerce.number().int().min(1).max(10000).default(1000),
  TENANT_CACHE_TTL_SECONDS: z.coerce.number().min(0).default(30),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(2000),
  // INGEST_MAX_CONCURRENT_COMMITS commits (at most the pool minus one), NOTIFYs, tenant lookups, readiness, and
  // idempotency checks while Redis is down.
  GATEWAY_DATABASE_POOL_SIZE: poolSize(10),
  INGEST_GROUP_COMMIT_MAX_EVENTS: z.coerce.number().int().min(1).max(10000).default(500),
  INGEST_MAX_CONCURRENT_COMMITS: z.coerce.number().int().min(1).max(200).default(4),
  // Plausible event times: not more than this far ahead of the gateway's clock (as milliseconds)...
  INGEST_MAX_FUTURE_SKEW: duration('24h'),
  // ...and not before this instant.
  INGEST_MIN_OCCURRED_AT: z.iso
    .datetime({ offset: true, message: 'must be ISO-8601 with an offset or Z' })
    .or(z.iso.date())
    .default('2000-01-01T00:00:00Z')
    .transform((value) => new Date(value)),
  // Deepest JSON nesting of one event (the event object is level 1).
  INGEST_MAX_JSON_DEPTH: z.coerce.number().int().min(4).max(1000).default(32),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const apiConfigSchema = refuseLocalSecretsInProduction({
  ...base,
  ...tracing,
  ...temporal,
  ...ai,
  ...activityRuntime,
  ...tenantLifecycle,
  API_HOST: z.string().default('0.0.0.0'),
  API_PORT: port(8000),
  // Request handlers and the activities the API runs itself (DLQ replay).
  API_DATABASE_POOL_SIZE: poolSize(10),
  ADMIN_API_KEY: localSecret('local-admin-key'),
  PUBLIC_API_URL: z.string().default('http://localhost:8000'),
  // The built operator console (services/console/dist) served at /console/; unset: found beside the API's code.
  CONSOLE_DIR: z.string().min(1).optional(),
}).superRefine(checkTemporalSecurity);
export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** Activities beyond the pool's connections would queue inside the pool, behind each other, with no bound. */
function checkWorkerConnectionBudget(
  config: { WORKER_DATABASE_POOL_SIZE: number; WORKER_MAX_CONCURRENT_ACTIVITIES: number },
  ctx: z.RefinementCtx,
): void {
  if (config.WORKER_DATABASE_POOL_SIZE < config.WORKER_MAX_CONCURRENT_ACTIVITIES)
    ctx.addIssue({
      code: 'custom',
      path: ['WORKER_DATABASE_POOL_SIZE'],
      message: `must be at least WORKER_MAX_CONCURRENT_ACTIVITIES (${config.WORKER_MAX_CONCURRENT_ACTIVITIES}): one connection per activity slot`,
    });
}

export const workerConfigSchema = refuseLocalSecretsInProduction({
  ...base,
  ...tracing,
  ...temporal,
  ...ai,
  ...legacy,
  WORKER_METRICS_PORT: port(9464),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(20),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).default(20),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
  // One connection per activity slot (checked below), so an activity never waits for one behind other activities.
  WORKER_DATABASE_POOL_SIZE: poolSize(20),
  // Evaluation chunks in flight in this process across all shards (each holds up to EVALUATION_CHUNK_SIZE orders).
  WORKER_MAX_CONCURRENT_EVALUATIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(defaultMaxConcurrentEvaluations),
  // A prebuilt workflow bundle (`make up` writes one); without it the worker bundles at start-up.
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).default(20),
  ...activityRuntime,
  REALTIME_POLL_SECONDS: z.coerce.number().min(0.2).default(2),
  APPLY_SCHEDULES_ON_START: bool(true),
  REALTIME_MONITORS_ON_START: bool(true),
})
  .superRefine(checkTemporalSecurity)
  .superRefine(checkWorkerConnectionBudget);
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export const cliConfigSchema = refuseLocalSecretsInProduction({
  ...base,
  ...temporal,
  ...tenantLifecycle,
  OCTUP_API_URL: z.string().default('http://localhost:8000'),
  GATEWAY_URL: z.string().default('http://localhost:8080'),
  WEBHOOK_DELAY_SECONDS: z.coerce.number().min(0).default(2),
  SHOPIFY_DEMO_API_PRODUCE_MIN_ORDERS: z.coerce.number().int().min(1).default(1001),
  SHOPIFY_DEMO_API_PRODUCE_MAX_ORDERS: z.coerce.number().int().min(1).default(1999),
  DEMO_TENANT: z.string().default('demo-3pl'),
  DEMO_WEBHOOK_SECRET: localSecret('demo-webhook-secret'),
  DEMO_API_KEY: localSecret('demo-api-key'),
  ADMIN_API_KEY: localSecret('local-admin-key'),
  PARTNER_SIMULATOR_URL: z.string().default('http://127.0.0.1:8090'),
  OCTUP_MAX_RESOLUTION_ATTEMPTS: ai.OCTUP_MAX_RESOLUTION_ATTEMPTS,
}).superRefine(checkTemporalSecurity);
export type CliConfig = z.infer<typeof cliConfigSchema>;

export const partnerSimulatorConfigSchema = z.object({
  LOG_LEVEL: logLevel,
  SERVICE_NAME: z.string().default('partner-simulator'),
  PARTNER_SIMULATOR_HOST: z.string().default('127.0.0.1'),
  PARTNER_SIMULATOR_PORT: port(8090),
});
export type PartnerSimulatorConfig = z.infer<typeof partnerSimulatorConfigSchema>;

export const testConfigSchema = z.object({
  TEST_DATABASE_ADMIN_URL: databaseUrl.default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** Each suite gets the database `<prefix>_<suite>`; checkouts testing side by side use different prefixes. */
  TEST_DATABASE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, 'lower-case letters, digits and _ (at most 31), starting with a letter')
    .default('e2a_test'),
  REDIS_URL: base.REDIS_URL,
  TEMPORAL_CLI: z.string().optional(),
  TEMPORAL_TEST_SERVER: z.string().optional(),
  HADOLINT: z.string().optional(),
  KUBECTL: z.string().optional(),
  /** Debian's Chromium for the console's browser tests (the tools step installs it when missing). */
  CHROMIUM: z.string().default('/usr/bin/chromium'),
});
export type TestConfig = z.infer<typeof testConfigSchema>;

/** `pnpm bench:tenants` and `pnpm bench:system`: sizes and durations (short values to validate, full ones to measure). */
export const benchConfigSchema = z.object({
  BENCH_TENANTS: z.coerce.number().int().min(2).default(1000),
  BENCH_IDLE_SECONDS: z.coerce.number().min(1).default(60),
  BENCH_BURST_SECONDS: z.coerce.number().min(1).default(60),
  BENCH_BURST_ORDERS_PER_MINUTE: z.coerce.number().int().min(1).default(10_000),
  BENCH_QUIET_LATE_ORDERS: z.coerce.number().int().min(1).default(1),
  BENCH_SYSTEM_SECONDS: z.coerce.number().min(1).default(60),
  BENCH_SYSTEM_EVENTS_PER_SECOND: z.coerce.number().int().min(1).default(1000),
  // Seconds sent at the same rate before the measured run (their latencies are reported apart).
  BENCH_SYSTEM_WARMUP_SECONDS: z.coerce.number().min(0).default(10),
  /** Most sockets the open-loop sender of `bench:system` keeps open (evenly spaced arrivals; more wait for one). */
  BENCH_SYSTEM_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(64),
});
export type BenchConfig = z.infer<typeof benchConfigSchema>;

/** Thrown when the environment does not satisfy an entrypoint's schema; the message names each variable. */
export class ConfigError extends Error {
  constructor(entrypoint: string, issues: z.core.$ZodIssue[]) {
    super(
      `Invalid configuration for ${entrypoint}:\n` +
        issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function parseWith<S extends z.ZodType>(entrypoint: string, schema: S, env: Env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(entrypoint, result.error.issues);
  return result.data;
}

export const loadGatewayConfig = (env: Env = process.env) => parseWith('gateway', gatewayConfigSchema, env);
export const loadApiConfig = (env: Env = process.env) => parseWith('api', apiConfigSchema, env);
export const loadWorkerConfig = (env: Env = process.env) => parseWith('worker', workerConfigSchema, env);
export const loadCliConfig = (env: Env = process.env) => parseWith('cli', cliConfigSchema, env);
export const loadPartnerSimulatorConfig = (env: Env = process.env) =>
  parseWith('partner-simulator', partnerSimulatorConfigSchema, env);
export const loadTestConfig = (env: Env = process.env) => parseWith('tests', testConfigSchema, env);
export const loadBenchConfig = (env: Env = process.env) => parseWith('benchmarks', benchConfigSchema, env);

/** What `Connection.connect` (client) and `NativeConnection.connect` (worker) both accept. */
export interface TemporalConnectionOptions {
  address: string;
  tls?:
    | boolean
    | {
        clientCertPair?: { crt: Buffer; key: Buffer };
        serverRootCACertificate?: Buffer;
        serverNameOverride?: string;
      };
  apiKey?: string;
}

/**
 * The one place worker, API and CLI turn configuration into Temporal connection options: plain TCP by default,
 * TLS with the system roots when asked (or when an API key is set), mTLS with a client certificate and key, a
 * private CA and an SNI override for self-hosted clusters.
 */
export function temporalConnectionOptions(config: TemporalSettings): TemporalConnectionOptions {
  const cert = config.TEMPORAL_TLS_CERT;
  const key = config.TEMPORAL_TLS_KEY;
  const ca = config.TEMPORAL_TLS_CA;
  const wantsTls =
    config.TEMPORAL_TLS === true ||
    !!cert ||
    !!ca ||
    !!config.TEMPORAL_API_KEY ||
    !!config.TEMPORAL_TLS_SERVER_NAME;
  const options: TemporalConnectionOptions = { address: config.TEMPORAL_ADDRESS };
  if (wantsTls) {
    const tls = {
      ...(cert && key ? { clientCertPair: { crt: Buffer.from(cert), key: Buffer.from(key) } } : {}),
      ...(ca ? { serverRootCACertificate: Buffer.from(ca) } : {}),
      ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
    };
    options.tls = Object.keys(tls).length > 0 ? tls : true;
  }
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  return options;
}

/** AI settings shared by every entrypoint that talks to the model; `fallback` when no key is configured. */
export function effectiveAiMode(
  config: Pick<WorkerConfig, 'AI_MODE' | 'AI_API_KEY'>,
): WorkerConfig['AI_MODE'] {
  if (config.AI_MODE === 'disabled') return 'disabled';
  return config.AI_API_KEY ? config.AI_MODE : 'fallback';
}
