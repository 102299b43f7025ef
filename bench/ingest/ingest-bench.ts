import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildSync } from 'esbuild';
import { createClient } from 'redis';
import { loadGatewayConfig } from '@e2a/config';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, sql, upsertTenant } from '@e2a/db';
import { signWebhook } from '@e2a/http';
import { GATEWAY_NODE_FLAGS, MALLOC_ARENA_MAX } from '@e2a/infra/runtime-flags';

// `pnpm bench:ingest [--duration 60] [--connections 64]`: drives the real gateway (child process, own bench
// database) and a bare express JSON echo with signed, unique events; writes docs/benchmarks-gateway.md.

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const DURATION_SECONDS = flag('duration', 10);
const CONNECTIONS = flag('connections', 64);
const RATE_CONNECTIONS = flag('rate-connections', 8);
const SECRET = 'bench-webhook-secret';
const ROOT = path.resolve(__dirname, '../..');
const RUN = Date.now().toString(36);

interface Phase {
  name: string;
  rate?: number;
  connections: number;
}

interface PhaseResult {
  target: 'gateway' | 'echo';
  phase: string;
  tenant: string;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  maxRssMb: number;
  answers2xx: number;
  accepted: number;
  non2xx: number;
  errors: number;
  rows?: number;
}

const CARRIERS = ['UPS', 'FedEx', 'DHL', 'USPS'];
const STEPS = [
  { route: 'shopify', event_type: 'order_created' },
  { route: 'shopify', event_type: 'order_paid' },
  { route: 'wms', event_type: 'pick_completed' },
  { route: 'wms', event_type: 'pack_completed' },
  { route: 'carrier', event_type: 'shipment_dispatched' },
  { route: 'carrier', event_type: 'delivered' },
] as const;

/** The n-th event of the run: orders walk through their lifecycle, six events each, with unique ids. */
function nthEvent(tenant: string, n: number): { path: string; body: string } {
  const orderNumber = Math.floor(n / STEPS.length);
  const step = STEPS[n % STEPS.length] as (typeof STEPS)[number];
  const orderId = `${tenant}-${orderNumber}`;
  const base = {
    event_id: `${RUN}-${tenant}-${n}`,
    event_type: step.event_type,
    order_id: orderId,
    occurred_at: new Date(Date.now() - (STEPS.length - (n % STEPS.length)) * 60_000).toISOString(),
  };
  let event: Record<string, unknown>;
  if (step.event_type === 'order_created') {
    event = {
      ...base,
      line_count: 3,
      payload: {
        order: {
          id: orderNumber,
          name: `#${1000 + orderNumber}`,
          customer: {
            id: orderNumber % 5000,
            email: `buyer${orderNumber % 5000}@example.com`,
            first_name: 'Ada',
          },
          shipping_address: {
            address1: '1 Main St',
            city: 'Austin',
            province: 'TX',
            zip: '73301',
            country: 'US',
          },
          line_items: [1, 2, 3].map((line) => ({
            sku: `SKU-${(orderNumber + line) % 997}`,
            title: `Item ${line}`,
            quantity: line,
            price: (9.99 * line).toFixed(2),
            fragile: line === 3 && orderNumber % 7 === 0,
          })),
          financial_status: 'paid',
          fulfillment_status: null,
          total_price: '59.94',
          currency: 'USD',
          tags: orderNumber % 10 === 0 ? 'rush' : '',
          shipping_lines: [{ code: orderNumber % 4 === 0 ? 'EXPRESS' : 'STANDARD', price: '5.00' }],
          note: null,
        },
      },
    };
  } else if (step.route === 'wms') {
    event = { ...base, station: `ST-${n % 12}`, worker_id: `W-${n % 40}`, zone: 'A', items_count: 3 };
  } else if (step.route === 'carrier') {
    event = {
      ...base,
      carrier_name: CARRIERS[orderNumber % CARRIERS.length],
      tracking_number: `1Z${orderNumber.toString().padStart(12, '0')}`,
      location: 'Austin, TX',
    };
  } else {
    event = { ...base, payload: { amount_cents: 5994 } };
  }
  return { path: `/ingest/${step.route}`, body: JSON.stringify(event) };
}

function forkChild(
  file: string,
  argv: string[],
  nodeFlags: string[] = [],
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(bundle(file), argv, {
      // Started the way infra/scripts/up.sh starts the gateway: a bundle on plain node, no TypeScript loader.
      execArgv: nodeFlags,
      // eslint-disable-next-line no-restricted-properties -- the child inherits PATH and friends, as a shell would give it
      env: { ...process.env, MALLOC_ARENA_MAX },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

/** Bundles a child entry with esbuild into .data/build/, as infra/scripts/up.sh does for the gateway. */
function bundle(file: string): string {
  const outfile = path.join(ROOT, '.data/build', file.replace(/\.ts$/, '.js'));
  buildSync({
    entryPoints: [path.join(__dirname, file)],
    bundle: true,
    platform: 'node',
    target: 'node24',
    outfile,
    external: ['pg-native'],
    logLevel: 'warning',
  });
  return outfile;
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);

async function drive(
  target: PhaseResult['target'],
  port: number,
  pid: number,
  phase: Phase,
  tenant: string,
  seconds: number,
): Promise<PhaseResult> {
  let counter = 0;
  const latencies: number[] = [];
  let answers2xx = 0;
  let accepted = 0;
  let non2xx = 0;
  let maxRss = rssMb(pid);
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, rssMb(pid));
  }, 200);
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: phase.connections,
        duration: seconds,
        timeout: 10,
        ...(phase.rate ? { overallRate: phase.rate } : {}),
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const { path: route, body } = nthEvent(tenant, counter);
              counter += 1;
              return {
                ...request,
                path: route,
                body,
                headers: {
                  'content-type': 'application/json',
                  'x-tenant-id': tenant,
                  'x-e2a-signature': signWebhook(SECRET, body, Date.now() / 1000),
                },
              };
            },
          },
        ],
      },
      (error, output) => (error ? reject(error) : resolve(output)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) answers2xx += 1;
      else non2xx += 1;
      if (statusCode === 202) accepted += 1;
    });
  });
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    target,
    phase: phase.name,
    tenant,
    seconds,
    throughput: answers2xx / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    maxRssMb: Math.max(maxRss, rssMb(pid)),
    answers2xx,
    accepted,
    non2xx,
    errors: result.errors + result.timeouts,
  };
}

type AutocannonResult = Parameters<Parameters<typeof autocannon>[1]>[1];

// The machine's Redis is shared: drop the run's idempotency and rate-limit keys instead of leaving them for 24 h.
async function deleteBenchKeys(redisUrl: string): Promise<void> {
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  try {
    for (const pattern of ['idempo:bench-gw-*', 'ratelimit:{bench-gw-*']) {
      for await (const keys of redis.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
        if (keys.length) await redis.del(keys);
      }
    }
  } finally {
    await redis.quit();
  }
}

async function memoryOf(child: ChildProcess): Promise<Record<string, number>> {
  const reply = new Promise<Record<string, number>>((resolve) =>
    child.once('message', (message) => resolve((message as { memory: Record<string, number> }).memory)),
  );
  child.send('memory');
  const memory = await reply;
  return Object.fromEntries(Object.entries(memory).map(([key, bytes]) => [key, Math.round(bytes / 1048576)]));
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

function report(results: PhaseResult[], context: string): string {
  const rows = results.map(
    (r) =>
      `| ${r.target} | ${r.phase} | ${fmt(r.throughput, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.maxRssMb, 0)} | ${r.answers2xx} | ${r.rows ?? '—'} | ${r.non2xx} | ${r.errors} |`,
  );
  return [
    '| target | load | 2xx/s | p50 ms | p95 ms | p99 ms | max RSS MB | 2xx answers | rows stored | non-2xx | socket errors/timeouts |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    context,
  ].join('\n');
}

async function main(): Promise<void> {
  const base = loadGatewayConfig();
  const url = new URL(base.DATABASE_URL);
  url.pathname = '/e2a_bench_gw';
  const databaseUrl = url.toString();
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  const { db } = createDb(databaseUrl, { max: 2 });
  await migrateToLatest(db);

  const phases: Phase[] = [
    // At a fixed rate autocannon paces each connection separately and their ticks line up, so every extra
    // connection adds to a synchronized burst that then queues: use as few as keep the rate uncapped.
    { name: '500/s', rate: 500, connections: RATE_CONNECTIONS },
    { name: '1,000/s', rate: 1000, connections: RATE_CONNECTIONS * 2 },
    { name: '2,000/s', rate: 2000, connections: CONNECTIONS },
    { name: 'saturation', connections: CONNECTIONS },
  ];
  // `--only 500,saturation` runs a subset of the phases (quick A/B comparisons).
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : undefined;
  const selected = only
    ? phases.filter((phase) => only.includes(phase.name.replace(',', '').replace(/\/s$/, '')))
    : phases;
  const tenants = ['warmup', ...phases.map((_p, index) => `p${index}`)].map((name) => `bench-gw-${name}`);
  for (const name of tenants) await upsertTenant(db, { name, webhookSecret: SECRET });

  const gatewayEnv: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: base.REDIS_URL,
    GATEWAY_DATABASE_POOL_SIZE: String(base.GATEWAY_DATABASE_POOL_SIZE),
    INGEST_MAX_CONCURRENT_COMMITS: String(flag('commits', base.INGEST_MAX_CONCURRENT_COMMITS)),
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    LOG_LEVEL: 'warn',
    // The benchmark measures ingest, not the limiter: every request still runs the Redis token bucket.
    RATE_LIMIT_PER_TENANT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  };
  // The gateway's launch flags (infra/runtime-flags.ts, as `make up` and the image start it); `--semi-space <MB>`
  // replaces its young-generation size (0 = Node's default).
  const semiSpace = flag('semi-space', 4);
  const nodeFlags = [
    ...GATEWAY_NODE_FLAGS.filter((nodeFlag) => !nodeFlag.startsWith('--max-semi-space-size=')),
    ...(semiSpace ? [`--max-semi-space-size=${semiSpace}`] : []),
  ];
  // `--profile` writes a V8 CPU profile of the gateway child into .data/ for a look in DevTools.
  if (args.includes('--profile')) nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.data')}`);
  const gateway = await forkChild('ingest-gateway.child.ts', [JSON.stringify(gatewayEnv)], nodeFlags);
  const echo = await forkChild('echo.child.ts', []);
  const results: PhaseResult[] = [];
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
  try {
    console.log('warming up the gateway (3 s)…');
    await drive(
      'gateway',
      gateway.port,
      gateway.child.pid ?? 0,
      { name: 'warmup', connections: 16 },
      tenants[0] as string,
      3,
    );
    for (const [index, phase] of phases.entries()) {
      if (!selected.includes(phase)) continue;
      const tenant = tenants[index + 1] as string;
      console.log(`gateway ${phase.name} for ${DURATION_SECONDS} s…`);
      const result = await drive(
        'gateway',
        gateway.port,
        gateway.child.pid ?? 0,
        phase,
        tenant,
        DURATION_SECONDS,
      );
      const { rows } = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM order_events WHERE tenant = ${tenant}`.execute(db);
      result.rows = Number(rows[0]?.n ?? 0);
      results.push(result);
      console.log(report([result], ''));
      console.log('gateway memory (MB):', await memoryOf(gateway.child));
    }
    for (const phase of ([phases[0], phases[3]] as Phase[]).filter((p) => selected.includes(p))) {
      console.log(`echo ${phase.name} for ${DURATION_SECONDS} s…`);
      results.push(
        await drive('echo', echo.port, echo.child.pid ?? 0, phase, 'bench-echo', DURATION_SECONDS),
      );
    }
  } finally {
    gateway.child.disconnect();
    echo.child.disconnect();
    await db.destroy();
    await deleteBenchKeys(base.REDIS_URL);
  }

  const context = [
    `Run ${new Date().toISOString()}: ${DURATION_SECONDS} s per phase, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}),`,
    `load average at start ${load}, GATEWAY_DATABASE_POOL_SIZE=${base.GATEWAY_DATABASE_POOL_SIZE}, ${CONNECTIONS} connections at 2,000/s and saturation.`,
    'Gateway and echo each run in their own Node process; autocannon runs in the benchmark process on the same machine.',
  ].join('\n');
  const table = report(results, context);
  console.log(`\n${table}`);
  const doc = readFileSync(path.join(ROOT, 'docs/benchmarks-gateway.md'), 'utf8');
  const marker = '<!-- bench:ingest results -->';
  const [head] = doc.split(marker);
  writeFileSync(path.join(ROOT, 'docs/benchmarks-gateway.md'), `${head}${marker}\n\n${table}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
