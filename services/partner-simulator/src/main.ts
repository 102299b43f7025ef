import { loadPartnerSimulatorConfig } from '@e2a/config';
import { closeServer, listen, onShutdown } from '@e2a/http';
import { createLogger } from '@e2a/telemetry';
import { createPartnerSimulatorApp } from './index';

async function main(): Promise<void> {
  const config = loadPartnerSimulatorConfig();
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const app = createPartnerSimulatorApp({ logger });
  const { server, port } = await listen(app, config.PARTNER_SIMULATOR_PORT, config.PARTNER_SIMULATOR_HOST);
  logger.info({ port }, 'partner simulator listening');
  onShutdown(
    () => closeServer(server),
    (message) => logger.info(message),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
