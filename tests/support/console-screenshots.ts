// Screenshots of every console page at 1280 px and 390 px into docs/console/ (README and docs/console.md show
// them), from a running system with demo data:
//   DEMO_ONCE=1 make demo && pnpm -s console:screenshots [--url http://127.0.0.1:8000] [--tenant demo-3pl]
//     [--key demo-api-key] [--out docs/console]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { WIDTHS, collectConsoleErrors, launchChromium, signIn } from './console-browser';
import { projectRoot } from './paths';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const baseUrl = option('url', 'http://127.0.0.1:8000');
const tenant = option('tenant', 'demo-3pl');
const apiKey = option('key', 'demo-api-key');
const outDir = path.resolve(projectRoot, option('out', 'docs/console'));

async function get<T>(route: string): Promise<T> {
  const response = await fetch(`${baseUrl}${route}`, {
    headers: { authorization: `Bearer ${apiKey}`, 'x-tenant-id': tenant },
  });
  if (!response.ok) throw new Error(`GET ${route}: ${response.status}`);
  return (await response.json()) as T;
}

interface Page1<T> {
  items: T[];
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  // The pages worth showing: an approval exception if the demo has one, its order, the newest invoice.
  const pending = await get<Page1<{ id: string; order_id: string }>>(
    '/exceptions?reason_code=STOCK_MISMATCH&page_size=1',
  );
  const any = await get<Page1<{ id: string; order_id: string }>>('/exceptions?sort=severity&page_size=1');
  const exception = pending.items[0] ?? any.items[0];
  const invoice = (await get<Page1<{ id: string; order_id: string }>>('/invoices?page_size=1')).items[0];
  const pages: [string, string, (page: Page) => Promise<void>][] = [
    ['overview', '/', (page) => page.getByRole('link', { name: /^Open exceptions/ }).waitFor()],
    ['exceptions', '/exceptions?active=true', (page) => page.getByRole('table').waitFor()],
  ];
  if (exception)
    pages.push(
      [
        'exception',
        `/exceptions/${exception.id}`,
        (page) => page.getByRole('heading', { name: 'Resolution attempts' }).waitFor(),
      ],
      [
        'order',
        `/orders/${encodeURIComponent(exception.order_id)}`,
        (page) => page.getByRole('heading', { name: 'SLA windows' }).waitFor(),
      ],
    );
  pages.push([
    'invoices',
    '/invoices',
    (page) => page.getByRole('heading', { name: 'Adjustments pending review' }).waitFor(),
  ]);
  if (invoice)
    pages.push([
      'invoice',
      `/invoices/${invoice.id}`,
      async (page) => {
        await page.getByRole('button', { name: 'Show HTML document' }).click();
        await page.locator('iframe.document').waitFor();
      },
    ]);
  pages.push(['settings', '/settings', (page) => page.getByRole('heading', { name: 'Tariffs' }).waitFor()]);

  const browser = await launchChromium();
  try {
    for (const [widthName, width] of Object.entries(WIDTHS)) {
      const page = await browser.newPage({ viewport: { width, height: widthName === 'phone' ? 844 : 900 } });
      const errors = collectConsoleErrors(page);
      await page.goto(`${baseUrl}/console/`);
      await page.screenshot({ path: path.join(outDir, `sign-in-${width}.png`) });
      await signIn(page, baseUrl, tenant, apiKey);
      for (const [name, route, ready] of pages) {
        await page.goto(`${baseUrl}/console${route}`);
        await ready(page);
        await page.waitForLoadState('networkidle');
        const file = path.join(outDir, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(path.relative(projectRoot, file));
      }
      // A settings API that answers 404 for "not configured yet" (GET /tenants/{name}/notifications) is logged by
      // Chromium as a failed resource: reported, not fatal; anything else fails the run.
      const [notFound, other] = [
        errors.filter((e) => / 404 /.test(e)),
        errors.filter((e) => !/ 404 /.test(e)),
      ];
      if (notFound.length > 0) console.warn(`${width} px: ${notFound.length} resource(s) answered 404`);
      if (other.length > 0) throw new Error(`console errors at ${width} px: ${other.join('; ')}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
