import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHttpApp } from '../bootstrap';
import { buildOpenApiDocument, SANDBOX_SERVER_URL } from '../shared/http/swagger';

export const OPENAPI_PATH = path.resolve(__dirname, '../../openapi/openapi.json');
export const CLIENT_TYPES_PATH = path.resolve(__dirname, '../../test/generated/liasse-api.d.ts');

/**
 * `npm run openapi`: writes the OpenAPI document (committed; a test fails when it is stale) and the
 * TypeScript types of a generated client (openapi-typescript), which the e2e suite drives. Its server is the
 * sandbox's URL whatever PUBLIC_URL says here, so the committed files do not depend on who ran the command.
 */
async function main(): Promise<void> {
  const app = await createHttpApp({ APP_ROLE: 'api', LOG_LEVEL: 'warn', JWT_SECRET: process.env.JWT_SECRET ?? 'x'.repeat(32) });
  try {
    const document = buildOpenApiDocument(app, SANDBOX_SERVER_URL);
    mkdirSync(path.dirname(OPENAPI_PATH), { recursive: true });
    writeFileSync(OPENAPI_PATH, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`Wrote ${path.relative(process.cwd(), OPENAPI_PATH)} (${Object.keys(document.paths).length} paths)`);
  } finally {
    await app.close();
  }
  mkdirSync(path.dirname(CLIENT_TYPES_PATH), { recursive: true });
  execFileSync(process.execPath, [path.resolve(__dirname, '../../node_modules/openapi-typescript/bin/cli.js'), OPENAPI_PATH, '-o', CLIENT_TYPES_PATH], { stdio: 'inherit' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
