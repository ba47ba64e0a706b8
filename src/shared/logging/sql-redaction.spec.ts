import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { stdSerializers } from 'pino';
import { hideSqlValues, redactSqlValues, safeErrorSerializer } from './sql-redaction';

const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const UPDATE = `update "account_user" set "password_hash" = '${HASH}', "secret_question" = 'O''Brien ?', "failed" = 42, "ratio" = -1.5e3 where "id" = '0190a0a0-0000-7000-8000-000000000001' and "version" = 3`;
const MESSAGE = `${UPDATE} - new row for relation "account_user" violates check constraint "account_user_status_check"`;

function pgError(message: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { severity: 'ERROR', code: '23514', ...fields });
}

describe('SQL values out of logs', () => {
  it('keeps the statement’s shape and the driver’s message, without a value', () => {
    expect(redactSqlValues(MESSAGE)).toBe(
      `update "account_user" set "password_hash" = '?', "secret_question" = '?', "failed" = ?, "ratio" = ? where "id" = '?' and "version" = ? - new row for relation "account_user" violates check constraint "account_user_status_check"`,
    );
  });

  it('drops the detail and hint MikroORM appends: they are values', () => {
    const out = redactSqlValues(`${MESSAGE}\n - detail: Failing row contains (0190a0a0, marie@example.test, ${HASH}, 2026-12-06 13:52:53+00).\n - hint: it's (s3cret)`);
    expect(out).toMatch(/violates check constraint "account_user_status_check"\n - detail: \?$/);
    expect(out).not.toMatch(/marie|argon2|2026|s3cret/);
  });

  it('removes escape, dollar-quoted, bit and unterminated strings, and the input PostgreSQL quotes', () => {
    const out = redactSqlValues(`select E'it\\'s a s3cret', $tag$dollar s3cret$tag$, X'DEADBEEF', $1::int - invalid input syntax for type integer: "s3cret-input"`);
    expect(out).not.toMatch(/s3cret|DEADBEEF/);
    expect(out).toContain('$1::int');
    expect(out).toContain('invalid input syntax for type integer: "?"');
    expect(redactSqlValues(`insert into "t" ("a") values ('cut s3cret`)).not.toContain('s3cret');
    // Not a statement: only strings and quoted input go; the rest is kept.
    expect(redactSqlValues('Connection terminated unexpectedly after 3 tries')).toBe('Connection terminated unexpectedly after 3 tries');
  });

  it('serializes a MikroORM exception with its code and constraint, without its values or detail', () => {
    const error = new UniqueConstraintViolationException(
      pgError(MESSAGE, { code: '23505', detail: 'Key (login_email)=(marie@example.test) already exists.', constraint: 'account_user_login_email_unique', table: 'account_user', where: 'x', internalQuery: UPDATE }),
    );
    const out = safeErrorSerializer(error) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'UniqueConstraintViolationException', code: '23505', constraint: 'account_user_login_email_unique', table: 'account_user' });
    expect(out).not.toHaveProperty('detail');
    expect(out).not.toHaveProperty('internalQuery');
    const text = JSON.stringify(out);
    for (const value of [HASH, 'Brien', 'marie@example.test', '0190a0a0-0000-7000-8000-000000000001']) expect(text).not.toContain(value);
    expect(out.stack).toMatch(/^UniqueConstraintViolationException: update "account_user" set "password_hash" = '\?'/);
    expect(out.stack).toMatch(/\n\s+at /);
  });

  it('finds the error behind what pino-http’s wrapped serializers hand over', () => {
    const out = safeErrorSerializer(stdSerializers.err(new DriverException(pgError(MESSAGE)))) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain(HASH);
    expect(out.code).toBe('23514');
  });

  it('keeps other errors as pino shows them, with a database cause redacted', () => {
    const plain = safeErrorSerializer(new TypeError('boom 42 \'quoted\'')) as Record<string, unknown>;
    expect(plain).toMatchObject({ type: 'TypeError', message: "boom 42 'quoted'" });
    const wrapped = safeErrorSerializer(new Error('flow processing failed', { cause: new DriverException(pgError(MESSAGE)) })) as Record<string, unknown>;
    expect(wrapped.message).toBe('flow processing failed');
    expect(JSON.stringify(wrapped)).not.toContain(HASH);
    expect((wrapped.cause as Record<string, unknown>).code).toBe('23514');
  });

  it('redacts a statement passed as a string, and leaves other strings alone', () => {
    expect(safeErrorSerializer(MESSAGE)).not.toContain(HASH);
    expect(safeErrorSerializer('Redis is down')).toBe('Redis is down');
  });

  it('strips a database error in place for where no serializer runs (failed jobs in Redis), keeping its class', () => {
    const error = new UniqueConstraintViolationException(pgError(MESSAGE, { detail: 'Key (x)=(s3cret)' }));
    hideSqlValues(error);
    expect(error).toBeInstanceOf(UniqueConstraintViolationException);
    expect(error.message).not.toContain(HASH);
    expect(error.stack).not.toContain(HASH);
    expect((error as unknown as Record<string, unknown>).detail).toBeUndefined();
    expect((error as unknown as Record<string, unknown>).code).toBe('23514');
    const other = new Error(`keep ${HASH}`);
    hideSqlValues(other);
    expect(other.message).toContain(HASH);
  });
});
