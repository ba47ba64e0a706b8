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

/**
 * What an operator reads when the one-shot job fails (compose logs, CI): the cause in one or two lines,
 * no stack trace. The database address is shown without its password.
 */
export function migrationFailure(error: unknown, databaseUrl: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  let where = '';
  if (databaseUrl) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol.startsWith('postgres')) where = ` on ${url.hostname}:${url.port || 5432}${url.pathname}`;
    } catch {
      // an invalid URL is reported by the configuration check
    }
  }
  return `Migration failed${where}: ${message}${typeof code === 'string' && !message.includes(code) ? ` (${code})` : ''}`;
}

if (require.main === module) {
  Promise.resolve()
    .then(() => validateEnvironment({ JWT_SECRET: 'x'.repeat(32), ...process.env }, { usesSecrets: false }))
    .then((env) => migrate(env.DATABASE_URL))
    .catch((error: unknown) => {
      console.error(migrationFailure(error, process.env.DATABASE_URL));
      process.exit(1);
    });
}
