export * from './exceptions/reason-codes';
export * from './events/event-types';
export * from './resolution/resolution-rules';
export * from './resolution/fallback-notes';
export * from './resolution/patterns';
export * from './events/envelope.schema';
export * from './events/order-facts';
