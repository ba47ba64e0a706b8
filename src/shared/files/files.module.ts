import { EntityManager } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { FileReferences } from './file-references';
import { FileStore, PostgresFileStore } from './file-store';
import { StoredFileSweep } from './file-sweep';
import { FilesystemFileStore } from './filesystem-file-store';

/** FILE_STORE_DIR chooses the adapter; a directory that cannot be written stops the boot. */
export async function createFileStore(em: EntityManager, config: AppConfig, references?: FileReferences): Promise<FileStore> {
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
    { provide: FileStore, inject: [EntityManager, AppConfig, FileReferences], useFactory: createFileStore },
    StoredFileSweep,
  ],
  exports: [FileStore, FileReferences],
})
export class FilesModule {}
