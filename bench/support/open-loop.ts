import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

// An open-loop sender: request n leaves at start + n / rate whatever the answers before it did, over a keep-alive
// pool of sockets. autocannon paces each connection on its own and waits for its answer, so its offered rate
// depends on the latency it measures (16 connections offer 1,000/s only while the mean stays under 16 ms) and its
// per-connection ticks line up into bursts; here the arrivals are evenly spaced and the rate is what was asked.
// undici's pool, not node:http: the sender shares the machine with what it measures, and it costs about half.

export interface OpenLoopOptions {
  url: string;
  /** Requests per second, evenly spaced. */
  rate: number;
  /** The measured run, after the warm-up. */
  seconds: number;
  /**
   * Seconds sent at the same rate before the measured run: a process that just started answers its first thousands
   * of requests with cold code and an empty pool, which says nothing about how it serves once running. Their
   * answers are counted and their latencies kept apart (`warmupLatenciesMs`).
   */
  warmupSeconds?: number;
  /** Called when the first measured request is sent (the warm-up is over): where to start counting CPU. */
  onMeasuredStart?: () => void;
  /** Most sockets open at once; a request finding none free waits for one (and its latency includes the wait). */
  maxSockets: number;
  timeoutMs: number;
  /**
   * Request n, built before the clock starts (signing and serialising are the sender's cost, not the measured
   * system's, on a machine they share); `plannedAtMs` is the wall-clock time it is scheduled to leave.
   */
  request: (
    n: number,
    plannedAtMs: number,
  ) => { path: string; body: string; headers: Record<string, string> };
}

export interface OpenLoopResult {
  sent: number;
  answers2xx: number;
  non2xx: number;
  /** Socket errors and timeouts. */
  failures: number;
  /** Milliseconds from each measured request's send to its full answer, in send order (NaN: no answer). */
  latenciesMs: number[];
  /** The same for the warm-up's requests. */
  warmupLatenciesMs: number[];
  /** How late the sender itself got behind its schedule at worst (its event loop was busy), ms. */
  maxSendLagMs: number;
  /** The whole run's seconds, warm-up included. */
  seconds: number;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const pool = new Pool(options.url, {
    connections: options.maxSockets,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const warmup = Math.round(options.rate * (options.warmupSeconds ?? 0));
  const total = warmup + Math.round(options.rate * options.seconds);
  const plannedStart = Date.now();
  // A sent request's slot is emptied, so its body can be collected.
  const requests: Array<ReturnType<OpenLoopOptions['request']> | undefined> = Array.from(
    { length: total },
    (_, n) => options.request(n, plannedStart + (n * 1000) / options.rate),
  );
  const latencies = new Float64Array(total).fill(Number.NaN);
  const result: OpenLoopResult = {
    sent: 0,
    answers2xx: 0,
    non2xx: 0,
    failures: 0,
    latenciesMs: [],
    warmupLatenciesMs: [],
    maxSendLagMs: 0,
    seconds: 0,
  };
  let settled = 0;
  const startedAt = performance.now();

  return new Promise<OpenLoopResult>((resolve) => {
    const finishIfDone = () => {
      if (result.sent < total || settled < total) return;
      result.seconds = (performance.now() - startedAt) / 1000;
      result.warmupLatenciesMs = Array.from(latencies.subarray(0, warmup));
      result.latenciesMs = Array.from(latencies.subarray(warmup));
      void pool.destroy().finally(() => resolve(result));
    };
    const send = async (n: number) => {
      const request = requests[n];
      requests[n] = undefined;
      const sentAt = performance.now();
      try {
        if (!request) throw new Error(`request ${n} was sent twice`);
        const { path, body, headers } = request;
        const response = await pool.request({ method: 'POST', path, body, headers });
        await response.body.dump();
        latencies[n] = performance.now() - sentAt;
        if (response.statusCode >= 200 && response.statusCode < 300) result.answers2xx += 1;
        else result.non2xx += 1;
      } catch {
        result.failures += 1;
      }
      settled += 1;
      finishIfDone();
    };
    // A 1 ms tick sends every request whose time has come (several at once if the loop was late).
    const timer = setInterval(() => {
      const elapsedMs = performance.now() - startedAt;
      const due = Math.min(total, Math.floor((elapsedMs * options.rate) / 1000) + 1);
      if (due > result.sent + 1)
        result.maxSendLagMs = Math.max(result.maxSendLagMs, elapsedMs - (result.sent * 1000) / options.rate);
      while (result.sent < due) {
        if (result.sent === warmup) options.onMeasuredStart?.();
        void send(result.sent);
        result.sent += 1;
      }
      if (result.sent >= total) {
        clearInterval(timer);
        finishIfDone();
      }
    }, 1);
  });
}
