import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { validateEnvironment } from '../config/app.config';
import { ormOptions } from '../shared/persistence/orm-options';

/**
 * Generates a migration from the difference between the entities and the database at DATABASE_URL
 * (migrate it first). Usage: npm run migration:create -- <name>. Read the generated file before committing.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  const env = validateEnvironment({ JWT_SECRET: 'x'.repeat(32), ...process.env }, { usesSecrets: false });
  const orm = await MikroORM.init(ormOptions(env.DATABASE_URL, 2));
  try {
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration(undefined, false, false, name);
    console.log(result.fileName ? `Created migrations/${result.fileName}` : 'No changes: entities match the schema');
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
