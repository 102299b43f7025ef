import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { createDb, upsertTenant } from '@e2a/db';
import { tenantIdSchema } from '@e2a/domain';
import { partnerEndpointsAt } from '../partners';

/** `e2a tenant create <name>`: creates or updates a tenant and prints `{name, webhook_secret, api_key}`. */
export function registerTenantCommands(program: Command, config: CliConfig): void {
  const tenant = program.command('tenant').description('manage tenants');
  tenant
    .command('create <name>')
    .description('create or update a tenant; prints JSON {name, webhook_secret, api_key}')
    .option('--webhook-secret <secret>', 'webhook signing secret (generated for a new tenant when absent)')
    .option('--api-key <key>', 'API key to add (generated for a new tenant when absent; stored hashed)')
    .option('--timezone <tz>', 'IANA time zone for weekends, holidays and billing days')
    .option(
      '--partner-url <url>',
      'base URL of the partner systems (address, payments, wms, carrier, systems)',
    )
    .action(
      async (
        name: string,
        options: { webhookSecret?: string; apiKey?: string; timezone?: string; partnerUrl?: string },
      ) => {
        const parsedName = tenantIdSchema.safeParse(name);
        if (!parsedName.success) throw new Error(`tenant name ${parsedName.error.issues[0]?.message}`);
        if (options.partnerUrl && !URL.canParse(options.partnerUrl)) {
          throw new Error(
            `--partner-url must be an absolute URL such as http://127.0.0.1:8090 (got "${options.partnerUrl}")`,
          );
        }
        if (options.timezone && !isValidTimeZone(options.timezone)) {
          throw new Error(
            `--timezone must be an IANA time zone such as Europe/Berlin (got "${options.timezone}")`,
          );
        }
        const { db } = createDb(config.DATABASE_URL, { max: 1 });
        try {
          const result = await upsertTenant(db, {
            name,
            ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
            ...(options.apiKey ? { apiKey: options.apiKey } : {}),
            ...(options.timezone ? { timezone: options.timezone } : {}),
            ...(options.partnerUrl ? { partnerEndpoints: partnerEndpointsAt(options.partnerUrl) } : {}),
          });
          console.log(
            JSON.stringify({
              name: result.name,
              webhook_secret: result.webhook_secret,
              api_key: result.api_key,
            }),
          );
        } finally {
          await db.destroy();
        }
      },
    );
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
