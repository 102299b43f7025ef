export * from './errors';
export * from './server';
export * from './signature';
export * from './request-context';
