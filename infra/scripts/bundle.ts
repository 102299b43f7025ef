// Builds what runs in production and under `make up`: one esbuild bundle per service (services/<name>/dist/main.js)
// and, for the worker, the prebuilt workflow bundle. Usage: node --import tsx infra/scripts/bundle.ts [service...]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');

/**
 * Left out of every bundle and loaded from the service's node_modules at run time: the Temporal SDK (a native
 * Core bridge, the workflow sandbox, and one copy of its classes for `instanceof`), packages that read their own
 * files through __dirname (pdfkit's fonts, swagger-ui's assets), and optional natives nothing here loads.
 */
export const EXTERNAL_PACKAGES = [
  '@temporalio/*',
  'pdfkit',
  'swagger-ui-express',
  'pg-native',
  '@node-rs/xxhash',
];
/** Optional peers that libraries import behind a try/catch; never installed, never needed. */
const OPTIONAL_ABSENT = new Set(['pg-native', '@node-rs/xxhash']);

export const SERVICES = readServices();

function readServices(): string[] {
  return execFileSync('ls', [path.join(root, 'services')], { encoding: 'utf8' })
    .split('\n')
    .filter((name) => name && existsSync(path.join(root, 'services', name, 'src', 'main.ts')));
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** External packages a bundle requires at run time (from esbuild's metafile), Node built-ins left out. */
export function runtimeExternals(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const entry of output.imports) {
      if (!entry.external || entry.path.startsWith('node:') || builtinModules.includes(entry.path)) continue;
      found.add(packageOf(entry.path));
    }
  }
  return [...found].sort();
}

/**
 * Every external must be a direct dependency of the service: the image installs the service's production
 * dependencies (pnpm, from the lockfile) and Node resolves them from services/<name>/node_modules.
 */
export function missingDependencies(service: string, externals: string[]): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'services', service, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return externals.filter((name) => !OPTIONAL_ABSENT.has(name) && !manifest.dependencies?.[name]);
}

/** services/<name>/dist (or a folder of its own under it, so parallel test suites never write the same file). */
export function distDir(service: string, variant?: string): string {
  return path.join(root, 'services', service, 'dist', ...(variant ? [variant] : []));
}

export async function bundleService(
  service: string,
  variant?: string,
): Promise<{ outfile: string; externals: string[] }> {
  const outfile = path.join(distDir(service, variant), 'main.js');
  const result = await build({
    entryPoints: [path.join(root, 'services', service, 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    sourcemap: true,
    metafile: true,
    external: EXTERNAL_PACKAGES,
    logLevel: 'warning',
    // worker.ts resolves the workflows' source only when asked to bundle them; the bundled worker loads the prebuilt
    // workflow bundle instead.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  const externals = runtimeExternals(result.metafile);
  const missing = missingDependencies(service, externals);
  if (missing.length > 0)
    throw new Error(
      `services/${service} bundle requires ${missing.join(', ')} at run time: add to services/${service}/package.json`,
    );
  return { outfile, externals };
}

/** Webpack runs here, at build time, never inside a running worker (docs/benchmarks.md). */
export function bundleWorkflows(variant?: string): string {
  const outfile = path.join(distDir('worker', variant), 'workflow-bundle.js');
  execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'services/worker/src/build-workflow-bundle.ts'), outfile],
    // webpack's progress goes nowhere; a failure still throws with its stderr.
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return outfile;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !SERVICES.includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown service(s) ${unknown.join(', ')}; known: ${SERVICES.join(', ')}`);
  for (const service of requested.length > 0 ? requested : SERVICES) {
    const { outfile, externals } = await bundleService(service);
    console.log(JSON.stringify({ service, bundle: path.relative(root, outfile), externals }));
    if (service === 'worker')
      console.log(JSON.stringify({ service, workflowBundle: path.relative(root, bundleWorkflows()) }));
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
