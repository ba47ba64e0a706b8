import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/**
 * A file deposited before its invoice exists (`deposer/pdf`, `ajouter/fichier`), identified by the
 * integer `pieceJointeId`, used by `soumettre` (or `completer`) of the same structure. The bytes are kept
 * by invoicing (ApiInvoices.keepFile, `keptFileId`), which attaches them to the invoice by reference when
 * they are used; the row is then deleted and the bytes stay the invoice's. Rows never used are purged, with
 * their bytes, after STAGED_ATTACHMENT_LIFETIME_DAYS (StagedAttachmentPurge, daily).
 */
@Entity({ tableName: 'piste_staged_attachment' })
@Index({ name: 'piste_staged_attachment_structure_idx', properties: ['structureId', 'createdAt'] })
// Which staged attachment names a stored key: the file sweep never unlinks a key some context names (FileReferences).
@Index({ properties: ['keptFileId'] })
export class StagedAttachment {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: new BigIntType('number'), autoincrement: true, unique: 'piste_staged_attachment_public_id_unique' })
  publicId!: number;

  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'uuid' })
  technicalAccountId: string;

  @Property({ type: 'string', length: 255 })
  fileName: string;

  @Property({ type: 'string', length: 100 })
  mediaType: string;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'string', length: 64 })
  sha256: string;

  /** The bytes, kept by invoicing. */
  @Property({ type: 'uuid' })
  keptFileId: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(props: { structureId: string; technicalAccountId: string; fileName: string; mediaType: string; keptFileId: string; size: number; sha256: string; now: Date }) {
    this.structureId = props.structureId;
    this.technicalAccountId = props.technicalAccountId;
    this.fileName = props.fileName;
    this.mediaType = props.mediaType;
    this.keptFileId = props.keptFileId;
    this.size = props.size;
    this.sha256 = props.sha256;
    this.createdAt = props.now;
  }
}
