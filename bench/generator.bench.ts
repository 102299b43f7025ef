import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateOrders, planDeliveries, sendDeliveries } from '@e2a/generator';
import { signWebhook } from '@e2a/http';

// Imports by path: the root package has no workspace dependencies.
// Measures (never asserts) generation, delivery planning, signing and the sender against a local endpoint that
// verifies every signature and answers like the gateway. `pnpm bench:generator -- --orders 5000`.

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

async function main(): Promise<void> {
  const orders = argument('orders', 5000);
  const concurrency = argument('concurrency', 4);
  const batchSize = argument('batch-size', 200);
  const secret = 'bench-secret';

  let started = performance.now();
  const generated = generateOrders({ seed: 1, now: new Date() }, orders);
  const generateMs = performance.now() - started;

  started = performance.now();
  const plan = planDeliveries(generated, { seed: 1 });
  const planMs = performance.now() - started;

  const body = JSON.stringify({
    events: plan.deliveries.slice(0, batchSize).map((d) => ({ source: d.source, ...d.envelope })),
  });
  started = performance.now();
  for (let i = 0; i < 2000; i += 1) signWebhook(secret, body, 1_764_417_600 + i);
  const signMs = (performance.now() - started) / 2000;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [t, v1] = String(req.headers['x-e2a-signature']).replace('t=', '').split(',v1=');
      const valid = createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex') === v1;
      const events = (JSON.parse(raw) as { events: unknown[] }).events;
      res.writeHead(valid ? 202 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results: events.map(() => ({ status: 'accepted' })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sent = await sendDeliveries(plan.deliveries, {
    gatewayUrl: `http://127.0.0.1:${port}`,
    tenant: 'bench',
    webhookSecret: secret,
    concurrency,
    batchSize,
  });
  server.close();

  const figures = {
    orders,
    events: plan.events,
    deliveries: plan.deliveries.length,
    generateOrdersPerSecond: Math.round(orders / (generateMs / 1000)),
    planDeliveriesPerSecond: Math.round(plan.deliveries.length / (planMs / 1000)),
    signBatchMs: Math.round(signMs * 1000) / 1000,
    batchSize,
    concurrency,
    sendEventsPerSecond: Math.round(sent.deliveries / (sent.durationMs / 1000)),
    sendErrors: sent.errors,
  };
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
