import { spawn } from 'node:child_process';
import path from 'node:path';
import { createHttpApp } from '../../src/bootstrap';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/modules/accounts/infrastructure/accounts.seed';
import { SANDBOX_OAUTH_CLIENT } from '../../src/modules/connections/infrastructure/connections.seed';
import { SeedRunner } from '../../src/shared/seed/seed-runner';
import { clientToken } from '../factories/connections';
import { TEST_JWT_SECRET } from '../setup/test-env';
import { startTestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');

/** Runs an entry point as production would (swc-node instead of dist/), and collects its exit and stderr. */
function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
      cwd: ROOT,
      // Were the check to let it through, it would take no one's port and reach no one's database or Redis.
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        CAPTCHA_ENABLED: 'true',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
        REDIS_URL: 'redis://127.0.0.1:1',
        SMTP_URL: 'smtp://127.0.0.1:1',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Issue 15: no shipped or placeholder secret is accepted in production. */
describe('production refuses to start with a default secret', () => {
  it('stops the API process at boot when JWT_SECRET is the former docker-compose default', async () => {
    const { code, stderr } = await run('src/main.ts', { NODE_ENV: 'production', JWT_SECRET: 'compose-dev-only-jwt-secret-change-me-0123456789' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/JWT_SECRET: is a value published in the Liasse repository/);
  }, 60_000);

  it('stops the worker process too, on a placeholder', async () => {
    const { code, stderr } = await run('src/main.worker.ts', { NODE_ENV: 'production', JWT_SECRET: 'replace-with-a-long-random-secret-please' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/JWT_SECRET: looks like a placeholder/);
  }, 60_000);

  it('refuses to build the application with the test suite’s own secret in production mode', async () => {
    await expect(createHttpApp({ NODE_ENV: 'production', CAPTCHA_ENABLED: 'true', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent' })).rejects.toThrow(/JWT_SECRET: is a value published/);
  });
});

/** What does start in production: a real key; and the seed leaves out every credential the repository publishes. */
describe('production with real secrets', () => {
  it('starts, and its seed creates no demo account or sandbox API credential', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', CAPTCHA_ENABLED: 'true', JWT_SECRET: 'pG7vQ2xR9kLm4tW8zB1nC6hJ3dF5sY0aE-uK_oTiZqVw' });
    try {
      const reports = await t.app.get(SeedRunner).run();
      expect(reports.find((r) => r.title === 'Accounts')?.lines.join('\n')).toMatch(/not created \(NODE_ENV=production/);
      expect((await t.http.post('/api/v1/auth/login', { email: DEMO_USERS.supplier.email, password: DEMO_PASSWORD })).status).toBe(401);
      expect((await clientToken(t, SANDBOX_OAUTH_CLIENT.clientId, SANDBOX_OAUTH_CLIENT.clientSecret)).status).toBe(401);
      // The reference public structures are still there.
      expect((await t.http.get('/api/v1/directory/structures/11000201100044')).status).toBe(200);
    } finally {
      await t.close();
    }
  }, 60_000);
});
