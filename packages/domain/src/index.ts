export * from './exceptions/reason-codes';
export * from './events/event-types';
export * from './billing';
export * from './events/envelope.schema';
export * from './events/order-facts';
export * from './sla';
export * from './problems';
export * from './exceptions/exception-status';
