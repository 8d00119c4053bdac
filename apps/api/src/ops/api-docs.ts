import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ApiModule } from '../api.module';

export const DOCS_PATH = 'docs';

/** Nest cannot see a TypeScript `?` at runtime: every query parameter is optional except these. */
const REQUIRED_QUERY = new Set(['GET /v1/tenants/{externalId}/evidence incidentId']);

const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: { type: 'string', example: 'The tenant is invalid: contacts[0].phone' },
    errors: {
      type: 'array',
      description: 'one entry per bad field (validation errors)',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' }, index: { type: 'integer' } } },
    },
  },
};

interface Operation {
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, unknown>;
}

/** Optional query parameters, and the error answers every operation shares, with one error schema. */
function finish(doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: ERROR_SCHEMA as never } };
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as [string, Operation][]) {
      for (const p of op.parameters ?? []) {
        if (p.in === 'query') p.required = REQUIRED_QUERY.has(`${method.toUpperCase()} ${path} ${p.name}`);
      }
      const takesInput = op.requestBody !== undefined || (op.parameters ?? []).some((p) => p.in === 'query');
      // ParametersGuard checks the query of every route: a parameter given twice or holding a control character is 400.
      op.responses['400'] ??= error(takesInput ? 'Invalid input: each bad field is listed in `errors`' : 'A query parameter given twice or holding a control character');
      // No key asked: the route is open (health, metrics without METRICS_TOKEN) or proves itself otherwise (a signed callback, an ack token).
      op.security ??= [];
      if (op.security.length) {
        op.responses['401'] ??= error('No valid API key');
        op.responses['403'] ??= error('The key\'s role may not do this');
      }
    }
  }
  return doc;
}

/** OpenAPI 3 generated from the API's controllers and DTOs; the console's HTML routes and the queue board are not part of it. */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('breachcast')
    .setDescription(
      'Tells every affected tenant of a GDPR processor what a personal-data breach did to their data, and proves it. ' +
        'Authenticate with `Authorization: Bearer <key>`; roles: admin (everything), approver (read, approve), auditor (read). ' +
        'Each key has an owner (the person who holds it): with REQUIRE_APPROVAL a version is approved by a key of another owner than its creator’s. ' +
        'A revoked key (DELETE /v1/api-keys/{id}) gets 401 from then on. ' +
        'Errors are JSON `{statusCode, error, message}`; validation errors list each bad field in `errors`. ' +
        'Bodies up to 1 MB (100 MB for the tenant import); other media types than JSON are refused with 415. ' +
        'Without a valid key a request is refused with 401 before its body is read; a declared Content-Length over the limit is 413 at once. ' +
        'Text may not hold control characters (tabs and line breaks only in multi-line texts) or unpaired surrogates; query parameters are given once each.',
    )
    .setVersion('1')
    .addServer('/', 'This API, where the document is served')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (POST /v1/api-keys)' })
    .build();
  return finish(SwaggerModule.createDocument(app, config, { include: [ApiModule] }));
}

/** The UI at /docs, the document at /docs-json and /docs-yaml. */
export function setupApiDocs(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => apiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
    customSiteTitle: 'breachcast API',
  });
}
