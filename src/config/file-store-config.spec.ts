import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { validateEnvironment } from './app.config';
import { AppConfig } from './config';
import { PUBLISHED_SECRETS } from './secrets';

const env = (vars: Record<string, string>) => () => validateEnvironment({ JWT_SECRET: 'x'.repeat(32), ...vars });
const config = (vars: Record<string, string>) => new AppConfig(env(vars)());
const s3 = { FILE_STORE: 's3', S3_BUCKET: 'liasse-files' };

describe('file store settings (FILE_STORE, FILE_STORE_DIR, S3_*)', () => {
  it('keeps the former choice: FILE_STORE_DIR alone means the directory, nothing means PostgreSQL', () => {
    expect(config({}).fileStore).toBe('postgres');
    expect(config({ FILE_STORE_DIR: '/var/lib/liasse' }).fileStore).toBe('filesystem');
    expect(config({ FILE_STORE: 'filesystem', FILE_STORE_DIR: '/var/lib/liasse' }).fileStore).toBe('filesystem');
    expect(config(s3).fileStore).toBe('s3');
  });

  it('reads the bucket settings, with a prefix that always ends with a slash', () => {
    expect(config(s3).s3).toEqual({ endpoint: undefined, region: 'us-east-1', bucket: 'liasse-files', credentials: undefined, forcePathStyle: false, prefix: '' });
    const minio = config({
      ...s3,
      S3_ENDPOINT: 'http://minio:9000',
      S3_REGION: 'eu-west-3',
      S3_ACCESS_KEY_ID: 'liasse',
      S3_SECRET_ACCESS_KEY: 'a-secret',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'prod/invoices',
    }).s3;
    expect(minio).toEqual({
      endpoint: 'http://minio:9000',
      region: 'eu-west-3',
      bucket: 'liasse-files',
      credentials: { accessKeyId: 'liasse', secretAccessKey: 'a-secret' },
      forcePathStyle: true,
      prefix: 'prod/invoices/',
    });
    expect(config({ ...s3, S3_PREFIX: 'liasse/' }).s3.prefix).toBe('liasse/');
  });

  it('refuses settings that do not go together, naming the variable', () => {
    expect(env({ FILE_STORE: 'filesystem' })).toThrow(/FILE_STORE_DIR: required when FILE_STORE=filesystem/);
    expect(env({ ...s3, FILE_STORE_DIR: '/var/lib/liasse' })).toThrow(/FILE_STORE_DIR: set, but FILE_STORE=s3 does not use it/);
    expect(env({ FILE_STORE: 'postgres', FILE_STORE_DIR: '/var/lib/liasse' })).toThrow(/FILE_STORE_DIR: set, but FILE_STORE=postgres/);
    expect(env({ FILE_STORE: 's3' })).toThrow(/S3_BUCKET: required when FILE_STORE=s3/);
    expect(env({ S3_BUCKET: 'liasse-files' })).toThrow(/S3_BUCKET: set, but invoice files go to postgres; set FILE_STORE=s3/);
    expect(env({ ...s3, S3_ACCESS_KEY_ID: 'liasse' })).toThrow(/S3_SECRET_ACCESS_KEY: required with S3_ACCESS_KEY_ID/);
    expect(env({ ...s3, S3_SECRET_ACCESS_KEY: 'a-secret' })).toThrow(/S3_ACCESS_KEY_ID: required with S3_SECRET_ACCESS_KEY/);
  });

  it('refuses malformed values, naming the variable and never echoing a secret', () => {
    expect(env({ FILE_STORE: 'disk' })).toThrow(/FILE_STORE: FILE_STORE must be one of the following values: postgres, filesystem, s3/);
    expect(env({ ...s3, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT: S3_ENDPOINT must be an http:\/\/ or https:\/\/ URL/);
    expect(env({ FILE_STORE: 's3', S3_BUCKET: 'Liasse_Files' })).toThrow(/S3_BUCKET: S3_BUCKET must be a bucket name/);
    expect(env({ ...s3, S3_REGION: 'Paris' })).toThrow(/S3_REGION: S3_REGION must be a region name/);
    expect(env({ ...s3, S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/S3_FORCE_PATH_STYLE: S3_FORCE_PATH_STYLE must be a boolean value/);
    expect(env({ ...s3, S3_PREFIX: '/liasse' })).toThrow(/S3_PREFIX: S3_PREFIX must be key segments/);
    expect(env({ ...s3, S3_PREFIX: 'a//b' })).toThrow(/S3_PREFIX/);
    let message = '';
    try {
      env({ FILE_STORE: 's3', S3_ACCESS_KEY_ID: 'liasse', S3_SECRET_ACCESS_KEY: 'Sup3r-S3cret-Value' })();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/S3_BUCKET: required/);
    expect(message).not.toContain('Sup3r-S3cret-Value');
  });

  it('refuses in production the secret key docker-compose.yml publishes for its MinIO', () => {
    const production = (vars: Record<string, string>) => () =>
      validateEnvironment({ NODE_ENV: 'production', CAPTCHA_ENABLED: 'true', JWT_SECRET: 'kQ9vX2mT7rL4pZ8wB1nC6yH3jF5dG0sA-Ue_Ri', ...s3, S3_ACCESS_KEY_ID: 'liasse', ...vars });
    expect(production({ S3_SECRET_ACCESS_KEY: 'liasse-minio-dev-secret' })).toThrow(/S3_SECRET_ACCESS_KEY: is a value published/);
    expect(production({ S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY' })).toThrow(/S3_SECRET_ACCESS_KEY: looks like a placeholder/);
    expect(production({ S3_SECRET_ACCESS_KEY: 'Vh3kP9sQ2xL7mN4bR8tW1yZ6' })).not.toThrow();
  });

  it('docker-compose.yml: MinIO and its bucket only with the s3 profile, its password published, every S3 setting passed to the app', () => {
    const compose = parse(readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8'));
    const { minio, 'minio-bucket': bucket } = compose.services;
    expect(minio.profiles).toEqual(['s3']);
    expect(bucket.profiles).toEqual(['s3']);
    expect(bucket.depends_on).toEqual({ minio: { condition: 'service_healthy' } });
    expect(bucket.restart).toBe('no');
    const password = /^\$\{MINIO_ROOT_PASSWORD:-(.+)\}$/.exec(minio.environment.MINIO_ROOT_PASSWORD)?.[1];
    expect(PUBLISHED_SECRETS.has(password!)).toBe(true);
    for (const name of ['FILE_STORE', 'S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX']) {
      expect(compose['x-app-env'][name]).toBe(`\${${name}:-}`);
    }
    // Nothing that runs by default needs MinIO.
    for (const service of Object.values<{ profiles?: string[]; depends_on?: Record<string, unknown> }>(compose.services)) {
      if (!service.profiles) expect(Object.keys(service.depends_on ?? {}).filter((d) => d.startsWith('minio'))).toEqual([]);
    }
  });
});
