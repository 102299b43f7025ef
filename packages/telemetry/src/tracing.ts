import {
  context,
  propagation,
  trace,
  type Context,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export { SpanKind, SpanStatusCode, context, trace, type Link, type Span } from '@opentelemetry/api';
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  service: string;
  /** OTLP/HTTP base URL (`http://collector:4318`); spans go to `<endpoint>/v1/traces`. Unset: tracing is off. */
  otlpEndpoint?: string | undefined;
  /** Extra OTLP request headers (vendor API keys). */
  otlpHeaders?: Record<string, string> | undefined;
  /** Share of new traces kept (a sampled parent is always followed). */
  sampleRatio?: number | undefined;
  /** Tests: export here, synchronously, instead of OTLP. */
  exporter?: SpanExporter | undefined;
}

/** What a process's tracing set-up hands to its parts: the worker gives the processor to workflow spans. */
export interface Tracing {
  isEnabled: boolean;
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Flushes buffered spans; call before the process exits. */
  shutdown: () => Promise<void>;
}

/**
 * Tracing for one process: off (no provider, every span a no-op) unless an OTLP endpoint or a test exporter is
 * given. When on, the provider is global with W3C trace-context propagation and async-local context, so the
 * Temporal interceptors and the HTTP middleware below join the same trace.
 */
export function startTracing(options: TracingOptions): Tracing {
  const resource = new Resource({ 'service.name': options.service });
  const exporter =
    options.exporter ??
    (options.otlpEndpoint
      ? new OTLPTraceExporter({
          url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`,
          headers: options.otlpHeaders ?? {},
        })
      : undefined);
  if (!exporter)
    return { isEnabled: false, resource, spanProcessor: new NoopSpanProcessor(), shutdown: async () => {} };
  const spanProcessor = options.exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) }),
    spanProcessors: [spanProcessor],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return { isEnabled: true, resource, spanProcessor, shutdown: () => provider.shutdown() };
}

/** The context carried by incoming `traceparent`/`tracestate` headers (the root context when there are none). */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
}

/** The W3C `traceparent` of a span, to store beside the work it caused; undefined when not recording. */
export function traceparentOf(span: Span): string | undefined {
  const spanContext = span.spanContext();
  if (!span.isRecording() || !trace.isSpanContextValid(spanContext)) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return carrier.traceparent;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Span links to stored `traceparent`s (work done later, in another process, for those requests). */
export function linksFromTraceparents(
  traceparents: Iterable<string | null | undefined>,
  limit = 128,
): Link[] {
  const links = new Map<string, Link>();
  for (const value of traceparents) {
    const match = value ? TRACEPARENT.exec(value) : null;
    if (!match || links.size >= limit) continue;
    const spanContext: SpanContext = {
      traceId: match[1]!,
      spanId: match[2]!,
      traceFlags: Number.parseInt(match[3]!, 16),
      isRemote: true,
    };
    links.set(value!, { context: spanContext });
  }
  return [...links.values()];
}

/** The tracer every E²A span is made with (a no-op until `startTracing` registers a provider). */
export const tracer = () => trace.getTracer('e2a');
