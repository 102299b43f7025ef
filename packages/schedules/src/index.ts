export * from './schedule-definitions';
export * from './apply-schedules';
export * from './realtime-monitors';
export * from './tenant-schedules';
export * from './notification-dispatcher';
