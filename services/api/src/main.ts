import { Client, Connection } from '@temporalio/client';
import { createClient } from 'redis';
import { loadApiConfig, temporalConnectionOptions } from '@e2a/config';
import { createDb } from '@e2a/db';
import { closeServer, listen, onShutdown } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { createApiApp } from './app';

async function main(): Promise<void> {
  const config = loadApiConfig();
  const logger = createLogger({ service: 'api', level: config.LOG_LEVEL });
  const metrics = createMetricsRegistry('api');
  const { db } = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE }, (error) =>
    logger.warn({ err: error }, 'postgres connection lost'),
  );
  const redis = createClient({ url: config.REDIS_URL });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
  await redis.connect();
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

  const app = createApiApp({ db, redis, temporal, config, logger, metrics });
  const { server, port } = await listen(app, config.API_PORT, config.API_HOST);
  logger.info({ port }, 'api listening');

  onShutdown(
    async () => {
      await closeServer(server);
      await connection.close();
      await redis.quit().catch(() => undefined);
      await db.destroy();
    },
    (message) => logger.info(message),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
