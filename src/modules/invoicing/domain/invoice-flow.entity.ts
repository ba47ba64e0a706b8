import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { Finding, ValidationReport } from '../../../lib/einvoice';
import { uuidv7 } from '../../../shared/domain/ids';

/** One invoice document of a flow and its validation report (integrated or not). */
export interface FlowDocumentRecord {
  /** The file of the flow the document came from (archive path, or the deposited file name). */
  sourceName: string;
  /** What the document says, when it could be read (BT-1, supplier and recipient identifiers). */
  invoiceNumber: string | null;
  supplierIdentifier: string | null;
  recipientIdentifier: string | null;
  /** The invoice created from it; null when it was refused. */
  invoiceId: string | null;
  /** Valid only when the invoice was integrated and nothing refusing was found. */
  report: ValidationReport;
}

/** States a flow waits in before a worker takes it (the stuck-flow sweep looks for them). */
export const WAITING_FLOW_STATES = ['IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP'] as const;

/**
 * A deposited flow (`deposer/flux`): stored at once with its number (`CPP` + digits, from the sequence
 * invoice_flow_number_seq), processed by a worker (IN_RECU → IN_EN_COURS_TRAITEMENT_CPP → final state).
 * The file itself is in the FileStore.
 */
@Entity({ tableName: 'invoice_flow' })
@Index({ name: 'invoice_flow_structure_idx', properties: ['structureId', 'depositedAt'] })
// Which flow names a stored key: the file sweep never unlinks a key some context names (FileReferences).
@Index({ properties: ['storedFileId'] })
@Index({
  name: 'invoice_flow_waiting_idx',
  expression: `create index "invoice_flow_waiting_idx" on "invoice_flow" ("deposited_at") where "state" in ('IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP')`,
})
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

  /** Every invoice document of the flow with its report, in the flow's order. */
  @Property({ type: 'json' })
  documents: FlowDocumentRecord[] = [];

  /** Findings about the flow as a whole (unreadable archive, technical incident); documents have their own. */
  @Property({ type: 'json' })
  findings: Finding[] = [];

  @Property({ type: 'json' })
  invoiceIds: string[] = [];

  /** SHA-256 of the deposited file: a byte-identical deposit of the structure soon after is this flow (DUPLICATE_DEPOSIT_WINDOW_MS). */
  @Property({ type: 'string', length: 64, nullable: true })
  contentSha256?: string;

  constructor(props: {
    flowNumber: string;
    structureId: string;
    actorKind: string;
    actorId: string | null;
    syntax: string;
    fileName: string;
    withSignature: boolean;
    storedFileId: string;
    contentSha256?: string;
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
    this.contentSha256 = props.contentSha256;
    this.depositedAt = props.now;
    this.stateChangedAt = props.now;
  }

  moveTo(state: string, now: Date): void {
    this.state = state;
    this.stateChangedAt = now;
  }
}
