import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../../config/config';
import { PUBLIC_OPERATION_EXTENSION } from '../auth/decorators';
import { documentIdempotencyAnswers } from '../idempotency/idempotency';


/**
 * Which routes a client-credentials token (plus `cpro-account`) may call, by OpenAPI path template: the
 * connections context provides it (its API groups); without it every route is documented as people-only.
 */
export const OPENAPI_CLIENT_ROUTES = Symbol('OPENAPI_CLIENT_ROUTES');
export type ClientRoutes = (pathTemplate: string) => boolean;

/**
 * The requests the platform makes to subscribers (OpenAPI 3.1 `webhooks`, by event type): provided by the
 * webhooks context; their payload schemas are among the components (its controller's extra models).
 */
export const OPENAPI_WEBHOOKS = Symbol('OPENAPI_WEBHOOKS');
export type OpenApiWebhooks = Record<string, Record<string, unknown>>;

/** The security schemes, as Swagger UI's "Authorize" dialog offers them. */
export const SECURITY = { bearer: 'bearer', oauth2: 'oauth2', cproAccount: 'cpro-account' } as const;

/**
 * The server of the committed openapi/openapi.json (and of the generated client types): the sandbox of
 * `npm start`. A running deployment serves its own document, at /docs/openapi.json, with its PUBLIC_URL.
 */
export const SANDBOX_SERVER_URL = 'http://localhost:3000';

/** Where the OAuth2 client-credentials tokens are issued (connections' OAuthTokenController). */
export const TOKEN_PATH = '/api/oauth/token';

/**
 * The OpenAPI document: operation ids are the handler names (unique, stable: a test checks), so
 * generated clients keep their method names across releases. The server is PUBLIC_URL unless told;
 * public operations say `security: []`, the others a user token or a client token with `cpro-account`.
 */
export function buildOpenApiDocument(app: INestApplication, serverUrl = app.get(AppConfig).publicUrl): OpenAPIObject {
  const base = serverUrl.replace(/\/+$/, '');
  const config = new DocumentBuilder()
    .setTitle('Liasse API')
    .setDescription(
      'Open-source B2G e-invoicing platform. REST API under /api/v1 (problem+json errors), ' +
        'PISTE-compatible API mode under /cpro. Authenticate with a user access token (`bearer`), or with an OAuth ' +
        'client-credentials token (`oauth2`) plus the `cpro-account` header of a technical account.',
    )
    .setVersion('1.0.0')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    // A variable, so that Swagger UI and readers of the committed document can point it at any deployment.
    .addServer('{publicUrl}', 'A Liasse deployment', {
      publicUrl: { default: base, description: 'Its PUBLIC_URL (scheme, host and port, no trailing slash)' },
    })
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A person\'s access token: POST /api/v1/auth/login, then POST /api/v1/auth/mfa (`accessToken`).',
      },
      SECURITY.bearer,
    )
    .addOAuth2(
      {
        type: 'oauth2',
        description:
          'An API application (OAuth client) of a structure: client id and secret from "Raccordements". ' +
          'Its token is sent as `Authorization: Bearer` and must come with the `cpro-account` header.',
        // Relative: resolved against the server chosen (Swagger UI does so), like every URL of the document.
        flows: { clientCredentials: { tokenUrl: TOKEN_PATH, scopes: {} } },
      },
      SECURITY.oauth2,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'cpro-account',
        description:
          'The technical account the client token acts as: base64("<technical login>:<password>"), ' +
          'e.g. `printf %s "TECH-LOGIN:password" | base64`. Only with an `oauth2` token.',
      },
      SECURITY.cproAccount,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  const clientRoutes = optional<ClientRoutes>(app, OPENAPI_CLIENT_ROUTES) ?? (() => false);
  for (const [pathTemplate, item] of Object.entries(document.paths)) {
    for (const op of Object.values(item as Record<string, Record<string, unknown>>)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const isPublic = op[PUBLIC_OPERATION_EXTENSION] === true;
      delete op[PUBLIC_OPERATION_EXTENSION];
      op.security = isPublic
        ? []
        : [{ [SECURITY.bearer]: [] }, ...(clientRoutes(pathTemplate) ? [{ [SECURITY.oauth2]: [], [SECURITY.cproAccount]: [] }] : [])];
      documentIdempotencyAnswers(op);
    }
  }
  const webhooks = optional<OpenApiWebhooks>(app, OPENAPI_WEBHOOKS);
  return sortKeys(asOpenApi31(withoutLoneAllOf({ ...document, ...(webhooks ? { webhooks } : {}) }) as OpenAPIObject)) as OpenAPIObject;
}

/**
 * OpenAPI 3.1 (for `webhooks`), from what @nestjs/swagger writes (3.0): a `nullable` schema becomes a type
 * list with "null" (with null among its enum values), or `anyOf` it and `{type: "null"}` when it has no type.
 */
function asOpenApi31(document: OpenAPIObject): OpenAPIObject {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (!value || typeof value !== 'object') return value;
    const { nullable, ...rest } = value as Record<string, unknown>;
    const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'example' || k === 'default' ? v : convert(v)]));
    if (nullable !== true) return converted;
    if (typeof converted.type === 'string') {
      return { ...converted, type: [converted.type, 'null'], ...(Array.isArray(converted.enum) ? { enum: [...(converted.enum as unknown[]), null] } : {}) };
    }
    const { description, ...schema } = converted;
    return { ...(description === undefined ? {} : { description }), anyOf: [schema, { type: 'null' }] };
  };
  return { ...(convert(document) as OpenAPIObject), openapi: '3.1.0' };
}

export function setupSwaggerUi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    // The page's icon sprite is hidden by a style attribute, which the CSP (no 'unsafe-inline') blocks; this
    // rule goes into the page's inline <style>, allowed by its hash.
    customCss: 'body > svg:first-of-type{position:absolute;width:0;height:0}',
    // No persistAuthorization: it would keep client secrets and technical-account passwords in localStorage.
  });
}

function optional<T>(app: INestApplication, token: symbol): T | undefined {
  try {
    return app.get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * `{allOf: [{$ref}]}` with nothing beside it (what Nest writes for an enum or DTO property) is the `$ref`
 * itself; with a description or `nullable` beside it, the `allOf` stays (OpenAPI 3.0 ignores siblings of `$ref`).
 */
function withoutLoneAllOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLoneAllOf);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && Array.isArray(record.allOf) && record.allOf.length === 1) return withoutLoneAllOf(record.allOf[0]);
    return Object.fromEntries(keys.map((k) => [k, withoutLoneAllOf(record[k])]));
  }
  return value;
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
