import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { findTenant } from '@e2a/db';
import {
  generateOrders,
  planDeliveries,
  sendDeliveries,
  type GeneratedOrder,
  type SendSummary,
} from '@e2a/generator';
import { tenantIdSchema } from '@e2a/domain';
import { withDb } from '../database';
import { printJson, printTable, positiveInt } from '../output';

export interface GenerationSummary {
  tenant: string;
  seed: number;
  orders: number;
  events: number;
  deliveries: number;
  plannedDuplicates: number;
  plannedOutOfOrder: number;
  accepted: number;
  duplicate: number;
  errors: number;
  requests: number;
  retries: number;
  durationSeconds: number;
  eventsPerSecond: number;
  scenarios: Record<string, number>;
  expectedReasonCodes: Record<string, number>;
  errorSamples: SendSummary['errorSamples'];
}

interface GenerateOptions {
  tenant: string;
  seed?: number;
  secret?: string;
  json?: boolean;
  concurrency: number;
  batchSize: number;
  prefix: string;
}

const randomSeed = () => Math.floor(Math.random() * 2 ** 31);

/** The tenant's webhook secret: `--secret`, else the tenants table, else the demo secret for the demo tenant. */
export async function webhookSecretFor(
  config: CliConfig,
  tenant: string,
  explicit?: string,
): Promise<string> {
  if (explicit) return explicit;
  const row = await withDb(config, (db) => findTenant(db, tenant)).catch(() => undefined);
  if (row) return row.webhook_secret;
  if (tenant === config.DEMO_TENANT) return config.DEMO_WEBHOOK_SECRET;
  throw new Error(
    `unknown tenant "${tenant}": create it with \`e2a tenant create ${tenant}\` or pass --secret`,
  );
}

function tally(orders: GeneratedOrder[]) {
  const scenarios: Record<string, number> = {};
  const expectedReasonCodes: Record<string, number> = {};
  for (const order of orders) {
    scenarios[order.scenario] = (scenarios[order.scenario] ?? 0) + 1;
    for (const code of order.expectedReasonCodes)
      expectedReasonCodes[code] = (expectedReasonCodes[code] ?? 0) + 1;
  }
  return { scenarios, expectedReasonCodes };
}

function progressBar(enabled: boolean, total: number) {
  if (!enabled) return { increment: (_n: number) => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      format: ' sending |{bar}| {percentage}% | {value}/{total} events | {eta_formatted} left',
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: (n: number) => bar.increment(n), stop: () => bar.stop() };
}

/** Generates `count` orders of run `seed`, signs and sends every planned delivery through the gateway. */
export async function generateAndSend(
  config: CliConfig,
  input: {
    tenant: string;
    seed: number;
    count: number;
    firstIndex?: number;
    secret: string;
    mode: 'batch' | 'single';
    concurrency?: number;
    batchSize?: number;
    prefix?: string;
    showProgress: boolean;
  },
): Promise<GenerationSummary> {
  const orders = generateOrders(
    { seed: input.seed, now: new Date(), orderIdPrefix: input.prefix ?? 'SO' },
    input.count,
    input.firstIndex ?? 0,
  );
  const plan = planDeliveries(orders, { seed: input.seed + (input.firstIndex ?? 0) });
  const bar = progressBar(input.showProgress, plan.deliveries.length);
  const sent = await sendDeliveries(plan.deliveries, {
    gatewayUrl: config.GATEWAY_URL,
    tenant: input.tenant,
    webhookSecret: input.secret,
    mode: input.mode,
    ...(input.concurrency ? { concurrency: input.concurrency } : {}),
    ...(input.batchSize ? { batchSize: input.batchSize } : {}),
    onProgress: (n) => bar.increment(n),
  }).finally(() => bar.stop());
  const seconds = sent.durationMs / 1000;
  return {
    tenant: input.tenant,
    seed: input.seed,
    orders: orders.length,
    events: plan.events,
    deliveries: plan.deliveries.length,
    plannedDuplicates: plan.duplicates,
    plannedOutOfOrder: plan.outOfOrder,
    accepted: sent.accepted,
    duplicate: sent.duplicate,
    errors: sent.errors,
    requests: sent.requests,
    retries: sent.retries,
    durationSeconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: seconds > 0 ? Math.round(plan.deliveries.length / seconds) : plan.deliveries.length,
    ...tally(orders),
    errorSamples: sent.errorSamples,
  };
}

export function printGenerationSummary(summary: GenerationSummary): void {
  printTable(
    [
      'orders',
      'events',
      'deliveries',
      'accepted',
      'duplicate',
      'errors',
      'retries',
      'seconds',
      'events/s',
      'seed',
    ],
    [
      [
        summary.orders,
        summary.events,
        summary.deliveries,
        summary.accepted,
        summary.duplicate,
        summary.errors,
        summary.retries,
        summary.durationSeconds,
        summary.eventsPerSecond,
        summary.seed,
      ],
    ],
  );
  printTable(
    ['scenario', 'orders'],
    Object.entries(summary.scenarios).sort((a, b) => b[1] - a[1]),
  );
  for (const sample of summary.errorSamples) {
    console.error(`error: ${sample.status ?? 'network'} ${sample.code}: ${sample.message}`);
  }
}

function commonOptions(command: Command, config: CliConfig): Command {
  return command
    .option('--tenant <tenant>', 'tenant to send as', config.DEMO_TENANT)
    .option('--seed <n>', 'seed of the run (printed, so a run can be reproduced)', positiveInt('--seed'))
    .option('--secret <secret>', "webhook secret (default: the tenant's, read from Postgres)")
    .option('--prefix <prefix>', 'order id prefix', 'SO')
    .option('--concurrency <n>', 'requests in flight', positiveInt('--concurrency'), 4)
    .option('--batch-size <n>', 'events per /ingest/batch request', positiveInt('--batch-size'), 200)
    .option('--json', 'print the summary as JSON');
}

function checkTenant(tenant: string): void {
  const parsed = tenantIdSchema.safeParse(tenant);
  if (!parsed.success) throw new Error(`--tenant ${parsed.error.issues[0]?.message}`);
}

async function finish(summary: GenerationSummary, json?: boolean): Promise<void> {
  if (json) printJson(summary);
  else printGenerationSummary(summary);
  if (summary.errors > 0) process.exitCode = 2;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `e2a generate single|batch|stream`. */
export function registerGenerateCommands(program: Command, config: CliConfig): void {
  const generate = program
    .command('generate')
    .description('generate demo orders and send them through the gateway');

  commonOptions(
    generate.command('single').description('one order with its whole timeline, one webhook per event'),
    config,
  ).action(async (options: GenerateOptions) => {
    checkTenant(options.tenant);
    const secret = await webhookSecretFor(config, options.tenant, options.secret);
    const summary = await generateAndSend(config, {
      tenant: options.tenant,
      seed: options.seed ?? randomSeed(),
      count: 1,
      secret,
      mode: 'single',
      prefix: options.prefix,
      showProgress: false,
    });
    await finish(summary, options.json);
  });

  commonOptions(
    generate
      .command('batch')
      .description(
        `a batch of orders (${config.SHOPIFY_DEMO_API_PRODUCE_MIN_ORDERS}-${config.SHOPIFY_DEMO_API_PRODUCE_MAX_ORDERS} by default) via /ingest/batch`,
      )
      .option('--orders <n>', 'number of orders', positiveInt('--orders')),
    config,
  ).action(async (options: GenerateOptions & { orders?: number }) => {
    checkTenant(options.tenant);
    const seed = options.seed ?? randomSeed();
    const min = config.SHOPIFY_DEMO_API_PRODUCE_MIN_ORDERS;
    const max = Math.max(min, config.SHOPIFY_DEMO_API_PRODUCE_MAX_ORDERS);
    const count = options.orders ?? min + (seed % (max - min + 1));
    const secret = await webhookSecretFor(config, options.tenant, options.secret);
    const summary = await generateAndSend(config, {
      tenant: options.tenant,
      seed,
      count,
      secret,
      mode: 'batch',
      concurrency: options.concurrency,
      batchSize: options.batchSize,
      prefix: options.prefix,
      showProgress: !options.json,
    });
    await finish(summary, options.json);
  });

  commonOptions(
    generate
      .command('stream [seconds]')
      .description('one order every WEBHOOK_DELAY_SECONDS for [seconds] (default 60), one webhook per event'),
    config,
  ).action(async (secondsArg: string | undefined, options: GenerateOptions) => {
    checkTenant(options.tenant);
    const seconds = secondsArg === undefined ? 60 : Number(secondsArg);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new Error(`seconds must be a positive number (got "${secondsArg}")`);
    const seed = options.seed ?? randomSeed();
    const secret = await webhookSecretFor(config, options.tenant, options.secret);
    const delayMs = config.WEBHOOK_DELAY_SECONDS * 1000;
    const deadline = Date.now() + seconds * 1000;
    const totals: GenerationSummary[] = [];
    const bar = options.json
      ? undefined
      : new SingleBar(
          { format: ' streaming |{bar}| {value}/{total} s | {orders} orders', stream: process.stderr },
          Presets.shades_classic,
        );
    bar?.start(Math.ceil(seconds), 0, { orders: 0 });
    let index = 0;
    // One order per tick, each from the same seeded run, so a stream can be replayed exactly.
    while (Date.now() < deadline) {
      const tickStarted = Date.now();
      totals.push(
        await generateAndSend(config, {
          tenant: options.tenant,
          seed,
          count: 1,
          firstIndex: index,
          secret,
          mode: 'single',
          prefix: options.prefix,
          showProgress: false,
        }),
      );
      index += 1;
      bar?.update(
        Math.min(Math.ceil(seconds), Math.round((Date.now() - (deadline - seconds * 1000)) / 1000)),
        { orders: index },
      );
      const wait = Math.min(deadline - Date.now(), delayMs - (Date.now() - tickStarted));
      if (wait > 0) await sleep(wait);
    }
    bar?.stop();
    const sum = (pick: (summary: GenerationSummary) => number) => totals.reduce((acc, s) => acc + pick(s), 0);
    const merged: GenerationSummary = {
      tenant: options.tenant,
      seed,
      orders: sum((s) => s.orders),
      events: sum((s) => s.events),
      deliveries: sum((s) => s.deliveries),
      plannedDuplicates: sum((s) => s.plannedDuplicates),
      plannedOutOfOrder: sum((s) => s.plannedOutOfOrder),
      accepted: sum((s) => s.accepted),
      duplicate: sum((s) => s.duplicate),
      errors: sum((s) => s.errors),
      requests: sum((s) => s.requests),
      retries: sum((s) => s.retries),
      durationSeconds: seconds,
      eventsPerSecond: Math.round(sum((s) => s.deliveries) / seconds),
      scenarios: {},
      expectedReasonCodes: {},
      errorSamples: totals.flatMap((s) => s.errorSamples).slice(0, 10),
    };
    for (const total of totals) {
      for (const [key, n] of Object.entries(total.scenarios))
        merged.scenarios[key] = (merged.scenarios[key] ?? 0) + n;
      for (const [key, n] of Object.entries(total.expectedReasonCodes)) {
        merged.expectedReasonCodes[key] = (merged.expectedReasonCodes[key] ?? 0) + n;
      }
    }
    await finish(merged, options.json);
  });
}
