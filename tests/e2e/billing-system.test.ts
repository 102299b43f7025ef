import { insertOrderEvents } from '@e2a/db';
import { normalizeEvent, type EventSource } from '@e2a/domain';
import { BILLING_MANAGEMENT_WORKFLOW, billingManagementWorkflowId } from '@e2a/workflows/contracts';
import { runBillingNow } from '../support/chaos';
import { SYSTEM_START_TIMEOUT_MS, startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem('bill_system', { tenant: 'bill-sys' });
}, SYSTEM_START_TIMEOUT_MS);

afterAll(async () => {
  await system?.stop();
});

const event = (
  source: EventSource,
  orderId: string,
  type: string,
  at: string,
  payload: Record<string, unknown> = {},
) =>
  normalizeEvent(source, {
    event_id: `${orderId}-${type}`,
    event_type: type,
    order_id: orderId,
    occurred_at: at,
    payload,
  });

it('bills orders projected by the ingest path and serves the invoice through the API', async () => {
  const tenant = system.tenant.name;
  await insertOrderEvents(system.db.db, tenant, [
    event('shopify', 'SYS-1', 'order_created', '2026-11-20T08:00:00Z', {
      order: { currency: 'eur', priority: 'rush', line_items: [] },
    }),
    event('wms', 'SYS-1', 'pick_completed', '2026-11-20T09:00:00Z'),
    event('wms', 'SYS-1', 'pack_completed', '2026-11-20T10:00:00Z'),
    event('wms', 'SYS-1', 'ship_label_printed', '2026-11-20T10:05:00Z'),
    event('carrier', 'SYS-1', 'picked_up', '2026-11-22T12:00:00Z'),
    event('shopify', 'SYS-2', 'order_created', '2026-11-20T08:00:00Z'),
    event('wms', 'SYS-2', 'pick_completed', '2026-11-20T09:00:00Z'),
  ]);

  // Run as an operator runs it (and as `pnpm chaos` invoices): the flow-run start of the API and the CLI.
  const result = await runBillingNow({
    address: system.env.address,
    taskQueue: system.taskQueue,
    tenant,
    window: 'system-test',
  });
  expect(result).toMatchObject({ invoicesIssued: 1, report: { invoice_count: 1 } });
  const described = await system.env.client.workflow
    .getHandle(billingManagementWorkflowId(tenant, 'system-test'))
    .describe();
  expect(described.type).toBe(BILLING_MANAGEMENT_WORKFLOW);

  const headers = { 'x-tenant-id': tenant, authorization: `Bearer ${system.tenant.apiKey}` };
  const list = (await fetch(`${system.apiUrl}/invoices`, { headers }).then((response) =>
    response.json(),
  )) as {
    items: { id: string }[];
  };
  // pick 30 + pack 20 + label 15 + 2 storage days 10 = 75 → rush ×2 = 150, in the order's currency
  expect(list.items).toEqual([
    expect.objectContaining({ order_id: 'SYS-1', amount_cents: 150, currency: 'EUR', status: 'DRAFT' }),
  ]);
  const pdf = await fetch(`${system.apiUrl}/invoices/${list.items[0]?.id}/document`, {
    headers: { ...headers, accept: 'application/pdf' },
  });
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
});
