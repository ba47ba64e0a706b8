import { DriverException } from '@mikro-orm/core';
import { stdSerializers } from 'pino';

/**
 * Database errors carry the values of their statement: MikroORM inlines an entity's values into the SQL
 * it sends (a password hash, a secret answer's hash, a token's hash…), knex prefixes the error message with
 * that SQL, and PostgreSQL's `detail` repeats key values ("Key (login_email)=(…) already exists"). Logs
 * keep what diagnoses the failure — the statement's shape, the SQLSTATE, the constraint, table and column —
 * and never a value (issue 15).
 */

/** A statement knex put in front of the driver's message. */
const SQL_START = /^\s*(?:select|insert|update|delete|with|begin|commit|rollback|savepoint|release|set|call|alter|create|drop|lock|listen|notify|truncate|copy|do|prepare|execute)\b/i;

/** Fields of a PostgreSQL error (and of the MikroORM exception that copies them) that name no value. */
const SAFE_DB_FIELDS = ['code', 'sqlState', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const;

const NUMBER = /(?<![\w$."'])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w"])/g;
/** PostgreSQL quotes the offending input after a colon: `invalid input syntax for type uuid: "…"`. */
const QUOTED_INPUT = /:\s*"(?:[^"]|"")*"/g;
/** What MikroORM's PostgreSQL exception converter appends to the message; it runs to the end. */
const DETAIL = /\n - (detail|hint): [\s\S]*$/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/;

/**
 * Every string literal replaced by '?', read left to right as PostgreSQL would: '' inside a string,
 * backslash escapes in E'…', dollar quotes ($$…$$, $tag$…$tag$); a string cut short runs to the end.
 */
function withoutStrings(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const before = i > 0 ? text[i - 1]! : ' ';
    if (c === '$' && !/[\w$]/.test(before)) {
      const tag = DOLLAR_TAG.exec(text.slice(i))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        out += '$?$';
        i = end < 0 ? text.length : end + tag.length;
        continue;
      }
    }
    if (c === "'") {
      const escapes = /[Ee]/.test(before) && !/[\w]/.test(i > 1 ? text[i - 2]! : ' ');
      let j = i + 1;
      while (j < text.length) {
        if (escapes && text[j] === '\\') j += 2;
        else if (text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === "'") break;
        else j++;
      }
      // A prefix letter (E, X, B, N) goes with its string.
      if (/[EeXxBbNn]/.test(before) && !/\w/.test(i > 1 ? text[i - 2]! : ' ')) out = out.slice(0, -1);
      out += "'?'";
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * The text with every literal value replaced by `?`. Knex writes `<statement> - <driver message>`: the
 * statement loses its strings and numbers, the message the input it quotes, and PostgreSQL's detail and
 * hint (which MikroORM appends) go whole; identifiers ("table", "constraint") stay.
 */
export function redactSqlValues(text: string): string {
  // MikroORM appends PostgreSQL's detail and hint ("Failing row contains (…)", "Key (…)=(…)"): values only.
  const clean = withoutStrings(text.replace(DETAIL, (_, kind: string) => `\n - ${kind}: ?`));
  const split = clean.lastIndexOf(' - ');
  const [statement, message] = SQL_START.test(clean) && split >= 0 ? [clean.slice(0, split), clean.slice(split)] : SQL_START.test(clean) ? [clean, ''] : ['', clean];
  return statement.replace(NUMBER, '?') + message.replace(QUOTED_INPUT, ': "?"');
}

/** A database error: MikroORM's exception, a driver error with an SQLSTATE, or a message that starts with SQL. */
export function isDatabaseError(error: unknown): error is Error & Record<string, unknown> {
  if (!(error instanceof Error)) return false;
  if (error instanceof DriverException) return true;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string') || SQL_START.test(error.message);
}

function framesOf(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/** What a log may say of a database error: its type, its message without values, safe fields, its frames. */
function databaseError(error: Error & Record<string, unknown>): Record<string, unknown> {
  const message = redactSqlValues(error.message);
  const out: Record<string, unknown> = { type: error.name, message, stack: `${error.name}: ${message}\n${framesOf(error.stack)}` };
  for (const field of SAFE_DB_FIELDS) if (typeof error[field] === 'string' || typeof error[field] === 'number') out[field] = error[field];
  return out;
}

/**
 * The `err`/`error` serializer of every log line (pino): a database error is reduced to what names no
 * value, any other error is serialized as pino does, its causes through this same serializer. A plain
 * string (`err: error.message`) is redacted when it is a statement's message.
 */
export function safeErrorSerializer(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SQL_START.test(value) ? redactSqlValues(value) : value;
  // pino-http hands its serializers what pino's own err serializer made of the error; the error is its `raw`.
  const raw = (value as { raw?: unknown } | null)?.raw;
  if (!(value instanceof Error) && raw instanceof Error) value = raw;
  if (!(value instanceof Error)) return value;
  if (isDatabaseError(value)) return databaseError(value);
  const serialized = stdSerializers.err(value) as unknown as Record<string, unknown>;
  const cause = (value as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 5) serialized.cause = safeErrorSerializer(cause, depth + 1);
  // pino appends the causes' messages and stacks to the error's own: rebuild them from what is shown.
  if (cause !== undefined) {
    serialized.message = value.message;
    serialized.stack = value.stack;
  }
  return serialized;
}

/**
 * Strips the values from a database error in place, before it is stored where logs cannot filter it
 * (BullMQ keeps a failed job's message and stack in Redis). Its class is kept: retry decisions still work.
 */
export function hideSqlValues(error: unknown): void {
  if (!isDatabaseError(error)) return;
  const message = redactSqlValues(error.message);
  const frames = framesOf(error.stack);
  for (const key of Object.keys(error)) if (!(SAFE_DB_FIELDS as readonly string[]).includes(key) && key !== 'name') delete error[key];
  error.message = message;
  error.stack = `${error.name}: ${message}\n${frames}`;
}
