import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  findTenantSlaSources,
  insertPlaybooksVersion,
  insertSettingsVersion,
  listPlaybooksVersions,
  listSettingsVersions,
  type TenantSetting,
  type TenantSettingsVersionRow,
  type TenantSlaSources,
} from '@e2a/db';
import {
  effectivePlaybooks,
  effectiveSlaPolicy,
  HolidaysVersionBodySchema,
  PlaybookOverridesSchema,
  PlaybookSchema,
  PlaybooksVersionBodySchema,
  type PlaybookOverrides,
  SlaPolicyOverridesSchema,
  SlaPolicySchema,
  SlaPolicyVersionBodySchema,
  slaPolicyOverridesOf,
  tenantIdSchema,
} from '@e2a/domain';
import { parseOrThrow, validationFailed } from '@e2a/http';
import type { ApiDeps } from '../app';
import { requireTenantOrAdmin, tenantOfPath as authorizedTenantOfPath } from '../middleware/auth';
import { ErrorBodySchema, openApiRegistry } from '../openapi';

// Versioned tenant settings (docs/tenants.md, docs/playbooks.md): the SLA policy, the holidays and the playbooks. A PUT stores a new version effective
// from `effective_from` (default now); evaluations from that time on use it; every version stays in the history.

const MAX_PAST_SKEW_MS = 5 * 60_000;

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  401: json(ErrorBodySchema, 'Missing or invalid API key'),
  403: json(ErrorBodySchema, "A tenant key for another tenant's settings"),
  404: json(ErrorBodySchema, 'Unknown tenant'),
  422: json(ErrorBodySchema, 'Validation failed; details name each field and rule'),
};
const nameParams = z.object({ name: tenantIdSchema });
const isoDateTime = z.string().meta({ format: 'date-time' });

const versionFields = {
  version: z.number().int(),
  effective_from: isoDateTime,
  status: z.enum(['superseded', 'current', 'scheduled']),
  created_at: isoDateTime,
  created_by: z.string(),
};

const SlaPolicyVersionSchema = z
  .object({ ...versionFields, overrides: SlaPolicyOverridesSchema.partial() })
  .meta({ id: 'SlaPolicyVersion' });
const SlaPolicyViewSchema = z
  .object({
    tenant: z.string(),
    version: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'null: the baseline (no version in effect yet)' }),
    effective_from: isoDateTime.nullable(),
    overrides: SlaPolicyOverridesSchema.partial(),
    effective: SlaPolicySchema.meta({ description: 'The policy evaluations use now, holidays included' }),
    history: z.array(SlaPolicyVersionSchema),
  })
  .meta({ id: 'TenantSlaPolicy' });

const HolidaysVersionSchema = z
  .object({ ...versionFields, holidays: z.array(z.string()) })
  .meta({ id: 'HolidaysVersion' });
const HolidaysViewSchema = z
  .object({
    tenant: z.string(),
    version: z.number().int().nullable(),
    effective_from: isoDateTime.nullable(),
    holidays: z.array(z.string()).meta({ description: 'The holidays in effect now (local dates)' }),
    history: z.array(HolidaysVersionSchema),
  })
  .meta({ id: 'TenantHolidays' });

const registerPath = (route: Parameters<typeof openApiRegistry.registerPath>[0]) =>
  openApiRegistry.registerPath({
    tags: ['tenants'],
    security: [{ adminApiKey: [] }, { tenantApiKey: [] }],
    ...route,
    request: { params: nameParams, ...route.request },
    responses: { ...errors, ...route.responses },
  });

/** GET and PUT of one versioned setting: the view both answer, the body PUT takes. */
function registerVersionedPaths(setting: {
  path: string;
  view: z.ZodType;
  body: z.ZodType;
  get: { summary: string; description: string };
  put: { summary: string; description: string };
}) {
  const path = `/tenants/{name}/${setting.path}`;
  registerPath({
    method: 'get',
    path,
    summary: setting.get.summary,
    responses: { 200: json(setting.view, setting.get.description) },
  });
  registerPath({
    method: 'put',
    path,
    summary: setting.put.summary,
    request: { body: { content: { 'application/json': { schema: setting.body } } } },
    responses: { 200: json(setting.view, setting.put.description) },
  });
}

registerVersionedPaths({
  path: 'sla-policy',
  view: SlaPolicyViewSchema,
  body: SlaPolicyVersionBodySchema,
  get: {
    summary: "The tenant's SLA policy: the version in effect, the effective policy and every version",
    description: 'The SLA policy',
  },
  put: {
    summary:
      'A new SLA policy version (overrides replacing the previous ones), effective from effective_from',
    description: 'The SLA policy with the new version',
  },
});
const PlaybooksVersionSchema = z
  .object({ ...versionFields, playbooks: PlaybookOverridesSchema })
  .meta({ id: 'PlaybooksVersion' });
const PlaybooksViewSchema = z
  .object({
    tenant: z.string(),
    version: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'null: the default playbooks (no version yet)' }),
    effective_from: isoDateTime.nullable(),
    overrides: PlaybookOverridesSchema.meta({ description: 'The reason codes this version sets' }),
    effective: z
      .record(z.string(), PlaybookSchema)
      .meta({ description: 'Every reason code’s playbook in effect now: the overrides over the defaults' }),
    history: z.array(PlaybooksVersionSchema),
  })
  .meta({ id: 'TenantPlaybooks' });

registerPath({
  method: 'get',
  path: '/tenants/{name}/playbooks',
  summary:
    "The tenant's resolution playbooks: the version in effect, every reason code's playbook, every version",
  responses: { 200: json(PlaybooksViewSchema, 'The playbooks') },
});
registerPath({
  method: 'put',
  path: '/tenants/{name}/playbooks',
  summary:
    'A new playbooks version (reason codes set here replace the defaults; the others keep them), effective from effective_from',
  request: { body: { content: { 'application/json': { schema: PlaybooksVersionBodySchema } } } },
  responses: { 200: json(PlaybooksViewSchema, 'The playbooks with the new version') },
});
registerVersionedPaths({
  path: 'holidays',
  view: HolidaysViewSchema,
  body: HolidaysVersionBodySchema,
  get: {
    summary:
      "The tenant's holidays (local dates; the holiday multiplier applies): in effect now, and every version",
    description: 'The holidays',
  },
  put: {
    summary: 'A new holiday list, effective from effective_from',
    description: 'The holidays with the new version',
  },
});

/** What every versioned setting row has: a number, the time it takes effect, and who made it when. */
interface VersionedRow {
  version: number;
  effective_from: Date;
  created_at: Date;
  created_by: string;
}

/** One history entry: the version's fields around its value (`overrides`, `holidays` or `playbooks`). */
function historyEntry<Row extends VersionedRow>(
  row: Row,
  current: VersionedRow | undefined,
  at: Date,
  value: Record<string, unknown>,
) {
  return {
    version: row.version,
    effective_from: row.effective_from.toISOString(),
    status: statusOf(row, current, at),
    ...value,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
  };
}

function statusOf(row: VersionedRow, current: VersionedRow | undefined, at: Date) {
  if (current && row.version === current.version) return 'current' as const;
  return row.effective_from > at ? ('scheduled' as const) : ('superseded' as const);
}

/** The version in effect at `at`: latest effective_from ≤ at, then highest version (as the evaluation reads it). */
function currentOf<Row extends VersionedRow>(rows: Row[], at: Date): Row | undefined {
  return rows
    .filter((row) => row.effective_from <= at)
    .sort((a, b) => b.effective_from.getTime() - a.effective_from.getTime() || b.version - a.version)[0];
}

/** A setting versioned in `tenant_settings_versions`, served by `GET` and `PUT /tenants/{name}/<path>`. */
interface VersionedSetting<Body extends { effective_from?: string | undefined }> {
  path: string;
  setting: TenantSetting;
  body: z.ZodType<Body>;
  /** What a version stores, from the parsed body and the body as sent. */
  valueOf: (body: Body, sent: Record<string, unknown>) => unknown;
  /** The view's own fields (after version and effective_from), from the version in effect and the SLA sources. */
  fieldsOf: (
    current: TenantSettingsVersionRow | undefined,
    sources: TenantSlaSources | undefined,
  ) => Record<string, unknown>;
  /** Where a history entry holds the version's value. */
  historyKey: string;
}

const SLA_POLICY_SETTING: VersionedSetting<z.infer<typeof SlaPolicyVersionBodySchema>> = {
  path: 'sla-policy',
  setting: 'sla_policy',
  body: SlaPolicyVersionBodySchema,
  valueOf: (_body, sent) => slaPolicyOverridesOf(sent),
  fieldsOf: (current, sources) => {
    const baseline = { ...((sources?.baseline ?? {}) as Record<string, unknown>) };
    delete baseline.holidays;
    return {
      overrides: (current?.value ?? baseline) as Record<string, unknown>,
      effective: effectiveSlaPolicy(sources ?? { baseline: {} }),
    };
  },
  historyKey: 'overrides',
};

const HOLIDAYS_SETTING: VersionedSetting<z.infer<typeof HolidaysVersionBodySchema>> = {
  path: 'holidays',
  setting: 'holidays',
  body: HolidaysVersionBodySchema,
  valueOf: (body) => [...body.holidays].sort(),
  fieldsOf: (_current, sources) => ({ holidays: effectiveSlaPolicy(sources ?? { baseline: {} }).holidays }),
  historyKey: 'holidays',
};

export function createTenantSettingsRouter(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const auth = requireTenantOrAdmin(deps.db, deps.config.ADMIN_API_KEY);

  const tenantOfPath = (req: Request) => authorizedTenantOfPath(deps.db, req);

  function effectiveFromOf(value: string | undefined, at: Date): Date {
    if (value === undefined) return at;
    const effectiveFrom = new Date(value);
    if (effectiveFrom.getTime() < at.getTime() - MAX_PAST_SKEW_MS) {
      throw validationFailed([{ path: 'effective_from', rule: 'must not be in the past' }]);
    }
    return effectiveFrom;
  }

  const createdBy = (req: Request) => (req.isAdmin ? 'admin' : `tenant:${req.tenant?.name ?? ''}`);

  async function settingView<Body extends { effective_from?: string | undefined }>(
    setting: VersionedSetting<Body>,
    tenant: string,
  ) {
    const at = now();
    const [rows, sources] = await Promise.all([
      listSettingsVersions(deps.db, tenant, setting.setting),
      findTenantSlaSources(deps.db, tenant, at),
    ]);
    const current = currentOf(rows, at);
    return {
      tenant,
      version: current?.version ?? null,
      effective_from: current?.effective_from.toISOString() ?? null,
      ...setting.fieldsOf(current, sources),
      history: rows.map((row) => historyEntry(row, current, at, { [setting.historyKey]: row.value })),
    };
  }

  function serveVersionedSetting<Body extends { effective_from?: string | undefined }>(
    setting: VersionedSetting<Body>,
  ) {
    router.get(`/tenants/:name/${setting.path}`, auth, async (req, res) => {
      res.json(await settingView(setting, await tenantOfPath(req)));
    });

    router.put(`/tenants/:name/${setting.path}`, auth, async (req, res) => {
      const tenant = await tenantOfPath(req);
      const sent = (req.body ?? {}) as Record<string, unknown>;
      const body = parseOrThrow(setting.body, sent);
      const at = now();
      await insertSettingsVersion(deps.db, {
        tenant,
        setting: setting.setting,
        effectiveFrom: effectiveFromOf(body.effective_from, at),
        value: setting.valueOf(body, sent),
        createdBy: createdBy(req),
      });
      res.json(await settingView(setting, tenant));
    });
  }

  serveVersionedSetting(SLA_POLICY_SETTING);

  async function playbooksView(tenant: string) {
    const at = now();
    const rows = await listPlaybooksVersions(deps.db, tenant);
    const current = currentOf(rows, at);
    const overrides = (current?.playbooks ?? {}) as PlaybookOverrides;
    return {
      tenant,
      version: current?.version ?? null,
      effective_from: current?.effective_from.toISOString() ?? null,
      overrides,
      effective: effectivePlaybooks(overrides),
      history: rows.map((row) => historyEntry(row, current, at, { playbooks: row.playbooks })),
    };
  }

  router.get('/tenants/:name/playbooks', auth, async (req, res) => {
    res.json(await playbooksView(await tenantOfPath(req)));
  });

  router.put('/tenants/:name/playbooks', auth, async (req, res) => {
    const tenant = await tenantOfPath(req);
    const body = parseOrThrow(PlaybooksVersionBodySchema, req.body ?? {});
    const at = now();
    await insertPlaybooksVersion(deps.db, {
      tenant,
      effectiveFrom: effectiveFromOf(body.effective_from, at),
      playbooks: body.playbooks,
      createdBy: createdBy(req),
    });
    res.json(await playbooksView(tenant));
  });

  serveVersionedSetting(HOLIDAYS_SETTING);

  return router;
}
