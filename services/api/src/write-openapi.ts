import { buildApiDocument } from './api-document';

// Prints the API's OpenAPI document (services/console/scripts/generate-client.mjs runs this at build time).
process.stdout.write(`${JSON.stringify(buildApiDocument(), null, 2)}\n`);
