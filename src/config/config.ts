import { resolve } from 'node:path';
import { EnvironmentVariables, FileStoreKind } from './app.config';
import { parseTrustedProxies } from './trusted-proxies';

/**
 * Typed, read-only access to the validated configuration. Injected everywhere instead of process.env so
 * tests can build an app with their own values.
 */
export class AppConfig {
  constructor(private readonly env: EnvironmentVariables) {}

  get nodeEnv(): EnvironmentVariables['NODE_ENV'] {
    return this.env.NODE_ENV;
  }
  get role(): EnvironmentVariables['APP_ROLE'] {
    return this.env.APP_ROLE;
  }
  get runsApi(): boolean {
    return this.env.APP_ROLE !== 'worker';
  }
  get runsWorker(): boolean {
    return this.env.APP_ROLE !== 'api';
  }
  get workerHttpPort(): number {
    return this.env.WORKER_HTTP_PORT;
  }
  get port(): number {
    return this.env.PORT;
  }
  get publicUrl(): string {
    return this.env.PUBLIC_URL.replace(/\/+$/, '');
  }
  get database(): { url: string; poolMax: number } {
    return { url: this.env.DATABASE_URL, poolMax: this.env.DATABASE_POOL_MAX };
  }
  get redis(): { url: string; prefix: string } {
    return { url: this.env.REDIS_URL, prefix: this.env.REDIS_PREFIX };
  }
  get mail(): { smtpUrl: string; from: string } {
    return { smtpUrl: this.env.SMTP_URL, from: this.env.MAIL_FROM };
  }
  get captchaEnabled(): boolean {
    return this.env.CAPTCHA_ENABLED;
  }
  get jwt(): { secret: string; issuer: string; audience: string; accessTtlSeconds: number; refreshTtlSeconds: number } {
    return {
      secret: this.env.JWT_SECRET,
      issuer: this.env.JWT_ISSUER,
      audience: this.env.JWT_AUDIENCE,
      accessTtlSeconds: this.env.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: this.env.JWT_REFRESH_TTL_SECONDS,
    };
  }
  get admin(): { email?: string; password?: string } {
    return { email: this.env.ADMIN_EMAIL, password: this.env.ADMIN_PASSWORD };
  }
  get shutdownGraceMs(): number {
    return this.env.SHUTDOWN_GRACE_MS;
  }
  get queueLocks(): { lockMs: number; stalledCheckMs: number } {
    return { lockMs: this.env.QUEUE_LOCK_MS, stalledCheckMs: this.env.QUEUE_STALLED_CHECK_MS };
  }
  get logLevel(): string {
    return this.env.LOG_LEVEL;
  }
  get throttleSensitivePerMinute(): number {
    return this.env.THROTTLE_SENSITIVE_PER_MINUTE;
  }
  /** Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For is believed; empty: none. */
  get trustedProxies(): string[] {
    return parseTrustedProxies(this.env.TRUSTED_PROXIES);
  }
  get activationLinkTtlHours(): number {
    return this.env.ACTIVATION_LINK_TTL_HOURS;
  }
  get metricsToken(): string | undefined {
    return this.env.METRICS_TOKEN;
  }
  get outboxPollMs(): number {
    return this.env.OUTBOX_POLL_MS;
  }
  get rowCacheTtlMs(): number {
    return this.env.ROW_CACHE_TTL_MS;
  }
  /** Absolute; undefined when invoice files are kept in PostgreSQL. */
  get fileStoreDir(): string | undefined {
    return this.env.FILE_STORE_DIR === undefined ? undefined : resolve(this.env.FILE_STORE_DIR);
  }
  /** Where invoice files' bytes go (validated with the other FILE_STORE settings). */
  get fileStore(): FileStoreKind {
    return this.env.FILE_STORE ?? (this.env.FILE_STORE_DIR ? 'filesystem' : 'postgres');
  }
  /** The bucket's settings; meaningful when `fileStore` is `s3` (S3_BUCKET is then set). */
  get s3(): S3Settings {
    const prefix = this.env.S3_PREFIX;
    return {
      endpoint: this.env.S3_ENDPOINT,
      region: this.env.S3_REGION,
      bucket: this.env.S3_BUCKET ?? '',
      credentials:
        this.env.S3_ACCESS_KEY_ID && this.env.S3_SECRET_ACCESS_KEY ? { accessKeyId: this.env.S3_ACCESS_KEY_ID, secretAccessKey: this.env.S3_SECRET_ACCESS_KEY } : undefined,
      forcePathStyle: this.env.S3_FORCE_PATH_STYLE,
      prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    };
  }
  get outboxRetentionDays(): number {
    return this.env.OUTBOX_RETENTION_DAYS;
  }
  get webhooks(): WebhookSettings {
    return {
      allowPrivateTargets: this.env.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      allowHttp: this.env.WEBHOOK_ALLOW_HTTP,
      timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: this.env.WEBHOOK_RETRY_BASE_MS,
      maxAttempts: this.env.WEBHOOK_MAX_ATTEMPTS,
      pauseAfterFailures: this.env.WEBHOOK_PAUSE_AFTER_FAILURES,
      retentionDays: this.env.WEBHOOK_RETENTION_DAYS,
    };
  }
  /** 0: no load shedding. */
  get maxEventLoopDelayMs(): number {
    return this.env.MAX_EVENT_LOOP_DELAY_MS;
  }
  /** 0: no limit. */
  get maxRequestsInFlight(): number {
    return this.env.MAX_REQUESTS_IN_FLIGHT;
  }
  get apiProcesses(): number {
    return this.env.API_PROCESSES;
  }
  get connections(): { technicalAccountTtlDays: number; loginDomain: string; clientTokenAudience: string } {
    return {
      technicalAccountTtlDays: this.env.TECHNICAL_ACCOUNT_TTL_DAYS,
      loginDomain: this.env.TECHNICAL_ACCOUNT_LOGIN_DOMAIN,
      clientTokenAudience: this.env.CLIENT_TOKEN_AUDIENCE,
    };
  }
}

export interface S3Settings {
  /** Unset: AWS S3 itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Unset: the AWS SDK's default chain (environment, shared files, instance or pod role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
  /** Empty or ending with `/`. */
  prefix: string;
}

export interface WebhookSettings {
  allowPrivateTargets: boolean;
  allowHttp: boolean;
  timeoutMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  pauseAfterFailures: number;
  retentionDays: number;
}
