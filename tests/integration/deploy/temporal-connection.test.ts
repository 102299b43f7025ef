import { readFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import {
  ConfigError,
  loadApiConfig,
  loadCliConfig,
  loadWorkerConfig,
  temporalConnectionOptions,
} from '@e2a/config';
import { runCliJson, runCli } from '../../support/cli';
import { createTestPki, type TestPki } from '../../support/pki';
import { createLocalEnvironment } from '../../support/temporal';
import { startTlsProxy, type TlsProxy } from '../../support/tls-proxy';

function configErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('configuration was accepted');
}

describe('Temporal connection options (TLS, mTLS, API key) for worker, API and CLI', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = createTestPki();
  });
  afterAll(() => pki?.remove());

  describe('validation', () => {
    it('defaults to plain TCP on the configured address', () => {
      expect(temporalConnectionOptions(loadWorkerConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }))).toEqual({
        address: 'temporal:7233',
      });
    });

    it('reads a certificate, key and CA from files into an mTLS pair, the same for worker, API and CLI', () => {
      const env = {
        TEMPORAL_ADDRESS: 'temporal.internal:7233',
        TEMPORAL_TLS_CERT: pki.clientCert,
        TEMPORAL_TLS_KEY: pki.clientKey,
        TEMPORAL_TLS_CA: pki.caCert,
        TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend',
      };
      const options = temporalConnectionOptions(loadWorkerConfig(env));
      expect(options).toEqual({
        address: 'temporal.internal:7233',
        tls: {
          clientCertPair: { crt: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) },
          serverRootCACertificate: readFileSync(pki.caCert),
          serverNameOverride: 'temporal-frontend',
        },
      });
      expect(temporalConnectionOptions(loadApiConfig(env))).toEqual(options);
      expect(temporalConnectionOptions(loadCliConfig(env))).toEqual(options);
    });

    it('accepts inline PEM, with \\n escapes as a one-line .env value carries it', () => {
      const cert = pki.read(pki.clientCert);
      const key = pki.read(pki.clientKey);
      const config = loadWorkerConfig({
        TEMPORAL_TLS_CERT: cert.replace(/\n/g, '\\n'),
        TEMPORAL_TLS_KEY: key,
      });
      expect(config.TEMPORAL_TLS_CERT).toBe(cert);
      expect(temporalConnectionOptions(config).tls).toEqual({
        clientCertPair: { crt: Buffer.from(cert), key: Buffer.from(key) },
      });
    });

    it('an API key turns TLS on with the system roots (Temporal Cloud)', () => {
      expect(
        temporalConnectionOptions(
          loadCliConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-1' }),
        ),
      ).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: true, apiKey: 'key-1' });
      expect(temporalConnectionOptions(loadWorkerConfig({ TEMPORAL_TLS: 'true' })).tls).toBe(true);
    });

    it.each([
      [{ TEMPORAL_TLS_CERT: 'CERT' }, /TEMPORAL_TLS_KEY: required with TEMPORAL_TLS_CERT/],
      [{ TEMPORAL_TLS_KEY: 'KEY' }, /TEMPORAL_TLS_CERT: required with TEMPORAL_TLS_KEY/],
      [
        { TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' },
        /TEMPORAL_TLS: must not be false when TEMPORAL_API_KEY/,
      ],
      [{ TEMPORAL_TLS_CA: '/nonexistent/ca.pem' }, /TEMPORAL_TLS_CA: neither inline PEM nor a readable file/],
      [{ TEMPORAL_TLS: 'maybe' }, /TEMPORAL_TLS/],
    ])('refuses %j', (partial, message) => {
      const env: Record<string, string> = { ...partial };
      // Placeholders stand for real files so each case tests one rule only.
      if (env.TEMPORAL_TLS_CERT === 'CERT') env.TEMPORAL_TLS_CERT = pki.clientCert;
      if (env.TEMPORAL_TLS_KEY === 'KEY') env.TEMPORAL_TLS_KEY = pki.clientKey;
      for (const load of [loadWorkerConfig, loadApiConfig, loadCliConfig])
        expect(configErrorOf(() => load(env))).toMatch(message);
    });

    it('refuses a key that does not belong to the certificate, and a file that holds no PEM', () => {
      expect(
        configErrorOf(() =>
          loadWorkerConfig({ TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.strangerKey }),
        ),
      ).toMatch(/TEMPORAL_TLS_KEY: does not match TEMPORAL_TLS_CERT/);
      expect(configErrorOf(() => loadWorkerConfig({ TEMPORAL_TLS_CA: `${pki.dir}/server.ext` }))).toMatch(
        /TEMPORAL_TLS_CA: .*holds no PEM block/,
      );
    });
  });

  describe('against a real Temporal server behind mTLS', () => {
    let env: TestWorkflowEnvironment;
    let proxy: TlsProxy;
    let tlsEnv: Record<string, string>;

    beforeAll(async () => {
      env = await createLocalEnvironment();
      proxy = await startTlsProxy({
        targetPort: Number(env.address.split(':').at(-1)),
        cert: pki.read(pki.serverCert),
        key: pki.read(pki.serverKey),
        ca: pki.read(pki.caCert),
      });
      tlsEnv = {
        TEMPORAL_ADDRESS: `localhost:${proxy.port}`,
        TEMPORAL_TLS_CERT: pki.clientCert,
        TEMPORAL_TLS_KEY: pki.clientKey,
        TEMPORAL_TLS_CA: pki.caCert,
      };
      await env.client.schedule.create({
        scheduleId: 'tls-probe',
        spec: { intervals: [{ every: '1h' }] },
        action: { type: 'startWorkflow', workflowType: 'tlsProbe', taskQueue: 'tls-probe', args: [] },
        state: { paused: true },
      });
    });
    afterAll(async () => {
      await proxy?.stop();
      await env?.teardown();
    });

    it('the worker (native connection) and the API (client connection) connect with the client certificate', async () => {
      const native = await NativeConnection.connect(temporalConnectionOptions(loadWorkerConfig(tlsEnv)));
      try {
        const info = await native.workflowService.getSystemInfo({});
        expect(info.capabilities).toBeTruthy();
      } finally {
        await native.close();
      }
      const client = await Connection.connect(temporalConnectionOptions(loadApiConfig(tlsEnv)));
      try {
        const namespace = await client.workflowService.describeNamespace({ namespace: 'default' });
        expect(namespace.namespaceInfo?.name).toBe('default');
      } finally {
        await client.close();
      }
      expect(proxy.authorized()).toBeGreaterThanOrEqual(2);
    });

    it('the CLI lists schedules through the same TLS settings, and fails without a client certificate', async () => {
      const schedules = await runCliJson<Array<{ scheduleId: string }>>(['schedules', 'list'], tlsEnv);
      expect(schedules.map((schedule) => schedule.scheduleId)).toContain('tls-probe');

      const refusedBefore = proxy.refused();
      const anonymous = await runCli(['schedules', 'list', '--json'], {
        TEMPORAL_ADDRESS: `localhost:${proxy.port}`,
        TEMPORAL_TLS_CA: pki.caCert,
      });
      expect(anonymous.code).not.toBe(0);
      expect(proxy.refused()).toBeGreaterThan(refusedBefore);
    });
  });
});
