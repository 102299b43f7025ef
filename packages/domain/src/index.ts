export * from './exceptions/reason-codes';
export * from './events/event-types';
export * from './billing';
