export * from './tenant-admin';
export * from './tenant-admin.schema';
export * from './partner-endpoints';
