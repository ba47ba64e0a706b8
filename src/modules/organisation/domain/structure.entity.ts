import { BigIntType, Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { StructureParameters } from './structure-parameters';

export enum StructureType {
  PRIVEE = 'PRIVEE',
  PUBLIQUE = 'PUBLIQUE',
}

export interface StructureAddress {
  line1: string;
  line2?: string | null;
  line3?: string | null;
  postalCode: string;
  city: string;
  country: string;
}

/**
 * A legal entity (or establishment) that sends or receives invoices. Its identifier is unique per
 * identifier type: the database constraint is what makes concurrent creations safe.
 */
@Entity({ tableName: 'org_structure' })
@Unique({ name: 'org_structure_identifier_unique', properties: ['identifierType', 'identifier'] })
@Index({ name: 'org_structure_directory_idx', properties: ['structureType', 'active'] })
export class Structure {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Integer id of the API mode (idStructureCPP), assigned by the database. */
  @Property({ type: new BigIntType('number'), autoincrement: true, unique: 'org_structure_public_id_unique' })
  publicId!: number;

  @Property({ type: 'string', length: 20 })
  identifierType: string;

  @Property({ type: 'string', length: 80 })
  identifier: string;

  @Enum({ items: () => StructureType, nativeEnumName: 'structure_type' })
  structureType: StructureType;

  @Property({ type: 'string', length: 200 })
  companyName: string;

  @Property({ type: 'string', length: 200, nullable: true })
  label?: string | null;

  @Property({ type: 'string', length: 254, nullable: true })
  email?: string | null;

  @Property({ type: 'string', length: 30, nullable: true })
  phone?: string | null;

  @Property({ type: 'json', nullable: true })
  address?: StructureAddress | null;

  @Property({ type: 'boolean' })
  nonDiffusible: boolean = false;

  @Property({ type: 'string', length: 50, nullable: true })
  rcsNumber?: string | null;

  @Property({ type: 'string', length: 30, nullable: true })
  vatNumber?: string | null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'boolean' })
  serviceCodeRequired: boolean = false;

  @Property({ type: 'boolean' })
  engagementRequired: boolean = false;

  @Property({ type: 'boolean' })
  serviceCodeOrEngagementRequired: boolean = false;

  @Property({ type: 'boolean' })
  paymentStatusNotReported: boolean = false;

  @Property({ type: 'boolean' })
  canReceiveEdi: boolean = false;

  @Property({ type: 'string', length: 10 })
  moaPresence: StructureParameters['moaPresence'] = 'NONE';

  @Property({ type: 'integer' })
  paymentDelayDays: number = 30;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime', nullable: true })
  deactivatedAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  constructor(props: { identifierType: string; identifier: string; structureType: StructureType; companyName: string; now: Date }) {
    this.identifierType = props.identifierType;
    this.identifier = props.identifier;
    this.structureType = props.structureType;
    this.companyName = props.companyName;
    this.createdAt = props.now;
  }

  get parameters(): StructureParameters {
    return {
      serviceCodeRequired: this.serviceCodeRequired,
      engagementRequired: this.engagementRequired,
      serviceCodeOrEngagementRequired: this.serviceCodeOrEngagementRequired,
      paymentStatusNotReported: this.paymentStatusNotReported,
      canReceiveEdi: this.canReceiveEdi,
      moaPresence: this.moaPresence,
    };
  }

  applyParameters(p: Partial<StructureParameters>): void {
    if (p.serviceCodeRequired !== undefined) this.serviceCodeRequired = p.serviceCodeRequired;
    if (p.engagementRequired !== undefined) this.engagementRequired = p.engagementRequired;
    if (p.serviceCodeOrEngagementRequired !== undefined) this.serviceCodeOrEngagementRequired = p.serviceCodeOrEngagementRequired;
    if (p.paymentStatusNotReported !== undefined) this.paymentStatusNotReported = p.paymentStatusNotReported;
    if (p.canReceiveEdi !== undefined) this.canReceiveEdi = p.canReceiveEdi;
    if (p.moaPresence !== undefined) this.moaPresence = p.moaPresence;
  }
}
