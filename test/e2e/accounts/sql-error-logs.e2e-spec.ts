import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { rawRows } from '../../../src/shared/persistence/raw';
import { PASSWORD, SECRET_ANSWER, SECRET_QUESTION, uniqueEmail } from '../../factories/accounts';
import { tokenFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 15: password, secret-answer and token hashes were seen in error logs, in the SQL of a failed
 * statement. A statement that fails on a route carrying secrets must leave a log that names the statement,
 * the SQLSTATE and the constraint, and no value.
 */
describe('error logs carry no SQL parameter values', () => {
  let t: TestApp;
  let sql: Client;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logStream: { write: (line: string) => void lines.push(line) } });
    sql = new Client({ connectionString: t.databaseUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  const errorLines = () => lines.map((line) => JSON.parse(line) as Record<string, any>).filter((entry) => entry.level >= 50);

  it('logs a failed activation (password and secret answer hashes in its statement) without their values', async () => {
    const email = uniqueEmail('activation');
    expect((await t.http.post('/api/v1/accounts', { loginEmail: email, loginEmailConfirmation: email, firstName: 'Ada', lastName: 'Lovelace', acceptTerms: true })).status).toBe(202);
    const token = tokenFromMail(await t.mail.waitForTemplate(email, 'accounts.activation'));
    const [{ id: userId }] = (await sql.query('select id from account_user where login_email = $1', [email])).rows;
    // The statement that writes the hashes now fails: a constraint new rows cannot meet.
    await sql.query(`alter table account_user add constraint refuse_activation check (status <> 'ACTIVE') not valid`);

    const before = lines.length;
    const res = await t.http.post('/api/v1/accounts/activation', {
      token,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
      secretQuestion: SECRET_QUESTION,
      secretAnswer: SECRET_ANSWER,
    });
    expect(res.status).toBe(500);

    const logged = lines.slice(before).join('\n');
    const [entry] = errorLines().filter((e) => e.msg === 'Unhandled error');
    expect(entry).toBeDefined();
    // What diagnoses the failure is there…
    expect(entry!.err).toMatchObject({ code: '23514', constraint: 'refuse_activation', table: 'account_user' });
    expect(entry!.err.message).toMatch(/^update "account_user" set .*"password_hash" = '\?'.* - new row for relation "account_user" violates check constraint "refuse_activation"/);
    // …and no value: the hashes, what they hash, the token and its hash, the question, the user's id.
    for (const value of ['argon2', PASSWORD, SECRET_ANSWER, SECRET_QUESTION, token, createHash('sha256').update(token).digest('hex'), userId, email]) {
      expect(logged).not.toContain(value);
    }
    await sql.query('alter table account_user drop constraint refuse_activation');
  });

  it('logs a failed bound statement without its parameter, even where PostgreSQL quotes it back', async () => {
    const em = t.orm.em.fork() as EntityManager;
    const secret = 'Hunter2-bound-parameter-secret';
    const error = await rawRows(em, 'select ?::uuid as id', [secret]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const before = lines.length;
    new Logger('Test').error({ err: error }, 'bound statement failed');
    const entry = JSON.parse(lines.slice(before).find((line) => line.includes('bound statement failed'))!);
    expect(entry.err).toMatchObject({ code: '22P02' });
    expect(entry.err.message).toMatch(/^select \$1::uuid as id - invalid input syntax for type uuid: "\?"$/);
    expect(lines.slice(before).join('\n')).not.toContain(secret);
  });
});
