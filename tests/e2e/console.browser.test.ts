import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createInvoicingActivities } from '@e2a/activities';
import { closeServer, listen } from '@e2a/http';
import { createPartnerSimulatorApp } from '@e2a/partner-simulator';
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  exceptionManagementWorkflowId,
  flowSearchAttributes,
} from '@e2a/workflows/contracts';
import {
  billingActivityDeps,
  FULFILLED_ORDER_EVENTS,
  seedBreach,
  seedOrder,
} from '../support/billing-fixtures';
import {
  WIDTHS,
  buildConsole,
  collectConsoleErrors,
  launchChromium,
  signIn,
} from '../support/console-browser';
import { createTestTenant } from '../support/db';
import { seedException } from '../support/exceptions-fixtures';
import { SYSTEM_START_TIMEOUT_MS, startTestSystem, type TestSystem } from '../support/system';

// The operator console in Debian's Chromium against the whole system (API serving the console built from source,
// worker, Temporal dev server, partner simulator): sign in, see the exceptions, approve a STOCK_MISMATCH and see it
// resolved, block one with a reason, open an order's timeline and an invoice document, with no console error.

const TENANT = 'console-browser';
const STEP_MS = 30_000;

describe('operator console in a real browser', () => {
  let system: TestSystem;
  let partner: { server: Server; port: number };
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let consoleDir: string;
  const ids: Record<string, string> = {};

  const api = async (route: string) => {
    const response = await fetch(`${system.apiUrl}${route}`, {
      headers: { authorization: `Bearer ${system.tenant.apiKey}`, 'x-tenant-id': TENANT },
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field
    return (await response.json()) as any;
  };

  beforeAll(async () => {
    consoleDir = mkdtempSync(path.join(os.tmpdir(), 'e2a-console-'));
    buildConsole(consoleDir);
    system = await startTestSystem('console_browser', { tenant: TENANT, env: { CONSOLE_DIR: consoleDir } });
    partner = await listen(createPartnerSimulatorApp(), 0, '127.0.0.1');
    const partnerUrl = `http://127.0.0.1:${partner.port}`;
    await createTestTenant(system.db.db, TENANT, {
      partnerEndpoints: {
        address: partnerUrl,
        payments: partnerUrl,
        wms: partnerUrl,
        carrier: partnerUrl,
        systems: partnerUrl,
      },
    });

    // Demo-like exceptions: SLA breaches, a carrier issue, and a stock mismatch that waits for approval.
    const seed = (
      name: string,
      reasonCode: string,
      extra: Partial<Parameters<typeof seedException>[1]> = {},
    ) =>
      seedException(system.db.db, { tenant: TENANT, orderId: `DEMO-${name}`, reasonCode, ...extra }).then(
        (id) => (ids[name] = id),
      );
    await seed('pick', 'PICK_DELAY');
    await seed('pack', 'PACK_DELAY');
    await seed('carrier', 'CARRIER_ISSUE', { severity: 'HIGH' });
    await seed('stock', 'STOCK_MISMATCH', {
      severity: 'HIGH',
      orderData: {
        line_items: [{ sku: 'SKU-9', quantity: 2, available_quantity: 1, alternate_warehouse_quantity: 5 }],
      },
    });
    // A fulfilled, invoiced order with an SLA breach: the timeline and the invoice document.
    await seedOrder(system.db.db, TENANT, 'DEMO-billed', FULFILLED_ORDER_EVENTS);
    ids.billedBreach = await seedBreach(system.db.db, TENANT, 'DEMO-billed', 'PICK_DELAY', {
      window: 'pick',
      actual_minutes: 180,
      sla_minutes: 120,
      delay_minutes: 60,
    });
    const invoicing = createInvoicingActivities(
      billingActivityDeps(system.db.db, system.redis, () => new Date()),
    );
    await invoicing.issueInvoices({
      tenant: TENANT,
      orderIds: await invoicing.findUninvoicedOrders({ tenant: TENANT, limit: 10 }),
    });
    // Exception management explains them and hands the stock mismatch to a person (its approval workflow).
    const run = await system.env.client.workflow.start(EXCEPTION_MANAGEMENT_WORKFLOW, {
      taskQueue: system.taskQueue,
      workflowId: exceptionManagementWorkflowId(TENANT, 'console-browser'),
      args: [{ tenant: TENANT }],
      typedSearchAttributes: flowSearchAttributes(TENANT, 'exception-management'),
    });
    await run.result();
    for (let i = 0; i < 100; i++) {
      const row = await system.db.db
        .selectFrom('exceptions')
        .select('approval_status')
        .where('id', '=', ids.stock!)
        .executeTakeFirstOrThrow();
      if (row.approval_status === 'PENDING') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: WIDTHS.desktop, height: 900 } });
    page.setDefaultTimeout(STEP_MS);
    errors = collectConsoleErrors(page);
  }, SYSTEM_START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    if (partner) await closeServer(partner.server);
    await system?.stop();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('signs in with the tenant key and shows the Overview numbers the API returns', async () => {
    await signIn(page, system.apiUrl, TENANT, system.tenant.apiKey);
    const overview = await api('/api/overview');
    const open = page.getByRole('link', { name: `Open exceptions: ${overview.open_exceptions.count}` });
    await open.waitFor();
    expect(overview.open_exceptions.count).toBeGreaterThanOrEqual(4);
    // The key lives in session storage only, never in the address.
    expect(page.url()).not.toContain(system.tenant.apiKey);
    const stored = await page.evaluate<string>('JSON.stringify(sessionStorage)');
    expect(stored).toContain(TENANT);
    await open.click();
    await page.getByRole('heading', { name: 'Exceptions' }).waitFor();
    expect(new URL(page.url()).searchParams.get('active')).toBe('true');
  });

  it('lists the exceptions, server-paginated, and filters them by reason', async () => {
    await page.getByRole('link', { name: 'Exceptions' }).first().click();
    const table = page.getByRole('table');
    for (const reason of ['PICK_DELAY', 'PACK_DELAY', 'CARRIER_ISSUE', 'STOCK_MISMATCH'])
      await table.getByRole('cell', { name: reason, exact: true }).first().waitFor();
    await page.getByLabel('Reason').selectOption('STOCK_MISMATCH');
    await page.getByRole('navigation', { name: 'Pages' }).getByText('1 total').waitFor();
    expect(await table.getByRole('cell', { name: 'STOCK_MISMATCH', exact: true }).count()).toBe(1);
  });

  it('approves the STOCK_MISMATCH and shows it resolved', async () => {
    await page.getByRole('link', { name: `#${ids.stock}` }).click();
    await page.getByRole('heading', { name: `Exception #${ids.stock}` }).waitFor();
    await page.getByRole('button', { name: 'Approve resolution' }).click();
    await page.getByRole('status').filter({ hasText: 'Approve: outcome' }).waitFor();
    await page.getByRole('heading', { name: `Exception #${ids.stock} RESOLVED` }).waitFor();
    expect((await api(`/exceptions/${ids.stock}`)).status).toBe('RESOLVED');
    // The attempts timeline names the decision's source.
    await page.getByText(/decision: human/).waitFor();
  });

  it('blocks automation on another exception with a reason', async () => {
    await page.goto(`${system.apiUrl}/console/exceptions/${ids.carrier}`);
    await page.getByLabel('Reason').fill('carrier claim open');
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'automation blocked (carrier claim open)' }).waitFor();
    const state = await api(`/exceptions/${ids.carrier}`);
    expect(state).toMatchObject({ resolution_blocked: true, resolution_block_reason: 'carrier claim open' });
  });

  it('opens an order timeline with its SLA windows, exceptions and invoice', async () => {
    await page.getByRole('link', { name: 'DEMO-carrier' }).first().click();
    await page.getByRole('heading', { name: 'Order DEMO-carrier' }).waitFor();
    await page.getByRole('link', { name: `#${ids.carrier} CARRIER_ISSUE` }).waitFor();
    await page.goto(`${system.apiUrl}/console/orders/DEMO-billed`);
    await page.getByRole('heading', { name: 'SLA windows' }).waitFor();
    await page.getByRole('link', { name: /^INV-/ }).first().waitFor();
  });

  it('opens an invoice and its document', async () => {
    await page.getByRole('link', { name: 'Invoices' }).first().click();
    const number = page
      .getByRole('table', { name: undefined })
      .last()
      .getByRole('link', { name: /^INV-/ })
      .first();
    const invoiceNumber = (await number.textContent())!;
    await number.click();
    await page.getByRole('heading', { name: new RegExp(invoiceNumber) }).waitFor();
    await page.getByRole('button', { name: 'Show HTML document' }).click();
    const document = page.frameLocator(`iframe[title="Invoice ${invoiceNumber}"]`);
    await document.getByText(invoiceNumber).first().waitFor();
  });

  it('fits a 390 px wide screen and is reachable with the keyboard', async () => {
    await page.setViewportSize({ width: WIDTHS.phone, height: 844 });
    await page.goto(`${system.apiUrl}/console/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    // Tab from the top: skip link, brand, then the navigation; Enter follows the focused link.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (
        (await page.evaluate<string | null>('document.activeElement?.textContent ?? null')) === 'Exceptions'
      )
        break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Exceptions' }).waitFor();
  });

  it('logged no console error on any of these pages', () => {
    expect(errors).toEqual([]);
  });
});
