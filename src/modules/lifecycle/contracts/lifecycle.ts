import { EntityManager } from '@mikro-orm/postgresql';
import { EventActor } from '../../../shared/events/domain-event';

export interface LifecycleView {
  invoiceId: string;
  /** What the recipient sees (the true status). */
  status: string;
  /** What the supplier sees (MISE_EN_PAIEMENT hidden when the recipient does not report it). */
  supplierStatus: string;
  /** 2026 reform lifecycle code of `status` / `supplierStatus` (null: none, e.g. a draft). */
  reformCode: number | null;
  supplierReformCode: number | null;
  statusChangedAt: Date;
  madeAvailableAt: Date | null;
  /** YYYY-MM-DD */
  paymentDeadline: string | null;
  overdue: boolean;
  rejectionAcknowledged: boolean;
}

/**
 * The lifecycle's overdue rule (the `overdue` of a view) as criteria a query can apply to the invoice
 * read model (`invoice.status`, `invoice.payment_deadline`): overdue = `status` is one of `statuses`
 * (the payment clock runs) and `payment_deadline < deadlineBefore` (today in France, by the lifecycle's
 * clock).
 */
export interface OverdueCriteria {
  statuses: readonly string[];
  /** YYYY-MM-DD */
  deadlineBefore: string;
}

export interface OpenLifecycle {
  invoiceId: string;
  supplierStructureId: string;
  supplierServiceId: string | null;
  actor: EventActor;
  /** When the draft was made: its BROUILLON entry and the invoice's read model (`status_changed_at`) then agree. Default: now. */
  at?: Date;
}

export interface SubmitLifecycle {
  invoiceId: string;
  recipientStructureId: string;
  recipientServiceId: string | null;
  actor: EventActor;
}

/**
 * What invoicing asks of the lifecycle, inside invoicing's transaction (`em`): a draft's history opens
 * with BROUILLON, submission moves it to DEPOSEE, deleting a draft drops it. `submit` ends with a flush
 * of `em`, which writes the caller's pending changes too, in the same statements where it can.
 */
export abstract class InvoiceLifecycle {
  abstract open(em: EntityManager, input: OpenLifecycle): Promise<void>;
  abstract submit(em: EntityManager, input: SubmitLifecycle): Promise<void>;
  abstract discard(em: EntityManager, invoiceId: string): Promise<void>;
  abstract view(invoiceId: string): Promise<LifecycleView | null>;
  /** The 2026 reform lifecycle code of a status as `view` gives it (null: none), for reads of the invoice read model. */
  abstract reformCodeOf(status: string): number | null;
  /** The overdue rule of `view`, now, for search and export. */
  abstract overdueCriteria(): OverdueCriteria;
}
