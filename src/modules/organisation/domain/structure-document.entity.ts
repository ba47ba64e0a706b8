import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/** A document of a structure (≤ 4 MB), reusable as an invoice attachment. */
@Entity({ tableName: 'org_structure_document' })
@Index({ properties: ['structureId'] })
export class StructureDocument {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'uuid' })
  fileId: string;

  @Property({ type: 'string', length: 200 })
  label: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(props: { structureId: string; fileId: string; label: string; now: Date }) {
    this.structureId = props.structureId;
    this.fileId = props.fileId;
    this.label = props.label;
    this.createdAt = props.now;
  }
}
