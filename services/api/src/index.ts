export { createApiApp, type ApiDeps } from './app';
