import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ScheduleOverlapPolicy, type WorkflowHandle } from '@temporalio/client';
import { notifyOrdersChanged, sql } from '@e2a/db';
import { signWebhook } from '@e2a/http';
import { describeRealtimeMonitor, TENANT_DISABLED_NOTE } from '@e2a/schedules';
import {
  FLOW_NAMES,
  NOTIFICATION_DISPATCHER_WORKFLOW_ID,
  TENANT_RECONCILER_SCHEDULE_ID,
  tenantDisableWorkflowId,
  tenantOnboardingWorkflowId,
  type TenantReconcilerResult,
} from '@e2a/workflows/contracts';
import { runCli } from '../support/cli';
import { saveHistory } from '../support/histories';
import { temporalCliPath } from '../support/paths';
import { lastWeekdayAt9Utc, waitForValue } from '../support/e2e';
import { SYSTEM_START_TIMEOUT_MS, startTestSystem, type TestSystem } from '../support/system';

// Tenant lifecycle on the real stack (gateway + API + worker + Temporal dev server, one process): tenants created
// over the admin API or the CLI come into service without a restart; disable, enable, secret rotation, API keys,
// the reconciler and the versioned SLA policy (issue 12, docs/tenants.md).

const MINUTE = 60_000;
const execFileAsync = promisify(execFile);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('tenant lifecycle on the real stack', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('e2e_tenants', {
      tenant: 'lifecycle-base',
      realtimePollSeconds: 0.5,
      provisionAtStartUp: true,
    });
  }, SYSTEM_START_TIMEOUT_MS);
  afterAll(async () => system?.stop());

  async function api(
    method: string,
    path: string,
    options: { body?: unknown; key?: string; tenant?: string } = {},
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${system.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.key ?? system.adminApiKey}`,
        ...(options.tenant ? { 'x-tenant-id': options.tenant } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  async function send(tenant: string, secret: string, source: 'shopify' | 'wms', event: Json) {
    const raw = JSON.stringify(event);
    const response = await fetch(`${system.gatewayUrl}/ingest/${source}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tenant-id': tenant,
        'x-e2a-signature': signWebhook(secret, raw, Date.now() / 1000),
      },
      body: raw,
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  /** A paid order picked 150 min later (by default): a PICK_DELAY under the default 120-minute policy. */
  async function sendLatePick(
    tenant: string,
    secret: string,
    orderId: string,
    paidAt = lastWeekdayAt9Utc(),
    pickMinutes = 150,
  ) {
    const paid = await send(tenant, secret, 'shopify', {
      event_id: `${orderId}-paid`,
      event_type: 'order_paid',
      order_id: orderId,
      occurred_at: paidAt.toISOString(),
    });
    const picked = await send(tenant, secret, 'wms', {
      event_id: `${orderId}-picked`,
      event_type: 'pick_completed',
      order_id: orderId,
      occurred_at: new Date(paidAt.getTime() + pickMinutes * MINUTE).toISOString(),
    });
    return [paid.status, picked.status];
  }

  async function exceptionsOf(tenant: string, apiKey: string, orderId: string) {
    const page = await api('GET', `/exceptions?order_id=${orderId}`, { key: apiKey, tenant });
    expect(page.status).toBe(200);
    return page.body.items as Json[];
  }

  const pickDelayOf = (tenant: string, apiKey: string, orderId: string) =>
    waitForValue(
      async () =>
        (await exceptionsOf(tenant, apiKey, orderId)).find((item) => item.reason_code === 'PICK_DELAY'),
      15_000,
      `PICK_DELAY for ${tenant}/${orderId}`,
    );

  async function temporalCli(args: string[]): Promise<string> {
    const { stdout } = await execFileAsync(temporalCliPath(), [...args, '--address', system.env.address]);
    return stdout;
  }

  async function scheduleState(scheduleId: string) {
    const description = await system.env.client.schedule.getHandle(scheduleId).describe();
    return { paused: description.state.paused, note: description.state.note };
  }

  const scheduleIdsOf = (tenant: string) => FLOW_NAMES.map((flow) => `${flow}:${tenant}`);

  it('POST /admin/tenants brings a tenant into service: schedules exist and a late pick is a PICK_DELAY within 15 s', async () => {
    const created = await api('POST', '/admin/tenants', {
      body: { name: 'acme-api', display_name: 'Acme (API)', timezone: 'Europe/Berlin' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'acme-api',
      webhook_secret: expect.any(String),
      api_key: expect.stringMatching(/^e2a_[a-z0-9]{8}_/),
      provisioning: { workflow_id: tenantOnboardingWorkflowId('acme-api'), status: 'completed' },
    });
    expect(created.body.api_key.startsWith(`e2a_${created.body.api_key_prefix}_`)).toBe(true);
    await saveHistory(
      system.env.client.workflow.getHandle(tenantOnboardingWorkflowId('acme-api')),
      'tenantOnboardingWorkflow-created',
    );

    // `temporal schedule list`, as an operator would run it.
    const listed = await temporalCli(['schedule', 'list']);
    for (const scheduleId of scheduleIdsOf('acme-api')) expect(listed).toContain(scheduleId);

    const sentAt = Date.now();
    expect(await sendLatePick('acme-api', created.body.webhook_secret, 'api-1')).toEqual([202, 202]);
    const found = await pickDelayOf('acme-api', created.body.api_key, 'api-1');
    expect(Date.now() - sentAt).toBeLessThan(15_000);
    expect(found).toMatchObject({ status: 'OPEN', context_data: { sla_minutes: 120, actual_minutes: 150 } });

    const again = await api('POST', '/admin/tenants', { body: { name: 'acme-api' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', details: [{ path: 'name' }] });
  });

  it('`e2a tenant create` keeps its flags and output and brings the tenant into service the same way', async () => {
    const run = await runCli(
      ['tenant', 'create', 'acme-cli', '--webhook-secret', 'cli-secret-1', '--api-key', 'cli-key-1'],
      {
        DATABASE_URL: system.db.url,
        TEMPORAL_ADDRESS: system.env.address,
        TEMPORAL_TASK_QUEUE: system.taskQueue,
      },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      name: 'acme-cli',
      webhook_secret: 'cli-secret-1',
      api_key: 'cli-key-1',
    });
    const schedules = await system.env.client.schedule.list();
    const ids: string[] = [];
    for await (const schedule of schedules) ids.push(schedule.scheduleId);
    expect(ids).toEqual(expect.arrayContaining(scheduleIdsOf('acme-cli')));

    const sentAt = Date.now();
    expect(await sendLatePick('acme-cli', 'cli-secret-1', 'cli-1')).toEqual([202, 202]);
    await pickDelayOf('acme-cli', 'cli-key-1', 'cli-1');
    expect(Date.now() - sentAt).toBeLessThan(15_000);
  });

  it('disable: 403 tenant_disabled and nothing stored, schedules paused, no evaluation; enable: all of it back', async () => {
    const created = await api('POST', '/admin/tenants', { body: { name: 'acme-off' } });
    expect(created.status).toBe(201);
    const { webhook_secret: secret, api_key: apiKey } = created.body as {
      webhook_secret: string;
      api_key: string;
    };

    const disabled = await api('POST', '/admin/tenants/acme-off/disable');
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({
      state: 'disabled',
      disabled_at: expect.any(String),
      schedules: { expected: 5, present: 5, paused: 5 },
      provisioning: { workflow_id: tenantDisableWorkflowId('acme-off'), status: 'completed' },
    });
    await saveHistory(
      system.env.client.workflow.getHandle(tenantDisableWorkflowId('acme-off')),
      'tenantDisableWorkflow-disabled',
    );
    // `temporal schedule describe` shows each schedule paused, with the note saying why.
    for (const scheduleId of scheduleIdsOf('acme-off')) {
      const described = JSON.parse(
        await temporalCli(['schedule', 'describe', '--schedule-id', scheduleId, '-o', 'json']),
      ) as Json;
      expect(JSON.stringify(described)).toMatch(/"paused":\s*true/);
      expect((await scheduleState(scheduleId)).note).toMatch(new RegExp(`^${TENANT_DISABLED_NOTE}`));
    }

    const refused = await send('acme-off', secret, 'shopify', {
      event_id: 'off-paid',
      event_type: 'order_paid',
      order_id: 'off-1',
      occurred_at: lastWeekdayAt9Utc().toISOString(),
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: {
        code: 'tenant_disabled',
        message: expect.any(String),
        details: [{ path: 'headers.x-tenant-id', rule: 'must be an active tenant' }],
      },
    });
    const stored = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM order_events WHERE tenant = 'acme-off'`.execute(system.db.db);
    expect(Number(stored.rows[0]?.n)).toBe(0);

    // An order that was due when the tenant was disabled (stored just before): evaluation leaves it alone.
    const dueSince = new Date();
    await sql`
      INSERT INTO orders (tenant, order_id, paid_at, first_event_at, last_event_at, event_count, needs_evaluation)
      VALUES ('acme-off', 'off-due', ${lastWeekdayAt9Utc()}, ${lastWeekdayAt9Utc()}, ${lastWeekdayAt9Utc()}, 1, true)`.execute(
      system.db.db,
    );
    const monitor = await describeRealtimeMonitor(system.env.client, 'acme-off', {
      taskQueue: system.taskQueue,
    });
    // Wake the shard as the gateway would after storing an event: its wait ends and it looks at its tenants again.
    await notifyOrdersChanged(system.db.db, ['acme-off']);
    await waitForValue(
      async () =>
        (await evaluationCyclesSince(system.env.client.workflow.getHandle(monitor.workflowId), dueSince)) >= 2
          ? true
          : undefined,
      30_000,
      'the shard covering acme-off woken and looking for due work',
    );
    const untouched = await sql<{ evaluated_at: Date | null; needs_evaluation: boolean }>`
      SELECT evaluated_at, needs_evaluation FROM orders WHERE tenant = 'acme-off' AND order_id = 'off-due'`.execute(
      system.db.db,
    );
    expect(untouched.rows[0]).toEqual({ evaluated_at: null, needs_evaluation: true });
    expect(await exceptionsOf('acme-off', apiKey, 'off-due')).toEqual([]);

    const enabled = await api('POST', '/admin/tenants/acme-off/enable');
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({
      state: 'active',
      disabled_at: null,
      schedules: { present: 5, paused: 0 },
      monitor: { running: true },
      provisioning: { status: 'completed' },
    });
    for (const scheduleId of scheduleIdsOf('acme-off'))
      expect((await scheduleState(scheduleId)).paused).toBe(false);
    await pickDelayOf('acme-off', apiKey, 'off-due');
    expect(await sendLatePick('acme-off', secret, 'off-2')).toEqual([202, 202]);
    await pickDelayOf('acme-off', apiKey, 'off-2');
  });

  it('a rotated secret: the old one is accepted during the grace period and refused after it', async () => {
    const created = await api('POST', '/admin/tenants', { body: { name: 'acme-rotate' } });
    const first = created.body.webhook_secret as string;
    const event = (id: string) => ({
      event_id: id,
      event_type: 'order_paid',
      order_id: `rot-${id}`,
      occurred_at: lastWeekdayAt9Utc().toISOString(),
    });

    // Default grace (WEBHOOK_SECRET_GRACE_HOURS = 24): both secrets work.
    const rotated = await api('POST', '/admin/tenants/acme-rotate/rotate-webhook-secret', { body: {} });
    expect(rotated.status).toBe(200);
    const second = rotated.body.webhook_secret as string;
    expect(second).not.toBe(first);
    expect(new Date(rotated.body.previous_secret_valid_until).getTime()).toBeGreaterThan(
      Date.now() + 23 * 60 * MINUTE,
    );
    expect((await send('acme-rotate', first, 'shopify', event('a'))).status).toBe(202);
    expect((await send('acme-rotate', second, 'shopify', event('b'))).status).toBe(202);

    // A short grace: the previous secret works until its end and is refused after; the one before it at once.
    const short = await api('POST', '/admin/tenants/acme-rotate/rotate-webhook-secret', {
      body: { grace_hours: 0.004 },
    });
    const third = short.body.webhook_secret as string;
    const validUntil = new Date(short.body.previous_secret_valid_until as string).getTime();
    expect((await send('acme-rotate', second, 'shopify', event('c'))).status).toBe(202);
    expect(Date.now()).toBeLessThan(validUntil);
    expect((await send('acme-rotate', first, 'shopify', event('d'))).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, validUntil - Date.now()) + 500));
    const late = await send('acme-rotate', second, 'shopify', event('e'));
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('unauthorized');
    expect((await send('acme-rotate', third, 'shopify', event('f'))).status).toBe(202);
    const stored = await sql<{ event_id: string }>`
      SELECT event_id FROM order_events WHERE tenant = 'acme-rotate' ORDER BY event_id`.execute(system.db.db);
    expect(stored.rows.map((row) => row.event_id)).toEqual(['a', 'b', 'c', 'f']);

    const invalid = await api('POST', '/admin/tenants/acme-rotate/rotate-webhook-secret', {
      body: { grace_hours: -1 },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details).toEqual([{ path: 'grace_hours', rule: expect.any(String) }]);
  });

  it('API keys: a new key works at once, a revoked one is refused, unknown prefixes and tenants are 404', async () => {
    const created = await api('POST', '/admin/tenants', { body: { name: 'acme-keys' } });
    const added = await api('POST', '/admin/tenants/acme-keys/api-keys');
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'acme-keys', prefix: expect.stringMatching(/^[a-z0-9]{8}$/) });
    expect((await api('GET', '/exceptions', { key: added.body.api_key, tenant: 'acme-keys' })).status).toBe(
      200,
    );

    const shown = await api('GET', '/admin/tenants/acme-keys');
    expect(shown.body.api_keys.map((key: Json) => key.prefix)).toEqual([
      created.body.api_key_prefix,
      added.body.prefix,
    ]);
    expect(JSON.stringify(shown.body)).not.toContain(added.body.api_key);

    const revoked = await api('DELETE', `/admin/tenants/acme-keys/api-keys/${added.body.prefix}`);
    expect(revoked).toEqual({
      status: 200,
      body: { name: 'acme-keys', prefix: added.body.prefix, revoked: true },
    });
    expect((await api('GET', '/exceptions', { key: added.body.api_key, tenant: 'acme-keys' })).status).toBe(
      401,
    );
    expect((await api('GET', '/exceptions', { key: created.body.api_key, tenant: 'acme-keys' })).status).toBe(
      200,
    );
    expect((await api('DELETE', `/admin/tenants/acme-keys/api-keys/${added.body.prefix}`)).status).toBe(404);
    expect((await api('POST', '/admin/tenants/nobody/api-keys')).status).toBe(404);
    expect((await api('GET', '/admin/tenants', { key: created.body.api_key })).status).toBe(401);
  });

  it('GET /admin/tenants lists each tenant with state, monitor and schedules; PATCH validates and applies', async () => {
    const listed = await api('GET', '/admin/tenants');
    expect(listed.status).toBe(200);
    const acme = (listed.body as unknown as Json[]).find((tenant) => tenant.name === 'acme-api');
    expect(acme).toMatchObject({
      state: 'active',
      timezone: 'Europe/Berlin',
      monitor: { running: true },
      schedules: { expected: 5, present: 5, paused: 0 },
    });

    const bad = await api('PATCH', '/admin/tenants/acme-api', {
      body: { timezone: 'Mars/Olympus', colour: 'red' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'timezone', rule: 'must be an IANA time zone such as Europe/Berlin' },
        { path: 'colour', rule: 'is not a known field' },
      ]),
    );
    const patched = await api('PATCH', '/admin/tenants/acme-api', { body: { timezone: 'America/New_York' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      timezone: 'America/New_York',
      provisioning: { status: 'completed' },
    });
    // The billing schedule follows the new zone.
    const billing = await system.env.client.schedule.getHandle('billing:acme-api').describe();
    expect(billing.spec.timezone).toBe('America/New_York');
    expect((await api('PATCH', '/admin/tenants/nobody', { body: { timezone: 'UTC' } })).status).toBe(404);
  });

  it('tenant-reconciler brings back a terminated monitor and a deleted schedule, pauses a disabled leftover, counts each', async () => {
    const created = await api('POST', '/admin/tenants', { body: { name: 'acme-heal' } });
    await api('POST', '/admin/tenants', { body: { name: 'acme-gone' } });
    await api('POST', '/admin/tenants/acme-gone/disable');
    const monitor = await describeRealtimeMonitor(system.env.client, 'acme-heal', {
      taskQueue: system.taskQueue,
    });
    expect(monitor.running).toBe(true);

    await system.env.client.workflow.getHandle(monitor.workflowId).terminate('reconciler test');
    await system.env.client.workflow
      .getHandle(NOTIFICATION_DISPATCHER_WORKFLOW_ID)
      .terminate('reconciler test');
    await system.env.client.schedule.getHandle('billing:acme-heal').delete();
    await system.env.client.schedule.getHandle('enrichment:acme-gone').unpause('operator mistake');
    expect(
      (await describeRealtimeMonitor(system.env.client, 'acme-heal', { taskQueue: system.taskQueue }))
        .running,
    ).toBe(false);

    const triggeredAt = new Date();
    await system.env.client.schedule
      .getHandle(TENANT_RECONCILER_SCHEDULE_ID)
      .trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    const run = await waitForValue(
      async () => {
        for await (const execution of system.env.client.workflow.list({
          query: `WorkflowType = 'tenantReconcilerWorkflow' AND ExecutionStatus = 'Completed'`,
        })) {
          if (execution.startTime >= triggeredAt) return execution;
        }
        return undefined;
      },
      60_000,
      'a completed tenant-reconciler run',
    );
    const handle = system.env.client.workflow.getHandle(run.workflowId, run.runId);
    const result = (await handle.result()) as TenantReconcilerResult;
    expect(result.repairs).toEqual(
      expect.arrayContaining([
        { kind: 'monitor_started', tenant: null, target: monitor.workflowId },
        { kind: 'monitor_started', tenant: null, target: NOTIFICATION_DISPATCHER_WORKFLOW_ID },
        { kind: 'schedule_created', tenant: 'acme-heal', target: 'billing:acme-heal' },
        { kind: 'schedule_paused', tenant: 'acme-gone', target: 'enrichment:acme-gone' },
      ]),
    );
    await saveHistory(handle, 'tenantReconcilerWorkflow-repairs');

    expect(
      (await describeRealtimeMonitor(system.env.client, 'acme-heal', { taskQueue: system.taskQueue }))
        .running,
    ).toBe(true);
    expect((await scheduleState('billing:acme-heal')).paused).toBe(false);
    expect((await scheduleState('enrichment:acme-gone')).paused).toBe(true);
    const metrics = await system.workerMetrics.getSingleMetricAsString('tenant_reconciler_repairs_total');
    expect(metrics).toMatch(/tenant_reconciler_repairs_total\{kind="monitor_started"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/tenant_reconciler_repairs_total\{kind="schedule_created"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/tenant_reconciler_repairs_total\{kind="schedule_paused"[^}]*\} [1-9]/);

    // The recreated monitor evaluates the tenant again.
    expect(await sendLatePick('acme-heal', created.body.webhook_secret, 'heal-1')).toEqual([202, 202]);
    await pickDelayOf('acme-heal', created.body.api_key, 'heal-1');
  });

  it('SLA policy and holidays: versioned, validated by field, applied from their effective time, history kept', async () => {
    const created = await api('POST', '/admin/tenants', { body: { name: 'acme-sla' } });
    const { webhook_secret: secret, api_key: apiKey } = created.body as {
      webhook_secret: string;
      api_key: string;
    };
    const own = { key: apiKey, tenant: 'acme-sla' };

    const initial = await api('GET', '/tenants/acme-sla/sla-policy', own);
    expect(initial.body).toMatchObject({ tenant: 'acme-sla', version: null, overrides: {}, history: [] });
    expect(initial.body.effective.pick_minutes).toBe(120);

    const typo = await api('PUT', '/tenants/acme-sla/sla-policy', { ...own, body: { pick_minute: 200 } });
    expect(typo.status).toBe(422);
    expect(typo.body.error.details).toEqual([{ path: 'pick_minute', rule: 'is not a known field' }]);
    const negative = await api('PUT', '/tenants/acme-sla/sla-policy', { ...own, body: { pick_minutes: -5 } });
    expect(negative.body.error.details).toEqual([
      { path: 'pick_minutes', rule: expect.stringMatching(/>0|positive|greater/i) },
    ]);
    const past = await api('PUT', '/tenants/acme-sla/sla-policy', {
      ...own,
      body: { pick_minutes: 200, effective_from: '2020-01-01T00:00:00Z' },
    });
    expect(past.body.error.details).toEqual([{ path: 'effective_from', rule: 'must not be in the past' }]);
    expect((await api('GET', '/tenants/acme-api/sla-policy', own)).status).toBe(403);

    // A version effective next year is scheduled, not applied: a 150-minute pick is still late today.
    const scheduled = await api('PUT', '/tenants/acme-sla/sla-policy', {
      body: { pick_minutes: 30, effective_from: new Date(Date.now() + 365 * 24 * 60 * MINUTE).toISOString() },
    });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({
      version: null,
      history: [{ version: 1, status: 'scheduled', created_by: 'admin' }],
    });
    expect(await sendLatePick('acme-sla', secret, 'sla-1')).toEqual([202, 202]);
    await pickDelayOf('acme-sla', apiKey, 'sla-1');

    // Effective now: pick_minutes 200 makes the same 150-minute pick on time.
    const current = await api('PUT', '/tenants/acme-sla/sla-policy', { ...own, body: { pick_minutes: 200 } });
    expect(current.body).toMatchObject({
      version: 2,
      overrides: { pick_minutes: 200 },
      effective: { pick_minutes: 200 },
      history: [
        { version: 1, status: 'scheduled' },
        { version: 2, status: 'current', created_by: 'tenant:acme-sla' },
      ],
    });
    expect(await sendLatePick('acme-sla', secret, 'sla-2')).toEqual([202, 202]);
    await pickEvaluated('sla-2');
    expect(await pickDelaysOf('sla-2')).toEqual([]);

    // Holidays: the paid day as a holiday doubles the window (200 × 2), versioned the same way.
    const paidAt = new Date(lastWeekdayAt9Utc().getTime() - 7 * 24 * 60 * MINUTE);
    const badDates = await api('PUT', '/tenants/acme-sla/holidays', {
      ...own,
      body: { holidays: ['2026-02-30'] },
    });
    expect(badDates.body.error.details).toEqual([{ path: 'holidays[0]', rule: 'must be a date YYYY-MM-DD' }]);
    const holidays = await api('PUT', '/tenants/acme-sla/holidays', {
      ...own,
      body: { holidays: [paidAt.toISOString().slice(0, 10)] },
    });
    expect(holidays.body).toMatchObject({
      version: 1,
      holidays: [paidAt.toISOString().slice(0, 10)],
      history: [{ status: 'current' }],
    });
    expect((await api('GET', '/tenants/acme-sla/sla-policy', own)).body.effective.holidays).toEqual([
      paidAt.toISOString().slice(0, 10),
    ]);
    // 300 minutes: late on an ordinary day (> 200), on time on the holiday (≤ 200 × 2).
    expect(await sendLatePick('acme-sla', secret, 'sla-holiday', paidAt, 300)).toEqual([202, 202]);
    expect(await sendLatePick('acme-sla', secret, 'sla-ordinary', lastWeekdayAt9Utc(), 300)).toEqual([
      202, 202,
    ]);
    await pickDelayOf('acme-sla', apiKey, 'sla-ordinary');
    await pickEvaluated('sla-holiday');
    expect(await pickDelaysOf('sla-holiday')).toEqual([]);

    // A PUT without a body is a version with no overrides (the defaults again), as `{}` is; it was a 500.
    const empty = await api('PUT', '/tenants/acme-sla/sla-policy', own);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ version: 3, overrides: {}, effective: { pick_minutes: 120 } });

    // Only the pick window is under test (no pack scan follows, so MISSING_SCAN may stand beside it).
    async function pickDelaysOf(orderId: string) {
      return (await exceptionsOf('acme-sla', apiKey, orderId)).filter(
        (item) => item.reason_code === 'PICK_DELAY',
      );
    }

    async function pickEvaluated(orderId: string) {
      await waitForValue(
        async () => {
          const stage = await sql<{ status: string }>`
            SELECT status FROM order_processing_stages
            WHERE tenant = 'acme-sla' AND order_id = ${orderId} AND stage_name = 'pick'`.execute(
            system.db.db,
          );
          return stage.rows[0]?.status === 'COMPLETED' ? true : undefined;
        },
        15_000,
        `${orderId} evaluated`,
      );
    }
  });

  it('`e2a tenant list|show|update|disable|enable|rotate-secret|add-key|revoke-key --json` print the API shapes', async () => {
    const env = {
      DATABASE_URL: system.db.url,
      TEMPORAL_ADDRESS: system.env.address,
      TEMPORAL_TASK_QUEUE: system.taskQueue,
    };
    const cli = async (...args: string[]) => {
      const result = await runCli([...args, '--json'], env);
      if (result.code !== 0) throw new Error(`e2a ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout) as Json;
    };
    await api('POST', '/admin/tenants', { body: { name: 'acme-tool' } });

    const listed = (await cli('tenant', 'list')) as unknown as Json[];
    expect(listed.find((tenant) => tenant.name === 'acme-tool')).toEqual(
      (await api('GET', '/admin/tenants')).body.find((tenant: Json) => tenant.name === 'acme-tool'),
    );
    expect(await cli('tenant', 'show', 'acme-tool')).toEqual(
      (await api('GET', '/admin/tenants/acme-tool')).body,
    );
    expect(await cli('tenant', 'update', 'acme-tool', '--display-name', 'Acme Tools')).toMatchObject({
      display_name: 'Acme Tools',
      provisioning: { status: 'completed' },
    });
    expect(await cli('tenant', 'disable', 'acme-tool')).toMatchObject({
      state: 'disabled',
      schedules: { paused: 5 },
      provisioning: { workflow_id: tenantDisableWorkflowId('acme-tool'), status: 'completed' },
    });
    expect(await cli('tenant', 'enable', 'acme-tool')).toMatchObject({
      state: 'active',
      schedules: { paused: 0 },
    });
    const rotated = await cli('tenant', 'rotate-secret', 'acme-tool', '--grace-hours', '1');
    expect(rotated).toEqual({
      name: 'acme-tool',
      webhook_secret: expect.any(String),
      previous_secret_valid_until: expect.any(String),
    });
    const added = await cli('tenant', 'add-key', 'acme-tool');
    expect(added).toEqual({
      name: 'acme-tool',
      prefix: expect.stringMatching(/^[a-z0-9]{8}$/),
      api_key: expect.stringMatching(/^e2a_/),
      created_at: expect.any(String),
    });
    expect(await cli('tenant', 'revoke-key', 'acme-tool', added.prefix)).toEqual({
      name: 'acme-tool',
      prefix: added.prefix,
      revoked: true,
    });
    const unknown = await runCli(['tenant', 'show', 'nobody', '--json'], env);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('Tenant nobody not found') });
    const badZone = await runCli(['tenant', 'update', 'acme-tool', '--timezone', 'Mars/Base'], env);
    expect(badZone).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('timezone must be an IANA time zone'),
    });
  }, 600_000);

  it('every tenant route is in the OpenAPI document with its request and response schemas', async () => {
    const document = (await (await fetch(`${system.apiUrl}/openapi.json`)).json()) as Json;
    const routes: Array<[string, string, number, boolean]> = [
      ['/admin/tenants', 'post', 201, true],
      ['/admin/tenants', 'get', 200, false],
      ['/admin/tenants/{name}', 'get', 200, false],
      ['/admin/tenants/{name}', 'patch', 200, true],
      ['/admin/tenants/{name}/disable', 'post', 200, false],
      ['/admin/tenants/{name}/enable', 'post', 200, false],
      ['/admin/tenants/{name}/rotate-webhook-secret', 'post', 200, true],
      ['/admin/tenants/{name}/api-keys', 'post', 201, false],
      ['/admin/tenants/{name}/api-keys/{prefix}', 'delete', 200, false],
      ['/tenants/{name}/sla-policy', 'get', 200, false],
      ['/tenants/{name}/sla-policy', 'put', 200, true],
      ['/tenants/{name}/holidays', 'get', 200, false],
      ['/tenants/{name}/holidays', 'put', 200, true],
    ];
    for (const [path, method, status, hasBody] of routes) {
      const operation = document.paths[path]?.[method] as Json | undefined;
      expect({ path, method, documented: operation !== undefined }).toEqual({
        path,
        method,
        documented: true,
      });
      expect(operation?.responses[String(status)].content['application/json'].schema).toBeDefined();
      expect(operation?.responses['422'] ?? operation?.responses['401']).toBeDefined();
      if (hasBody) expect(operation?.requestBody.content['application/json'].schema).toBeDefined();
    }
  });
});

/** ActivityTaskCompleted events of the monitor's current run recorded after `since`: its evaluation cycles. */
async function evaluationCyclesSince(handle: WorkflowHandle, since: Date): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((event) => {
    if (!event.activityTaskCompletedEventAttributes) return false;
    const seconds = Number(event.eventTime?.seconds ?? 0);
    return seconds * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6) > since.getTime();
  }).length;
}
