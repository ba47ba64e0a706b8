import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { EntityManager } from '@mikro-orm/postgresql';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Readable } from 'node:stream';
import { S3Settings } from '../../config/config';
import { uuidv7 } from '../domain/ids';
import { rawRows } from '../persistence/raw';
import { FileReferences } from './file-references';
import { PostgresFileStore, ReceivedFile, UploadFingerprint } from './file-store';
import { keyTime } from './filesystem-file-store';

/** Keys listed, looked up and deleted per round by the sweep (ListObjectsV2 and DeleteObjects take 1000). */
const SWEEP_BATCH = 1_000;
/**
 * Multipart part size of streamed uploads, S3's minimum: an upload holds at most one part in memory
 * (queueSize 1); a file up to this size goes as one PutObject.
 */
const PART_SIZE = 5 * 1024 * 1024;
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class UploadedFile extends ReceivedFile {
  constructor(
    readonly key: string,
    readonly size: number,
    readonly sha256: string,
    readonly head: Buffer,
  ) {
    super();
  }
}

/** The bucket cannot be used: the message says why without credentials (it reaches logs). */
export class S3BucketError extends Error {}

/**
 * Bytes as objects of an S3-compatible bucket (FILE_STORE=s3: AWS S3, MinIO, Ceph RGW…), keyed
 * `S3_PREFIX` + `YYYY/MM/DD/<key>` — the directory layout of FilesystemFileStore, so a directory can be
 * copied into a bucket as it is. The row in `invoice_stored_file` (content null) still decides whether a
 * file exists (architecture D21, D23).
 *
 * - put and receive write the object before the row is inserted: a committed row always has its object. A
 *   rolled-back transaction leaves an object without a row.
 * - copy is CopyObject: the bytes stay in the object store.
 * - remove deletes rows only; the daily sweep deletes objects whose key has no row and is older than a
 *   day (no transaction lasts that long, so an object whose row is not committed yet is never taken).
 * - Rows whose bytes are in the database (written before FILE_STORE=s3) are still served.
 */
export class S3FileStore extends PostgresFileStore implements OnApplicationShutdown {
  private readonly logger = new Logger('S3FileStore');
  readonly bucket: string;
  readonly prefix: string;
  private readonly endpoint: string;

  readonly client: S3Client;
  private readonly sweepBatch: number;

  /** `sweepBatch`: keys per listing page and per DeleteObjects (S3 takes at most 1 000); smaller in tests. */
  constructor(
    em: EntityManager,
    settings: S3Settings,
    options: { sweepBatch?: number } = {},
    private readonly references: FileReferences = new FileReferences(),
  ) {
    super(em);
    this.client = s3Client(settings);
    this.sweepBatch = Math.min(options.sweepBatch ?? SWEEP_BATCH, SWEEP_BATCH);
    this.bucket = settings.bucket;
    this.prefix = settings.prefix;
    this.endpoint = settings.endpoint ? new URL(settings.endpoint).host : `AWS S3 ${settings.region}`;
  }

  /**
   * Fails at boot, not at the first upload, when the bucket is missing or refused; also the readiness
   * check. HeadBucket needs s3:ListBucket, which the sweep needs anyway.
   */
  async checkBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      const where = `S3 bucket "${this.bucket}" at ${this.endpoint}`;
      if (status === 404) throw new S3BucketError(`${where} does not exist: create it, or correct S3_BUCKET / S3_ENDPOINT`);
      if (status === 403 || status === 401) throw new S3BucketError(`${where} refused access: check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and the bucket policy`);
      if (status === 301) throw new S3BucketError(`${where} is in another region: correct S3_REGION`);
      throw new S3BucketError(`${where} cannot be reached: ${(error as Error).message || (error as Error).name}`);
    }
  }

  /** Last: draining requests and jobs still read and write objects until then. */
  onApplicationShutdown(): void {
    this.client.destroy();
  }

  /** The object's key in the bucket: the prefix, the key's UTC day, the key. */
  objectKey(key: string): string {
    return `${this.prefix}${new Date(keyTime(key)).toISOString().slice(0, 10).replaceAll('-', '/')}/${key}`;
  }

  override async put(em: EntityManager, content: Buffer, now: Date): Promise<string> {
    const key = uuidv7(now.getTime());
    await this.upload(key, content);
    await insertRow(em, key, now);
    return key;
  }

  /**
   * Streams the upload to its object while hashing it; the row comes with `putReceived`. A failed read
   * or upload leaves no object (a multipart upload is aborted, a finished one deleted).
   */
  override async receive(stream: Readable, now: Date): Promise<ReceivedFile> {
    const key = uuidv7(now.getTime());
    const fingerprint = new UploadFingerprint();
    async function* hashed(): AsyncGenerator<Buffer> {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        fingerprint.add(chunk);
        yield chunk;
      }
    }
    try {
      await this.upload(key, Readable.from(hashed()));
    } catch (error) {
      await this.deleteObject(key).catch(() => undefined);
      throw error;
    }
    return new UploadedFile(key, fingerprint.size, fingerprint.sha256(), fingerprint.head);
  }

  override async putReceived(em: EntityManager, file: ReceivedFile, now: Date): Promise<string> {
    if (!(file instanceof UploadedFile)) return super.putReceived(em, file, now);
    await insertRow(em, file.key, now);
    return file.key;
  }

  override async discard(file: ReceivedFile): Promise<void> {
    if (file instanceof UploadedFile) await this.deleteObject(file.key);
  }

  override async copy(em: EntityManager, key: string, now: Date): Promise<{ key: string; size: number; head: Buffer } | null> {
    // FOR KEY SHARE: a concurrent delete of the source row waits for this transaction, so the sweep
    // cannot delete the source object before the copy's own row exists.
    const [row] = await rawRows<{ in_bucket: boolean }>(em, 'select content is null as in_bucket from invoice_stored_file where id = ? for key share', [key]);
    if (!row) return null;
    if (!row.in_bucket) return super.copy(em, key, now);
    const copyKey = uuidv7(now.getTime());
    await this.client.send(
      new CopyObjectCommand({ Bucket: this.bucket, Key: this.objectKey(copyKey), CopySource: `${this.bucket}/${encodeKey(this.objectKey(key))}` }),
    );
    await insertRow(em, copyKey, now);
    return { key: copyKey, ...(await this.describeOnDisk(copyKey)) };
  }

  /** One ranged GetObject: its Content-Range gives the size, its body the first bytes. */
  protected override async describeOnDisk(key: string): Promise<{ size: number; head: Buffer }> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Range: 'bytes=0-15' }));
      const head = Buffer.from(await object.Body!.transformToByteArray());
      const total = /\/(\d+)$/.exec(object.ContentRange ?? '')?.[1];
      return { size: total === undefined ? head.length : Number(total), head };
    } catch (error) {
      // An empty object has no byte 0 to range over.
      if ((error as S3ServiceException).$metadata?.httpStatusCode !== 416) throw error;
      const object = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { size: object.ContentLength ?? 0, head: Buffer.alloc(0) };
    }
  }

  /** Requested now: a row without its object is an error here, not a stream failing half-way. */
  protected override async openOnDisk(key: string): Promise<Readable> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    return object.Body as Readable;
  }

  protected override async readOnDisk(key: string): Promise<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  /**
   * Deletes the objects whose key is older than `before`, has no row (removed, or written by a
   * transaction that rolled back) and is named by no context's metadata; returns how many. Objects of other names under the prefix are left
   * alone. Keys list in time order (day, then UUIDv7), so the listing stops at the first newer one.
   */
  override async sweep(before: Date): Promise<number> {
    let removed = 0;
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: this.sweepBatch, ContinuationToken: continuationToken }));
      const ours = (page.Contents ?? []).map((object) => this.keyOfObject(object.Key ?? '')).filter((key): key is string => key !== null);
      const old = ours.filter((key) => keyTime(key) < before.getTime());
      if (old.length > 0) {
        const em = this.em.fork();
        const named = new Set((await rawRows<{ id: string }>(em, 'select id from invoice_stored_file where id = any(?::uuid[])', [old])).map((r) => r.id));
        // A row missing while a context still names the key is a bug elsewhere: keep the object (and say so).
        for (const key of await this.references.named(em, old.filter((key) => !named.has(key)))) {
          this.logger.error({ key }, 'stored file named by a context has no store row: kept');
          named.add(key);
        }
        removed += await this.deleteObjects(old.filter((key) => !named.has(key)));
      }
      if (old.length < ours.length) break;
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return removed;
  }

  /** The store's key of an object it wrote (prefix, the key's own day, the key), else null. */
  private keyOfObject(objectKey: string): string | null {
    const key = objectKey.slice(objectKey.lastIndexOf('/') + 1);
    return KEY.test(key) && this.objectKey(key) === objectKey ? key : null;
  }

  private async upload(key: string, body: Buffer | Readable): Promise<void> {
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentType: 'application/octet-stream' },
      partSize: PART_SIZE,
      queueSize: 1,
      leavePartsOnError: false,
    }).done();
  }

  private async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  private async deleteObjects(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const result = await this.client.send(
      new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((key) => ({ Key: this.objectKey(key) })), Quiet: true } }),
    );
    const errors = result.Errors ?? [];
    if (errors.length > 0) throw new Error(`S3 refused to delete ${errors.length} object(s), e.g. ${errors[0].Key}: ${errors[0].Code} ${errors[0].Message ?? ''}`.trim());
    return keys.length;
  }
}

/**
 * Checksums only where an operation requires one: the SDK's default (CRC32 on every upload, checked on
 * every download) is refused or mishandled by some S3-compatible stores (older MinIO, Ceph RGW).
 */
export function s3Client(settings: S3Settings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    // requestTimeout is per socket inactivity: a store that stops answering fails the request, and a
    // download stream nobody reads (a request that failed after `open`) frees its socket.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
}

/** The row that makes an object exist (no content), in the caller's transaction. */
async function insertRow(em: EntityManager, key: string, now: Date): Promise<void> {
  await rawRows(em, 'insert into invoice_stored_file (id, content, created_at) values (?, null, ?)', [key, now]);
}

/** CopySource is a URL path: each segment encoded, the slashes kept. */
function encodeKey(objectKey: string): string {
  return objectKey.split('/').map(encodeURIComponent).join('/');
}
