import { defineErrors } from '../../../shared/domain/domain-error';

export const LifecycleErrors = defineErrors('LIFECYCLE', {
  INVOICE_NOT_FOUND: { status: 404, fr: 'Facture introuvable.', en: 'Invoice not found.' },
  ILLEGAL_TRANSITION: {
    status: 409,
    fr: 'Passage de {from} à {to} impossible. Statuts possibles : {allowed}.',
    en: 'Cannot move from {from} to {to}. Allowed statuses: {allowed}.',
  },
  REASON_REQUIRED: { status: 400, fr: 'Un motif est obligatoire pour ce statut.', en: 'A reason is required for this status.' },
  MANDATE_NUMBER_REQUIRED: { status: 400, fr: 'Le numéro de mandat est obligatoire.', en: 'The mandate number is required.' },
  CONCURRENT_UPDATE: {
    status: 409,
    fr: 'La facture a changé de statut entre-temps ; rechargez-la.',
    en: 'The invoice status changed meanwhile; reload it.',
  },
  NOT_REJECTED: { status: 409, fr: "La facture n'est pas rejetée.", en: 'The invoice is not rejected.' },
  ALREADY_ACKNOWLEDGED: { status: 409, fr: 'Le rejet a déjà été traité.', en: 'The rejection was already acknowledged.' },
  STATUS_UNKNOWN: { status: 400, fr: 'Statut inconnu : {status}.', en: 'Unknown status: {status}.' },
  NOTIFICATION_KIND_UNKNOWN: { status: 400, fr: 'Type de notification inconnu.', en: 'Unknown notification kind.' },
});
