import { Gauge, type Registry } from 'prom-client';
import { dlqStats, type Db } from '@e2a/db';

/**
 * DLQ depth at scrape time (`dlq_entries{kind,status}`, PENDING and FAILED), for the DLQ alert in
 * infra/observability. REPLAYED entries are history, not depth.
 */
export function registerDlqMetrics(registry: Registry, deps: { db: Db; now?: () => Date }): void {
  const now = deps.now ?? (() => new Date());
  new Gauge({
    name: 'dlq_entries',
    help: 'Dead-letter entries waiting for replay (PENDING) or given up (FAILED), by kind and status',
    labelNames: ['kind', 'status'],
    registers: [registry],
    async collect() {
      const stats = await dlqStats(deps.db, { now: now() });
      this.reset();
      for (const row of stats.byKind)
        if (row.status !== 'REPLAYED') this.set({ kind: row.kind, status: row.status }, row.count);
    },
  });
}
