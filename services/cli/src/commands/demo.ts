import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { exceptionExamples, operatorStats, sql, upsertTenant } from '@e2a/db';
import { withDb } from '../database';
import { dollars, exceptionDetail, positiveInt, printJson, printTable } from '../output';
import { generateAndSend, printGenerationSummary } from './generate';

const DEMO_SEED = 3_000_001;

/** Links a person needs after the demo: the Temporal UI filtered to the tenant, and the API docs. */
export function demoUrls(config: CliConfig, tenant: string) {
  const query = encodeURIComponent(`TenantId="${tenant}"`);
  return {
    temporalUi: `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows?query=${query}`,
    apiDocs: `${config.OCTUP_API_URL.replace(/\/+$/, '')}/docs`,
  };
}

async function buildDemoSummary(config: CliConfig, tenant: string, examples: number) {
  return withDb(config, async (db) => {
    const stats = await operatorStats(db, tenant);
    const picked = await exceptionExamples(db, tenant, examples);
    const invoiceTotals = await sql<{ currency: string; n: string; amount: string | null }>`
      SELECT currency, count(*) AS n, sum(amount_cents) AS amount FROM invoices WHERE tenant = ${tenant}
      GROUP BY currency ORDER BY currency`.execute(db);
    return {
      tenant,
      counts: {
        orders: stats.orders,
        events: stats.events,
        exceptions: stats.exceptions.total,
        blocked: stats.exceptions.blocked,
        invoices: stats.invoices.count,
        dlqPending: stats.dlqPending,
      },
      exceptionsByReason: stats.exceptions.byReason,
      exceptionsByStatus: stats.exceptions.byStatus,
      ai: stats.ai,
      examples: picked.map((example) => exceptionDetail(example.exception, example.attempts)),
      invoiceTotals: invoiceTotals.rows.map((row) => ({
        currency: row.currency,
        invoices: Number(row.n),
        amount_cents: Number(row.amount ?? 0),
      })),
      urls: demoUrls(config, tenant),
    };
  });
}

export type DemoSummary = Awaited<ReturnType<typeof buildDemoSummary>>;

// Resolution actions are stored as names or as objects naming the action (`type`, `action` or `name`).
function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  const named = (action ?? {}) as { type?: unknown; action?: unknown; name?: unknown };
  const name = named.type ?? named.action ?? named.name;
  return typeof name === 'string' ? name : JSON.stringify(action);
}

function printDemoSummary(summary: DemoSummary): void {
  const { counts } = summary;
  console.log(`\nE²A demo: ${summary.tenant}\n`);
  printTable(
    ['orders', 'events', 'exceptions', 'blocked', 'invoices', 'DLQ pending'],
    [[counts.orders, counts.events, counts.exceptions, counts.blocked, counts.invoices, counts.dlqPending]],
  );
  if (summary.exceptionsByReason.length) {
    console.log('\nExceptions by reason code');
    printTable(
      ['reason code', 'exceptions'],
      summary.exceptionsByReason.map((row) => [row.reason_code, row.count]),
    );
  } else {
    console.log(
      '\nNo exceptions yet: the order-processing flow has not evaluated these orders (is the worker running?).',
    );
  }
  if (summary.ai.explained > 0) {
    console.log(
      `Explanations: ${summary.ai.explained}, of which ${summary.ai.fallback} by the rule-based fallback (${(summary.ai.fallbackShare * 100).toFixed(0)} %).`,
    );
  }
  for (const example of summary.examples) {
    console.log(
      `\n── Exception ${example.id}: ${example.reason_code} (${example.severity}, ${example.status}) on order ${example.order_id}`,
    );
    if (example.ops_note) console.log(`   Ops:      ${example.ops_note}`);
    if (example.client_note) console.log(`   Customer: ${example.client_note}`);
    if (!example.ops_note && !example.client_note) console.log('   (not explained yet)');
    for (const attempt of example.attempts) {
      const actions = Array.isArray(attempt.actions) ? attempt.actions.map(actionName).join(', ') : '';
      console.log(
        `   Action #${attempt.attempt_number}: ${attempt.status}${actions ? ` (${actions})` : ''}${attempt.error ? ` - ${attempt.error}` : ''}`,
      );
    }
    if (example.resolution_blocked) console.log(`   Blocked: ${example.resolution_block_reason ?? ''}`);
  }
  console.log('\nInvoices');
  if (summary.invoiceTotals.length === 0)
    console.log('   none yet (billing runs daily at 02:00 tenant time, or `e2a flows run billing`)');
  for (const total of summary.invoiceTotals) {
    console.log(`   ${total.invoices} invoice(s), ${dollars(total.amount_cents, total.currency)}`);
  }
  console.log(`\nTemporal UI (this tenant's runs): ${summary.urls.temporalUi}`);
  console.log(`API docs:                         ${summary.urls.apiDocs}\n`);
}

/** `e2a demo-seed` (what `make demo` runs) and `e2a demo-summary`. */
export function registerDemoCommands(program: Command, config: CliConfig): void {
  program
    .command('demo-seed')
    .description('ensure the demo tenant, generate a demo batch and send it through the gateway')
    .option('--tenant <tenant>', 'demo tenant', config.DEMO_TENANT)
    .option('--orders <n>', 'orders to generate', positiveInt('--orders'), 300)
    .option(
      '--seed <n>',
      'seed (fixed by default, so re-running the demo only adds duplicates)',
      positiveInt('--seed'),
      DEMO_SEED,
    )
    .option('--json', 'print JSON')
    .action(async (options: { tenant: string; orders: number; seed: number; json?: boolean }) => {
      await withDb(config, (db) =>
        upsertTenant(db, {
          name: options.tenant,
          webhookSecret: config.DEMO_WEBHOOK_SECRET,
          apiKey: config.DEMO_API_KEY,
        }),
      );
      const summary = await generateAndSend(config, {
        tenant: options.tenant,
        seed: options.seed,
        count: options.orders,
        secret: config.DEMO_WEBHOOK_SECRET,
        mode: 'batch',
        prefix: 'DEMO',
        showProgress: !options.json,
      });
      if (options.json) printJson(summary);
      else printGenerationSummary(summary);
      if (summary.errors > 0) process.exitCode = 2;
    });

  program
    .command('demo-summary')
    .description(
      'what the demo produced: counts, example exceptions with explanations and actions, invoices, URLs',
    )
    .option('--tenant <tenant>', 'demo tenant', config.DEMO_TENANT)
    .option('--examples <n>', 'example exceptions to show', positiveInt('--examples'), 4)
    .option('--json', 'print JSON')
    .action(async (options: { tenant: string; examples: number; json?: boolean }) => {
      const summary = await buildDemoSummary(config, options.tenant, options.examples);
      if (options.json) return printJson(summary);
      printDemoSummary(summary);
    });
}
