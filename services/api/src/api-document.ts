import './app';
import { buildOpenApiDocument } from './openapi';

// The OpenAPI document the console's typed client is generated from (services/console/src/api), built in-process:
// importing the app registers every router's paths. A fixed server URL keeps the committed copy stable.

export const buildApiDocument = () => buildOpenApiDocument('http://localhost:8000');
