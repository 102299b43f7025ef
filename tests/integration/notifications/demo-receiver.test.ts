import { closeServer, listen } from '@e2a/http';
import { createPartnerSimulatorApp } from '@e2a/partner-simulator';

// The demo's receiver in the partner simulator: counts each signed event once, whatever the retries.

describe('partner simulator notification receiver', () => {
  it('accepts signed events once per event id and reports them by type', async () => {
    const { server, port } = await listen(createPartnerSimulatorApp(), 0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}/notifications`;
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/receive`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    const signed = { 'x-e2a-signature': 't=1,v1=00', 'x-e2a-event-type': 'exception_blocked' };
    try {
      expect((await post({ ...signed, 'x-e2a-event-id': 'e-1' })).status).toBe(200);
      expect(await (await post({ ...signed, 'x-e2a-event-id': 'e-1' })).json()).toEqual({
        received: 'e-1',
        duplicate: true,
      });
      expect((await post({ ...signed, 'x-e2a-event-id': 'e-2' })).status).toBe(200);
      expect((await post({ 'x-e2a-event-id': 'e-3' })).status).toBe(400);
      expect(await (await fetch(`${base}/received`)).json()).toEqual({
        events: 2,
        by_type: { exception_blocked: 2 },
      });
    } finally {
      await closeServer(server);
    }
  });
});
