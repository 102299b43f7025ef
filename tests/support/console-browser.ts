import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadTestConfig } from '@e2a/config';
import { projectRoot } from './paths';

// Debian's Chromium driven by playwright-core (no browser download): the console's browser tests and the
// screenshot script (docs/console.md).

export const WIDTHS = { desktop: 1280, phone: 390 } as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: loadTestConfig().CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Builds the console from source into `outDir` (the API serves it with CONSOLE_DIR=outDir). */
export function buildConsole(outDir: string): void {
  const consoleDir = path.join(projectRoot, 'services/console');
  execFileSync(
    process.execPath,
    [
      path.join(consoleDir, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: consoleDir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/** Every console error and uncaught page error, to assert there are none. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function signIn(page: Page, baseUrl: string, tenant: string, apiKey: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('Tenant', { exact: true }).fill(tenant);
  await page.getByLabel('API key', { exact: true }).fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}
