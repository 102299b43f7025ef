import { createActivities, type ActivitiesSettings } from '@e2a/activities';
import {
  AI_SERVICE_BREAKER,
  allowsRequest,
  readBreaker,
  recordBreakerFailure,
  recordBreakerSuccess,
  resetBreaker,
} from '@e2a/circuit-breaker';
import { eventSchemaFor, fallbackNotes, normalizeEvent } from '@e2a/domain';
import { insertOrderEvents } from '@e2a/db';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { deleteKeys, type TestRedis } from '../../support/redis';
import {
  llmAnswers,
  startFakeLlmServer,
  type FakeLlmServer,
  type LlmReply,
} from '../../support/fake-llm-server';
import {
  PII_ORDER,
  createIsolatedRedis,
  exceptionDeps,
  exceptionSettings,
  metricValue,
  seedException,
  type SeedException,
} from '../../support/exceptions-fixtures';

const TENANT = 'exc-ai-analyst';
const BREAKER = { failureThreshold: 50, resetSeconds: 60 };

describe('AI analyst with rule fallback (scripted provider)', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let llm: FakeLlmServer;
  let orderSeq = 0;

  beforeAll(async () => {
    database = await createTestDatabase('exc_ai_analyst');
    redis = await createIsolatedRedis(13);
    llm = await startFakeLlmServer();
    await createTestTenant(database.db, TENANT);
  });
  afterAll(async () => {
    await llm.close();
    await redis.quit();
    await database.destroy();
  });
  beforeEach(async () => {
    llm.reset();
    await deleteKeys(redis, `ai_tokens:${TENANT}:*`);
    await resetBreaker(redis, AI_SERVICE_BREAKER);
  });

  const build = (overrides: Partial<ActivitiesSettings> = {}) => {
    const deps = exceptionDeps(
      database.db,
      redis,
      exceptionSettings({ aiProviderBaseUrl: llm.url, ...overrides }),
    );
    return { deps, activities: createActivities(deps) };
  };
  const seed = (reasonCode = 'PICK_DELAY', extra: Partial<SeedException> = {}) =>
    seedException(database.db, {
      tenant: TENANT,
      orderId: `ORD-AI-${++orderSeq}`,
      reasonCode,
      orderData: PII_ORDER,
      ...extra,
    });
  const load = (id: string) =>
    database.db.selectFrom('exceptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('applies a confident answer; the prompt carries the breach facts and no personal data', async () => {
    const { activities } = build();
    const id = await seed();
    llm.enqueue({ kind: 'json', body: llmAnswers.exception({ confidence: 0.82 }), tokens: 321 });
    const summary = await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [id] });
    expect(summary).toMatchObject({ analyzed: 1, ai: 1, fallback: 0 });
    const row = await load(id);
    expect(row).toMatchObject({ ai_label: 'PICK_DELAY', ai_confidence: 0.82, resolution_blocked: false });
    expect(row.ops_note).toBe(llmAnswers.exception().ops_note);
    const prompt = llm.requests[0]!.prompt;
    expect(prompt).toContain('actual_minutes: 180');
    expect(prompt).toContain('sla_minutes: 120');
    expect(prompt).toContain('delay_minutes: 60');
    // Structured output: the task's JSON schema, not strict, so any OpenAI-compatible provider accepts it.
    expect(llm.requests[0]!.jsonSchema).toMatchObject({
      name: 'exception_analysis',
      strict: false,
      schema: { required: expect.arrayContaining(['label', 'confidence', 'ops_note', 'client_note']) },
    });
    for (const pii of ['Jane', 'Doe', 'jane.doe@example.com', '555-0199', '742 Evergreen', '4111 1111']) {
      expect(prompt).not.toContain(pii);
    }
    expect(await redis.get(`ai_tokens:${TENANT}:${new Date().toISOString().slice(0, 10)}`)).toBe('321');
  });

  it('confidence below 0.3 blocks at once with the exact text and stores NULL confidence', async () => {
    const { activities } = build();
    const id = await seed();
    llm.enqueue({ kind: 'json', body: llmAnswers.exception({ confidence: 0.15 }) });
    const summary = await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [id] });
    expect(summary.lowConfidenceBlocked).toBe(1);
    const row = await load(id);
    expect(row.resolution_blocked).toBe(true);
    expect(row.resolution_block_reason).toBe('AI confidence too low (0.15) - manual review required');
    expect(row.ai_confidence).toBeNull();
    expect(row.ai_label).toBe('PICK_DELAY');
    expect(row.ops_note).toBe(fallbackNotes('PICK_DELAY').ops_note);
  });

  it('confidence between 0.3 and AI_MIN_CONFIDENCE falls back to the rules without blocking', async () => {
    const { activities } = build();
    const id = await seed('PACK_DELAY');
    llm.enqueue({ kind: 'json', body: llmAnswers.exception({ label: 'PACK_DELAY', confidence: 0.45 }) });
    await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [id] });
    const row = await load(id);
    expect(row).toMatchObject({ ai_label: 'PACK_DELAY', ai_confidence: null, resolution_blocked: false });
    expect(row.client_note).toBe(fallbackNotes('PACK_DELAY').client_note);
  });

  const failureCases: [string, LlmReply[], string][] = [
    [
      'timeouts',
      [
        { kind: 'hang', ms: 1500 },
        { kind: 'hang', ms: 1500 },
      ],
      'timeout',
    ],
    [
      'HTTP 429',
      [
        { kind: 'status', status: 429 },
        { kind: 'status', status: 429 },
      ],
      'http',
    ],
    [
      'HTTP 500',
      [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 500 },
      ],
      'http',
    ],
    [
      'malformed JSON',
      [
        { kind: 'text', text: '{"label": "PICK_DELAY", confid' },
        { kind: 'text', text: 'I think it is a pick delay' },
      ],
      'malformed',
    ],
    [
      'schema-invalid JSON',
      [
        { kind: 'json', body: { label: 'PICK_DELAY', confidence: 7 } },
        { kind: 'json', body: { verdict: 'late' } },
      ],
      'schema',
    ],
  ];
  it.each(failureCases)(
    '%s are failures: retried, counted, breaker-tripping, never stored as confidence',
    async (_name, replies, failure) => {
      const { deps, activities } = build();
      const id = await seed('CARRIER_ISSUE', { severity: 'HIGH' });
      llm.enqueue(...replies);
      const summary = await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [id] });
      expect(summary).toMatchObject({ ai: 0, fallback: 1, aiFailures: 1 });
      expect(llm.requests).toHaveLength(2); // AI_RETRY_MAX_ATTEMPTS
      const row = await load(id);
      expect(row.ai_confidence).toBeNull();
      expect(row.ai_label).toBe('CARRIER_ISSUE');
      expect(row.enrichment_retry_count).toBe(1);
      expect(row.resolution_blocked).toBe(false);
      expect(await metricValue(deps.metrics, 'ai_failures_total', { tenant: TENANT, failure })).toBe(2);
      expect((await readBreaker(redis, AI_SERVICE_BREAKER, BREAKER, new Date())).failure_count).toBe(2);
      // An answer that turns out unusable still spent its tokens (100 per scripted answer).
      const spent = await redis.get(`ai_tokens:${TENANT}:${new Date().toISOString().slice(0, 10)}`);
      expect(spent).toBe(failure === 'malformed' || failure === 'schema' ? '200' : null);
    },
  );

  it('a failure followed by a good answer is retried within the attempt budget', async () => {
    const { activities } = build();
    const id = await seed();
    llm.enqueue(
      { kind: 'status', status: 429 },
      { kind: 'json', body: llmAnswers.exception({ confidence: 0.77 }) },
    );
    await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [id] });
    expect((await load(id)).ai_confidence).toBe(0.77);
    // A success closes the count again.
    expect((await readBreaker(redis, AI_SERVICE_BREAKER, BREAKER, new Date())).failure_count).toBe(0);
  });

  it('an open breaker stops calls for every process; a reset closes it', async () => {
    const { activities } = build({ aiBreakerFailureThreshold: 2 });
    const first = await seed();
    const second = await seed();
    llm.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [first] });
    const options = { failureThreshold: 2, resetSeconds: 60 };
    expect((await readBreaker(redis, AI_SERVICE_BREAKER, options, new Date())).state).toBe('open');
    // A second "process" (new deps, same Redis) sees the open breaker and does not call the provider.
    const other = build({ aiBreakerFailureThreshold: 2 });
    await other.activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [second] });
    expect(llm.requests).toHaveLength(2);
    expect((await load(second)).ai_confidence).toBeNull();
    await resetBreaker(redis, AI_SERVICE_BREAKER);
    llm.enqueue({ kind: 'json', body: llmAnswers.exception({ confidence: 0.9 }) });
    await other.activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [second] });
    expect((await load(second)).ai_confidence).toBe(0.9);
  });

  it('the breaker half-opens after the reset timeout; a failed trial re-opens it, a success closes it', async () => {
    const options = { failureThreshold: 1, resetSeconds: 60 };
    const t0 = new Date('2026-11-29T10:00:00Z');
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    await recordBreakerFailure(redis, AI_SERVICE_BREAKER, options, t0, 'timeout');
    expect((await readBreaker(redis, AI_SERVICE_BREAKER, options, at(59))).state).toBe('open');
    expect(await allowsRequest(redis, AI_SERVICE_BREAKER, options, at(59))).toBe(false);
    expect((await readBreaker(redis, AI_SERVICE_BREAKER, options, at(60))).state).toBe('half_open');
    expect(await allowsRequest(redis, AI_SERVICE_BREAKER, options, at(60))).toBe(true);
    const reopened = await recordBreakerFailure(redis, AI_SERVICE_BREAKER, options, at(61), 'HTTP 500');
    expect(reopened).toMatchObject({
      state: 'open',
      opened_at: at(61).toISOString(),
      last_error: 'HTTP 500',
    });
    await recordBreakerSuccess(redis, AI_SERVICE_BREAKER);
    expect(await readBreaker(redis, AI_SERVICE_BREAKER, options, at(62))).toMatchObject({
      state: 'closed',
      failure_count: 0,
    });
  });

  it('an exhausted daily token budget (shared in Redis) means fallback without calling the provider', async () => {
    const { activities } = build({ aiMaxDailyTokens: 1000 });
    const first = await seed();
    const second = await seed();
    llm.enqueue({ kind: 'json', body: llmAnswers.exception({ confidence: 0.9 }), tokens: 1000 });
    await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [first] });
    await build({ aiMaxDailyTokens: 1000 }).activities.analyzeExceptions({
      tenant: TENANT,
      exceptionIds: [second],
    });
    expect(llm.requests).toHaveLength(1);
    expect((await load(first)).ai_confidence).toBe(0.9);
    expect(await load(second)).toMatchObject({ ai_confidence: null, ai_label: 'PICK_DELAY' });
  });

  it('fallback mode never calls the provider and writes the rule notes', async () => {
    const { activities } = build({ aiMode: 'fallback' });
    const id = await seed('PAYMENT_FAILED', { severity: 'HIGH' });
    const find = () =>
      activities.findExceptionsToAnalyze({
        tenant: TENANT,
        analysisHours: 168,
        exceptionIds: [id],
        limit: 10,
      });
    expect(await find()).toEqual([id]);
    await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [id] });
    expect(llm.requests).toHaveLength(0);
    expect(await load(id)).toMatchObject({
      ai_label: 'PAYMENT_FAILED',
      ai_confidence: null,
      ops_note: fallbackNotes('PAYMENT_FAILED').ops_note,
      client_note: fallbackNotes('PAYMENT_FAILED').client_note,
    });
    expect(await find()).toEqual([]);
  });

  it('with the AI on, NULL confidence means "reprocess" until five retries are spent', async () => {
    const { activities } = build();
    const fresh = await seed('PICK_DELAY', { aiLabel: 'PICK_DELAY' });
    const exhausted = await seed('PICK_DELAY', { aiLabel: 'PICK_DELAY' });
    await database.db
      .updateTable('exceptions')
      .set({ enrichment_retry_count: 5 })
      .where('id', '=', exhausted)
      .execute();
    const found = await activities.findExceptionsToAnalyze({
      tenant: TENANT,
      analysisHours: 168,
      exceptionIds: [fresh, exhausted],
      limit: 10,
    });
    expect(found).toEqual([fresh]);
    llm.enqueue({ kind: 'json', body: llmAnswers.exception({ confidence: 0.4 }) });
    await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: [fresh] });
    expect((await load(fresh)).enrichment_retry_count).toBe(1);
  });

  describe('resolution analysis', () => {
    const attempt = (id: string, key: string) => ({
      tenant: TENANT,
      workflowId: 'wf-test',
      runId: 'run-test',
      attempts: [{ exceptionId: id, idempotencyKey: key }],
    });

    it('a resolution answer below 0.3 blocks with the exact text after counting the attempt', async () => {
      const { activities } = build();
      const id = await seed('ADDRESS_INVALID');
      llm.enqueue({ kind: 'json', body: llmAnswers.resolution({ confidence: 0.15 }) });
      const result = await activities.runResolutionAttempts(attempt(id, `exc-ai-low-${id}`));
      expect(result.results[0]).toMatchObject({ outcome: 'blocked_low_confidence', attemptNumber: 1 });
      expect(await load(id)).toMatchObject({
        resolution_attempts: 1,
        resolution_blocked: true,
        resolution_block_reason: 'AI confidence too low (0.15) - manual review required',
      });
    });

    it('smart asks the model only for auto-resolvable codes, full for every code, disabled never', async () => {
      const smartId = await seed('PICK_DELAY');
      llm.setDefault(() => ({
        kind: 'json',
        body: llmAnswers.resolution({ can_auto_resolve: false, automated_actions: [] }),
      }));
      await build().activities.runResolutionAttempts(attempt(smartId, `exc-ai-smart-${smartId}`));
      expect(llm.requests).toHaveLength(0);
      const fullId = await seed('PICK_DELAY');
      await build({ aiMode: 'full' }).activities.runResolutionAttempts(
        attempt(fullId, `exc-ai-full-${fullId}`),
      );
      expect(llm.requests).toHaveLength(1);
      expect(llm.requests[0]!.prompt).toContain('decide whether');
      const disabled = build({ aiMode: 'disabled' }).activities;
      const disabledId = await seed('ADDRESS_INVALID');
      expect(
        await disabled.findExceptionsToAnalyze({
          tenant: TENANT,
          analysisHours: 168,
          exceptionIds: [disabledId],
          limit: 5,
        }),
      ).toEqual([]);
      const result = await disabled.runResolutionAttempts(
        attempt(disabledId, `exc-ai-disabled-${disabledId}`),
      );
      // No model in this mode: the tenant's playbook decides (ADDRESS_INVALID → address validation).
      expect(result.results[0]).toMatchObject({ planSource: 'rules', decisionSource: 'playbook' });
      expect(llm.requests).toHaveLength(1);
      llm.setDefault(() => ({ kind: 'status', status: 500 }));
    });

    it('a failing model spends no attempt of its own: the playbook decides, its error blocks only at the limit', async () => {
      const { activities } = build();
      const id = await seed('ADDRESS_INVALID');
      llm.setDefault(() => ({ kind: 'status', status: 500 }));
      const first = await activities.runResolutionAttempts(attempt(id, `exc-ai-fail-${id}-1`));
      expect(first.results[0]).toMatchObject({
        attemptNumber: 1,
        blockReason: null,
        decisionSource: 'playbook',
      });
      expect(await load(id)).toMatchObject({ resolution_blocked: false, resolution_block_reason: null });
      await database.db
        .updateTable('exceptions')
        .set({ last_resolution_attempt_at: null })
        .where('id', '=', id)
        .execute();
      await activities.runResolutionAttempts(attempt(id, `exc-ai-fail-${id}-2`));
      expect((await load(id)).resolution_block_reason).toBe('Repeated AI analysis failures: HTTP 500');
      const rows = await database.db
        .selectFrom('resolution_attempts')
        .selectAll()
        .where('exception_id', '=', id)
        .orderBy('attempt_number')
        .execute();
      expect(rows.map((row) => row.decision_source)).toEqual(['playbook', 'playbook']);
      expect(rows[0]!.analysis).toMatchObject({
        source: 'playbook',
        ai_unavailable: 'failed',
        ai_error: 'HTTP 500',
      });
    });
  });

  describe('facts outrank inferences', () => {
    it('a model failing half its calls and answering "no problems" otherwise closes no reported fact and every valid analysis stays on its exception', async () => {
      const { activities } = build({ aiBreakerFailureThreshold: 1000 });
      const orderId = `ORD-FACTS-${++orderSeq}`;
      const order = { financial_status: 'pending', payment_issues: true, shipping_address: { zip: '00000' } };
      const seedOn = (reasonCode: string, context: Record<string, unknown>, severity = 'HIGH') =>
        seedException(database.db, {
          tenant: TENANT,
          orderId,
          reasonCode,
          orderData: order,
          context,
          severity,
        });
      const damaged = await seedOn('DAMAGED_PACKAGE', {
        source: 'wms_exception_reported',
        exception_reason: 'crushed',
      });
      const payment = await seedOn('PAYMENT_FAILED', { source: 'order_problem', field: 'payment_issues' });
      const inferred = await seedOn('ADDRESS_INVALID', { source: 'order_problem', field: 'zip' }, 'MEDIUM');
      const ids = [damaged, payment, inferred];

      // Half the calls fail: the first pass answers every call, the second fails every call.
      let isFailing = false;
      const answered = new Set<string>();
      llm.setDefault((request) => {
        if (isFailing) return { kind: 'status', status: 500 };
        if (request.jsonSchema?.name === 'order_analysis')
          return {
            kind: 'json',
            body: llmAnswers.order({ has_problems: false, confidence: 0.9, problems: [] }),
          };
        const code = /reason code: (\w+)/.exec(request.prompt)?.[1] ?? 'OTHER';
        answered.add(code);
        return { kind: 'json', body: llmAnswers.exception({ label: code, confidence: 0.9 }) };
      });
      for (const failing of [false, true]) {
        isFailing = failing;
        await activities.analyzeOrdersWithAi({ tenant: TENANT, orderIds: [orderId] });
        await activities.analyzeExceptions({ tenant: TENANT, exceptionIds: ids });
      }

      // "No problems" closes the inferred address problem, never the reported damage or the failed payment.
      expect(await load(damaged)).toMatchObject({ status: 'OPEN', severity: 'HIGH' });
      expect(await load(payment)).toMatchObject({ status: 'OPEN', severity: 'HIGH' });
      expect((await load(inferred)).status).toBe('CLOSED');
      // Every accepted answer is on its exception, although a later call for it failed.
      expect([...answered].sort()).toEqual(['ADDRESS_INVALID', 'DAMAGED_PACKAGE', 'PAYMENT_FAILED']);
      for (const id of ids) {
        const row = await load(id);
        expect(row).toMatchObject({ ai_label: row.reason_code, ai_confidence: 0.9 });
        expect(row.context_data).toMatchObject({
          ai_analysis: { source: 'ai', prompt_version: 'exception-analysis.v1' },
        });
      }
      llm.setDefault(() => ({ kind: 'status', status: 500 }));
    });

    it('a model may raise the severity of a reported problem, never lower it', async () => {
      const { activities } = build();
      const orderId = `ORD-SEV-${++orderSeq}`;
      const id = await seedException(database.db, {
        tenant: TENANT,
        orderId,
        reasonCode: 'PAYMENT_FAILED',
        orderData: { financial_status: 'pending' },
        context: { source: 'order_problem' },
        severity: 'CRITICAL',
      });
      llm.enqueue({ kind: 'json', body: llmAnswers.order() });
      await activities.analyzeOrdersWithAi({ tenant: TENANT, orderIds: [orderId] });
      expect(await load(id)).toMatchObject({ status: 'OPEN', severity: 'CRITICAL' });
    });
  });

  describe('AI order analysis', () => {
    it('order processing hands each newly created order to the AI once, and only with a model configured', async () => {
      const orderId = `ORD-AI-FLOW-${++orderSeq}`;
      const created = eventSchemaFor('shopify').parse({
        event_id: `${orderId}-created`,
        event_type: 'order_created',
        order_id: orderId,
        occurred_at: new Date().toISOString(),
        payload: {
          order: { financial_status: 'paid', shipping_address: { zip: '62704', city: 'Springfield' } },
        },
      });
      await insertOrderEvents(database.db, TENANT, [normalizeEvent('shopify', created)]);
      const asOf = new Date().toISOString();

      // Rules only: nothing for the model to look at, whatever the chunk holds.
      const rulesOnly = build({ aiMode: 'fallback' }).activities;
      expect((await rulesOnly.evaluateDueOrders({ tenant: TENANT, asOf })).aiOrderAnalysisCandidates).toEqual(
        [],
      );

      const { activities } = build();
      await database.db
        .updateTable('orders')
        .set({ needs_evaluation: true })
        .where('order_id', '=', orderId)
        .execute();
      const first = await activities.evaluateDueOrders({ tenant: TENANT, asOf });
      expect(first.aiOrderAnalysisCandidates).toEqual([orderId]);

      // A model that is down leaves the order unmarked: it is asked again on the next evaluation.
      llm.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
      expect(
        (await activities.analyzeOrdersWithAi({ tenant: TENANT, orderIds: [orderId] }))[0]?.outcome,
      ).toBe('unavailable');
      await database.db
        .updateTable('orders')
        .set({ needs_evaluation: true })
        .where('order_id', '=', orderId)
        .execute();
      expect(
        (await activities.evaluateDueOrders({ tenant: TENANT, asOf })).aiOrderAnalysisCandidates,
      ).toEqual([orderId]);

      llm.enqueue({ kind: 'json', body: llmAnswers.order({ confidence: 0.9 }) });
      await activities.analyzeOrdersWithAi({ tenant: TENANT, orderIds: [orderId] });
      await database.db
        .updateTable('orders')
        .set({ needs_evaluation: true })
        .where('order_id', '=', orderId)
        .execute();
      expect(
        (await activities.evaluateDueOrders({ tenant: TENANT, asOf })).aiOrderAnalysisCandidates,
      ).toEqual([]);
    });

    it('replaces the rule-detected problems only at confidence ≥ 0.7', async () => {
      const { activities } = build();
      const orderId = `ORD-AI-ORDER-${++orderSeq}`;
      // The rules raised ADDRESS_INVALID; an SLA breach on the same order must survive.
      await seed('ADDRESS_INVALID', { orderId, context: { source: 'order_problem_rules' } });
      await seed('PICK_DELAY', { orderId });
      llm.enqueue({ kind: 'json', body: llmAnswers.order({ confidence: 0.5 }) });
      const kept = await activities.analyzeOrdersWithAi({ tenant: TENANT, orderIds: [orderId] });
      expect(kept[0]).toMatchObject({ outcome: 'kept_rules', confidence: 0.5 });
      llm.enqueue({ kind: 'json', body: llmAnswers.order({ confidence: 0.85 }) });
      const applied = await activities.analyzeOrdersWithAi({ tenant: TENANT, orderIds: [orderId] });
      expect(applied[0]).toMatchObject({
        outcome: 'applied',
        opened: ['PAYMENT_FAILED'],
        closed: ['ADDRESS_INVALID'],
      });
      const active = await database.db
        .selectFrom('exceptions')
        .select(['reason_code'])
        .where('tenant', '=', TENANT)
        .where('order_id', '=', orderId)
        .where('status', 'in', ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'])
        .orderBy('reason_code')
        .execute();
      expect(active.map((row) => row.reason_code)).toEqual(['PAYMENT_FAILED', 'PICK_DELAY']);
      // Running again updates the same active exception instead of duplicating it.
      llm.enqueue({ kind: 'json', body: llmAnswers.order({ confidence: 0.9 }) });
      const again = await activities.analyzeOrdersWithAi({ tenant: TENANT, orderIds: [orderId] });
      expect(again[0]).toMatchObject({ outcome: 'applied', opened: [], closed: [] });
      expect(llm.requests.every((request) => !request.prompt.includes('jane.doe@example.com'))).toBe(true);
    });
  });
});
