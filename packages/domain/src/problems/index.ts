export * from './order-problems';
