import express from 'express';
import { listen } from '@e2a/http';

// The ceiling: a bare express JSON echo doing no auth, validation or storage.
async function main(): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.post('/{*path}', (req, res) => {
    const body = req.body as { event_id?: string; order_id?: string };
    res.status(202).json({ ok: true, status: 'accepted', event_id: body.event_id, order_id: body.order_id });
  });
  const { port } = await listen(app, 0, '127.0.0.1');
  process.send?.({ port });
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
