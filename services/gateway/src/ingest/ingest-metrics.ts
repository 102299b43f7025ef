import { Counter, Histogram, type Registry } from '@e2a/telemetry';

export interface IngestLabels {
  tenant: string;
  source: string;
  event_type: string;
}

export interface IngestMetrics {
  event(labels: IngestLabels, status: 'accepted' | 'duplicate' | 'rejected'): void;
  error(labels: IngestLabels, code: string): void;
  observe(labels: IngestLabels, seconds: number): void;
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  const events = new Counter({
    name: 'gateway_ingest_events_total',
    help: 'Events answered by the gateway, by outcome (accepted, duplicate, rejected inside a batch)',
    labelNames: ['tenant', 'source', 'event_type', 'status'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_ingest_errors_total',
    help: 'Ingest requests answered with an error, by error code',
    labelNames: ['tenant', 'source', 'event_type', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gateway_ingest_duration_seconds',
    help: 'Ingest request latency from first byte to answer',
    labelNames: ['tenant', 'source', 'event_type'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    event: (labels, status) => events.inc({ ...labels, status }),
    error: (labels, code) => errors.inc({ ...labels, code }),
    observe: (labels, seconds) => duration.observe(labels, seconds),
  };
}
