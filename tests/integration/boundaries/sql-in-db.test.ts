import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Linter, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import { projectRoot } from '../../support/paths';

// SQL lives in packages/db: eslint-rules/no-sql-outside-db.js reports SQL written in activities and services, and
// eslint.config.mjs turns it on there. These tests prove the rule catches each kind of planted SQL, that the real
// config applies it where it should (and not in packages/db), and that no activity or service file has any today.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the rule is the CommonJS module eslint.config.mjs loads
const rule = require(path.join(projectRoot, 'eslint-rules/no-sql-outside-db.js')) as Rule.RuleModule;
const RULE_ID = 'e2a/no-sql-outside-db';

// `cwd` anchors `files`: a file outside it would match no configuration and silently pass.
const linter = new Linter({ configType: 'flat', cwd: projectRoot });
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser as Linter.Parser },
    plugins: { e2a: { rules: { 'no-sql-outside-db': rule } } },
    rules: { [RULE_ID]: 'error' },
  },
];

/** The rule's findings (message ids) for a source text linted as the given file. */
function findings(source: string, filename = 'activities/src/planted/planted.activities.ts'): string[] {
  const messages = linter.verify(source, config, { filename: path.join(projectRoot, filename) });
  const unlinted = messages.filter((message) => message.ruleId === null);
  if (unlinted.length) throw new Error(`${filename} was not linted: ${unlinted[0]?.message}`);
  return messages.filter((message) => message.ruleId === RULE_ID).map((message) => message.messageId ?? '');
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('SQL lives in packages/db', () => {
  it.each<[string, string, string[]]>([
    [
      'a query-builder chain on a transaction',
      `export const f = (trx: any) => trx.selectFrom('orders').selectAll().execute();`,
      ['queryBuilder'],
    ],
    [
      'an insert',
      `export const f = (db: any) => db.insertInto('alerts').values({}).execute();`,
      ['queryBuilder'],
    ],
    [
      'an update',
      `export const f = (db: any) => db.updateTable('exceptions').set({}).execute();`,
      ['queryBuilder'],
    ],
    ['a delete', `export const f = (db: any) => db.deleteFrom('exceptions').execute();`, ['queryBuilder']],
    ['a raw compiled query', `export const f = (db: any, q: any) => db.executeQuery(q);`, ['queryBuilder']],
    [
      'the sql tag taken from @e2a/db',
      "import { sql, type Db } from '@e2a/db';\nexport const f = (db: Db) => sql`SELECT 1`.execute(db);",
      ['sqlImport', 'sqlTag'],
    ],
    [
      'sql.raw',
      "import { sql } from 'kysely';\nexport const f = () => sql.raw('SELECT 1');",
      ['sqlLibrary', 'sqlTag'],
    ],
    [
      'a value import of kysely',
      "import { Kysely } from 'kysely';\nexport const K = Kysely;",
      ['sqlLibrary'],
    ],
    ['pg directly', "import { Pool } from 'pg';\nexport const P = Pool;", ['sqlLibrary']],
    [
      'kysely subpaths',
      "import { Migrator } from 'kysely/migration';\nexport const M = Migrator;",
      ['sqlLibrary'],
    ],
    // What activities and services do instead, which must stay allowed:
    [
      'a repository call in a transaction',
      "import { findTenant, type Db } from '@e2a/db';\nexport const f = (db: Db) => db.transaction().execute((trx) => findTenant(trx, 't'));",
      [],
    ],
    [
      'type imports',
      "import type { Transaction } from 'kysely';\nimport { type Kysely } from 'kysely';\nexport type T = Transaction<never> | Kysely<never>;",
      [],
    ],
    ['a type-only sql specifier is no query', "import { type Db } from '@e2a/db';\nexport type D = Db;", []],
  ])('%s → %j', (_name, source, expected) => {
    expect(findings(source)).toEqual(expected);
  });

  it('catches a query planted in a real activity file', () => {
    const file = 'activities/src/sla/sla.activities.ts';
    const source = readFileSync(path.join(projectRoot, file), 'utf8');
    expect(findings(source, file)).toEqual([]);
    const planted = `${source}\nexport const planted = (db: Db) => db.selectFrom('orders').selectAll().execute();\n`;
    expect(findings(planted, file)).toEqual(['queryBuilder']);
  });

  it('no activity or service file contains SQL', () => {
    const folders = [
      path.join(projectRoot, 'activities/src'),
      ...readdirSync(path.join(projectRoot, 'services')).map((service) =>
        path.join(projectRoot, 'services', service, 'src'),
      ),
    ];
    const files = folders.flatMap(typeScriptFiles);
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) =>
      linter
        .verify(readFileSync(file, 'utf8'), config, { filename: file })
        // Anything else (a parse error, no matching configuration) means the file was not checked.
        .filter((message) => message.ruleId === RULE_ID || message.ruleId === null)
        .map((message) => `${path.relative(projectRoot, file)}:${message.line} ${message.message}`),
    );
    expect(violations).toEqual([]);
  });

  it('eslint.config.mjs applies the rule to activities and services, not to packages/db', async () => {
    // The real config, loaded by ESLint itself in a child process (it is an ES module).
    const script = `
      import { ESLint } from 'eslint';
      const eslint = new ESLint();
      const files = JSON.parse(process.argv[1]);
      const severities = {};
      for (const file of files) {
        const config = await eslint.calculateConfigForFile(file);
        severities[file] = config.rules?.['${RULE_ID}']?.[0] ?? 'off';
      }
      console.log(JSON.stringify(severities));`;
    const files = [
      'activities/src/resolution/resolution.activities.ts',
      'activities/src/invoicing/invoicing.activities.ts',
      'services/api/src/routes/resolution.routes.ts',
      'services/api/src/routes/invoices.routes.ts',
      'services/worker/src/main.ts',
      'services/gateway/src/app.ts',
      'packages/db/src/resolution.repository.ts',
      'packages/metrics/src/enrichment-metrics.ts',
    ];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(files)],
      { cwd: projectRoot },
    );
    expect(JSON.parse(stdout.trim())).toEqual({
      'activities/src/resolution/resolution.activities.ts': 2,
      'activities/src/invoicing/invoicing.activities.ts': 2,
      'services/api/src/routes/resolution.routes.ts': 2,
      'services/api/src/routes/invoices.routes.ts': 2,
      'services/worker/src/main.ts': 2,
      'services/gateway/src/app.ts': 2,
      'packages/db/src/resolution.repository.ts': 'off',
      'packages/metrics/src/enrichment-metrics.ts': 'off',
    });
  });
});
