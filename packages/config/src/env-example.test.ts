import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import * as config from './index';

// `.env.example` is the operator's list of every variable: each one a config schema reads must be in it, and
// everything in it must be read by a schema or by the bring-up scripts.

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** `NAME=value` and commented-out `# NAME=` lines: both document a variable. */
function listedVariables(envExample: string): Set<string> {
  return new Set([...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
}

/** The variables a schema reads that the list does not name. */
function unlistedVariables(schema: z.ZodObject, listed: Set<string>): string[] {
  return Object.keys(schema.shape).filter((name) => !listed.has(name));
}

const listed = listedVariables(read('.env.example'));
const schemas: [string, z.ZodObject][] = Object.entries(config as Record<string, unknown>).flatMap(
  ([name, value]) => (value instanceof z.ZodObject ? [[name, value] as [string, z.ZodObject]] : []),
);

describe('.env.example', () => {
  it('finds every entrypoint schema of @e2a/config', () => {
    expect(schemas.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'gatewayConfigSchema',
        'apiConfigSchema',
        'workerConfigSchema',
        'cliConfigSchema',
        'partnerSimulatorConfigSchema',
        'testConfigSchema',
      ]),
    );
  });

  it.each(schemas)('lists every variable %s reads', (_name, schema) => {
    expect(unlistedVariables(schema, listed)).toEqual([]);
  });

  it('fails for a schema variable it does not list', () => {
    const planted = z.object({ DATABASE_URL: z.string(), E2A_PLANTED_VARIABLE: z.string() });
    expect(unlistedVariables(planted, listed)).toEqual(['E2A_PLANTED_VARIABLE']);
  });

  it('lists nothing that neither a schema nor a bring-up script reads', () => {
    const readBySchemas = new Set(schemas.flatMap(([, schema]) => Object.keys(schema.shape)));
    const scripts = ['Makefile', 'run.sh', 'docker-compose.temporal.yml']
      .concat(
        ['bootstrap', 'demo', 'down', 'lib', 'migrate', 'test', 'up'].map((s) => `infra/scripts/${s}.sh`),
      )
      .map(read)
      .join('\n');
    const stale = [...listed].filter(
      (name) => !readBySchemas.has(name) && !new RegExp(`\\b${name}\\b`).test(scripts),
    );
    expect(stale).toEqual([]);
  });
});
