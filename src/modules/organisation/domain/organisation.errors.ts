import { defineErrors } from '../../../shared/domain/domain-error';

export const OrganisationErrors = defineErrors('ORGANISATION', {
  STRUCTURE_ALREADY_EXISTS: {
    status: 409,
    fr: 'Cette structure est déjà présente dans Liasse. Demandez votre rattachement à la structure (POST /api/v1/membership-requests).',
    en: 'This structure is already registered in Liasse. Ask to be attached to it instead (POST /api/v1/membership-requests).',
  },
  IDENTIFIER_INVALID: {
    status: 400,
    fr: 'Identifiant de structure invalide : {reason}',
    en: 'Invalid structure identifier: {reason}',
  },
  PUBLIC_STRUCTURE_ADMIN_ONLY: {
    status: 403,
    fr: 'Seul le support peut créer une structure publique.',
    en: 'Only support may create a public structure.',
  },
  COMPANY_NAME_REQUIRED: {
    status: 400,
    fr: 'La raison sociale est obligatoire (elle n’a pas pu être préremplie).',
    en: 'The company name is required (it could not be prefilled).',
  },
  STRUCTURE_NOT_FOUND: { status: 404, fr: 'Structure introuvable.', en: 'Structure not found.' },
  STRUCTURE_STATUS_CONFLICT: {
    status: 409,
    fr: 'La structure est déjà {status}.',
    en: 'The structure is already {status}.',
  },
  SERVICE_NOT_FOUND: { status: 404, fr: 'Service introuvable.', en: 'Service not found.' },
  SERVICE_CODE_ALREADY_USED: {
    status: 409,
    fr: 'Le code de service {code} existe déjà dans cette structure.',
    en: 'Service code {code} already exists in this structure.',
  },
  SERVICE_DATES_INVALID: {
    status: 400,
    fr: 'La date de fin d’activation doit suivre la date de début.',
    en: 'The activation end date must follow the start date.',
  },
  BANK_DETAILS_INVALID: {
    status: 400,
    fr: 'Coordonnées bancaires invalides : {reason}',
    en: 'Invalid bank details: {reason}',
  },
  FILE_REQUIRED: { status: 400, fr: 'Un fichier justificatif est obligatoire.', en: 'A supporting file is required.' },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    fr: 'Type de fichier non accepté (attendu : {allowed}).',
    en: 'File type not accepted (expected: {allowed}).',
  },
  FILE_TOO_LARGE: {
    status: 413,
    fr: 'Le fichier dépasse la taille maximale ({limit}).',
    en: 'The file exceeds the maximum size ({limit}).',
  },
  DOCUMENT_NOT_FOUND: { status: 404, fr: 'Document introuvable.', en: 'Document not found.' },
});
