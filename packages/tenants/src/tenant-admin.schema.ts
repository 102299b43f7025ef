import { z } from 'zod';
import { tenantIdSchema } from '@e2a/domain';

// Requests and views of tenant administration: the API validates and documents with them, the CLI validates its
// flags with them and prints the same views for `--json`.

const isTimeZone = (timeZone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
};

export const timezoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
  .meta({ example: 'Europe/Berlin' });

export const partnerUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'must be an absolute http(s) URL such as http://127.0.0.1:8090',
  })
  .meta({ description: 'Base URL of the partner systems (address, payments, wms, carrier, systems)' });

const displayNameSchema = z.string().trim().min(1).max(200);

export const CreateTenantBodySchema = z
  .object({
    name: tenantIdSchema,
    display_name: displayNameSchema.optional(),
    timezone: timezoneSchema.optional(),
    partner_url: partnerUrlSchema.optional(),
  })
  .strict()
  .meta({ id: 'CreateTenantRequest' });
export type CreateTenantBody = z.infer<typeof CreateTenantBodySchema>;

export const UpdateTenantBodySchema = z
  .object({
    display_name: displayNameSchema.nullable().optional(),
    timezone: timezoneSchema.optional(),
    partner_url: partnerUrlSchema.optional(),
  })
  .strict()
  .refine(
    (body) => Object.keys(body).length > 0,
    'must set at least one of display_name, timezone, partner_url',
  )
  .meta({ id: 'UpdateTenantRequest' });
export type UpdateTenantBody = z.infer<typeof UpdateTenantBodySchema>;

export const RotateSecretBodySchema = z
  .object({
    grace_hours: z.number().min(0).max(720).optional().meta({
      description: 'How long the previous secret stays valid (default WEBHOOK_SECRET_GRACE_HOURS; 0 = not)',
    }),
  })
  .strict()
  .meta({ id: 'RotateWebhookSecretRequest' });
export type RotateSecretBody = z.infer<typeof RotateSecretBodySchema>;

export const apiKeyPrefixSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{4,32}$/, 'must be the 4-32 character prefix that names the key');

const isoDateTime = z.string().meta({ format: 'date-time' });

export const ProvisioningSchema = z
  .object({
    workflow_id: z.string().meta({ example: 'tenant-onboarding:acme' }),
    status: z
      .enum(['completed', 'running', 'failed', 'not_started'])
      .meta({ description: 'not_started: Temporal was unreachable; the tenant-reconciler finishes it' }),
    detail: z.string().nullable(),
  })
  .meta({ id: 'TenantProvisioning' });
export type Provisioning = z.infer<typeof ProvisioningSchema>;

export const TenantSummarySchema = z
  .object({
    name: z.string(),
    display_name: z.string().nullable(),
    timezone: z.string(),
    state: z.enum(['active', 'disabled']),
    disabled_at: isoDateTime.nullable(),
    monitor: z.object({ workflow_id: z.string(), running: z.boolean() }),
    schedules: z.object({
      expected: z.number().int(),
      present: z.number().int(),
      paused: z.number().int(),
    }),
    created_at: isoDateTime,
    updated_at: isoDateTime,
  })
  .meta({ id: 'TenantSummary' });
export type TenantSummary = z.infer<typeof TenantSummarySchema>;

export const TenantDetailSchema = TenantSummarySchema.extend({
  partner_endpoints: z.record(z.string(), z.string()),
  previous_webhook_secret_expires_at: isoDateTime
    .nullable()
    .meta({ description: 'Until when the secret before the last rotation is still accepted' }),
  api_keys: z.array(z.object({ prefix: z.string(), created_at: isoDateTime })),
  schedule_list: z.array(
    z.object({
      schedule_id: z.string(),
      present: z.boolean(),
      paused: z.boolean(),
      note: z.string().nullable(),
    }),
  ),
}).meta({ id: 'TenantDetail' });
export type TenantDetail = z.infer<typeof TenantDetailSchema>;

export const TenantChangeSchema = TenantDetailSchema.extend({ provisioning: ProvisioningSchema }).meta({
  id: 'TenantChange',
});
export type TenantChange = z.infer<typeof TenantChangeSchema>;

export const CreatedTenantSchema = z
  .object({
    name: z.string(),
    webhook_secret: z.string().meta({ description: 'Shown once' }),
    api_key: z.string().meta({ description: 'Shown once; stored hashed' }),
    api_key_prefix: z.string(),
    provisioning: ProvisioningSchema,
  })
  .meta({ id: 'CreatedTenant' });
export type CreatedTenantView = z.infer<typeof CreatedTenantSchema>;

export const RotatedSecretSchema = z
  .object({
    name: z.string(),
    webhook_secret: z.string().meta({ description: 'The new secret, shown once' }),
    previous_secret_valid_until: isoDateTime.nullable(),
  })
  .meta({ id: 'RotatedWebhookSecret' });
export type RotatedSecret = z.infer<typeof RotatedSecretSchema>;

export const ApiKeyCreatedSchema = z
  .object({
    name: z.string(),
    prefix: z.string(),
    api_key: z.string().meta({ description: 'Shown once; stored hashed' }),
    created_at: isoDateTime,
  })
  .meta({ id: 'ApiKeyCreated' });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

export const ApiKeyRevokedSchema = z
  .object({ name: z.string(), prefix: z.string(), revoked: z.literal(true) })
  .meta({ id: 'ApiKeyRevoked' });
export type ApiKeyRevoked = z.infer<typeof ApiKeyRevokedSchema>;
