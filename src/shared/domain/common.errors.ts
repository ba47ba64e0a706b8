import { defineErrors } from './domain-error';

/** Errors that belong to no context: request shape, authentication, infrastructure. */
export const CommonErrors = defineErrors('COMMON', {
  VALIDATION_FAILED: {
    status: 400,
    fr: 'La requête contient des données invalides.',
    en: 'The request contains invalid data.',
  },
  MALFORMED_BODY: {
    status: 400,
    fr: "Le corps de la requête n'est pas un document valide ({reason}).",
    en: 'The request body is not a valid document ({reason}).',
  },
  MALFORMED_URL: {
    status: 400,
    fr: "L'adresse demandée est mal formée ou trop longue.",
    en: 'The requested URL is malformed or too long.',
  },
  UNAUTHENTICATED: {
    status: 401,
    fr: 'Authentification requise ou jeton invalide.',
    en: 'Authentication required or invalid token.',
  },
  FORBIDDEN: {
    status: 403,
    fr: "Vous n'avez pas les droits nécessaires pour cette action.",
    en: 'You do not have the rights required for this action.',
  },
  /** An identifier, number, code or file name holding an invisible bidirectional control (bidi-controls.ts). */
  BIDI_CONTROL_NOT_ALLOWED: {
    status: 400,
    fr: 'Le champ {field} contient un caractère de contrôle bidirectionnel ({character}), refusé dans les identifiants, numéros, codes et noms de fichier.',
    en: 'The field {field} contains a bidirectional control character ({character}), refused in identifiers, numbers, codes and file names.',
  },
  NOT_FOUND: { status: 404, fr: 'Ressource introuvable.', en: 'Resource not found.' },
  ROUTE_NOT_FOUND: { status: 404, fr: "Cette adresse n'existe pas.", en: 'No such route.' },
  CONFLICT: {
    status: 409,
    fr: 'La ressource a été modifiée entre-temps ; rechargez-la et recommencez.',
    en: 'The resource was changed meanwhile; reload it and try again.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    fr: 'Le fichier ou la requête dépasse la taille maximale ({limit}).',
    en: 'The file or request exceeds the maximum size ({limit}).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    fr: 'Type de contenu non pris en charge.',
    en: 'Unsupported content type.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    fr: 'Trop de requêtes ; réessayez dans {retryAfter} secondes.',
    en: 'Too many requests; retry in {retryAfter} seconds.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    fr: 'Service momentanément indisponible ; réessayez plus tard.',
    en: 'Service temporarily unavailable; try again later.',
  },
  /** Load shedding: the process is behind (event loop delay over MAX_EVENT_LOOP_DELAY_MS); answered before any work. */
  OVERLOADED: {
    status: 503,
    fr: 'Service surchargé ; réessayez dans {retryAfter} secondes.',
    en: 'Service overloaded; retry in {retryAfter} seconds.',
  },
  CAPTCHA_INVALID: {
    status: 400,
    fr: 'Le code de sécurité (captcha) est incorrect ou a expiré.',
    en: 'The security code (captcha) is wrong or has expired.',
  },
  /** Idempotency-Key (shared/idempotency): not 1–255 characters of A–Z a–z 0–9 - _ . : ~ + / =. */
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    fr: "L'en-tête Idempotency-Key doit compter de 1 à 255 caractères parmi A-Z a-z 0-9 - _ . : ~ + / =.",
    en: 'The Idempotency-Key header must be 1 to 255 characters among A-Z a-z 0-9 - _ . : ~ + / =.',
  },
  /** The key was used for another request (other body, route or parameters) within its lifetime. */
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    fr: "La clé Idempotency-Key {key} a déjà servi pour une autre requête ; utilisez une nouvelle clé.",
    en: 'The Idempotency-Key {key} was already used for another request; use a new key.',
  },
  /** The first request with this key has not finished: retry once it has answered. */
  IDEMPOTENCY_KEY_IN_PROGRESS: {
    status: 409,
    fr: 'Une requête avec la clé Idempotency-Key {key} est encore en cours ; réessayez dans quelques secondes.',
    en: 'A request with the Idempotency-Key {key} is still in progress; retry in a few seconds.',
  },
});

export const InternalErrors = defineErrors('COMMON', {
  INTERNAL_ERROR: {
    status: 500,
    fr: 'Erreur interne ; elle a été enregistrée (référence {requestId}).',
    en: 'Internal error; it has been logged (reference {requestId}).',
  },
});
