export * from './tenant-admin';
export * from './tenant-admin.schema';
