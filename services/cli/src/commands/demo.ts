import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import {
  exceptionExamples,
  listVerifiedResolutions,
  findFirstUnblockedException,
  findLatestOrderException,
  invoiceTotalsByCurrency,
  operatorStats,
  countPendingNotificationDeliveries,
  upsertNotificationEndpoint,
  upsertTenant,
} from '@e2a/db';
import { withDb } from '../database';
import { dollars, exceptionDetail, positiveInt, printJson, printTable } from '../output';
import { FLOW_RUNS, flowSearchAttributes, type FlowName } from '@e2a/workflows/contracts';
import { withTemporal } from '../temporal';
import { orderIdFor } from '@e2a/generator';
import { signWebhook } from '@e2a/http';
import { NOTIFICATION_EVENT_TYPES, partnerEndpointsAt } from '@e2a/domain';
import { generateAndSend, printGenerationSummary } from './generate';

const DEMO_SEED = 42;

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
    const invoiceTotals = await invoiceTotalsByCurrency(db, tenant);
    const verified = await listVerifiedResolutions(db, tenant, 3);
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
      automation: stats.automation,
      verified,
      examples: picked.map((example) => exceptionDetail(example.exception, example.attempts)),
      invoiceTotals,
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
    // A late scan is one exception: the MISSING_SCAN raised while it was absent is resolved when it arrives, like a
    // window that looked late until its late-arriving event showed it met. Those are shown apart from the standing ones.
    console.log('\nExceptions by reason code');
    printTable(
      ['reason code', 'exceptions', 'standing', 'resolved by a late event'],
      summary.exceptionsByReason.map((row) => [
        row.reason_code,
        row.count,
        row.count - row.resolved_by_late_event,
        row.resolved_by_late_event,
      ]),
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
  const { automation } = summary;
  console.log(
    `Automation: ${automation.actions_executed} actions executed, ${automation.resolved_automatically} exceptions resolved automatically (verified), ${automation.awaiting_approval} approvals waiting, ${automation.notifications_delivered} notifications delivered.`,
  );
  for (const resolution of summary.verified) {
    const checks = Array.isArray(resolution.evidence)
      ? resolution.evidence.map((check) => String((check as { detail?: unknown }).detail ?? '')).join('; ')
      : '';
    console.log(
      `   Resolved ${resolution.reason_code} on order ${resolution.order_id} (decided by ${resolution.decision_source ?? '?'}): ${checks}`,
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

const demoReceiverUrl = (config: CliConfig) =>
  `${config.PARTNER_SIMULATOR_URL.replace(/\/+$/, '')}/notifications/receive`;

/** Waits (up to `timeoutSeconds`) for the queued notifications to be delivered, then asks the receiver what it got. */
async function awaitDemoNotifications(config: CliConfig, tenant: string, timeoutSeconds: number) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let pending = 0;
  do {
    pending = await withDb(config, (db) => countPendingNotificationDeliveries(db, tenant));
    if (pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } while (Date.now() < deadline);
  const receiverUrl = demoReceiverUrl(config).replace(/receive$/, 'received');
  const received = await fetch(receiverUrl)
    .then((response) => response.json() as Promise<{ events: number; by_type: Record<string, number> }>)
    .catch(() => null);
  return { receiver: demoReceiverUrl(config), pending, received };
}

async function seedDemo(
  config: CliConfig,
  options: { tenant: string; orders: number; seed: number; json?: boolean },
) {
  await withDb(config, (db) =>
    upsertTenant(db, {
      name: options.tenant,
      webhookSecret: config.DEMO_WEBHOOK_SECRET,
      apiKey: config.DEMO_API_KEY,
      partnerEndpoints: partnerEndpointsAt(config.PARTNER_SIMULATOR_URL),
    }),
  );
  // The partner simulator's receiver stands in for the tenant's ops channel: every event, HIGH and above created.
  await withDb(config, (db) =>
    upsertNotificationEndpoint(db, options.tenant, {
      url: demoReceiverUrl(config),
      secret: config.DEMO_WEBHOOK_SECRET,
      events: NOTIFICATION_EVENT_TYPES,
      minSeverity: 'HIGH',
      format: 'json',
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
  if (summary.errors > 0) process.exitCode = 2;
  return summary;
}

/** The WMS reports a stock mismatch on one demo order: a STOCK_MISMATCH exception that needs a person's approval. */
async function reportStockMismatch(config: CliConfig, tenant: string, orderId: string): Promise<void> {
  const body = JSON.stringify({
    event_id: `${orderId}-stock-mismatch`,
    event_type: 'exception_reported',
    order_id: orderId,
    occurred_at: new Date().toISOString(),
    station: 'CYCLE-COUNT-2',
    exception_reason: 'Cycle count mismatch: 3 units on hand, 5 expected',
  });
  const response = await fetch(`${config.GATEWAY_URL.replace(/\/$/, '')}/ingest/wms`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-tenant-id': tenant,
      'x-e2a-signature': signWebhook(config.DEMO_WEBHOOK_SECRET, body, Date.now() / 1000),
    },
    body,
  });
  if (response.status >= 300 && response.status !== 200) {
    throw new Error(
      `gateway answered ${response.status} to the stock-mismatch report: ${await response.text()}`,
    );
  }
}

export interface DemoApproval {
  exceptionId: string | null;
  orderId: string;
  status: string;
  detail: string;
}

/**
 * The human in the loop: waits for the STOCK_MISMATCH exception to ask for approval, approves it through the API
 * (which sends the `approveResolution` Update) and waits for the WMS reallocation to resolve it.
 */
async function approveStockMismatch(
  config: CliConfig,
  tenant: string,
  orderId: string,
  timeoutSeconds: number,
): Promise<DemoApproval> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const find = () => withDb(config, (db) => findLatestOrderException(db, tenant, orderId, 'STOCK_MISMATCH'));
  let exception = await find();
  while ((!exception || exception.approval_status !== 'PENDING') && Date.now() < deadline) {
    if (exception && exception.status === 'RESOLVED') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
    exception = await find();
  }
  if (!exception || exception.approval_status !== 'PENDING') {
    return {
      exceptionId: exception?.id ?? null,
      orderId,
      status: exception?.status ?? 'MISSING',
      detail: 'no approval was requested in time (is the worker running?)',
    };
  }
  const response = await fetch(
    `${config.OCTUP_API_URL.replace(/\/$/, '')}/exceptions/${exception.id}/approve`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${config.DEMO_API_KEY}`,
        'x-tenant-id': tenant,
      },
      body: JSON.stringify({
        approver: 'demo-operator',
        note: 'Recount confirmed: reallocate from the reserve location',
      }),
    },
  );
  if (!response.ok) {
    return {
      exceptionId: exception.id,
      orderId,
      status: exception.status,
      detail: `approve answered ${response.status}`,
    };
  }
  while (Date.now() < deadline) {
    exception = await find();
    if (exception?.status === 'RESOLVED') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    exceptionId: exception?.id ?? null,
    orderId,
    status: exception?.status ?? 'MISSING',
    detail:
      exception?.status === 'RESOLVED'
        ? 'approved by demo-operator; WMS inventory reallocation resolved it'
        : 'approved; resolution still running',
  };
}

/** An operator stops automation on one exception through the API, as a person would from the docs page. */
async function blockOneForReview(config: CliConfig, tenant: string): Promise<string | null> {
  const candidate = await withDb(config, (db) => findFirstUnblockedException(db, tenant, 'DAMAGED_PACKAGE'));
  if (!candidate) return null;
  const reason = 'Carrier claim opened: hold automation until the claim is settled';
  const response = await fetch(
    `${config.OCTUP_API_URL.replace(/\/$/, '')}/exceptions/${candidate.id}/block`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${config.DEMO_API_KEY}`,
        'x-tenant-id': tenant,
      },
      body: JSON.stringify({ reason }),
    },
  );
  return response.ok
    ? `${candidate.reason_code} on order ${candidate.order_id} (exception ${candidate.id}): ${reason}`
    : null;
}

// The order the demo drives the flows in: detect, explain and resolve, then bill.
const DEMO_FLOWS: FlowName[] = ['order-processing', 'exception-management', 'billing'];

export interface DemoFlowRun {
  flow: FlowName;
  workflowId: string;
  status: 'completed' | 'failed' | 'timed_out' | 'not_started';
  detail: string | null;
}

/** Starts each demo flow and waits for it (bounded), so the summary shows exceptions, explanations and invoices. */
async function driveDemoFlows(
  config: CliConfig,
  tenant: string,
  timeoutSeconds: number,
): Promise<DemoFlowRun[]> {
  // `demo-20261129T203000Z`: unique to the second, so each demo run starts its own flows.
  const window = `demo-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  const runs: DemoFlowRun[] = [];
  try {
    await withTemporal(config, async (client) => {
      for (const flow of DEMO_FLOWS) {
        const start = FLOW_RUNS[flow];
        const workflowId = start.workflowId(tenant, window);
        try {
          const handle = await client.workflow.start(start.workflowType, {
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            workflowId,
            args: [start.input(tenant, {})],
            typedSearchAttributes: flowSearchAttributes(tenant, flow),
          });
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<'timed_out'>((resolve) => {
            timer = setTimeout(() => resolve('timed_out'), timeoutSeconds * 1000);
          });
          const outcome = await Promise.race([
            handle.result().then(() => 'completed' as const),
            timedOut,
          ]).finally(() => clearTimeout(timer));
          runs.push({
            flow,
            workflowId,
            status: outcome,
            detail:
              outcome === 'timed_out' ? `still running after ${timeoutSeconds} s (is the worker up?)` : null,
          });
        } catch (error) {
          runs.push({
            flow,
            workflowId,
            status: 'failed',
            detail: error instanceof Error ? error.message : String(error),
          });
        }
        console.error(
          `  ${flow}: ${runs.at(-1)!.status}${runs.at(-1)!.detail ? ` - ${runs.at(-1)!.detail}` : ''}`,
        );
      }
    });
  } catch (error) {
    const detail = `Temporal unreachable at ${config.TEMPORAL_ADDRESS}: ${error instanceof Error ? error.message : String(error)}`;
    for (const flow of DEMO_FLOWS.filter((name) => !runs.some((run) => run.flow === name))) {
      runs.push({ flow, workflowId: '', status: 'not_started', detail });
    }
    console.error(`  ${detail}`);
  }
  return runs;
}

/** `e2a demo run|seed|summary`: `make demo` runs `demo run`. */
export function registerDemoCommands(program: Command, config: CliConfig): void {
  const demo = program.command('demo').description('the demo: seed demo orders, drive the flows, summarise');
  const seedOption = [
    '--seed <n>',
    'seed (fixed by default, so re-running the demo only adds duplicates)',
  ] as const;

  demo
    .command('run')
    .description(
      'ensure the demo tenant, send a demo batch, run order processing, exception management and billing, print the summary',
    )
    .option('--tenant <tenant>', 'demo tenant', config.DEMO_TENANT)
    .option('--orders <n>', 'orders to generate', positiveInt('--orders'), 300)
    .option(...seedOption, positiveInt('--seed'), DEMO_SEED)
    .option('--flow-timeout <seconds>', 'how long to wait for each flow', positiveInt('--flow-timeout'), 300)
    .option('--examples <n>', 'example exceptions to show', positiveInt('--examples'), 4)
    .option('--json', 'print JSON')
    .action(
      async (options: {
        tenant: string;
        orders: number;
        seed: number;
        flowTimeout: number;
        examples: number;
        json?: boolean;
      }) => {
        const sent = await seedDemo(config, options);
        if (!options.json) printGenerationSummary(sent);
        const mismatchOrder = orderIdFor('DEMO', options.seed, 0);
        await reportStockMismatch(config, options.tenant, mismatchOrder);
        if (!options.json) console.error('Running the flows for the demo tenant:');
        const flows = await driveDemoFlows(config, options.tenant, options.flowTimeout);
        const approval = await approveStockMismatch(config, options.tenant, mismatchOrder, 60);
        const blocked = await blockOneForReview(config, options.tenant);
        const notifications = await awaitDemoNotifications(config, options.tenant, 30);
        const summary = await buildDemoSummary(config, options.tenant, options.examples);
        if (options.json) return printJson({ sent, flows, approval, blocked, notifications, summary });
        printDemoSummary(summary);
        console.log(
          `Human approval: STOCK_MISMATCH on order ${approval.orderId} (exception ${approval.exceptionId ?? '-'}) → ` +
            `${approval.status}: ${approval.detail}`,
        );
        if (blocked) console.log(`Operator block: ${blocked}`);
        const byType = Object.entries(notifications.received?.by_type ?? {})
          .map(([type, count]) => `${type} ${count}`)
          .join(', ');
        console.log(
          `Notifications: the receiver at ${notifications.receiver} got ${notifications.received?.events ?? 0} signed event(s)` +
            `${byType ? ` (${byType})` : ''}; ${notifications.pending} still pending.`,
        );
        console.log('');
      },
    );

  demo
    .command('seed')
    .description('ensure the demo tenant, generate a demo batch and send it through the gateway')
    .option('--tenant <tenant>', 'demo tenant', config.DEMO_TENANT)
    .option('--orders <n>', 'orders to generate', positiveInt('--orders'), 300)
    .option(...seedOption, positiveInt('--seed'), DEMO_SEED)
    .option('--json', 'print JSON')
    .action(async (options: { tenant: string; orders: number; seed: number; json?: boolean }) => {
      const summary = await seedDemo(config, options);
      if (options.json) printJson(summary);
      else printGenerationSummary(summary);
    });

  demo
    .command('summary')
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
