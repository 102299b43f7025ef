export { createApiApp, type ApiDeps } from './app';
export { buildApiDocument } from './api-document';
