import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'docs';

/** OpenAPI 3 generated from the controllers and DTOs: the UI at /docs, the document at /docs-json. */
export function setupApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('breachcast')
    .setDescription(
      'Tells every affected tenant of a GDPR processor what a personal-data breach did to their data, and proves it. ' +
        'Authenticate with `Authorization: Bearer <key>`; roles: admin (everything), approver (read, approve), auditor (read). ' +
        'Errors are JSON `{statusCode, error, message}`; validation errors list each bad field in `errors`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (POST /v1/api-keys)' })
    .build();
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
    customSiteTitle: 'breachcast API',
  });
}
