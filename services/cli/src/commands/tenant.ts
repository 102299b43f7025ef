import type { Command } from 'commander';
import { Client, Connection } from '@temporalio/client';
import type { z } from 'zod';
import type { CliConfig } from '@e2a/config';
import { upsertTenant } from '@e2a/db';
import { partnerEndpointsAt, tenantIdSchema } from '@e2a/domain';
import {
  apiKeyPrefixSchema,
  createTenantAdmin,
  partnerUrlSchema,
  RotateSecretBodySchema,
  timezoneSchema,
  UpdateTenantBodySchema,
  type Provisioning,
  type TenantAdmin,
  type TenantChange,
  type TenantDetail,
} from '@e2a/tenants';
import { withDb } from '../database';
import { printJson, printTable } from '../output';

// `e2a tenant …`: the same operations and JSON shapes as the admin API (docs/tenants.md), straight on Postgres
// and Temporal so they work while the API is down.

function parseFlag<S extends z.ZodType>(schema: S, value: unknown, flag: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `${flag} ${issue.path.join('.')}` : flag;
    throw new Error(`${path} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

const nameOf = (name: string) => parseFlag(tenantIdSchema, name, 'tenant name');

const connectTemporal = (config: CliConfig) =>
  Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: '5s' });

/** Runs `work` with a tenant-admin service over Postgres and Temporal; both are closed afterwards. */
async function withTenantAdmin<T>(
  config: CliConfig,
  work: (admin: TenantAdmin) => Promise<T>,
  connected?: Connection,
): Promise<T> {
  const connection = connected ?? (await connectTemporal(config));
  try {
    return await withDb(config, (db) =>
      work(
        createTenantAdmin({
          db,
          temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          webhookSecretGraceHours: config.WEBHOOK_SECRET_GRACE_HOURS,
          provisioningWaitMs: 30_000,
        }),
      ),
    );
  } finally {
    await connection.close();
  }
}

function reportProvisioning(provisioning: Provisioning): void {
  if (provisioning.status === 'completed') return;
  console.error(
    `warning: provisioning ${provisioning.workflow_id} is ${provisioning.status}` +
      (provisioning.detail ? ` (${provisioning.detail})` : '') +
      '; the tenant is stored and the tenant-reconciler brings it into service within 5 minutes',
  );
}

function printTenant(view: TenantDetail | TenantChange, json: boolean | undefined): void {
  if (json) return printJson(view);
  printTable(
    ['field', 'value'],
    [
      ['name', view.name],
      ['display name', view.display_name],
      ['time zone', view.timezone],
      ['state', view.state],
      ['disabled at', view.disabled_at],
      ['monitor', `${view.monitor.workflow_id} (${view.monitor.running ? 'running' : 'not running'})`],
      [
        'schedules',
        `${view.schedules.present}/${view.schedules.expected} present, ${view.schedules.paused} paused`,
      ],
      ['API keys', view.api_keys.map((key) => key.prefix).join(', ')],
      ['previous secret valid until', view.previous_webhook_secret_expires_at],
      ...('provisioning' in view
        ? [
            ['provisioning', `${view.provisioning.workflow_id}: ${view.provisioning.status}`] as [
              string,
              string,
            ],
          ]
        : []),
    ],
  );
}

export function registerTenantCommands(program: Command, config: CliConfig): void {
  const tenant = program.command('tenant').description('manage tenants (docs/tenants.md)');

  tenant
    .command('create <name>')
    .description(
      'create or update a tenant and bring it into service; prints JSON {name, webhook_secret, api_key}',
    )
    .option('--webhook-secret <secret>', 'webhook signing secret (generated for a new tenant when absent)')
    .option('--api-key <key>', 'API key to add (generated for a new tenant when absent; stored hashed)')
    .option('--timezone <tz>', 'IANA time zone for weekends, holidays and billing days')
    .option(
      '--partner-url <url>',
      'base URL of the partner systems (address, payments, wms, carrier, systems)',
    )
    .option('--json', 'print JSON (the default for create)')
    .action(
      async (
        name: string,
        options: { webhookSecret?: string; apiKey?: string; timezone?: string; partnerUrl?: string },
      ) => {
        nameOf(name);
        if (options.partnerUrl !== undefined)
          parseFlag(partnerUrlSchema, options.partnerUrl, '--partner-url');
        if (options.timezone !== undefined) parseFlag(timezoneSchema, options.timezone, '--timezone');
        const input = {
          name,
          ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
          ...(options.apiKey ? { apiKey: options.apiKey } : {}),
          ...(options.timezone ? { timezone: options.timezone } : {}),
          ...(options.partnerUrl ? { partnerUrl: options.partnerUrl } : {}),
        };
        let result: { name: string; webhook_secret: string; api_key: string | null };
        const connection = await connectTemporal(config).catch((error: unknown) => {
          // Temporal not started yet: the tenant is stored; worker start-up and the reconciler provision it.
          reportProvisioning({
            workflow_id: `tenant-onboarding:${name}`,
            status: 'not_started',
            detail: error instanceof Error ? error.message : String(error),
          });
          return undefined;
        });
        if (connection) {
          const stored = await withTenantAdmin(config, (admin) => admin.upsert(input), connection);
          reportProvisioning(stored.provisioning);
          result = stored;
        } else {
          result = await withDb(config, (db) =>
            upsertTenant(db, {
              name: input.name,
              ...(input.webhookSecret ? { webhookSecret: input.webhookSecret } : {}),
              ...(input.apiKey ? { apiKey: input.apiKey } : {}),
              ...(input.timezone ? { timezone: input.timezone } : {}),
              ...(input.partnerUrl ? { partnerEndpoints: partnerEndpointsAt(input.partnerUrl) } : {}),
            }),
          );
        }
        console.log(
          JSON.stringify({
            name: result.name,
            webhook_secret: result.webhook_secret,
            api_key: result.api_key,
          }),
        );
      },
    );

  tenant
    .command('list')
    .description('every tenant: state, monitor running, schedules present and paused')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const tenants = await withTenantAdmin(config, (admin) => admin.list());
      if (options.json) return printJson(tenants);
      printTable(
        ['tenant', 'state', 'time zone', 'monitor', 'schedules', 'paused'],
        tenants.map((view) => [
          view.name,
          view.state,
          view.timezone,
          view.monitor.running ? 'running' : 'not running',
          `${view.schedules.present}/${view.schedules.expected}`,
          view.schedules.paused,
        ]),
      );
    });

  tenant
    .command('show <name>')
    .description('one tenant: settings, API key prefixes, monitor and schedules')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      printTenant(await withTenantAdmin(config, (admin) => admin.show(nameOf(name))), options.json);
    });

  tenant
    .command('update <name>')
    .description('change display name, time zone or partner URL')
    .option('--display-name <text>', 'display name')
    .option('--timezone <tz>', 'IANA time zone (moves the billing schedule)')
    .option('--partner-url <url>', 'base URL of the partner systems')
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        options: { displayName?: string; timezone?: string; partnerUrl?: string; json?: boolean },
      ) => {
        const body = parseFlag(
          UpdateTenantBodySchema,
          {
            ...(options.displayName !== undefined ? { display_name: options.displayName } : {}),
            ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
            ...(options.partnerUrl !== undefined ? { partner_url: options.partnerUrl } : {}),
          },
          'update',
        );
        const view = await withTenantAdmin(config, (admin) => admin.update(nameOf(name), body));
        reportProvisioning(view.provisioning);
        printTenant(view, options.json);
      },
    );

  for (const action of ['disable', 'enable'] as const) {
    tenant
      .command(`${action} <name>`)
      .description(
        action === 'disable'
          ? 'disable: data kept, schedules paused, real-time evaluation stopped, webhooks answered 403'
          : 'enable: schedules resumed, real-time evaluation and webhooks back',
      )
      .option('--json', 'print JSON')
      .action(async (name: string, options: { json?: boolean }) => {
        const view = await withTenantAdmin(config, (admin) => admin[action](nameOf(name)));
        reportProvisioning(view.provisioning);
        printTenant(view, options.json);
      });
  }

  tenant
    .command('rotate-secret <name>')
    .description(
      'new webhook secret; the previous one stays valid for --grace-hours (WEBHOOK_SECRET_GRACE_HOURS)',
    )
    .option('--grace-hours <hours>', 'how long the previous secret stays valid (0 = not at all)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { graceHours?: string; json?: boolean }) => {
      const body = parseFlag(
        RotateSecretBodySchema,
        options.graceHours !== undefined ? { grace_hours: Number(options.graceHours) } : {},
        '--grace-hours',
      );
      const rotated = await withTenantAdmin(config, (admin) =>
        admin.rotateWebhookSecret(
          nameOf(name),
          body.grace_hours !== undefined ? { graceHours: body.grace_hours } : {},
        ),
      );
      if (options.json) return printJson(rotated);
      printTable(
        ['field', 'value'],
        Object.entries(rotated).map(([key, value]) => [key, value === null ? null : String(value)]),
      );
    });

  tenant
    .command('add-key <name>')
    .description('a new API key (printed once, stored hashed, named by its prefix)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const added = await withTenantAdmin(config, (admin) => admin.addApiKey(nameOf(name)));
      if (options.json) return printJson(added);
      printTable(
        ['field', 'value'],
        Object.entries(added).map(([key, value]) => [key, String(value)]),
      );
    });

  tenant
    .command('revoke-key <name> <prefix>')
    .description('revoke one API key by its prefix')
    .option('--json', 'print JSON')
    .action(async (name: string, prefix: string, options: { json?: boolean }) => {
      const revoked = await withTenantAdmin(config, (admin) =>
        admin.revokeApiKey(nameOf(name), parseFlag(apiKeyPrefixSchema, prefix, 'prefix')),
      );
      if (options.json) return printJson(revoked);
      console.log(`revoked API key ${revoked.prefix} of ${revoked.name}`);
    });
}
