import { loadGatewayConfig } from '@e2a/config';
import { onShutdown } from '@e2a/http';
import { createLogger } from '@e2a/telemetry';
import { startGateway } from './server';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  const gateway = await startGateway(config, logger);
  onShutdown(gateway.stop, (message) => logger.info(message));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
