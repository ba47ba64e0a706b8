import { BigIntType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { isServiceOpen } from './service-availability';

/** A department of a structure that receives invoices under its code (unique within the structure). */
@Entity({ tableName: 'org_service' })
@Unique({ name: 'org_service_structure_code_unique', properties: ['structureId', 'code'] })
@Index({ properties: ['structureId'] })
export class Service {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Integer id of the API mode (idService), assigned by the database. */
  @Property({ type: new BigIntType('number'), autoincrement: true, unique: 'org_service_public_id_unique' })
  publicId!: number;

  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'string', length: 100 })
  code: string;

  @Property({ type: 'string', length: 200 })
  label: string;

  @Property({ type: 'string', length: 1000, nullable: true })
  description?: string | null;

  /** 'YYYY-MM-DD' */
  @Property({ type: 'string', length: 10 })
  activationStart: string;

  @Property({ type: 'string', length: 10, nullable: true })
  activationEnd?: string | null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'boolean' })
  engagementRequired: boolean = false;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(props: { structureId: string; code: string; label: string; activationStart: string; now: Date }) {
    this.structureId = props.structureId;
    this.code = props.code;
    this.label = props.label;
    this.activationStart = props.activationStart;
    this.createdAt = props.now;
  }

  isOpenOn(today: string): boolean {
    return isServiceOpen(this, today);
  }
}
