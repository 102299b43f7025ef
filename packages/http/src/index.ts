export * from './errors';
export * from './server';
