import { Client, Connection } from '@temporalio/client';
import { createClient } from 'redis';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { loadApiConfig, temporalConnectionOptions, tracingOptions } from '@e2a/config';
import { createDb, withApplicationName } from '@e2a/db';
import { closeServer, listen, onShutdown } from '@e2a/http';
import { createLogger, createMetricsRegistry, startTracing } from '@e2a/telemetry';
import { createApiApp } from './app';

async function main(): Promise<void> {
  const config = loadApiConfig();
  const logger = createLogger({ service: 'api', level: config.LOG_LEVEL });
  const metrics = createMetricsRegistry('api');
  const tracing = startTracing(tracingOptions(config, 'api'));
  const { db } = createDb(
    withApplicationName(config.DATABASE_URL, 'e2a-api'),
    { max: config.API_DATABASE_POOL_SIZE },
    (error) => logger.warn({ err: error }, 'postgres connection lost'),
  );
  const redis = createClient({ url: config.REDIS_URL });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
  await redis.connect();
  const connection = await Connection.connect(temporalConnectionOptions(config));
  // Workflows started by a request continue its trace (the interceptor injects the active span's context).
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });

  const app = createApiApp({
    db,
    redis,
    temporal,
    config,
    logger,
    metrics,
    isTracingEnabled: tracing.isEnabled,
  });
  const { server, port } = await listen(app, config.API_PORT, config.API_HOST);
  logger.info({ port }, 'api listening');

  onShutdown(
    async () => {
      await closeServer(server);
      await connection.close();
      await redis.quit().catch(() => undefined);
      await db.destroy();
      await tracing.shutdown();
    },
    (message) => logger.info(message),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
