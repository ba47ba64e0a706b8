import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

export type BankAccountType = 'IBAN' | 'RIB';

export interface Factor {
  companyName: string;
  country: string;
  identifier: string;
  identifierType: string;
}

/** Bank details of a structure, with the supporting document (RIB scan, bank letter…). */
@Entity({ tableName: 'org_bank_account' })
@Index({ properties: ['structureId'] })
export class BankAccount {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Integer id of the API mode (idCoordonneeBancaire, codeCoordonneesBancairesFournisseur), assigned by the database. */
  @Property({ type: new BigIntType('number'), autoincrement: true, unique: 'org_bank_account_public_id_unique' })
  publicId!: number;

  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'string', length: 100 })
  name: string;

  @Property({ type: 'string', length: 4 })
  accountType: BankAccountType;

  @Property({ type: 'string', length: 2 })
  country: string;

  /** Always set: a RIB is stored with its IBAN too. */
  @Property({ type: 'string', length: 34 })
  iban: string;

  @Property({ type: 'string', length: 11, nullable: true })
  bic?: string | null;

  @Property({ type: 'json', nullable: true })
  rib?: { bankCode: string; branchCode: string; accountNumber: string; key: string } | null;

  @Property({ type: 'json', nullable: true })
  factor?: Factor | null;

  @Property({ type: 'uuid' })
  supportingFileId: string;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(props: { structureId: string; name: string; accountType: BankAccountType; country: string; iban: string; supportingFileId: string; now: Date }) {
    this.structureId = props.structureId;
    this.name = props.name;
    this.accountType = props.accountType;
    this.country = props.country;
    this.iban = props.iban;
    this.supportingFileId = props.supportingFileId;
    this.createdAt = props.now;
  }
}
