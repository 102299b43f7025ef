export * from './order-problems';
export * from './wms-exceptions';
