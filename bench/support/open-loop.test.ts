import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { runOpenLoop } from './open-loop';

// The sender keeps its schedule whatever the answers do: a server that takes 40 ms per answer must still see
// requests arrive evenly at the asked rate (autocannon's 16 connections would have offered at most 400/s here),
// every request must be counted once, and non-2xx and dead sockets must be told apart.

let server: http.Server;
let url: string;
const arrivals: number[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    arrivals.push(performance.now());
    request.resume();
    request.on('end', () => {
      const status = request.url === '/reject' ? 422 : 202;
      setTimeout(() => response.writeHead(status).end(), 40);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('offers the asked rate, evenly, whatever the latency', async () => {
  arrivals.length = 0;
  const result = await runOpenLoop({
    url,
    rate: 500,
    seconds: 2,
    maxSockets: 64,
    timeoutMs: 5_000,
    request: (n) => ({ path: n % 10 === 0 ? '/reject' : '/ok', body: `{"n":${n}}`, headers: {} }),
  });
  expect(result.sent).toBe(1_000);
  expect(result.answers2xx).toBe(900);
  expect(result.non2xx).toBe(100);
  expect(result.failures).toBe(0);
  expect(result.latenciesMs).toHaveLength(1_000);
  expect(Math.min(...result.latenciesMs)).toBeGreaterThanOrEqual(39);
  // 1,000 arrivals over ~2 s: no second of the run got much more or less than its share.
  const first = arrivals[0] as number;
  const perHalfSecond = [0, 1, 2, 3].map(
    (slot) => arrivals.filter((at) => at - first >= slot * 500 && at - first < (slot + 1) * 500).length,
  );
  for (const count of perHalfSecond) expect(Math.abs(count - 250)).toBeLessThanOrEqual(40);
});

it('counts a refused connection as a failure, not an answer', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const result = await runOpenLoop({
    url: `http://127.0.0.1:${port}`,
    rate: 50,
    seconds: 0.2,
    maxSockets: 4,
    timeoutMs: 1_000,
    request: () => ({ path: '/', body: '{}', headers: {} }),
  });
  expect(result.sent).toBe(10);
  expect(result.failures).toBe(10);
  expect(result.answers2xx + result.non2xx).toBe(0);
});
