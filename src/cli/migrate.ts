import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { validateEnvironment } from '../config/app.config';
import { ormOptions } from '../shared/persistence/orm-options';

/** Applies pending migrations and nothing else (never at app boot: deployments run it explicitly). */
export async function migrate(databaseUrl: string, log: (line: string) => void = console.log): Promise<void> {
  const orm = await MikroORM.init(ormOptions(databaseUrl, 2));
  try {
    const applied = await orm.getMigrator().up();
    log(applied.length ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'Database schema is up to date');
  } finally {
    await orm.close(true);
  }
}

if (require.main === module) {
  const env = validateEnvironment({ JWT_SECRET: 'x'.repeat(32), ...process.env }, { usesSecrets: false });
  migrate(env.DATABASE_URL).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
