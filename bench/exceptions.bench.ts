/**
 * pnpm bench:exceptions [blocked=100000] [eligible=1000]
 * One exception-management run over BLOCKED blocked + ELIGIBLE eligible exceptions, through a real Temporal dev
 * server and worker: once with the rule-based analyst, once with a scripted provider answering after 200 ms.
 */
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  Worker,
  closeServer,
  createActivities,
  createLocalEnvironment,
  createPartnerSimulatorApp,
  createTestDatabase,
  createTestRedis,
  createTestTenant,
  deleteKeys,
  eligibleExceptionsQuery,
  exceptionDeps,
  exceptionManagementWorkflowId,
  exceptionSettings,
  flowSearchAttributes,
  listen,
  llmAnswers,
  resetBreaker,
  AI_SERVICE_BREAKER,
  sql,
  startFakeLlmServer,
  workflowsPath,
  type ExceptionManagementResult,
} from './support/exceptions-bench-kit';

const BLOCKED = Number(process.argv[2] ?? 100_000);
const ELIGIBLE = Number(process.argv[3] ?? 1_000);
const TENANT = 'exc-bench';
const CODES = [
  'ADDRESS_INVALID',
  'PICK_DELAY',
  'PAYMENT_FAILED',
  'PACK_DELAY',
  'SYSTEM_ERROR',
  'MISSING_SCAN',
];

async function main(): Promise<void> {
  const database = await createTestDatabase('exc_bench', { poolSize: 20 });
  const { db } = database;
  const redis = await createTestRedis();
  await deleteKeys(redis, `ai_tokens:${TENANT}:*`);
  await resetBreaker(redis, AI_SERVICE_BREAKER);
  const partner = await listen(createPartnerSimulatorApp(), 0, '127.0.0.1');
  const base = `http://127.0.0.1:${partner.port}`;
  await createTestTenant(db, TENANT, {
    partnerEndpoints: { address: base, payments: base, wms: base, carrier: base, systems: base },
  });
  const llm = await startFakeLlmServer();
  llm.setDefault((request) =>
    request.prompt.includes('can be resolved automatically')
      ? { kind: 'json', body: llmAnswers.resolution() }
      : { kind: 'json', body: llmAnswers.exception() },
  );

  const seedStart = Date.now();
  await sql`
    INSERT INTO exceptions (tenant, order_id, reason_code, severity, status, ai_label, ai_confidence,
      resolution_attempts, max_resolution_attempts, resolution_blocked, resolution_block_reason, created_at,
      escalated_at, escalation_level)
    SELECT ${TENANT}, 'B-' || g, 'PICK_DELAY', 'MEDIUM', 'OPEN', 'PICK_DELAY', 0.8, 2, 2, true,
      'Maximum resolution attempts (2) reached', now() - (g % 100) * interval '1 hour',
      LEAST(now(), now() - (g % 100) * interval '1 hour' + interval '4 hours'), 1
    FROM generate_series(1, ${BLOCKED}) g`.execute(db);
  const seedEligible = async (prefix: string) => {
    await sql`
      INSERT INTO orders (tenant, order_id, order_data)
      SELECT ${TENANT}, ${prefix} || g,
        jsonb_build_object('shipping_address', jsonb_build_object('city', 'Springfield', 'zip', '62074'),
                           'financial_status', 'pending', 'payment_decline_code', 'insufficient_funds')
      FROM generate_series(1, ${ELIGIBLE}) g`.execute(db);
    await sql`
      INSERT INTO exceptions (tenant, order_id, reason_code, severity, status, context_data, created_at)
      SELECT ${TENANT}, ${prefix} || g, (${CODES}::text[])[1 + g % ${CODES.length}], 'MEDIUM', 'OPEN',
        jsonb_build_object('window', 'pick', 'actual_minutes', 180, 'sla_minutes', 120, 'delay_minutes', 60),
        now() - interval '10 minutes'
      FROM generate_series(1, ${ELIGIBLE}) g`.execute(db);
  };
  await seedEligible('E1-');
  await sql`ANALYZE exceptions`.execute(db);
  console.log(
    `seeded ${BLOCKED} blocked + ${ELIGIBLE} eligible in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  const compiled = eligibleExceptionsQuery(
    db,
    { tenant: TENANT, analysisHours: 168, limit: 200 },
    new Date(),
  ).compile();
  const plan = await sql
    .raw<{ 'QUERY PLAN': string }>(
      `EXPLAIN ${compiled.sql.replace(/\$(\d+)/g, (_m, index: string) => {
        const value = compiled.parameters[Number(index) - 1];
        return value instanceof Date
          ? `'${value.toISOString()}'`
          : typeof value === 'number'
            ? String(value)
            : `'${String(value)}'`;
      })}`,
    )
    .execute(db);
  console.log('\nEXPLAIN (eligible exceptions, one page):');
  for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);

  const env = await createLocalEnvironment();
  const runOnce = async (label: string, aiMode: 'fallback' | 'smart') => {
    const deps = exceptionDeps(
      db,
      redis,
      exceptionSettings({
        aiMode,
        aiProviderBaseUrl: llm.url,
        aiTimeoutSeconds: 5,
        aiMaxDailyTokens: 100_000_000,
      }),
    );
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: `${TENANT}-${aiMode}`,
      workflowsPath,
      activities: createActivities(deps),
      maxConcurrentActivityTaskExecutions: 4,
    });
    const before = await sql<{ at: Date }>`SELECT now() AS at`.execute(db);
    const started = Date.now();
    const result = (await worker.runUntil(
      env.client.workflow.execute(EXCEPTION_MANAGEMENT_WORKFLOW, {
        taskQueue: `${TENANT}-${aiMode}`,
        workflowId: exceptionManagementWorkflowId(TENANT, `bench-${aiMode}-${started}`),
        args: [{ tenant: TENANT }],
        typedSearchAttributes: flowSearchAttributes(TENANT, 'exception-management'),
      }),
    )) as ExceptionManagementResult;
    const seconds = (Date.now() - started) / 1000;
    const touched = await sql<{ touched: string; blocked_touched: string }>`
      SELECT count(*) AS touched, count(*) FILTER (WHERE order_id LIKE 'B-%') AS blocked_touched
      FROM exceptions WHERE tenant = ${TENANT} AND updated_at >= ${before.rows[0]!.at}`.execute(db);
    const processed = result.analysis.analyzed;
    console.log(`\n${label}`);
    console.log(
      `  run time ${seconds.toFixed(2)} s; analysed ${processed}, eligible ${result.resolution.eligible}, attempted ${result.resolution.attempted}, resolved ${result.resolution.resolved}`,
    );
    console.log(
      `  exceptions touched ${touched.rows[0]!.touched} (blocked among them: ${touched.rows[0]!.blocked_touched})`,
    );
    console.log(
      `  throughput ${(processed / seconds).toFixed(1)} exceptions/s = ${((processed / seconds) * 60).toFixed(0)} exceptions/min (analysis + resolution decisions)`,
    );
    return { seconds, processed };
  };

  await runOnce('fallback analyst (AI_MODE=fallback)', 'fallback');
  await seedEligible('E2-');
  await sql`ANALYZE exceptions`.execute(db);
  llm.setLatency(200);
  const requestsBefore = llm.requests.length;
  await runOnce('scripted provider, 200 ms per answer (AI_MODE=smart)', 'smart');
  console.log(`  provider requests ${llm.requests.length - requestsBefore}`);

  await env.teardown();
  await closeServer(partner.server);
  await llm.close();
  await redis.quit();
  await database.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
