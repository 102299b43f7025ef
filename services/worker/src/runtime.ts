import net from 'node:net';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger } from '@e2a/telemetry';

export interface TemporalRuntime {
  /** Core's own Prometheus text (`temporal_…`), served again on the worker's `/metrics`. */
  scrapeSdkMetrics: () => Promise<string>;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Installs the Temporal Core runtime once per process: Core logs go through pino, and Core's metrics
 * (schedule-to-start latency, task slots, sticky cache, workflow/activity failures) are exported by Core's
 * Prometheus exporter on a loopback port no one else scrapes, so the worker's one `/metrics` endpoint can serve
 * them beside the prom-client registry. Durations in seconds, as Prometheus expects.
 */
export async function installTemporalRuntime(logger: Logger, service: string): Promise<TemporalRuntime> {
  const port = await freeLoopbackPort();
  Runtime.install({
    logger: {
      log: (level, message, meta) => logger[level.toLowerCase() as 'info']({ ...meta }, message),
      trace: (message, meta) => logger.trace(meta ?? {}, message),
      debug: (message, meta) => logger.debug(meta ?? {}, message),
      info: (message, meta) => logger.info(meta ?? {}, message),
      warn: (message, meta) => logger.warn(meta ?? {}, message),
      error: (message, meta) => logger.error(meta ?? {}, message),
    },
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      metrics: {
        prometheus: { bindAddress: `127.0.0.1:${port}`, useSecondsForDurations: true },
        globalTags: { service },
      },
    },
  });
  const url = `http://127.0.0.1:${port}/metrics`;
  return {
    scrapeSdkMetrics: async () => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return await response.text();
        logger.warn({ status: response.status }, 'temporal sdk metrics unavailable');
      } catch (error) {
        logger.warn({ err: error }, 'temporal sdk metrics unavailable');
      }
      return '';
    },
  };
}
