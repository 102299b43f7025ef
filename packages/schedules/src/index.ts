export * from './schedule-definitions';
export * from './apply-schedules';
