import { Actor } from '../../../shared/auth/actor';
import { LifecycleView } from './lifecycle';

/** One entry of an invoice's history (newest first), as the caller's side may see it. */
export interface HistoryEntry {
  seq: number;
  status: string;
  labelFr: string;
  reformCode: number | null;
  at: string;
  actorKind: string;
  actorId: string | null;
  comment: string | null;
  mandateNumber: string | null;
}

/** An invoice in a validator's list (« Factures à valider »). */
export interface InvoiceToValidate {
  invoiceId: string;
  publicId: number | null;
  number: string | null;
  invoiceDate: string | null;
  /** A_VALIDER_1, VALIDEE_1 (validated, whatever happened since) or REFUSEE_1. */
  status: string;
  statusChangedAt: string;
  supplierStructureId: string;
  recipientStructureId: string | null;
  validatorStructureId: string | null;
  amountDue: string | null;
}

/**
 * The lifecycle's actions for the API mode (piste): the same use cases as the portal's, same
 * authorization, same status machine.
 */
export abstract class InvoiceProcessing {
  abstract changeStatus(actor: Actor, invoiceId: string, input: { status: string; reason?: string; mandateNumber?: string }): Promise<LifecycleView>;
  abstract complete(actor: Actor, invoiceId: string, comment?: string): Promise<LifecycleView>;
  abstract recycle(
    actor: Actor,
    invoiceId: string,
    routing: { recipientStructureId?: string; recipientServiceCode?: string | null; engagementNumber?: string | null; comment?: string },
  ): Promise<LifecycleView>;
  abstract acknowledgeRejection(actor: Actor, invoiceId: string): Promise<LifecycleView>;
  /** The validator's decision (VALIDEE_1, or REFUSEE_1 with a reason), as POST invoices/:id/validation. */
  abstract decideValidation(actor: Actor, invoiceId: string, input: { status: string; reason?: string }): Promise<LifecycleView>;
  /** The invoices naming one of the actor's structures as validator, in these statuses (default A_VALIDER_1). */
  abstract toValidate(actor: Actor, statuses?: readonly string[]): Promise<InvoiceToValidate[]>;
  /** The statuses a validator finds invoices in (recuperer/statutsFactureVisibles/valideur). */
  abstract validatorStatuses(): string[];
  abstract history(actor: Actor, invoiceId: string): Promise<HistoryEntry[]>;
  /** Statuses the recipient may set from `status` (transverses/v1/recuperer/etats/traitement). */
  abstract recipientTargetsFrom(status: string): string[];
  /** Every status code with its French and English labels. */
  abstract statuses(): { code: string; labelFr: string; labelEn: string }[];
}
