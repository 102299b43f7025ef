import { createClient } from 'redis';
import { loadGatewayConfig } from '@e2a/config';
import { createDb } from '@e2a/db';
import { closeServer, listen, onShutdown } from '@e2a/http';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import { createGatewayApp } from './app';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  const metrics = createMetricsRegistry('gateway');
  const { db } = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const redis = createClient({ url: config.REDIS_URL });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
  await redis.connect();

  const app = createGatewayApp({ db, redis, config, logger, metrics });
  const { server, port } = await listen(app, config.GATEWAY_PORT, config.GATEWAY_HOST);
  logger.info({ port }, 'gateway listening');

  onShutdown(
    async () => {
      await closeServer(server);
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
