import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { KEY_RULE, SecretRule, secretWeakness, TOKEN_RULE } from './secrets';
import { parseTrustedProxies } from './trusted-proxies';

const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];
export const FILE_STORES = ['postgres', 'filesystem', 's3'] as const;
export type FileStoreKind = (typeof FILE_STORES)[number];

/**
 * Every setting the process reads, validated once at boot: a wrong value stops the process with the
 * variable's name instead of failing later in a request.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** The worker's own HTTP port: `/health`, `/health/live` and `/metrics` (token as the API's). 0: none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HTTP_PORT = 3001;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL = 'http://localhost:3000';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/liasse';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DATABASE_POOL_MAX = 10;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key (queues, throttling): lets several environments share one Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/)
  REDIS_PREFIX = 'liasse';

  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Liasse <no-reply@liasse.localhost>';

  @Transform(toBool)
  @IsBoolean()
  CAPTCHA_ENABLED = true;

  /**
   * HMAC key of access tokens (HS256, pinned), also the root of the TOTP encryption key. In production it
   * must be a real random key: no placeholder, no value published in the repository (src/config/secrets.ts).
   */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @IsString()
  JWT_ISSUER = 'liasse';

  @IsString()
  JWT_AUDIENCE = 'liasse-api';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(3600)
  JWT_REFRESH_TTL_SECONDS = 30 * 24 * 3600;

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Requests per minute per client IP on sensitive routes (login, sign-up, password reset, token). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_SENSITIVE_PER_MINUTE = 20;

  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, comma-separated). Empty:
   * none, the client address (rate limits) is the socket's, and a forwarded header changes nothing.
   */
  @IsOptional()
  @IsString()
  TRUSTED_PROXIES = '';

  /** Validity of account activation links, in hours (DOMAIN.md: 4 hours). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ACTIVATION_LINK_TTL_HOURS = 4;

  /** GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>` (a real random token in production). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  /** Lifetime of a technical account's password, in days (the real platform: 424). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  TECHNICAL_ACCOUNT_TTL_DAYS = 424;

  /** Domain part of technical account logins (`TECH_<n>_<name>@<domain>`). */
  @IsString()
  @MinLength(3)
  TECHNICAL_ACCOUNT_LOGIN_DOMAIN = 'cpro.liasse.localhost';

  /** Audience of OAuth client-credentials tokens (distinct from user tokens'). */
  @IsString()
  CLIENT_TOKEN_AUDIENCE = 'liasse-piste';

  /**
   * SIGTERM/SIGINT: the time a process gives itself to drain (in-flight requests, running jobs) and
   * close its connections before it exits anyway, whatever is down. Keep it below the orchestrator's
   * kill delay (compose stop_grace_period / terminationGracePeriodSeconds: 30 s).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_GRACE_MS = 25_000;

  /**
   * A running job's lock (BullMQ lockDuration, renewed every half of it while the job runs): a job of
   * a worker killed with SIGKILL is taken again about this long after, plus one stalled-job check.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2000)
  QUEUE_LOCK_MS = 10_000;

  /** How often a worker looks for stalled jobs (BullMQ stalledInterval), in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  QUEUE_STALLED_CHECK_MS = 5_000;

  /** How often the outbox relay polls when no NOTIFY wakes it (milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 1000;

  /**
   * Lifetime of a process's cached sessions, memberships, structures, OAuth clients and technical
   * accounts (milliseconds), a safety net only: a committed change reaches every process at once through
   * PostgreSQL notifications (architecture D13). 0 disables these caches (every use reads the database).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  ROW_CACHE_TTL_MS = 10_000;

  /**
   * Published outbox events and handlers' handled_event marks are deleted after this many days. At least
   * 15: a failed job is kept 14 days and may be retried by hand, and its mark must still be there.
   */
  @Transform(toInt)
  @IsInt()
  @Min(15)
  OUTBOX_RETENTION_DAYS = 30;

  /**
   * Webhook targets on loopback, private, link-local, multicast or unspecified addresses (IPv4 and IPv6,
   * IPv4-mapped included) are refused unless this is true (an operator whose ERPs sit on the same private
   * network). Off by default: a subscriber must not make the platform call its own internal services.
   */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** Plain http:// webhook targets (tests, a private network); https only by default. */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_HTTP = false;

  /** Bound of one delivery, connection included (the answer's first byte and at most 64 KiB of it read). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** First retry delay; each further one doubles, up to an hour. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_RETRY_BASE_MS = 10_000;

  /** Attempts per delivery before it is given up (FAILED, replayable). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 12;

  /** Consecutive failed attempts after which a subscription is paused and its structure's managers e-mailed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_PAUSE_AFTER_FAILURES = 20;

  /** Events (and their delivery log, acknowledged or not) are kept this many days, then deleted. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_RETENTION_DAYS = 14;

  /**
   * A directory for invoice files (shared by every API and worker process). Unset: files are kept in
   * PostgreSQL. Set: new files go there, and files already in PostgreSQL stay readable.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  FILE_STORE_DIR?: string;

  /**
   * Where invoice files' bytes go: `postgres` (in their rows), `filesystem` (FILE_STORE_DIR) or `s3` (a
   * bucket of any S3-compatible store, S3_*). Unset: `filesystem` when FILE_STORE_DIR is set, else `postgres`.
   */
  @IsOptional()
  @IsIn(FILE_STORES)
  FILE_STORE?: FileStoreKind;

  /** The S3 API's URL for MinIO, Ceph RGW and others; unset: AWS S3 of S3_REGION. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'S3_ENDPOINT must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'S3_REGION must be a region name such as eu-west-3 (us-east-1 for most S3-compatible stores)' })
  S3_REGION = 'us-east-1';

  /** S3's bucket naming rules (lowercase letters, digits, dots, hyphens; 3 to 63 characters). */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name: 3 to 63 lowercase letters, digits, dots or hyphens' })
  S3_BUCKET?: string;

  /** Both or neither; neither: the AWS SDK's own chain (AWS_* variables, instance or pod role). */
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** `http://host/bucket/key` instead of `http://bucket.host/key`: what MinIO and Ceph RGW usually need. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Prepended to every object key (e.g. `liasse/`), so the bucket can hold other things. */
  @Matches(/^([A-Za-z0-9!_.*'()-]+\/)*[A-Za-z0-9!_.*'()-]*$/, { message: "S3_PREFIX must be key segments of letters, digits and !_.*'()- separated by /, e.g. liasse/" })
  S3_PREFIX = '';

  /**
   * Load shedding (API role): while the event loop's mean delay over the last sampling window (250 ms)
   * exceeds this many milliseconds, requests other than health and metrics are answered 503 at once, with
   * `Retry-After`, instead of queueing behind work the process cannot finish in time. 0 disables it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  MAX_EVENT_LOOP_DELAY_MS = 100;

  /**
   * Load shedding (API role): requests this process serves at once at most; one more is answered 503 at
   * once. A process serves a few hundred ERP requests a second, so 30 at once is about what it answers within
   * the 100 ms target: beyond, they would only wait (for the database pool, a slow database or a starved host,
   * where the event loop is idle and its delay shows nothing). Measured past capacity: 30 served more, and
   * faster, than 100 (docs/benchmarks.md). 0 disables it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  MAX_REQUESTS_IN_FLIGHT = 30;

  /**
   * API processes this container or host runs (node:cluster, one port, connections balanced by the
   * primary; a process that dies is replaced). One event loop uses one core: set it to the cores the API
   * may use. 1: no cluster, the process serves itself.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  API_PROCESSES = 1;
}

export class ConfigurationError extends Error {}

/** The secrets a production process checks, with the randomness each must show (null: only not published). */
const PRODUCTION_SECRETS: ReadonlyArray<[keyof EnvironmentVariables, SecretRule | null]> = [
  ['JWT_SECRET', KEY_RULE],
  ['METRICS_TOKEN', TOKEN_RULE],
  // A password meets the password policy when it is used; here only: not one the repository published.
  ['ADMIN_PASSWORD', null],
  // Chosen by the object store's operator: only not one the repository published (docker-compose.yml's MinIO).
  ['S3_SECRET_ACCESS_KEY', null],
];

/**
 * `usesSecrets: false` for tools that read only the database settings (migrations): they are given a
 * throw-away JWT_SECRET and never sign anything with it.
 */
export function validateEnvironment(env: Record<string, string | undefined>, { usesSecrets = true }: { usesSecrets?: boolean } = {}): EnvironmentVariables {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(EnvironmentVariables, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  - ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  try {
    parseTrustedProxies(config.TRUSTED_PROXIES);
  } catch (error) {
    throw new ConfigurationError(`Invalid configuration:\n  - TRUSTED_PROXIES: ${(error as Error).message}`);
  }
  const fileStore = fileStoreProblems(config);
  if (fileStore.length > 0) throw new ConfigurationError(`Invalid configuration:\n${fileStore.map((line) => `  - ${line}`).join('\n')}`);
  if (config.NODE_ENV === 'production' && !config.CAPTCHA_ENABLED) {
    throw new ConfigurationError('Invalid configuration:\n  - CAPTCHA_ENABLED: may only be false outside production');
  }
  if (config.NODE_ENV === 'production' && usesSecrets) {
    const weak = PRODUCTION_SECRETS.flatMap(([name, rule]) => {
      const value = config[name];
      const why = typeof value === 'string' ? secretWeakness(value, rule) : undefined;
      return why ? [`  - ${name}: ${why} (refused when NODE_ENV=production)`] : [];
    });
    if (weak.length > 0) throw new ConfigurationError(`Invalid configuration:\n${weak.join('\n')}`);
  }
  return config;
}

/** The file store settings that only make sense together (one store; its own variables). */
function fileStoreProblems(config: EnvironmentVariables): string[] {
  const kind = config.FILE_STORE ?? (config.FILE_STORE_DIR ? 'filesystem' : 'postgres');
  const problems: string[] = [];
  if (kind === 'filesystem' && !config.FILE_STORE_DIR) problems.push('FILE_STORE_DIR: required when FILE_STORE=filesystem');
  // Rows without content mean "in the directory" to one store and "in the bucket" to the other.
  if (kind !== 'filesystem' && config.FILE_STORE_DIR) problems.push(`FILE_STORE_DIR: set, but FILE_STORE=${kind} does not use it; unset one of them`);
  if (kind === 's3' && !config.S3_BUCKET) problems.push('S3_BUCKET: required when FILE_STORE=s3');
  if (kind !== 's3' && config.S3_BUCKET) problems.push(`S3_BUCKET: set, but invoice files go to ${kind}; set FILE_STORE=s3 to use the bucket`);
  if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY) {
    problems.push(`${config.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}: required with ${config.S3_ACCESS_KEY_ID ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY'} (or unset both to use the AWS SDK's credential chain)`);
  }
  return problems;
}
