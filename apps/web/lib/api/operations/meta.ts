import { z } from 'zod';
import { openApiDocument } from '../openapi.ts';
import { type ApiOperation, defineOperation } from '../operation.ts';
import { API_OPERATIONS } from './index.ts';

let cached: ReturnType<typeof openApiDocument> | undefined;

/** The whole API with this document's own route: what GET /openapi.json and the reference page show. */
export function apiDocument() {
  cached ??= openApiDocument([...API_OPERATIONS, getOpenApi as ApiOperation], { version: '1.0.0' });
  return cached;
}

export const getOpenApi = defineOperation({
  id: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  tag: 'meta',
  summary: 'This OpenAPI 3.1 document',
  description: 'Needs no key. A readable version is the panel page /api-docs.',
  access: 'public',
  response: z.looseObject({ openapi: z.literal('3.1.0') }).meta({ id: 'OpenApiDocument' }),
  handler: async () => apiDocument(),
});
