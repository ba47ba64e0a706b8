import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { InvoiceStatus } from './invoice-status';

/**
 * The lifecycle of one invoice: current status and the dates the rules need. `version` is an
 * optimistic lock: of two concurrent transitions from the same version, exactly one commits.
 */
@Entity({ tableName: 'invoice_lifecycle' })
@Index({ properties: ['supplierStructureId', 'status'] })
@Index({ properties: ['recipientStructureId', 'status'] })
// The validator's list (« Factures à valider »): its invoices in one status.
@Index({ properties: ['validatorStructureId', 'status'] })
export class InvoiceState {
  @PrimaryKey({ type: 'uuid' })
  invoiceId: string;

  @Property({ type: 'uuid' })
  supplierStructureId: string;

  @Property({ type: 'uuid', nullable: true })
  supplierServiceId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  recipientStructureId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  recipientServiceId: string | null = null;

  /** Validation circuit (A9, A12): the structure that validates before routing; null: no circuit. */
  @Property({ type: 'uuid', nullable: true })
  validatorStructureId: string | null = null;

  /** Issued under a billing mandate: the mandatary structure and the mandate (both null: by the supplier itself). */
  @Property({ type: 'uuid', nullable: true })
  issuerStructureId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  billingMandateId: string | null = null;

  @Property({ type: 'string', length: 40 })
  status: InvoiceStatus = 'BROUILLON';

  /** What the supplier sees: MISE_EN_PAIEMENT is hidden when the recipient does not report it. */
  @Property({ type: 'string', length: 40 })
  supplierStatus: InvoiceStatus = 'BROUILLON';

  @Property({ type: 'datetime' })
  statusChangedAt: Date;

  /** Number of history entries: orders entries written in the same millisecond. */
  @Property({ type: 'integer' })
  historyCount: number = 0;

  @Property({ type: 'datetime', nullable: true })
  madeAvailableAt: Date | null = null;

  @Property({ type: 'date', nullable: true })
  paymentDeadline: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  suspendedAt: Date | null = null;

  @Property({ type: 'boolean' })
  rejectionAcknowledged: boolean = false;

  @Property({ type: 'string', length: 50, nullable: true })
  mandateNumber: string | null = null;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  constructor(invoiceId: string, supplierStructureId: string, now: Date) {
    this.invoiceId = invoiceId;
    this.supplierStructureId = supplierStructureId;
    this.statusChangedAt = now;
  }
}
