import { defineErrors } from '../../../shared/domain/domain-error';

/** Errors of the support context (tickets, categories, contact form). */
export const SupportErrors = defineErrors('SUPPORT', {
  TICKET_NOT_FOUND: { status: 404, fr: 'Sollicitation introuvable.', en: 'Ticket not found.' },
  /** The category named in the path of an administration route does not exist. */
  CATEGORY_NOT_FOUND: { status: 404, fr: 'Catégorie {code} introuvable.', en: 'Category {code} not found.' },
  SUB_CATEGORY_NOT_FOUND: { status: 400, fr: 'Sous-catégorie {code} inconnue ou inactive.', en: 'Sub-category {code} is unknown or inactive.' },
  CATEGORY_EXISTS: { status: 409, fr: 'Le code {code} existe déjà.', en: 'The code {code} already exists.' },
  OBJECT_REQUIRED: {
    status: 400,
    fr: 'Cette sous-catégorie exige un objet ({objectType} et son numéro).',
    en: 'This sub-category requires an object ({objectType} and its number).',
  },
  OBJECT_TYPE_INVALID: {
    status: 400,
    fr: "Cette sous-catégorie attend un objet de type {objectType}.",
    en: 'This sub-category expects an object of type {objectType}.',
  },
  INVOICE_NOT_VISIBLE: {
    status: 400,
    fr: 'La facture {number} est introuvable parmi les factures de la structure émettrice.',
    en: 'Invoice {number} is not among the emitting structure’s invoices.',
  },
  /** A question for the recipient about an invoice still with its validator, or refused by it (validation circuits). */
  INVOICE_NOT_WITH_RECIPIENT: {
    status: 400,
    fr: "La facture {number} n'est pas parvenue à son destinataire (circuit de validation) : posez la question à la structure valideuse.",
    en: 'Invoice {number} has not reached its recipient (validation circuit): ask the validating structure.',
  },
  RECEIVER_REQUIRED: {
    status: 400,
    fr: 'Indiquez la structure publique destinataire de la question.',
    en: 'Give the public structure the question is for.',
  },
  RECEIVER_INVALID: {
    status: 400,
    fr: "La structure destinataire est introuvable, inactive ou n'est pas publique.",
    en: 'The receiving structure does not exist, is inactive or is not public.',
  },
  EMITTER_SERVICE_NOT_FOUND: { status: 400, fr: 'Service émetteur introuvable dans la structure.', en: 'Emitting service not found in the structure.' },
  CONTACT_EMAIL_REQUIRED: { status: 400, fr: "Indiquez l'adresse e-mail de contact.", en: 'Give a contact e-mail address.' },
  /** The contact address must be the structure's e-mail or the address of one of its active members. */
  CONTACT_EMAIL_NOT_ALLOWED: {
    status: 400,
    fr: "L'adresse de contact doit être celle de la structure émettrice ou d'un de ses membres actifs.",
    en: 'The contact address must be the emitting structure’s or one of its active members’.',
  },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    fr: 'Passage de {from} à {to} impossible ; autorisés : {allowed}.',
    en: 'Cannot move from {from} to {to}; allowed: {allowed}.',
  },
  MESSAGE_REQUIRED: { status: 400, fr: 'Un message est obligatoire pour ce changement de statut.', en: 'A message is required for this status change.' },
  TICKET_CLOSED: { status: 409, fr: 'La sollicitation est fermée.', en: 'The ticket is closed.' },
  BUSINESS_CATEGORY_NOT_ALLOWED: {
    status: 400,
    fr: 'Le formulaire de contact ne traite que les questions adressées au support de la plateforme.',
    en: 'The contact form only handles questions for platform support.',
  },
  FILE_REQUIRED: { status: 400, fr: 'Joignez un fichier.', en: 'Attach a file.' },
  FILE_TOO_LARGE: { status: 413, fr: 'Le fichier dépasse {limit}.', en: 'The file exceeds {limit}.' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, fr: 'Type de fichier non accepté (autorisés : {allowed}).', en: 'File type not accepted (allowed: {allowed}).' },
  FILE_NOT_FOUND: { status: 404, fr: 'Fichier introuvable.', en: 'File not found.' },
});
