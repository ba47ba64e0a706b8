import { Client } from 'pg';
import { TEST_ADMIN_URL } from './test-env';

/** Drops this run's template and any database a test file could not drop itself. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.LIASSE_TEST_TEMPLATE;
  if (!template) return;
  const admin = new Client({ connectionString: TEST_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${template}%`]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}
