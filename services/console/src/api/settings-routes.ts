// Generated from the API's OpenAPI document by scripts/generate-client.mjs: do not edit.
export const SETTINGS_ROUTES = [
  {
    "path": "/tenants/{name}/credit-rules",
    "summary": "The tenant's SLA credit rules per reason code (overrides merged over the defaults)"
  },
  {
    "path": "/tenants/{name}/holidays",
    "summary": "The tenant's holidays (local dates; the holiday multiplier applies): in effect now, and every version"
  },
  {
    "path": "/tenants/{name}/notifications",
    "summary": "The tenant's notification endpoint (without its secret)"
  },
  {
    "path": "/tenants/{name}/playbooks",
    "summary": "The tenant's resolution playbooks: the version in effect, every reason code's playbook, every version"
  },
  {
    "path": "/tenants/{name}/sla-policy",
    "summary": "The tenant's SLA policy: the version in effect, the effective policy and every version"
  },
  {
    "path": "/tenants/{name}/tariffs",
    "summary": "The tenant's tariff: stored overrides and the effective tariff"
  }
] as const;
