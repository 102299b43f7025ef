import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProbeFile, ProbeMessage, ProbeResult } from '../../support/eslint-probe';
import { projectRoot } from '../../support/paths';

// The boundaries hold: ARCHITECTURE.md's "may import" table is exactly what ESLint lets each folder import, and
// every other boundary rule fails on a planted violation. Planted files are linted as text under a path of the
// repository (nothing is written), with the repository's own eslint.config.mjs.

const CONTRACTS = '@e2a/workflows/contracts';
const PROBE = '__boundary_probe__.ts';

function lint(files: ProbeFile[]): Promise<ProbeResult[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'tests/support/eslint-probe.ts')],
      { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`eslint probe failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as ProbeResult[]);
      },
    );
    child.stdin?.end(JSON.stringify(files));
  });
}

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');

/** Every workspace package: folder → name, from the package.json files the workspace globs find. */
function workspacePackages(): Map<string, string> {
  const folders = ['packages', 'services'].flatMap((parent) =>
    readdirSync(path.join(projectRoot, parent)).map((child) => `${parent}/${child}`),
  );
  folders.push('workflows', 'activities', 'infra', 'tests', 'bench');
  const packages = new Map<string, string>();
  for (const folder of folders) {
    const file = path.join(projectRoot, folder, 'package.json');
    if (existsSync(file))
      packages.set(folder, (JSON.parse(readFileSync(file, 'utf8')) as { name: string }).name);
  }
  return packages;
}

/** A module each wildcard of the libraries table matches, to plant in its place. */
const EXAMPLE_OF_PATTERN: Record<string, string> = {
  '@ai-sdk/*': '@ai-sdk/openai',
  'node:*': 'node:path',
  '@temporalio/*': '@temporalio/client',
};

interface TableRow {
  folder: string;
  /** Value imports the table allows. */
  allowed: Set<string>;
  /** Packages the table allows as type imports only. */
  typesOnly: Set<string>;
}

/** ARCHITECTURE.md's package table; "every package but X" rows are read against the workspace list. */
function architectureTable(importable: string[]): TableRow[] {
  const section = read('ARCHITECTURE.md').split('## Packages')[1]!.split('\n\n')[1]!;
  return section
    .split('\n')
    .slice(2)
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      const folder = cells[1]!.replace(/`/g, '');
      const column = cells[4]!;
      const named = [...column.matchAll(/`(@e2a\/[a-z/*-]+)`( \(types only\))?/g)];
      if (column.startsWith('every package but')) {
        const excluded = new Set(named.map((match) => match[1]!));
        const self = workspacePackages().get(folder);
        return {
          folder,
          allowed: new Set(importable.filter((name) => !excluded.has(name) && name !== self)),
          typesOnly: new Set<string>(),
        };
      }
      return {
        folder,
        allowed: new Set(named.filter((match) => !match[2]).map((match) => match[1]!)),
        typesOnly: new Set(named.filter((match) => match[2]).map((match) => match[1]!)),
      };
    });
}

/** ARCHITECTURE.md's "must not import" table: folder → one module per entry (a wildcard stands for a match). */
function librariesTable(): { folder: string; libraries: string[] }[] {
  const section = read('ARCHITECTURE.md').split('Libraries that code must not import')[1]!.split('\n\n')[1]!;
  return section
    .split('\n')
    .slice(2)
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      const libraries = [...cells[2]!.matchAll(/`([^`]+)`/g)].map(
        (match) => EXAMPLE_OF_PATTERN[match[1]!] ?? match[1]!,
      );
      return { folder: cells[1]!.replace(/`/g, ''), libraries };
    });
}

/** Where a planted file of a folder goes: its src/ when it has one. */
function probePath(folder: string, file = PROBE): string {
  return existsSync(path.join(projectRoot, folder, 'src')) ? `${folder}/src/${file}` : `${folder}/${file}`;
}

const ruleAt = (messages: ProbeMessage[], line: number) =>
  messages.filter((message) => message.line === line).map((message) => message.ruleId);

describe('import boundaries (eslint.config.mjs ⇔ ARCHITECTURE.md)', () => {
  const packages = workspacePackages();
  const importable = [...packages.values(), CONTRACTS];
  const table = architectureTable(importable);
  const typesOnlyRows = table.filter((row) => row.typesOnly.size > 0);
  const libraryRows = librariesTable();
  const plantedImports = (names: string[]) => names.map((name) => `import '${name}';`).join('\n') + '\n';

  // Every planted file, linted in one ESLint run (starting ESLint is the slow part).
  const planted: Record<string, ProbeFile> = {};
  for (const row of table) {
    // Line i imports importable[i]; a line without an error is an import the folder may make.
    planted[`may:${row.folder}`] = { filePath: probePath(row.folder), code: plantedImports(importable) };
  }
  for (const row of typesOnlyRows) {
    for (const name of row.typesOnly) {
      planted[`types:${row.folder}:${name}`] = {
        filePath: probePath(row.folder),
        code: `import type * as Types from '${name}';\nimport * as values from '${name}';\nexport type T = typeof Types;\nexport const v = values;\n`,
      };
    }
  }
  for (const row of libraryRows) {
    planted[`libraries:${row.folder}`] = {
      filePath: probePath(row.folder),
      code: plantedImports([...row.libraries, 'zod']),
    };
    planted[`libraries-test:${row.folder}`] = {
      filePath: probePath(row.folder, 'boundary-probe.test.ts'),
      code: plantedImports(row.libraries),
    };
  }
  const reasonCodes = 'packages/domain/src/exceptions/reason-codes.ts';
  const violations: [string, string, string, string][] = [
    [
      'a deep import into a workspace package',
      'services/api/src/' + PROBE,
      "import '@e2a/db/src/schema';\n",
      'no-restricted-imports',
    ],
    [
      'a deep import into the Temporal SDK',
      'tests/' + PROBE,
      "import '@temporalio/worker/lib/workflow/bundler';\n",
      'no-restricted-imports',
    ],
    [
      "a relative import into another package's files",
      'tests/' + PROBE,
      "import '../services/worker/src/worker';\n",
      'import-x/no-relative-packages',
    ],
    ['an import cycle', reasonCodes, `${read(reasonCodes)}\nimport '../index';\n`, 'import-x/no-cycle'],
    [
      'process.env outside @e2a/config',
      'services/api/src/' + PROBE,
      'export const port = process.env.API_PORT;\n',
      'no-restricted-properties',
    ],
    [
      'the clock read inside the domain',
      'packages/domain/src/' + PROBE,
      'export const now = Date.now();\n',
      'no-restricted-syntax',
    ],
    [
      'activities in the API (DLQ replay is a workflow it starts)',
      'services/api/src/' + PROBE,
      "import { createActivities } from '@e2a/activities';\nexport const build = createActivities;\n",
      'no-restricted-imports',
    ],
    [
      'activities in the CLI (DLQ replay is a workflow it starts)',
      'services/cli/src/' + PROBE,
      "import { createActivities } from '@e2a/activities';\nexport const build = createActivities;\n",
      'no-restricted-imports',
    ],
    [
      'configuration read by an activity (the worker injects settings)',
      'activities/src/' + PROBE,
      "import { loadWorkerConfig } from '@e2a/config';\nexport const load = loadWorkerConfig;\n",
      'no-restricted-imports',
    ],
    [
      'application code in a migration',
      'infra/migrations/' + PROBE,
      "import { REASON_CODES } from '@e2a/domain';\nexport const codes = REASON_CODES;\n",
      'no-restricted-imports',
    ],
  ];
  for (const [name, filePath, code] of violations) planted[`violation:${name}`] = { filePath, code };
  const allowed: ProbeFile[] = [
    { filePath: 'packages/config/src/' + PROBE, code: 'export const port = process.env.API_PORT;\n' },
    { filePath: 'services/api/src/' + PROBE, code: `import '${CONTRACTS}';\nimport '@e2a/db';\n` },
    { filePath: 'bench/' + PROBE, code: "import '@e2a/tests/support/db';\n" },
    { filePath: reasonCodes, code: read(reasonCodes) },
  ];
  allowed.forEach((file, index) => (planted[`allowed:${index}`] = file));

  let messages: Record<string, ProbeMessage[]> = {};
  beforeAll(async () => {
    const keys = Object.keys(planted);
    const results = await lint(keys.map((key) => planted[key]!));
    messages = Object.fromEntries(keys.map((key, index) => [key, results[index]!.messages]));
  }, 600_000);

  it('the table has one row per workspace package folder, plus infra/migrations', () => {
    expect(table.map((row) => row.folder).sort()).toEqual([...packages.keys(), 'infra/migrations'].sort());
  });

  it('every workspace package has an exports map', () => {
    const missing = [...packages.keys()].filter(
      (folder) => !('exports' in (JSON.parse(read(`${folder}/package.json`)) as object)),
    );
    expect(missing).toEqual([]);
  });

  it('each folder may import exactly what its row says, and nothing else', () => {
    const actual = Object.fromEntries(
      table.map((row) => [
        row.folder,
        importable.filter(
          (_, line) => !ruleAt(messages[`may:${row.folder}`]!, line + 1).includes('no-restricted-imports'),
        ),
      ]),
    );
    const expected = Object.fromEntries(
      table.map((row) => [row.folder, importable.filter((name) => row.allowed.has(name))]),
    );
    expect(actual).toEqual(expected);
  });

  it('a types-only entry lets type imports through and fails value imports', () => {
    expect(typesOnlyRows.map((row) => row.folder)).toEqual(['workflows']);
    for (const row of typesOnlyRows) {
      for (const name of row.typesOnly) {
        const found = messages[`types:${row.folder}:${name}`]!;
        expect([name, ruleAt(found, 1), ruleAt(found, 2)]).toEqual([name, [], ['no-restricted-imports']]);
      }
    }
  });

  it("the libraries table's bans fail in the folder's code and pass in its unit tests", () => {
    expect(libraryRows.map((row) => row.folder).sort()).toEqual(['packages/domain', 'workflows']);
    for (const row of libraryRows) {
      const source = messages[`libraries:${row.folder}`]!;
      row.libraries.forEach((name, line) =>
        expect([row.folder, name, ruleAt(source, line + 1)]).toEqual([
          row.folder,
          name,
          ['no-restricted-imports'],
        ]),
      );
      expect(ruleAt(source, row.libraries.length + 1)).toEqual([]); // zod is fine
      const unitTest = messages[`libraries-test:${row.folder}`]!;
      expect(unitTest.filter((message) => message.ruleId === 'no-restricted-imports')).toEqual([]);
    }
  });

  it.each(violations)('%s fails', (name, _filePath, _code, rule) => {
    expect(messages[`violation:${name}`]!.map((message) => message.ruleId)).toContain(rule);
  });

  it('the same kinds of code pass where the rules allow them', () => {
    expect(allowed.map((_, index) => messages[`allowed:${index}`])).toEqual(allowed.map(() => []));
  });
});
