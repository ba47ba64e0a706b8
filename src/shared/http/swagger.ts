import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document: operation ids are the handler names (unique, stable: a test checks), so
 * generated clients keep their method names across releases.
 */
export function buildOpenApiDocument(app: INestApplication, serverUrl = '/'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Liasse API')
    .setDescription(
      'Open-source B2G e-invoicing platform. REST API under /api/v1 (problem+json errors), ' +
        'PISTE-compatible API mode under /cpro. Authenticate with a user access token, or with an OAuth ' +
        'client-credentials token plus the `cpro-account` header of a technical account.',
    )
    .setVersion('1.0.0')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer(serverUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'cpro-account', description: 'base64("<technical login>:<password>"), with a client-credentials Bearer token' }, 'cpro-account')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  return sortKeys(document) as OpenAPIObject;
}

export function setupSwaggerUi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    // The page's icon sprite is hidden by a style attribute, which the CSP (no 'unsafe-inline') blocks; this
    // rule goes into the page's inline <style>, allowed by its hash.
    customCss: 'body > svg:first-of-type{position:absolute;width:0;height:0}',
  });
}

/** Deterministic key order so the committed document only changes when the API does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
