import { defineConfig, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/core';
import path from 'node:path';

/** Running from TypeScript sources (tests, scripts under swc-node) or from dist/ (production). */
const fromSources = __filename.endsWith('.ts');
/** The project root, or dist/ when built: both hold src/ and migrations/ side by side. */
const sourceRoot = path.resolve(__dirname, '../../..');

/**
 * One MikroORM configuration for the app, the CLI scripts and the tests. Entities are found by file
 * name (`*.entity.ts`), so contexts never list each other's classes; modules are loaded with require
 * so Jest and plain Node load them the same way.
 */
export function ormOptions(databaseUrl: string, poolMax = 10): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: [path.join(sourceRoot, `src/**/*.entity.${fromSources ? 'ts' : 'js'}`)],
    metadataProvider: ReflectMetadataProvider,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose (Jest and Node alike)
    dynamicImportProvider: (id: string) => Promise.resolve(require(id)),
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: false },
    pool: { min: 0, max: poolMax },
    forceUtcTimezone: true,
    // The migrator's log lines: coloured on a terminal only (escape codes in a log file or CI output are noise).
    colors: process.stdout.isTTY === true,
    allowGlobalContext: false,
    // Never on in a deployment: with `query-params` MikroORM logs every statement with its values.
    debug: false,
    // Knex prefixes a failed statement's error message with the statement; with its values inlined by
    // default (a bound statement's password or token hash). Not compiled, the values stay out of the
    // message; the log serializer removes those MikroORM inlines itself (src/shared/logging/sql-redaction.ts).
    driverOptions: { compileSqlOnError: false },
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: path.join(sourceRoot, 'migrations'),
      glob: fromSources ? '!(*.d|index).ts' : '!(*.d|index).js',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      fileName: (timestamp: string, name?: string) => `Migration${timestamp}${name ? `_${name}` : ''}`,
    },
  });
}
