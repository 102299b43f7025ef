import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import {
  SpanKind,
  SpanStatusCode,
  context,
  contextFromHeaders,
  trace,
  traceparentOf,
  tracer,
  type Logger,
} from '@e2a/telemetry';

/** What a presented `X-Correlation-Id` must look like to be kept (else a new one is made). */
export const CORRELATION_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Set on `res.locals` by `requestContext` for the handlers after it. */
export interface RequestContextLocals {
  correlationId: string;
  /** W3C traceparent of the request's span (tracing on and sampled), to store beside the work it causes. */
  traceparent?: string;
}

export interface RequestContextOptions {
  logger: Logger;
  /** Start a server span per request (continuing an incoming `traceparent`); off keeps the hot path free of it. */
  isTracingEnabled: boolean;
}

// Probes and scrapes are logged at debug so access logs show traffic, not the orchestrator's polling.
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

const routeOf = (req: Request): string => {
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  return typeof routePath === 'string' ? `${req.baseUrl}${routePath}` : req.path;
};

/**
 * The one request prelude of the gateway and the API: a correlation id (the presented `X-Correlation-Id` or a new
 * one, echoed back), a server span when tracing is on, and one access log line per request with both ids.
 */
export function requestContext(options: RequestContextOptions): RequestHandler {
  return (req, res, next) => {
    const presented = req.get('x-correlation-id');
    const correlationId = presented && CORRELATION_ID_PATTERN.test(presented) ? presented : randomUUID();
    res.setHeader('X-Correlation-Id', correlationId);
    const locals = res.locals as RequestContextLocals;
    locals.correlationId = correlationId;
    const startedAt = process.hrtime.bigint();
    const span = options.isTracingEnabled
      ? tracer().startSpan(
          `${req.method} ${req.path}`,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': req.method, 'e2a.correlation_id': correlationId },
          },
          contextFromHeaders(req.headers),
        )
      : undefined;
    const traceparent = span ? traceparentOf(span) : undefined;
    if (traceparent) locals.traceparent = traceparent;

    let isLogged = false;
    const finish = () => {
      if (isLogged) return;
      isLogged = true;
      const route = routeOf(req);
      const status = res.headersSent ? res.statusCode : 499;
      if (span) {
        span.updateName(`${req.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      const line = {
        correlation_id: correlationId,
        ...(span ? { trace_id: span.spanContext().traceId } : {}),
        method: req.method,
        path: req.path,
        route,
        status,
        duration_ms: Math.round(Number(process.hrtime.bigint() - startedAt) / 1e4) / 100,
        tenant: req.get('x-tenant-id'),
      };
      if (QUIET_PATHS.has(req.path)) options.logger.debug(line, 'request');
      else if (status >= 500) options.logger.warn(line, 'request');
      else options.logger.info(line, 'request');
    };
    res.on('finish', finish);
    res.on('close', finish);
    if (!span) return next();
    context.with(trace.setSpan(context.active(), span), next);
  };
}
