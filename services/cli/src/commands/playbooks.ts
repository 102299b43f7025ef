import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { findEffectivePlaybooks, insertPlaybooksVersion } from '@e2a/db';
import {
  PlaybookOverridesSchema,
  PlaybooksVersionBodySchema,
  effectivePlaybooks,
  tenantIdSchema,
} from '@e2a/domain';
import { withDb } from '../database';
import { printJson } from '../output';

// `e2a playbooks show|apply <file>` (docs/playbooks.md): the same versions as GET/PUT /tenants/{name}/playbooks,
// straight on Postgres so they work while the API is down.

/** The first validation issue as "<path> <rule>", the way the API names the field. */
function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? 'is invalid'}`.trim();
}

export function registerPlaybooksCommands(program: Command, config: CliConfig): void {
  const playbooks = program.command('playbooks').description("a tenant's resolution playbooks");

  playbooks
    .command('show')
    .description('the playbooks in effect now (the defaults where the tenant set none), as JSON')
    .requiredOption('--tenant <tenant>', 'tenant name')
    .option('--json', 'print JSON (always JSON)')
    .action(async (options: { tenant: string }) => {
      const tenant = tenantIdSchema.parse(options.tenant);
      const row = await withDb(config, (db) => findEffectivePlaybooks(db, tenant, new Date()));
      const overrides = PlaybookOverridesSchema.safeParse(row?.playbooks ?? {});
      printJson({
        tenant,
        version: row?.version ?? null,
        effective_from: row?.effective_from.toISOString() ?? null,
        playbooks: effectivePlaybooks(overrides.success ? overrides.data : {}),
      });
    });

  playbooks
    .command('apply <file>')
    .description('store a new version from a JSON file: {"playbooks": {"<REASON_CODE>": {"steps": [...]}}}')
    .requiredOption('--tenant <tenant>', 'tenant name')
    .option('--json', 'print JSON (always JSON)')
    .action(async (file: string, options: { tenant: string }) => {
      const tenant = tenantIdSchema.parse(options.tenant);
      const parsed = PlaybooksVersionBodySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
      if (!parsed.success) throw new Error(`${file}: ${firstIssue(parsed.error)}`);
      const body = parsed.data;
      const stored = await withDb(config, (db) =>
        insertPlaybooksVersion(db, {
          tenant,
          effectiveFrom: body.effective_from ? new Date(body.effective_from) : new Date(),
          playbooks: body.playbooks,
          createdBy: 'cli',
        }),
      );
      if (!stored) throw new Error(`tenant ${tenant} not found`);
      printJson({ tenant, version: stored.version, effective_from: stored.effective_from.toISOString() });
    });
}
