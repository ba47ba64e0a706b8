import { defineErrors } from '../../../shared/domain/domain-error';

export const ConnectionsErrors = defineErrors('CONNECTIONS', {
  TECHNICAL_ACCOUNT_NOT_FOUND: { status: 404, fr: 'Compte technique introuvable.', en: 'Technical account not found.' },
  TECHNICAL_ACCOUNT_INACTIVE: { status: 409, fr: 'Ce compte technique est désactivé.', en: 'This technical account is deactivated.' },
  TECHNICAL_ACCOUNT_REFUSED: {
    status: 401,
    fr: 'Identifiant ou mot de passe du compte technique incorrect (en-tête cpro-account), ou compte inactif ou expiré.',
    en: 'login or password incorrects (cpro-account header), or the technical account is inactive or expired.',
  },
  CPRO_ACCOUNT_MISSING: {
    status: 401,
    fr: "L'en-tête cpro-account (base64 de « login:mot de passe ») est absent ou illisible.",
    en: 'The cpro-account header (base64 of "login:password") is missing or unreadable.',
  },
  API_GROUP_FORBIDDEN: {
    status: 403,
    fr: "L'application API n'est pas autorisée à appeler le groupe « {group} ».",
    en: 'The API application may not call the "{group}" API group.',
  },
  GRANTS_INVALID: {
    status: 400,
    fr: 'grants doit être une liste de {application, level} (codes des applications, CONSULTATION ou MODIFICATION).',
    en: 'grants must be a list of {application, level} (application codes, CONSULTATION or MODIFICATION).',
  },
  STRUCTURE_NOT_FOUND: { status: 404, fr: 'Structure introuvable.', en: 'Structure not found.' },
  LABEL_INVALID: { status: 400, fr: 'Le libellé doit faire au plus 60 caractères.', en: 'The label must be at most 60 characters.' },
  OAUTH_CLIENT_NOT_FOUND: { status: 404, fr: 'Application API introuvable.', en: 'API application not found.' },
  OAUTH_CLIENT_NAME_INVALID: { status: 400, fr: "Le nom de l'application est obligatoire (100 caractères au plus).", en: 'The application name is required (at most 100 characters).' },
  OAUTH_CLIENT_GROUPS_INVALID: {
    status: 400,
    fr: 'apiGroups doit être une liste non vide parmi : factures, structures, utilisateurs, transverses, engagementsJuridiques.',
    en: 'apiGroups must be a non-empty list among: factures, structures, utilisateurs, transverses, engagementsJuridiques.',
  },
  OAUTH_CLIENT_REVOKED: { status: 409, fr: 'Cette application API est révoquée.', en: 'This API application is revoked.' },
  TECHNICAL_ACCOUNT_SUSPENDED: {
    status: 403,
    fr: "Ce compte technique est suspendu : l'utilisateur qui l'a créé n'est plus membre actif de la structure. Un gestionnaire doit créer un nouveau compte.",
    en: 'This technical account is suspended: the user who created it is no longer an active member of the structure. A manager must create a new account.',
  },
  TECHNICAL_ACCOUNTS_MANAGERS_ONLY: {
    status: 403,
    fr: 'Seuls les gestionnaires de la structure (gestionnaire principal, ou rattachement à la structure entière avec Organisation et Raccordements en modification) gèrent ses comptes techniques.',
    en: "Only the structure's managers (its principal manager, or a structure-level member holding Organisation and Raccordements in modification) manage its technical accounts.",
  },
  GRANTS_EXCEED_CREATOR: {
    status: 400,
    fr: 'Un compte technique ne peut pas recevoir des habilitations que vous ne détenez pas : {applications}.',
    en: 'A technical account cannot be given grants you do not hold: {applications}.',
  },
  TECHNICAL_ACCOUNT_EXCEEDS_CALLER: {
    status: 403,
    fr: 'Ce compte technique détient des habilitations que vous ne détenez pas ({applications}) : seul un gestionnaire qui les détient peut en changer le mot de passe.',
    en: 'This technical account holds grants you do not hold ({applications}): only a manager who holds them may re-key it.',
  },
  API_ROUTE_PEOPLE_ONLY: {
    status: 403,
    fr: "Cette route est réservée aux personnes : le jeton d'une application API ne peut pas l'appeler.",
    en: "This route is for people only: an API application's token cannot call it.",
  },
});
