import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICES } from '@e2a/infra/bundle';
import { hadolintPath, kubectlPath, projectRoot } from '../../support/paths';

// Images cannot be built or pulled on this machine (no Docker engine): these tests hold the Dockerfile, the compose
// file and the Kubernetes manifests to the rules that matter, parsed with real parsers (dockerfile-ast, yaml,
// kustomize) and linted (hadolint). docs/deployment.md says what was and was not run.

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');
/** `name:1.2.3` or `name:1.2.3-variant`: a version, never `latest` or a bare major. */
const PINNED = /^[a-z0-9./_-]+:(?:\$\{E2A_IMAGE_TAG:-)?\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?\}?$/;
const SECRET_NAME = /(PASSWORD|PASSWD|PWD|SECRET|API_KEY|TOKEN|_KEY)$/;

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const dockerfile = DockerfileParser.parse(text);
  const stages = new Map<string, Instruction[]>();
  let current: Instruction[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      current = [instruction];
      const args = instruction.getArguments().map((argument) => argument.getValue());
      const as = args.findIndex((argument) => argument.toUpperCase() === 'AS');
      if (as >= 0) stages.set(args[as + 1]!, current);
    } else current.push(instruction);
  }
  const ofStage = (stage: string, keyword: string) =>
    (stages.get(stage) ?? []).filter((instruction) => instruction.getKeyword() === keyword);
  const globalArgs = Object.fromEntries(
    dockerfile
      .getInitialARGs()
      .map((instruction) => instruction.getProperty())
      .map((property) => [property?.getName(), property?.getValue()]),
  ) as Record<string, string>;

  it('has a target for every service entrypoint, each running its bundle', () => {
    expect(SERVICES.length).toBeGreaterThanOrEqual(5);
    for (const service of SERVICES) {
      expect(stages.has(service)).toBe(true);
      const command = [...ofStage(service, 'CMD'), ...ofStage(service, 'ENTRYPOINT')]
        .map((instruction) => instruction.getTextContent())
        .join(' ');
      expect(command).toContain(`services/${service}/dist/main.js`);
    }
  });

  it('pins every base image by version (Node LTS slim) and runs every target as a numeric non-root user', () => {
    expect(globalArgs.NODE_IMAGE).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim$/);
    for (const from of dockerfile.getFROMs()) {
      const image = from.getImageName();
      expect([image, stages.has(image ?? '') || image === '${NODE_IMAGE}']).toEqual([image, true]);
    }
    const user = ofStage('runtime', 'USER').map((instruction) => instruction.getArgumentsContent());
    expect(user).toEqual(['1000:1000']);
    for (const service of SERVICES)
      expect(stages.get(service)![0]!.getArgumentsContent()).toMatch(/^runtime AS /);
  });

  it('gives every long-running target a HEALTHCHECK on its real endpoint (the cli job says NONE)', () => {
    const endpoints: Record<string, string> = {
      worker: '/health',
      api: '/health',
      gateway: '/ready',
      'partner-simulator': '/health',
    };
    for (const service of SERVICES) {
      const healthchecks = ofStage(service, 'HEALTHCHECK').map((instruction) =>
        instruction.getArgumentsContent(),
      );
      expect(healthchecks).toHaveLength(1);
      if (service === 'cli') expect(healthchecks[0]).toBe('NONE');
      else expect(healthchecks[0]).toContain(endpoints[service]!);
    }
  });

  it('copies only production dependencies and the built bundle into each runtime image', () => {
    for (const service of SERVICES) {
      const copies = ofStage(service, 'COPY').map((instruction) => instruction.getTextContent());
      // The api image also carries the console's static build, which it serves at /console/.
      const served = service === 'api' ? ['api', 'console'] : [service];
      expect(copies).toEqual([
        `COPY --from=prod-deps-${service} --chown=1000:1000 /app/node_modules ./node_modules`,
        ...served.map(
          (built) =>
            `COPY --from=build --chown=1000:1000 /app/services/${built}/dist ./services/${built}/dist`,
        ),
      ]);
      const install = ofStage(`prod-deps-${service}`, 'RUN').map((instruction) =>
        instruction.getTextContent(),
      );
      expect(install.join(' ')).toMatch(
        new RegExp(`--prod --frozen-lockfile .*--filter "@e2a/${service}\\.\\.\\."`),
      );
    }
    const build = ofStage('build', 'RUN').map((instruction) => instruction.getTextContent());
    const bundled = build
      .join(' ')
      .match(/infra\/scripts\/bundle\.ts ([a-z -]+)/)?.[1]
      ?.trim()
      ?.split(' ');
    expect(bundled?.sort()).toEqual([...SERVICES].sort());
    expect(build.join(' ')).toMatch(/&& pnpm --filter @e2a\/console build/);
    expect(read('.dockerignore')).toMatch(/^\.env$/m);
  });

  it('passes hadolint', () => {
    expect(
      execFileSync(hadolintPath(), ['--no-color', 'Dockerfile'], { cwd: projectRoot, encoding: 'utf8' }),
    ).toBe('');
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  user?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  deploy?: { resources?: { limits?: { memory?: string; cpus?: string } } };
}

describe('docker-compose.temporal.yml', () => {
  const compose = parse(read('docker-compose.temporal.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const services = Object.entries(compose.services);
  // One-shot jobs: others wait for them with service_completed_successfully and they have nothing to probe.
  const jobs = new Set(
    services.flatMap(([, service]) =>
      Object.entries(service.depends_on ?? {})
        .filter(([, dependency]) => dependency.condition === 'service_completed_successfully')
        .map(([name]) => name),
    ),
  );
  jobs.add('demo-tenant');

  it('keeps a deps profile equivalent to the old file and a full stack with every part the issue lists', () => {
    const inProfile = (profile: string) =>
      services.filter(([, service]) => service.profiles?.includes(profile)).map(([name]) => name);
    expect(inProfile('deps').sort()).toEqual(['postgres-dev', 'redis-dev', 'temporal-dev']);
    expect(inProfile('stack').sort()).toEqual(
      [
        'api',
        'gateway',
        'migrate',
        'postgres',
        'redis',
        'temporal',
        'temporal-schema',
        'temporal-setup',
        'temporal-ui',
        'worker',
      ].sort(),
    );
    expect(inProfile('local')).toEqual(
      expect.arrayContaining([...inProfile('stack'), 'partner-simulator', 'demo-tenant']),
    );
    for (const [name, service] of services)
      expect([name, service.profiles?.length ?? 0]).not.toEqual([name, 0]);
    // the worker scales: no fixed container name, no host port
    expect(compose.services.worker).not.toHaveProperty('container_name');
    expect(compose.services.worker).not.toHaveProperty('ports');
    expect(read('infra/compose/temporal-setup.sh')).toMatch(
      /search-attribute create .*--name "\$name" --type Keyword/,
    );
  });

  it('pins every image, runs every service as a non-root user with resource limits', () => {
    for (const [name, service] of services) {
      expect([name, service.image]).toEqual([name, expect.stringMatching(PINNED)]);
      expect([name, service.user]).toEqual([name, expect.stringMatching(/^(?!root$|0(:|$))[a-z0-9:]+$/)]);
      expect([name, service.deploy?.resources?.limits?.memory]).toEqual([
        name,
        expect.stringMatching(/^\d+[MG]$/),
      ]);
    }
  });

  it('gives every long-running service a healthcheck and waits on health (or completion for jobs)', () => {
    for (const [name, service] of services) {
      if (jobs.has(name))
        expect([name, service.restart]).toEqual([name, expect.stringMatching(/^on-failure/)]);
      else expect([name, service.healthcheck?.test]).toEqual([name, expect.anything()]);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {}))
        expect([name, dependency, condition]).toEqual([
          name,
          dependency,
          jobs.has(dependency) ? 'service_completed_successfully' : 'service_healthy',
        ]);
    }
  });

  it('defaults no secret outside the local profile: each must be supplied', () => {
    const raw = read('docker-compose.temporal.yml');
    for (const [name, service] of services) {
      if (service.profiles?.includes('local') && !service.profiles.includes('stack')) continue;
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (!SECRET_NAME.test(variable) || variable === 'AI_API_KEY') continue;
        expect([name, variable, value]).toEqual([
          name,
          variable,
          expect.stringMatching(/\$\{[A-Z_]+:\?[^}]+\}/),
        ]);
      }
    }
    // every secret reference in the file outside the local-only services is required (`:?`), never defaulted (`:-`)
    const stack = raw.slice(
      0,
      raw.indexOf('# ---------------------------------------------------------------- local'),
    );
    expect(stack.match(/\$\{(POSTGRES_PASSWORD|REDIS_PASSWORD|ADMIN_API_KEY|DEMO_[A-Z_]+):-/g)).toBeNull();
    expect(existsSync(path.join(projectRoot, 'infra/compose/local.env'))).toBe(true);
  });
});

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- shapes vary by kind
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function kustomize(dir: string): K8sObject[] {
  const output = execFileSync(kubectlPath(), ['kustomize', path.join(projectRoot, dir)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(output).map((document) => document.toJS() as K8sObject);
}

describe('infra/k8s (kustomize base with local and production overlays)', () => {
  const overlays = readdirSync(path.join(projectRoot, 'infra/k8s/overlays')).sort();
  const benchmarks = read('docs/benchmarks.md');

  it('has a local and a production overlay, each rendering with kustomize', () => {
    expect(overlays).toEqual(['local', 'production']);
    for (const overlay of overlays)
      expect(kustomize(`infra/k8s/overlays/${overlay}`).length).toBeGreaterThan(10);
  });

  it.each(['base', 'overlays/local', 'overlays/production'])(
    '%s: every workload is probed, sized, non-root and pinned',
    (dir) => {
      const objects = kustomize(`infra/k8s/${dir}`);
      const kinds = objects.map((object) => `${object.kind}/${object.metadata.name}`);
      for (const name of ['e2a-worker', 'e2a-api', 'e2a-gateway']) {
        expect(kinds).toEqual(expect.arrayContaining([`Deployment/${name}`, `PodDisruptionBudget/${name}`]));
      }
      expect(kinds).toEqual(
        expect.arrayContaining([
          'HorizontalPodAutoscaler/e2a-worker',
          'Job/e2a-migrate',
          'ConfigMap/e2a-config',
          'Secret/e2a-secrets',
        ]),
      );
      for (const object of objects.filter((candidate) => ['Deployment', 'Job'].includes(candidate.kind))) {
        const pod = object.spec!.template.spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
        for (const container of pod.containers) {
          const where = `${object.metadata.name}/${container.name}`;
          expect([where, container.image]).toEqual([where, expect.stringMatching(PINNED)]);
          expect([where, container.resources]).toEqual([
            where,
            {
              requests: { cpu: expect.any(String), memory: expect.stringMatching(/Mi$/) },
              limits: expect.objectContaining({ memory: expect.stringMatching(/Mi$/) }),
            },
          ]);
          expect(container.envFrom).toEqual([
            { configMapRef: { name: 'e2a-config' } },
            { secretRef: { name: 'e2a-secrets' } },
          ]);
          if (object.kind === 'Deployment') {
            const port = container.ports[0];
            expect(container.readinessProbe.httpGet).toEqual({
              path: expect.stringMatching(/^\/(health|ready)$/),
              port: port.name,
            });
            expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: port.name });
          }
        }
      }
    },
  );

  it('sizes memory from the measured RSS figures in docs/benchmarks.md', () => {
    const deployments = Object.fromEntries(
      kustomize('infra/k8s/base')
        .filter((object) => object.kind === 'Deployment')
        .map((object) => [object.metadata.name, object.spec!.template.spec.containers[0].resources]),
    );
    const mib = (value: string) => Number(value.replace(/Mi$/, ''));
    // worker: 384 MB peak evaluating 10,000 orders; gateway: 171–180 MB at 2,000 events/s
    expect(benchmarks).toMatch(/\*\*384 MB\*\* peak/);
    expect(benchmarks).toMatch(/\*\*171–180 MB\*\*/);
    expect(mib(deployments['e2a-worker'].requests.memory)).toBeGreaterThanOrEqual(384);
    expect(mib(deployments['e2a-worker'].limits.memory)).toBeGreaterThan(384);
    expect(mib(deployments['e2a-gateway'].requests.memory)).toBeGreaterThanOrEqual(180);
    expect(mib(deployments['e2a-gateway'].limits.memory)).toBeGreaterThan(200);
  });

  it('keeps secrets out of git outside the local overlay', () => {
    for (const dir of ['base', 'overlays/production']) {
      const secret = kustomize(`infra/k8s/${dir}`).find((object) => object.kind === 'Secret')!;
      for (const [key, value] of Object.entries(secret.stringData ?? {}))
        expect([key, value]).toEqual([key, '']);
      expect(secret.data ?? {}).toEqual({});
    }
  });
});
