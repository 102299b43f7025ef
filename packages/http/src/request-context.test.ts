import express from 'express';
import type { Logger } from '@e2a/telemetry';
import { closeServer, listen } from './server';
import { requestContext } from './request-context';

type Line = { level: string; fields: Record<string, unknown>; message: string };

function recordingLogger(lines: Line[]): Logger {
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, fields, message });
  return { info: at('info'), warn: at('warn'), debug: at('debug') } as unknown as Logger;
}

describe('requestContext: correlation id and one access log line per request', () => {
  const lines: Line[] = [];
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const app = express();
    app.use(requestContext({ logger: recordingLogger(lines), isTracingEnabled: false }));
    app.get('/health', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/orders/:id', (_req, res) => {
      res.json({ correlation_id: res.locals.correlationId });
    });
    app.get('/boom', (_req, res) => {
      res.status(503).json({});
    });
    const listening = await listen(app, 0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${listening.port}`;
    stop = () => closeServer(listening.server);
  });
  afterAll(() => stop());
  beforeEach(() => lines.splice(0));

  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('keeps a valid presented id, echoes it and logs it with the route, status and tenant', async () => {
    const response = await fetch(`${baseUrl}/orders/o-1?secret=x`, {
      headers: { 'x-correlation-id': 'corr-1', 'x-tenant-id': 't-1' },
    });
    expect(response.headers.get('x-correlation-id')).toBe('corr-1');
    expect(await response.json()).toEqual({ correlation_id: 'corr-1' });
    await settle();
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'request',
        fields: {
          correlation_id: 'corr-1',
          method: 'GET',
          path: '/orders/o-1',
          route: '/orders/:id',
          status: 200,
          duration_ms: expect.any(Number),
          tenant: 't-1',
        },
      },
    ]);
  });

  it('makes a new id when none or an invalid one is presented', async () => {
    const none = await fetch(`${baseUrl}/orders/o-2`);
    const invalid = await fetch(`${baseUrl}/orders/o-3`, { headers: { 'x-correlation-id': 'has space' } });
    for (const response of [none, invalid])
      expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    await settle();
    expect(lines.map((line) => line.fields.correlation_id)).toEqual([
      none.headers.get('x-correlation-id'),
      invalid.headers.get('x-correlation-id'),
    ]);
  });

  it('logs 5xx at warn and probes at debug', async () => {
    await fetch(`${baseUrl}/boom`);
    await fetch(`${baseUrl}/health`);
    await settle();
    expect(lines.map((line) => [line.level, line.fields.path, line.fields.status])).toEqual([
      ['warn', '/boom', 503],
      ['debug', '/health', 200],
    ]);
  });
});
