import pino, { type Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';

export type { Logger } from 'pino';

/** Structured JSON logs; child loggers carry tenant, correlation id and workflow id. */
export function createLogger(options: {
  service: string;
  level: string;
  /** Extra fields for every line, e.g. the workflow and activity a worker log line comes from. */
  mixin?: () => Record<string, unknown>;
}): Logger {
  return pino({
    ...(options.mixin ? { mixin: options.mixin } : {}),
    name: options.service,
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'webhook_secret'], remove: true },
  });
}

/** A per-process metrics registry with Node's default metrics, labelled by service. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export * from './tracing';
