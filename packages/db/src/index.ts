export * from './schema';
export * from './connection';
export * from './tenants.repository';
export { sql } from 'kysely';
export * from './order-events.repository';
export * from './order-evaluation.repository';
export * from './exception-queries.repository';
export * from './dlq.repository';
export * from './operator.repository';
