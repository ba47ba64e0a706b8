import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

export interface FlowInvoiceErrorRecord {
  supplierIdentifier: string | null;
  recipientIdentifier: string | null;
  invoiceNumber: string | null;
  message: string;
}

export interface FlowTechnicalErrorRecord {
  code: string;
  message: string;
  nature: string;
}

/**
 * A deposited flow (`deposer/flux`): stored at once with its number (`CPP` + digits, from the sequence
 * invoice_flow_number_seq), processed by a worker (IN_RECU → IN_EN_COURS_TRAITEMENT_CPP → final state).
 * The file itself is in the FileStore.
 */
@Entity({ tableName: 'invoice_flow' })
@Index({ name: 'invoice_flow_structure_idx', properties: ['structureId', 'depositedAt'] })
export class InvoiceFlow {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'string', length: 30, unique: 'invoice_flow_number_unique' })
  flowNumber: string;

  /** The depositing structure (the supplier of every invoice in the flow). */
  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'string', length: 20 })
  actorKind: string;

  @Property({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Property({ type: 'string', length: 40 })
  syntax: string;

  @Property({ type: 'string', length: 255 })
  fileName: string;

  @Property({ type: 'boolean' })
  withSignature: boolean = false;

  @Property({ type: 'uuid' })
  storedFileId: string;

  @Property({ type: 'string', length: 40 })
  state: string = 'IN_RECU';

  @Property({ type: 'datetime' })
  depositedAt: Date;

  @Property({ type: 'datetime' })
  stateChangedAt: Date;

  @Property({ type: 'json' })
  invoiceErrors: FlowInvoiceErrorRecord[] = [];

  @Property({ type: 'json' })
  technicalErrors: FlowTechnicalErrorRecord[] = [];

  @Property({ type: 'json' })
  invoiceIds: string[] = [];

  constructor(props: {
    flowNumber: string;
    structureId: string;
    actorKind: string;
    actorId: string | null;
    syntax: string;
    fileName: string;
    withSignature: boolean;
    storedFileId: string;
    now: Date;
  }) {
    this.flowNumber = props.flowNumber;
    this.structureId = props.structureId;
    this.actorKind = props.actorKind;
    this.actorId = props.actorId;
    this.syntax = props.syntax;
    this.fileName = props.fileName;
    this.withSignature = props.withSignature;
    this.storedFileId = props.storedFileId;
    this.depositedAt = props.now;
    this.stateChangedAt = props.now;
  }

  moveTo(state: string, now: Date): void {
    this.state = state;
    this.stateChangedAt = now;
  }
}
