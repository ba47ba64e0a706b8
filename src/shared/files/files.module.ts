import { EntityManager } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { FileReferences } from './file-references';
import { FileStore, PostgresFileStore } from './file-store';
import { StoredFileSweep } from './file-sweep';
import { FilesystemFileStore } from './filesystem-file-store';
import { S3FileStore } from './s3-file-store';
import { ReadinessChecks } from '../health/readiness-checks';

/**
 * FILE_STORE (or FILE_STORE_DIR alone) chooses the adapter; a directory that cannot be written or a
 * bucket that cannot be reached stops the boot. The bucket is part of readiness afterwards.
 */
export async function createFileStore(em: EntityManager, config: AppConfig, references?: FileReferences, readiness?: ReadinessChecks): Promise<FileStore> {
  if (config.fileStore === 's3') {
    const store = new S3FileStore(em, config.s3, {}, references);
    await store.checkBucket().catch((error: unknown) => {
      store.onApplicationShutdown(); // its client's sockets would keep a failed boot alive
      throw error;
    });
    readiness?.add('files-bucket', () => store.checkBucket());
    return store;
  }
  if (!config.fileStoreDir) return new PostgresFileStore(em);
  const store = new FilesystemFileStore(em, config.fileStoreDir, references);
  await store.checkWritable();
  return store;
}

/**
 * The one file store of every context, and its daily sweep. A context imports this module, keeps its own
 * metadata rows naming store keys, and registers their columns with FileReferences when it starts.
 */
@Module({
  providers: [
    FileReferences,
    { provide: FileStore, inject: [EntityManager, AppConfig, FileReferences, ReadinessChecks], useFactory: createFileStore },
    StoredFileSweep,
  ],
  exports: [FileStore, FileReferences],
})
export class FilesModule {}
