// Generates the console's typed API client input from the API's OpenAPI document, built in-process from the
// API's routes (services/api/src/write-openapi.ts): src/api/openapi.json and src/api/schema.d.ts.
// `--check` writes nothing and fails when the committed files differ (a route changed without regenerating);
// `--dir <path>` reads or writes another folder (tests).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const dirIndex = args.indexOf('--dir');
const dir = dirIndex >= 0 ? path.resolve(args[dirIndex + 1]) : path.join(root, 'services/console/src/api');

const documentText = execFileSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'services/api/src/write-openapi.ts')],
  { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const schemaText =
  "// Generated from the API's OpenAPI document by scripts/generate-client.mjs: do not edit.\n" +
  astToString(await openapiTS(JSON.parse(documentText)));

// The tenant's settings the API can read (GET /tenants/{name}/...): the Settings page shows each one, so a
// settings API added later (playbooks, notification endpoints) appears after the next build.
const settingsPaths = Object.entries(JSON.parse(documentText).paths)
  .filter(([route, item]) => /^\/tenants\/\{name\}\/[a-z-]+$/.test(route) && item.get)
  .map(([route, item]) => ({ path: route, summary: item.get.summary ?? '' }))
  .sort((a, b) => a.path.localeCompare(b.path));
const settingsText =
  "// Generated from the API's OpenAPI document by scripts/generate-client.mjs: do not edit.\n" +
  `export const SETTINGS_ROUTES = ${JSON.stringify(settingsPaths, null, 2)} as const;\n`;

const files = { 'openapi.json': documentText, 'schema.d.ts': schemaText, 'settings-routes.ts': settingsText };
if (check) {
  const stale = Object.entries(files).filter(([name, text]) => {
    try {
      return readFileSync(path.join(dir, name), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(
      `${stale.map(([name]) => name).join(', ')} in ${path.relative(root, dir)} differ from the API's routes: ` +
        'run pnpm --filter @e2a/console generate and commit the result',
    );
    process.exit(1);
  }
  console.log('console API client is current');
} else {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  console.log(`wrote ${Object.keys(files).join(', ')} to ${path.relative(root, dir)}`);
}
