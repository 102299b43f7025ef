import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTestConfig } from '@e2a/config';
import { createDb, ensureDatabase, migrateToLatest, upsertTenant, type Db } from '@e2a/db';
import { TEST_WEBHOOK_SECRET } from '../../support/db';
import {
  SERVICE_ENTRIES,
  createServiceProcess,
  freePort,
  httpStatus,
  waitFor,
  waitForHttp,
  type ServiceProcess,
} from '../../support/process-controller';
import {
  firstAcceptedAfter,
  orderEventStream,
  startSteadyLoad,
  type SteadyLoad,
} from '../../support/steady-load';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres';

const TENANT = 'gw-process';

describe('gateway process while its Postgres restarts under load', () => {
  let cluster: ThrowawayPostgres;
  let db: Db;
  let gateway: ServiceProcess;
  let baseUrl: string;
  let load: SteadyLoad | undefined;

  beforeAll(async () => {
    cluster = await createThrowawayPostgres();
    const url = cluster.url('gw_process');
    await ensureDatabase(url);
    db = createDb(url, { max: 2 }).db;
    await migrateToLatest(db);
    await upsertTenant(db, { name: TENANT, webhookSecret: TEST_WEBHOOK_SECRET });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    gateway = createServiceProcess({
      name: 'gateway',
      entry: SERVICE_ENTRIES.gateway,
      logFile: path.join(tmpdir(), `e2a-gw-process-${process.pid}.log`),
      env: {
        DATABASE_URL: url,
        REDIS_URL: loadTestConfig().REDIS_URL,
        GATEWAY_HOST: '127.0.0.1',
        GATEWAY_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
    });
    gateway.start();
    await waitForHttp(`${baseUrl}/ready`, { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    await load?.stop();
    await gateway?.stop();
    await db?.destroy();
    cluster?.destroy();
  });

  // The scenario: 300 signed events/s offered, the gateway's Postgres stopped for 15 s.
  const RATE_PER_SECOND = 300;
  const OUTAGE_MS = 15_000;
  const RECOVERY_BOUND_MS = 5_000;

  it('under 300 events/s with Postgres stopped for 15 s: 503 + Retry-After meanwhile, keeps running, accepts within 5 s of the return, stored every 2xx', async () => {
    const stream = startSteadyLoad({
      baseUrl,
      tenant: TENANT,
      secret: TEST_WEBHOOK_SECRET,
      ratePerSecond: RATE_PER_SECOND,
      nextEvent: orderEventStream(`gwp-${randomUUID()}`),
    });
    load = stream;
    await waitFor('accepted events before the outage', () =>
      stream.answers.some((answer) => answer.status === 202),
    );
    // A few seconds of normal load first, so the pool is busy when Postgres goes.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    cluster.stop();
    const stoppedAt = Date.now();
    await waitFor('503 answers while Postgres is down', () => {
      // A gateway that died on the lost connections answers nothing at all.
      if (!gateway.isRunning()) throw new Error(`gateway exited: ${gateway.log().slice(-2_000)}`);
      return stream.answers.some((answer) => answer.sentAt > stoppedAt && answer.status === 503);
    });
    // Readiness waits out the pool's connect timeout: give it time on a busy machine.
    expect(await httpStatus(`${baseUrl}/ready`, 15_000)).toBe(503);
    expect(await httpStatus(`${baseUrl}/health`, 15_000)).toBe(200);
    // The outage lasts its 15 s while the stream keeps coming.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())));
    expect(gateway.isRunning()).toBe(true);

    // pg_ctl -w returns once the cluster accepts connections: the recovery clock starts there.
    cluster.start();
    const restartedAt = Date.now();
    await waitFor(
      'an accepted event after Postgres returned',
      () => firstAcceptedAfter(stream.answers, restartedAt) !== undefined,
      { timeoutMs: 30_000 },
    );
    await waitFor('accepted events 3 s after the return', () =>
      stream.answers.some((answer) => answer.sentAt > restartedAt + 3_000 && answer.status === 202),
    );
    const answers = await stream.stop();

    expect(gateway.isRunning()).toBe(true);
    expect(gateway.log()).not.toMatch(/Uncaught|Unhandled|Connection terminated unexpectedly\n\s+at/);
    const statuses = new Set(answers.map((answer) => answer.status));
    // Only "stored" or "come back later": never a 500, never a dropped connection.
    expect([...statuses].filter((status) => status !== 202 && status !== 503)).toEqual([]);
    for (const answer of answers.filter((candidate) => candidate.status === 503)) {
      expect(answer.retryAfter).toBe('5');
    }
    // While Postgres was down nothing was accepted: every request sent and answered inside the outage got 503.
    const duringOutage = answers.filter(
      (answer) => answer.sentAt >= stoppedAt && answer.answeredAt <= restartedAt,
    );
    expect(duringOutage.length).toBeGreaterThan(RATE_PER_SECOND * (OUTAGE_MS / 1000) * 0.5);
    expect(duringOutage.filter((answer) => answer.status !== 503)).toEqual([]);
    const firstAccepted = firstAcceptedAfter(answers, restartedAt);
    const recoveryMs = (firstAccepted?.answeredAt ?? Infinity) - restartedAt;

    const acknowledged = new Set(answers.filter((a) => a.status === 202).map((answer) => answer.key));
    const rows = await db
      .selectFrom('order_events')
      .select(['source', 'event_id'])
      .where('tenant', '=', TENANT)
      .execute();
    const stored = new Set(rows.map((row) => `${row.source}:${row.event_id}`));
    // The figures docs/reliability.md quotes.
    console.info(
      `gateway outage: ${answers.length} requests at ${RATE_PER_SECOND}/s, ${acknowledged.size} × 2xx, ` +
        `${answers.filter((answer) => answer.status === 503).length} × 503, ` +
        `Postgres down ${restartedAt - stoppedAt} ms, first 2xx ${recoveryMs} ms after it accepted again, ` +
        `${[...acknowledged].filter((key) => stored.has(key)).length} of ${acknowledged.size} 2xx stored`,
    );
    expect(recoveryMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    expect([...acknowledged].filter((key) => !stored.has(key))).toEqual([]);
    expect([...stored].filter((key) => !acknowledged.has(key))).toEqual([]);
    expect(await httpStatus(`${baseUrl}/ready`, 15_000)).toBe(200);
  });
});
