import { loadGatewayConfig } from '@e2a/config';
import { startGateway } from '@e2a/gateway';

// Bench child: the real gateway with the config the benchmark hands over (argv JSON, env-style strings).
async function main(): Promise<void> {
  const config = loadGatewayConfig(JSON.parse(process.argv[2] ?? '{}') as Record<string, string>);
  const gateway = await startGateway(config);
  process.send?.({ port: gateway.port });
  // The benchmark asks for memory figures between phases.
  process.on('message', () => process.send?.({ memory: process.memoryUsage() }));
  process.on('disconnect', () => {
    void gateway.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
