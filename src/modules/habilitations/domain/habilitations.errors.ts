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
  NOT_PRINCIPAL_MANAGER: {
    status: 403,
    fr: 'Seul le gestionnaire principal peut transférer son rôle.',
    en: 'Only the principal manager may transfer the role.',
  },
});
