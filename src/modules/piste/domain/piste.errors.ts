import { defineErrors } from '../../../shared/domain/domain-error';

/** Errors of the API mode's own reading of requests (the other contexts' codes are reused as they are). */
export const PisteErrors = defineErrors('PISTE', {
  BODY_INVALID: { status: 400, fr: 'Le corps de la requête doit être un objet JSON.', en: 'The request body must be a JSON object.' },
  FIELD_REQUIRED: { status: 400, fr: 'Le champ {field} est obligatoire.', en: 'The field {field} is required.' },
  FIELD_INVALID: { status: 400, fr: 'Le champ {field} est invalide : {reason}.', en: 'The field {field} is invalid: {reason}.' },
  TECHNICAL_ACCOUNT_REQUIRED: {
    status: 401,
    fr: 'Cette opération demande un jeton client (Bearer) et l’en-tête cpro-account d’un compte technique.',
    en: 'This operation needs a client token (Bearer) and the cpro-account header of a technical account.',
  },
  STRUCTURE_NOT_FOUND: { status: 400, fr: 'Aucune structure ne porte l’identifiant {field} = {value}.', en: 'No structure has {field} = {value}.' },
  SERVICE_NOT_FOUND: { status: 400, fr: 'Aucun service {value} dans cette structure ({field}).', en: 'No service {value} in this structure ({field}).' },
  INVOICE_NOT_FOUND: { status: 400, fr: 'Facture {value} introuvable ({field}).', en: 'Invoice {value} not found ({field}).' },
  FLOW_NOT_FOUND: { status: 400, fr: 'Flux {value} introuvable (numeroFluxDepot).', en: 'Flow {value} not found (numeroFluxDepot).' },
  ATTACHMENT_NOT_FOUND: {
    status: 400,
    fr: 'Pièce jointe {value} introuvable ({field}) : déposez-la d’abord avec deposer/pdf ou ajouter/fichier.',
    en: 'Attachment {value} not found ({field}): deposit it first with deposer/pdf or ajouter/fichier.',
  },
  SUPPLIER_NOT_ACCOUNT_STRUCTURE: {
    status: 400,
    fr: 'fournisseur.idFournisseur ({value}) n’est pas la structure du compte technique.',
    en: 'fournisseur.idFournisseur ({value}) is not the technical account’s structure.',
  },
  STRUCTURE_NOT_ACCESSIBLE: {
    status: 400,
    fr: 'Le compte technique n’a pas accès à la structure {field} = {value}.',
    en: 'The technical account has no access to the structure {field} = {value}.',
  },
  BANK_ACCOUNT_NOT_FOUND: {
    status: 400,
    fr: '{field} ({value}) n’est pas une coordonnée bancaire valide du fournisseur : voir transverses/v1/recuperer/coordbanc/valides.',
    en: '{field} ({value}) is not a valid bank account of the supplier: see transverses/v1/recuperer/coordbanc/valides.',
  },
  DOWNLOAD_TOO_MANY_INVOICES: {
    status: 400,
    fr: 'Le champ listeFacture demande {count} factures distinctes ; au plus {max} par téléchargement.',
    en: 'The field listeFacture asks for {count} distinct invoices; at most {max} per download.',
  },
  DOWNLOAD_TOO_LARGE: {
    status: 400,
    fr: 'Les fichiers des factures de listeFacture pèsent {size} ; au plus {max} par téléchargement : répartissez-les en plusieurs demandes.',
    en: 'The files of the invoices in listeFacture weigh {size}; at most {max} per download: split them over several requests.',
  },
  /** No longer raised: every invoice has at least its structured rendition (issue 16). Kept, published codes stay. */
  NOTHING_TO_DOWNLOAD: { status: 400, fr: 'Aucune des factures demandées n’a de fichier à télécharger.', en: 'None of the requested invoices has a file to download.' },
});
