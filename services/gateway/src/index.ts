export { createGatewayApp, type GatewayDeps } from './app';
export { closeRedis, createGatewayRedis, startGateway, type RunningGateway } from './server';
export { createTenantSecretCache, watchTenantChanges, type TenantSecretCache } from './ingest/tenant-secrets';
