import { EventActor } from '../../../shared/events/domain-event';
import { Tx } from '../../../shared/persistence/tx';

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
  /** Validation circuit: the validating structure (null: none); its decision is in the history. */
  validatorStructureId: string | null;
}

/**
 * Statuses in which the recipient does not see an invoice yet: it is with its validator (A_VALIDER_1), or the
 * validator refused it (REFUSEE_1) and it will never reach the recipient. Invoicing applies it to its reads.
 */
export const BEFORE_RECIPIENT_STATUSES = ['A_VALIDER_1', 'REFUSEE_1'] as const;
const BEFORE_RECIPIENT: ReadonlySet<string> = new Set(BEFORE_RECIPIENT_STATUSES);

/** True while the invoice's recipient does not see it (see BEFORE_RECIPIENT_STATUSES). */
export function isBeforeRecipient(status: string): boolean {
  return BEFORE_RECIPIENT.has(status);
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
  /** Issued under a billing mandate: the mandatary follows and acts on the invoice's lifecycle as invoicing lets it. */
  issuance?: { issuerStructureId: string; mandateId: string } | null;
}

export interface SubmitLifecycle {
  invoiceId: string;
  /** The supplier's service as submitted: a draft may have moved since it was opened (it scopes access). */
  supplierServiceId: string | null;
  recipientStructureId: string;
  recipientServiceId: string | null;
  /** Validation circuit (A9, A12): the invoice goes to this structure first (A_VALIDER_1). */
  validatorStructureId: string | null;
  actor: EventActor;
}

/**
 * The statuses invoicing keeps on the invoice (its read model for search and export), as the lifecycle
 * decided them (architecture D25: the lifecycle decides, invoicing writes its own row).
 */
export interface LifecycleProjection {
  /** What the recipient sees (the true status). */
  status: string;
  /** What the supplier sees. */
  supplierStatus: string;
  statusChangedAt: Date;
  /** YYYY-MM-DD, or null while no payment clock was ever started (or after recycling). */
  paymentDeadline: string | null;
  /** The supplier acknowledged the invoice's rejection ("traiter le rejet"). */
  rejectionAcknowledged: boolean;
}

/**
 * What invoicing asks of the lifecycle, inside invoicing's transaction (`tx`): a draft's history opens
 * with BROUILLON, submission moves it to DEPOSEE, deleting a draft drops it. Nothing is flushed here:
 * `submit` returns the projection, which the caller writes on its invoice, and the caller's one flush
 * writes both (architecture D18, D25).
 */
export abstract class InvoiceLifecycle {
  abstract open(tx: Tx, input: OpenLifecycle): Promise<void>;
  abstract submit(tx: Tx, input: SubmitLifecycle): Promise<LifecycleProjection>;
  abstract discard(tx: Tx, invoiceId: string): Promise<void>;
  /** A draft moved to another supplier service (or to none): the service that scopes its lifecycle follows it. */
  abstract draftMoved(tx: Tx, invoiceId: string, supplierServiceId: string | null): Promise<void>;
  abstract view(invoiceId: string): Promise<LifecycleView | null>;
  /** The 2026 reform lifecycle code of a status as `view` gives it (null: none), for reads of the invoice read model. */
  abstract reformCodeOf(status: string): number | null;
  /** The overdue rule of `view`, now, for search and export. */
  abstract overdueCriteria(): OverdueCriteria;
}

/** A recycled invoice's corrected routing (only the fields given change). */
export interface CorrectedRouting {
  recipientStructureId?: string;
  recipientServiceCode?: string | null;
  engagementNumber?: string | null;
}

/**
 * Transitions the lifecycle starts itself (routing, the recipient's processing, the supplier's actions)
 * reach invoicing's read model through this listener, in the transition's transaction (`tx`): declared
 * here, implemented by invoicing, so the dependency goes one way (invoicing → lifecycle) and each status
 * column has one writer (architecture D25).
 */
export abstract class LifecycleListener {
  /** Writes the projection on the invoice (one update by id, or the entity this transaction loaded). */
  abstract statusChanged(tx: Tx, invoiceId: string, projection: LifecycleProjection): Promise<void>;
  /** Recycling: applies a corrected routing after checking the submission's routing rules (same number). */
  abstract rerouted(tx: Tx, invoiceId: string, routing: CorrectedRouting): Promise<{ recipientStructureId: string; recipientServiceId: string | null }>;
}
