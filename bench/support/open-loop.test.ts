import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { runOpenLoop } from './open-loop';

// The sender keeps its schedule whatever the answers do: a server that takes 200 ms per answer must still see the
// requests arrive at the asked rate (autocannon's 16 connections would have offered at most 80/s here), every
// request must be counted once, and non-2xx and dead sockets must be told apart.

let server: http.Server;
let url: string;
const arrivals: number[] = [];
const SERVER_DELAY_MS = 200;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    arrivals.push(performance.now());
    request.resume();
    request.on('end', () => {
      const status = request.url === '/reject' ? 422 : 202;
      setTimeout(() => response.writeHead(status).end(), SERVER_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('offers the asked rate whatever the latency, and counts every answer once', async () => {
  arrivals.length = 0;
  const result = await runOpenLoop({
    url,
    rate: 500,
    seconds: 2,
    maxSockets: 256,
    timeoutMs: 5_000,
    request: (n) => ({ path: n % 10 === 0 ? '/reject' : '/ok', body: `{"n":${n}}`, headers: {} }),
  });
  expect(result.sent).toBe(1_000);
  expect(result.answers2xx).toBe(900);
  expect(result.non2xx).toBe(100);
  expect(result.failures).toBe(0);
  expect(result.latenciesMs).toHaveLength(1_000);
  expect(Math.min(...result.latenciesMs)).toBeGreaterThanOrEqual(SERVER_DELAY_MS - 1);
  // Open loop: the 1,000 requests reach the server over about the scheduled 2 s although each answer takes
  // SERVER_DELAY_MS; waiting for answers on 16 connections would have spread them over 2,000 × 0.2 / 16 = 12.5 s.
  // Not all at once either (a sender that did not pace). Loose bounds: CI's load delays the sender's ticks.
  const span = (arrivals.at(-1) as number) - (arrivals[0] as number);
  expect(span).toBeGreaterThan(1_500);
  expect(span).toBeLessThan(4_000);
  const firstHalf = arrivals.filter((at) => at - (arrivals[0] as number) < span / 2).length;
  expect(firstHalf).toBeGreaterThan(300);
  expect(firstHalf).toBeLessThan(700);
});

it('keeps the warm-up apart, builds each request for its planned time, and says when the measured run starts', async () => {
  arrivals.length = 0;
  const planned: number[] = [];
  let measuredFrom = 0;
  const result = await runOpenLoop({
    url,
    rate: 100,
    seconds: 0.5,
    warmupSeconds: 0.3,
    maxSockets: 64,
    timeoutMs: 5_000,
    onMeasuredStart: () => {
      measuredFrom = arrivals.length;
    },
    request: (n, plannedAtMs) => {
      planned.push(plannedAtMs);
      return { path: '/ok', body: `{"n":${n}}`, headers: {} };
    },
  });
  expect(result.sent).toBe(80);
  expect(result.answers2xx).toBe(80);
  expect(result.warmupLatenciesMs).toHaveLength(30);
  expect(result.latenciesMs).toHaveLength(50);
  expect(Math.min(...result.latenciesMs, ...result.warmupLatenciesMs)).toBeGreaterThanOrEqual(
    SERVER_DELAY_MS - 1,
  );
  // Every request built before the first left, each planned 10 ms after the one before it.
  expect(planned).toHaveLength(80);
  expect((planned[79] as number) - (planned[0] as number)).toBeCloseTo(790, 0);
  // The measured run starts after the 30 warm-up requests were sent (and none of the later ones).
  expect(measuredFrom).toBeLessThanOrEqual(30);
  expect(measuredFrom).toBeGreaterThan(0);
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
