import { defineErrors } from '../../../shared/domain/domain-error';

export const AccountsErrors = defineErrors('ACCOUNTS', {
  EMAIL_CONFIRMATION_MISMATCH: {
    status: 400,
    fr: 'Les deux adresses e-mail saisies ne sont pas identiques.',
    en: 'The two e-mail addresses do not match.',
  },
  TERMS_NOT_ACCEPTED: {
    status: 400,
    fr: 'Vous devez accepter les conditions générales d’utilisation.',
    en: 'You must accept the terms of use.',
  },
  LINK_INVALID: {
    status: 410,
    fr: 'Ce lien n’est plus valide. Demandez-en un nouveau.',
    en: 'This link is no longer valid. Ask for a new one.',
  },
  PASSWORD_MISMATCH: {
    status: 400,
    fr: 'Le mot de passe et sa confirmation ne sont pas identiques.',
    en: 'The password and its confirmation do not match.',
  },
  PASSWORD_TOO_SHORT: {
    status: 400,
    fr: 'Le mot de passe doit contenir au moins {min} caractères.',
    en: 'The password must be at least {min} characters long.',
  },
  PASSWORD_TOO_LONG: {
    status: 400,
    fr: 'Le mot de passe ne doit pas dépasser {max} caractères.',
    en: 'The password must not exceed {max} characters.',
  },
  PASSWORD_NOT_ENOUGH_CLASSES: {
    status: 400,
    fr: 'Le mot de passe doit contenir au moins 3 des 4 types de caractères : majuscules, minuscules, chiffres, caractères spéciaux (il manque : {missing}).',
    en: 'The password must contain at least 3 of the 4 character types: upper case, lower case, digits, special characters (missing: {missingEn}).',
  },
  PASSWORD_TOO_COMMON: {
    status: 400,
    fr: 'Ce mot de passe est trop courant ou trop proche de vos informations personnelles.',
    en: 'This password is too common or too close to your personal information.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    fr: 'Adresse e-mail ou mot de passe incorrect.',
    en: 'Wrong e-mail address or password.',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    fr: 'Trop de tentatives échouées : connexion bloquée jusqu’au {unlockAt}.',
    en: 'Too many failed attempts: sign-in is locked until {unlockAt}.',
  },
  ACCOUNT_NOT_ACTIVE: {
    status: 403,
    fr: 'Ce compte n’est pas actif (en attente d’activation ou désactivé).',
    en: 'This account is not active (awaiting activation or deactivated).',
  },
  MFA_CHALLENGE_INVALID: {
    status: 401,
    fr: 'La vérification a expiré ou n’existe pas ; reconnectez-vous.',
    en: 'The verification expired or does not exist; sign in again.',
  },
  MFA_CODE_INVALID: {
    status: 401,
    fr: 'Code de vérification incorrect.',
    en: 'Wrong verification code.',
  },
  REFRESH_TOKEN_INVALID: {
    status: 401,
    fr: 'Session expirée ou révoquée ; reconnectez-vous.',
    en: 'Session expired or revoked; sign in again.',
  },
  SECRET_ANSWER_INVALID: {
    status: 400,
    fr: 'La réponse à la question secrète est incorrecte.',
    en: 'The answer to the secret question is wrong.',
  },
  TOTP_NOT_ENROLLING: {
    status: 409,
    fr: 'Aucune inscription d’application d’authentification n’est en cours.',
    en: 'No authenticator app enrolment is in progress.',
  },
  USER_NOT_FOUND: { status: 404, fr: 'Utilisateur introuvable.', en: 'User not found.' },
  USER_STATUS_CONFLICT: {
    status: 409,
    fr: 'Action impossible : le compte est {status}.',
    en: 'Not possible: the account is {status}.',
  },
  REAUTHENTICATION_REQUIRED: {
    status: 400,
    fr: 'Confirmez avec votre mot de passe actuel (currentPassword) ou un code de votre application d’authentification actuelle (currentCode).',
    en: 'Confirm with your current password (currentPassword) or a code of your current authenticator app (currentCode).',
  },
  AUTHENTICATOR_CODE_INVALID: {
    status: 400,
    fr: 'Ce code ne vient pas de votre application d’authentification actuelle (ou a déjà servi).',
    en: 'This code is not from your current authenticator app (or was already used).',
  },
  CURRENT_PASSWORD_INVALID: {
    status: 400,
    fr: 'Le mot de passe actuel est incorrect.',
    en: 'The current password is wrong.',
  },
  CONTACT_EMAIL_NOT_PENDING: {
    status: 409,
    fr: 'Aucune nouvelle adresse de contact n’attend de confirmation.',
    en: 'No new contact address is awaiting confirmation.',
  },
});
