export * from './schema';
export * from './connection';
export * from './tenants.repository';
export { sql } from 'kysely';
export * from './order-events.repository';
