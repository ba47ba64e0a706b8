import { defineErrors } from '../../../shared/domain/domain-error';

export const HabilitationsErrors = defineErrors('HABILITATIONS', {
  STRUCTURE_NOT_FOUND: {
    status: 404,
    fr: 'Aucune structure ne porte l’identifiant {identifier}.',
    en: 'No structure has identifier {identifier}.',
  },
  SERVICE_NOT_FOUND: { status: 404, fr: 'Service {code} introuvable dans cette structure.', en: 'Service {code} not found in this structure.' },
  ALREADY_MEMBER: {
    status: 409,
    fr: 'Cet utilisateur est déjà rattaché à la structure.',
    en: 'This user is already attached to the structure.',
  },
  REQUEST_ALREADY_PENDING: {
    status: 409,
    fr: 'Une demande est déjà en attente pour cette structure.',
    en: 'A request is already pending for this structure.',
  },
  REQUEST_NOT_FOUND: { status: 404, fr: 'Demande introuvable.', en: 'Request not found.' },
  REQUEST_ALREADY_DECIDED: {
    status: 409,
    fr: 'Cette demande a déjà été traitée ({status}).',
    en: 'This request was already decided ({status}).',
  },
  USER_NOT_FOUND: {
    status: 404,
    fr: 'Aucun compte actif ne correspond à cette adresse.',
    en: 'No active account has this address.',
  },
  MEMBER_NOT_FOUND: { status: 404, fr: 'Cet utilisateur n’est pas rattaché à la structure.', en: 'This user is not attached to the structure.' },
  PRINCIPAL_MANAGER_PROTECTED: {
    status: 409,
    fr: 'Le gestionnaire principal conserve toutes ses habilitations ; transférez d’abord le rôle.',
    en: 'The principal manager keeps every grant; transfer the role first.',
  },
  GRANTS_EXCEED_MANAGER: {
    status: 400,
    fr: 'Vous ne pouvez pas attribuer des habilitations que vous ne détenez pas : {applications}.',
    en: 'You cannot give grants you do not hold: {applications}.',
  },
  NOT_PRINCIPAL_MANAGER: {
    status: 403,
    fr: 'Seul le gestionnaire principal peut transférer son rôle.',
    en: 'Only the principal manager may transfer the role.',
  },
  MANDATE_NOT_FOUND: { status: 404, fr: 'Mandat de facturation introuvable.', en: 'Billing mandate not found.' },
  MANDATE_SAME_STRUCTURE: {
    status: 400,
    fr: 'Le mandant et le mandataire doivent être deux structures différentes.',
    en: 'The mandator and the mandatary must be two different structures.',
  },
  MANDATE_COUNTERPART_NOT_FOUND: {
    status: 404,
    fr: 'Aucune structure active ne porte l’identifiant {identifier}.',
    en: 'No active structure has identifier {identifier}.',
  },
  MANDATE_DATES_INVALID: {
    status: 400,
    fr: 'La date de fin du mandat ne peut précéder ni sa date de début ni la date du jour.',
    en: 'The mandate’s end date may precede neither its start date nor today.',
  },
  MANDATE_ALREADY_OPEN: {
    status: 409,
    fr: 'Un mandat de facturation est déjà en attente ou actif entre ces deux structures ({number}).',
    en: 'A billing mandate is already pending or active between these two structures ({number}).',
  },
  MANDATE_NOT_PENDING: {
    status: 409,
    fr: 'Ce mandat n’est plus en attente d’acceptation ({status}).',
    en: 'This mandate is no longer awaiting acceptance ({status}).',
  },
  MANDATE_ALREADY_REVOKED: { status: 409, fr: 'Ce mandat est déjà révoqué.', en: 'This mandate is already revoked.' },
  MANDATE_ACCEPTED_BY_OTHER_SIDE: {
    status: 403,
    fr: 'Le mandat s’accepte par la structure qui ne l’a pas souscrit.',
    en: 'A mandate is accepted by the structure that did not subscribe it.',
  },
  MANDATE_PRINCIPAL_ONLY: {
    status: 403,
    fr: 'Seul le gestionnaire principal de la structure peut souscrire, accepter ou révoquer un mandat de facturation.',
    en: 'Only the structure’s principal manager may subscribe, accept or revoke a billing mandate.',
  },
});
