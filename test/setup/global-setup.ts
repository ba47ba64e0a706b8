import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { TEST_ADMIN_URL, TEST_DB_PREFIX } from './test-env';

/**
 * Builds one template database from the migrations (the real ones, as production applies them); each
 * test file then clones it (CREATE DATABASE … TEMPLATE), which takes a fraction of a second and gives
 * every file its own data, its own Redis prefix and its own SMTP sink.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `${TEST_DB_PREFIX}${runId}`;
  const admin = new Client({ connectionString: TEST_ADMIN_URL });
  await admin.connect();
  try {
    await dropStaleDatabases(admin);
    await admin.query(`create database "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${template}`;
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'src/cli/migrate.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString(), JWT_SECRET: 'x'.repeat(32) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.LIASSE_TEST_RUN = runId;
  process.env.LIASSE_TEST_TEMPLATE = template;
}

/** Databases left by runs that crashed more than two hours ago. */
async function dropStaleDatabases(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like '${TEST_DB_PREFIX}%'`);
  const cutoff = Date.now() - 2 * 3600_000;
  for (const { datname } of rows) {
    const started = parseInt(datname.slice(TEST_DB_PREFIX.length, TEST_DB_PREFIX.length + 8), 36);
    if (Number.isFinite(started) && started < cutoff) {
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  }
}
