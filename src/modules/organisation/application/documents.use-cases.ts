import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { OrganisationErrors } from '../domain/organisation.errors';
import { StructureDocument } from '../domain/structure-document.entity';
import { Structure } from '../domain/structure.entity';
import { IncomingFile, OrganisationFiles } from '../infrastructure/organisation-files';
import { FileView, StructureDocumentView, toDocumentView, toFileView } from './views';

export const STRUCTURE_DOCUMENT_MAX_BYTES = 4 * 1024 * 1024;

@Injectable()
export class AddStructureDocument {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly files: OrganisationFiles,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, structureId: string, label: string | undefined, file: IncomingFile | undefined): Promise<StructureDocumentView> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'MODIFICATION', null);
    if (!file) throw new DomainError(OrganisationErrors.FILE_REQUIRED, {}, 'file');
    return this.em.transactional(async (em) => {
      if (!(await em.count(Structure, { id: structureId }))) throw new DomainError(OrganisationErrors.STRUCTURE_NOT_FOUND);
      const stored = await this.files.store(em, file, { maxBytes: STRUCTURE_DOCUMENT_MAX_BYTES, allowed: ['application/pdf', 'image/png', 'image/jpeg'] });
      const document = new StructureDocument({ structureId, fileId: stored.id, label: label?.trim() || stored.fileName, now: this.clock.now() });
      em.persist(document);
      return toDocumentView(document, stored);
    });
  }
}

@Injectable()
export class ListStructureDocuments {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly files: OrganisationFiles,
  ) {}

  async execute(actor: Actor, structureId: string): Promise<StructureDocumentView[]> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'CONSULTATION');
    const documents = await this.em.find(StructureDocument, { structureId }, { orderBy: { createdAt: 'asc' } });
    const files = await this.files.describe(this.em, documents.map((d) => d.fileId));
    return documents.map((d) => toDocumentView(d, files.get(d.fileId)));
  }
}

@Injectable()
export class DownloadStructureDocument {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly files: OrganisationFiles,
  ) {}

  /** The bytes come from the store as they are sent (a stream), never whole in memory. */
  async execute(actor: Actor, structureId: string, documentId: string): Promise<{ file: FileView; stream: Readable }> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'CONSULTATION');
    const document = await this.em.findOne(StructureDocument, { id: documentId, structureId });
    if (!document) throw new DomainError(OrganisationErrors.DOCUMENT_NOT_FOUND);
    const opened = await this.files.open(this.em, document.fileId);
    if (!opened) throw new DomainError(OrganisationErrors.DOCUMENT_NOT_FOUND);
    return { file: toFileView(opened.file), stream: opened.stream };
  }
}
