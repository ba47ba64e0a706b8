import { InvoiceStatus } from './invoice-status';

/**
 * Lifecycle of an ordinary invoice (DOMAIN.md, Lifecycle): every legal transition, who may perform it
 * and what it requires. One table; the API's "possible statuses" list (recuperer/etats/traitement),
 * the recipient's "traiter", the supplier's completer/recycler and the routing worker all read it.
 *
 * Sides:
 * - SYSTEM: the routing worker (DEPOSEE -> EN_COURS_ACHEMINEMENT -> MISE_A_DISPOSITION).
 * - SUPPLIER: submits drafts, deletes drafts, completes a suspended invoice, recycles.
 * - RECIPIENT: processes a delivered invoice.
 * - VALIDATOR: validation circuits (A9 subcontractor, A12 co-contractor): the validating structure named
 *   by the invoice validates or refuses (with a reason) what the routing worker sent it (A_VALIDER_1);
 *   only a validated invoice (VALIDEE_1) is routed to the recipient. REFUSEE_1 is final: the supplier
 *   deposits a corrected invoice.
 *
 * Recipient rules, from the platform's guides:
 * - SERVICE_FAIT, MANDATEE, MISE_A_DISPOSITION_COMPTABLE and COMPTABILISEE are optional steps: from a
 *   processable state the recipient may jump to any later step, MISE_EN_PAIEMENT included, but never
 *   go back (the platform warns that "mandatée" after "mise en paiement" is an inconsistency).
 * - COMPLETEE is processed exactly like MISE_A_DISPOSITION: after completion the invoice is back in
 *   the recipient's work list, with no system step in between.
 * - A_RECYCLER (wrong routing) only makes sense before the recipient has acted on the invoice:
 *   from MISE_A_DISPOSITION or COMPLETEE.
 * - SUSPENDUE (missing documents) is possible until the payment order: from MISE_A_DISPOSITION,
 *   COMPLETEE and SERVICE_FAIT. Once mandated, the payment request is deemed complete.
 * - REJETEE stays possible until payment: a public accountant rejecting a mandate for a reason in the
 *   invoice leads the recipient to reject the invoice.
 * - REJETEE and MISE_EN_PAIEMENT are final. A suspended or to-be-recycled invoice waits for the supplier.
 *
 * Supplier acknowledgement of a rejection is not a transition (status stays REJETEE, the invoice keeps
 * its flag `rejectionAcknowledged`): see checkRejectionAcknowledgement.
 */

export const ACTOR_SIDES = ['SYSTEM', 'SUPPLIER', 'RECIPIENT', 'VALIDATOR'] as const;
export type ActorSide = (typeof ACTOR_SIDES)[number];

export const TRANSITION_ACTIONS = [
  'SUBMIT',
  'DELETE_DRAFT',
  'ROUTE',
  'MAKE_AVAILABLE',
  'SUSPEND',
  'REQUEST_RECYCLING',
  'REJECT',
  'CERTIFY_SERVICE',
  'MANDATE',
  'TRANSMIT_TO_ACCOUNTANT',
  'RECORD_IN_ACCOUNTS',
  'INITIATE_PAYMENT',
  'COMPLETE',
  'RECYCLE',
  'SEND_FOR_VALIDATION',
  'VALIDATE',
  'REFUSE',
] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

/** REQUIRED for MANDATEE; OPTIONAL on later steps (the recipient may have skipped MANDATEE). */
export type MandateNumberRule = 'REQUIRED' | 'OPTIONAL' | 'NONE';

export interface TransitionRule {
  readonly from: InvoiceStatus;
  readonly to: InvoiceStatus;
  readonly side: ActorSide;
  readonly action: TransitionAction;
  readonly reasonRequired: boolean;
  readonly mandateNumber: MandateNumberRule;
}

interface TargetSpec {
  readonly to: InvoiceStatus;
  readonly action: TransitionAction;
  readonly reasonRequired: boolean;
  readonly mandateNumber: MandateNumberRule;
}

const target = (
  to: InvoiceStatus,
  action: TransitionAction,
  options: { reasonRequired?: boolean; mandateNumber?: MandateNumberRule } = {},
): TargetSpec => ({ to, action, reasonRequired: options.reasonRequired ?? false, mandateNumber: options.mandateNumber ?? 'NONE' });

// What a recipient may set, described once; each source state below picks its subset.
const SUSPEND = target('SUSPENDUE', 'SUSPEND', { reasonRequired: true });
const TO_RECYCLE = target('A_RECYCLER', 'REQUEST_RECYCLING', { reasonRequired: true });
const REJECT = target('REJETEE', 'REJECT', { reasonRequired: true });
const SERVICE_DONE = target('SERVICE_FAIT', 'CERTIFY_SERVICE');
const MANDATE = target('MANDATEE', 'MANDATE', { mandateNumber: 'REQUIRED' });
const TO_ACCOUNTANT = target('MISE_A_DISPOSITION_COMPTABLE', 'TRANSMIT_TO_ACCOUNTANT', { mandateNumber: 'OPTIONAL' });
const RECORDED = target('COMPTABILISEE', 'RECORD_IN_ACCOUNTS', { mandateNumber: 'OPTIONAL' });
const PAYMENT = target('MISE_EN_PAIEMENT', 'INITIATE_PAYMENT', { mandateNumber: 'OPTIONAL' });

const TARGETS_BY_SIDE: { readonly [Side in ActorSide]: Partial<Record<InvoiceStatus, readonly TargetSpec[]>> } = {
  SYSTEM: {
    DEPOSEE: [target('EN_COURS_ACHEMINEMENT', 'ROUTE'), target('A_VALIDER_1', 'SEND_FOR_VALIDATION')],
    VALIDEE_1: [target('EN_COURS_ACHEMINEMENT', 'ROUTE')],
    EN_COURS_ACHEMINEMENT: [target('MISE_A_DISPOSITION', 'MAKE_AVAILABLE')],
  },
  SUPPLIER: {
    BROUILLON: [target('DEPOSEE', 'SUBMIT'), target('SUPPRIMEE', 'DELETE_DRAFT')],
    SUSPENDUE: [target('COMPLETEE', 'COMPLETE')],
    // Re-routed with corrected recipient/service/engagement, same invoice number.
    A_RECYCLER: [target('DEPOSEE', 'RECYCLE')],
  },
  RECIPIENT: {
    MISE_A_DISPOSITION: [SUSPEND, TO_RECYCLE, REJECT, SERVICE_DONE, MANDATE, TO_ACCOUNTANT, RECORDED, PAYMENT],
    COMPLETEE: [SUSPEND, TO_RECYCLE, REJECT, SERVICE_DONE, MANDATE, TO_ACCOUNTANT, RECORDED, PAYMENT],
    SERVICE_FAIT: [SUSPEND, REJECT, MANDATE, TO_ACCOUNTANT, RECORDED, PAYMENT],
    MANDATEE: [REJECT, TO_ACCOUNTANT, RECORDED, PAYMENT],
    MISE_A_DISPOSITION_COMPTABLE: [REJECT, RECORDED, PAYMENT],
    COMPTABILISEE: [REJECT, PAYMENT],
  },
  VALIDATOR: {
    A_VALIDER_1: [target('VALIDEE_1', 'VALIDATE'), target('REFUSEE_1', 'REFUSE', { reasonRequired: true })],
  },
};

/** Every legal transition, flattened. */
export const TRANSITIONS: readonly TransitionRule[] = Object.freeze(
  (Object.keys(TARGETS_BY_SIDE) as ActorSide[]).flatMap((side) =>
    (Object.entries(TARGETS_BY_SIDE[side]) as [InvoiceStatus, readonly TargetSpec[]][]).flatMap(([from, targets]) =>
      targets.map((spec): TransitionRule => Object.freeze({ from, side, ...spec })),
    ),
  ),
);

export function findTransition(from: InvoiceStatus, to: InvoiceStatus, side: ActorSide): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to && rule.side === side);
}

/** Statuses `side` may move an invoice to from `from`, in table order (the API lists them as is). */
export function allowedTransitions(from: InvoiceStatus, side: ActorSide): InvoiceStatus[] {
  return (TARGETS_BY_SIDE[side][from] ?? []).map((spec) => spec.to);
}

export interface TransitionInput {
  readonly reason?: string | null;
  readonly mandateNumber?: string | null;
}

export type TransitionCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'ILLEGAL_TRANSITION'; readonly allowed: InvoiceStatus[] }
  | { readonly ok: false; readonly code: 'REASON_REQUIRED' | 'MANDATE_NUMBER_REQUIRED'; readonly field: string };

const isBlank = (value: string | null | undefined): boolean => value === undefined || value === null || value.trim() === '';

/**
 * Whether `side` may move an invoice from `from` to `to` with this input. A reason or mandate number
 * given where none is needed is not an error (the reason becomes the history comment).
 */
export function checkTransition(
  from: InvoiceStatus,
  to: InvoiceStatus,
  side: ActorSide,
  input: TransitionInput = {},
): TransitionCheck {
  const rule = findTransition(from, to, side);
  if (!rule) return { ok: false, code: 'ILLEGAL_TRANSITION', allowed: allowedTransitions(from, side) };
  if (rule.reasonRequired && isBlank(input.reason)) return { ok: false, code: 'REASON_REQUIRED', field: 'reason' };
  if (rule.mandateNumber === 'REQUIRED' && isBlank(input.mandateNumber)) {
    return { ok: false, code: 'MANDATE_NUMBER_REQUIRED', field: 'mandateNumber' };
  }
  return { ok: true };
}

/** Whether a mandate number sent with this transition is to be stored (REQUIRED or OPTIONAL). */
export function acceptsMandateNumber(from: InvoiceStatus, to: InvoiceStatus, side: ActorSide): boolean {
  const rule = findTransition(from, to, side);
  return rule !== undefined && rule.mandateNumber !== 'NONE';
}

/**
 * Final statuses: nothing can happen to the invoice any more. REJETEE stays final after the
 * supplier's acknowledgement (a corrected invoice is a new invoice). SUPPRIMEE and ABANDONNEE end
 * drafts and validator-refused invoices.
 */
export const FINAL_STATUSES = ['REJETEE', 'MISE_EN_PAIEMENT', 'SUPPRIMEE', 'ABANDONNEE', 'REFUSEE_1'] as const satisfies readonly InvoiceStatus[];
const FINAL_SET: ReadonlySet<InvoiceStatus> = new Set(FINAL_STATUSES);

export const isFinal = (status: InvoiceStatus): boolean => FINAL_SET.has(status);

// ---------------------------------------------------------------------------------------------
// Supplier side: rejection acknowledgement, work list, visibility
// ---------------------------------------------------------------------------------------------

export type AcknowledgementCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'NOT_REJECTED' | 'ALREADY_ACKNOWLEDGED' };

/** "Traiter le rejet": only on a rejected invoice, once. It sets the flag; the status does not change. */
export function checkRejectionAcknowledgement(status: InvoiceStatus, rejectionAcknowledged: boolean): AcknowledgementCheck {
  if (status !== 'REJETEE') return { ok: false, code: 'NOT_REJECTED' };
  if (rejectionAcknowledged) return { ok: false, code: 'ALREADY_ACKNOWLEDGED' };
  return { ok: true };
}

/**
 * Statuses of the supplier's "Synthèse" work list; REJETEE only while not acknowledged. REFUSEE_1: refused by
 * the validator of its circuit, to deposit again corrected (A_VALIDER_1 waits for the validator, not for them).
 */
export const SUPPLIER_WORKLIST_STATUSES = ['BROUILLON', 'A_RECYCLER', 'SUSPENDUE', 'REJETEE', 'REFUSEE_1'] as const satisfies readonly InvoiceStatus[];

export function needsSupplierAction(status: InvoiceStatus, rejectionAcknowledged = false): boolean {
  switch (status) {
    case 'BROUILLON':
    case 'A_RECYCLER':
    case 'SUSPENDUE':
    case 'REFUSEE_1':
      return true;
    case 'REJETEE':
      return !rejectionAcknowledged;
    default:
      return false;
  }
}

/**
 * When the recipient structure reports no "mise en paiement" to its suppliers
 * (statutMiseEnPaiementNestPasRemonte), the supplier never sees MISE_EN_PAIEMENT: neither as current
 * status nor in the history. Our decision: the supplier keeps seeing the last status before it
 * (COMPTABILISEE, SERVICE_FAIT, MISE_A_DISPOSITION...), as if the recipient had stopped there; the
 * directory already tells suppliers that this recipient does not report payment. The recipient
 * always sees everything.
 */
export const isHiddenFromSupplier = (status: InvoiceStatus, paymentStatusNotReported: boolean): boolean =>
  paymentStatusNotReported && status === 'MISE_EN_PAIEMENT';

/**
 * The status the supplier sees, from the invoice's status history in chronological order (oldest
 * first, current last). Throws on an empty history: every invoice has at least its creation status.
 */
export function visibleStatusForSupplier(history: readonly InvoiceStatus[], paymentStatusNotReported: boolean): InvoiceStatus {
  for (let index = history.length - 1; index >= 0; index--) {
    const status = history[index];
    if (!isHiddenFromSupplier(status, paymentStatusNotReported)) return status;
  }
  throw new RangeError('an invoice history has at least one visible status');
}

/** The history entries the supplier may see (same order as given). */
export function visibleHistoryForSupplier<T extends { readonly status: InvoiceStatus }>(
  entries: readonly T[],
  paymentStatusNotReported: boolean,
): T[] {
  return entries.filter((entry) => !isHiddenFromSupplier(entry.status, paymentStatusNotReported));
}
