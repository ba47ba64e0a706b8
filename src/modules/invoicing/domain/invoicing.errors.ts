import { defineErrors } from '../../../shared/domain/domain-error';

/** Errors of the invoicing context. Submission rules name the field they concern (DomainError.field). */
export const InvoicingErrors = defineErrors('INVOICING', {
  INVOICE_NOT_FOUND: { status: 404, fr: 'Facture introuvable.', en: 'Invoice not found.' },
  NOT_A_DRAFT: {
    status: 409,
    fr: 'Seul un brouillon peut être modifié, supprimé ou soumis (statut actuel : {status}).',
    en: 'Only a draft can be edited, deleted or submitted (current status: {status}).',
  },
  SUPPLIER_STRUCTURE_NOT_FOUND: { status: 404, fr: 'Structure fournisseur introuvable.', en: 'Supplier structure not found.' },
  SUPPLIER_SERVICE_NOT_FOUND: { status: 400, fr: 'Service fournisseur introuvable dans la structure.', en: 'Supplier service not found in the structure.' },
  INVOICE_DATE_INVALID: { status: 400, fr: "La date de facture {value} n'existe pas (AAAA-MM-JJ attendu).", en: 'The invoice date {value} does not exist (YYYY-MM-DD expected).' },
  INVOICE_DATE_OUT_OF_RANGE: {
    status: 400,
    fr: 'La date de facture doit être comprise entre le {min} et le {max}.',
    en: 'The invoice date must be between {min} and {max}.',
  },
  FIELD_REQUIRED: { status: 400, fr: 'Le champ {field} est obligatoire pour soumettre la facture.', en: 'The field {field} is required to submit the invoice.' },
  RECIPIENT_NOT_FOUND: { status: 400, fr: 'Le destinataire est introuvable.', en: 'The recipient does not exist.' },
  VALIDATOR_REQUIRED: {
    status: 400,
    fr: 'Le cadre de facturation {billingFramework} exige une structure valideuse.',
    en: 'The billing framework {billingFramework} requires a validating structure.',
  },
  VALIDATOR_NOT_EXPECTED: {
    status: 400,
    fr: "Le cadre de facturation {billingFramework} n'a pas de circuit de validation : pas de structure valideuse.",
    en: 'The billing framework {billingFramework} has no validation circuit: no validating structure.',
  },
  VALIDATOR_NOT_FOUND: { status: 400, fr: 'La structure valideuse est introuvable.', en: 'The validating structure does not exist.' },
  VALIDATOR_INACTIVE: { status: 400, fr: "La structure valideuse n'est pas active.", en: 'The validating structure is not active.' },
  VALIDATOR_IS_SUPPLIER: {
    status: 400,
    fr: 'La structure valideuse ne peut pas être le fournisseur ni le destinataire.',
    en: 'The validating structure cannot be the supplier or the recipient.',
  },
  RECIPIENT_NOT_PUBLIC: { status: 400, fr: "Le destinataire n'est pas une structure publique.", en: 'The recipient is not a public structure.' },
  RECIPIENT_INACTIVE: { status: 400, fr: "Le destinataire n'est pas actif.", en: 'The recipient is not active.' },
  SERVICE_NOT_FOUND: {
    status: 400,
    fr: "Le code service {serviceCode} n'existe pas chez ce destinataire.",
    en: 'The service code {serviceCode} does not exist in this recipient.',
  },
  SERVICE_INACTIVE: { status: 400, fr: "Le service {serviceCode} n'est pas actif.", en: 'The service {serviceCode} is not active.' },
  SERVICE_CODE_REQUIRED: { status: 400, fr: 'Ce destinataire exige un code service.', en: 'This recipient requires a service code.' },
  ENGAGEMENT_REQUIRED: { status: 400, fr: "Ce destinataire exige un numéro d'engagement.", en: 'This recipient requires an engagement number.' },
  SERVICE_CODE_OR_ENGAGEMENT_REQUIRED: {
    status: 400,
    fr: "Ce destinataire exige un code service ou un numéro d'engagement.",
    en: 'This recipient requires a service code or an engagement number.',
  },
  SERVICE_ENGAGEMENT_REQUIRED: {
    status: 400,
    fr: "Le service {serviceCode} exige un numéro d'engagement.",
    en: 'The service {serviceCode} requires an engagement number.',
  },
  BANK_ACCOUNT_NOT_OF_SUPPLIER: {
    status: 400,
    fr: 'Les coordonnées bancaires choisies (bankAccountId) ne sont pas celles de la structure fournisseur.',
    en: 'The chosen bank account (bankAccountId) is not one of the supplier structure’s.',
  },
  BANK_ACCOUNT_INACTIVE: {
    status: 400,
    fr: 'Les coordonnées bancaires choisies (bankAccountId) ne sont plus actives.',
    en: 'The chosen bank account (bankAccountId) is no longer active.',
  },
  TOTALS_INCONSISTENT: {
    status: 400,
    fr: 'Les montants de la facture sont incohérents ({rule}) : {detail}',
    en: 'The invoice amounts are inconsistent ({rule}): {detailEn}',
  },
  BILLING_FRAMEWORK_UNSUPPORTED: {
    status: 400,
    fr: "Le cadre de facturation {billingFramework} n'est pas pris en charge.",
    en: 'The billing framework {billingFramework} is not supported.',
  },
  MAIN_FILE_REQUIRED: {
    status: 400,
    fr: 'Une facture déposée en PDF doit avoir un fichier principal.',
    en: 'An invoice deposited as a PDF needs a main file.',
  },
  DUPLICATE_NUMBER: {
    status: 409,
    fr: 'Le numéro de facture {number} a déjà été utilisé par ce fournisseur en {year}.',
    en: 'Invoice number {number} was already used by this supplier in {year}.',
  },
  FILE_NOT_FOUND: { status: 404, fr: 'Fichier introuvable.', en: 'File not found.' },
  FILE_MISSING: { status: 400, fr: 'Aucun fichier reçu.', en: 'No file received.' },
  FILE_TOO_LARGE: { status: 413, fr: 'Le fichier dépasse {limit}.', en: 'The file exceeds {limit}.' },
  FILE_NOT_PDF: { status: 415, fr: "Le fichier principal n'est pas un PDF.", en: 'The main file is not a PDF.' },
  FILE_KIND_INVALID: { status: 400, fr: 'Le type de fichier doit être main ou additional.', en: 'The file kind must be main or additional.' },
  FILES_NOT_ALLOWED: {
    status: 409,
    fr: "Des fichiers ne peuvent être ajoutés qu'à un brouillon ou à une facture suspendue (statut : {status}).",
    en: 'Files can only be added to a draft or a suspended invoice (status: {status}).',
  },
  DOCUMENT_OF_DRAFT: {
    status: 409,
    fr: "Un brouillon n'a pas encore de document : soumettez d'abord la facture.",
    en: 'A draft has no document yet: submit the invoice first.',
  },
  DOCUMENT_NOT_FACTURX: {
    status: 409,
    fr: 'Le document déposé par le fournisseur est un PDF sans données structurées : téléchargez-le tel quel, ou demandez le format cii ou ubl.',
    en: 'The document its supplier deposited is a PDF without structured data: download it as it is, or ask for the cii or ubl format.',
  },
  STATUS_QUERY_TOO_LARGE: {
    status: 400,
    fr: 'Au plus {max} factures par demande de statuts (identifiants et numéros ensemble).',
    en: 'At most {max} invoices per status query (ids and numbers together).',
  },
  ROLE_INVALID: { status: 400, fr: 'Le rôle doit être supplier ou recipient.', en: 'The role must be supplier or recipient.' },
  FLOW_SYNTAX_UNKNOWN: {
    status: 400,
    fr: "La syntaxe de flux {syntax} n'est pas acceptée (valeurs : {allowed}).",
    en: 'The flow syntax {syntax} is not accepted (values: {allowed}).',
  },
  FLOW_FILE_NAME_INVALID: {
    status: 400,
    fr: 'Le nom du fichier du flux est obligatoire et fait au plus 50 caractères.',
    en: 'The flow file name is required and at most 50 characters long.',
  },
  FLOW_EMPTY: { status: 400, fr: 'Le fichier du flux est vide.', en: 'The flow file is empty.' },
  FLOW_TOO_LARGE: { status: 413, fr: 'Le flux dépasse {limit}.', en: 'The flow exceeds {limit}.' },
  FLOW_NOT_FOUND: { status: 404, fr: 'Flux {flowNumber} introuvable.', en: 'Flow {flowNumber} not found.' },
  IMPORT_ARCHIVE: {
    status: 400,
    fr: 'Une archive se dépose comme un flux (POST /api/v1/flows) : l’import pré-remplit un brouillon à partir d’un seul document.',
    en: 'An archive is deposited as a flow (POST /api/v1/flows): an import pre-fills one draft from one document.',
  },
  IMPORT_UNREADABLE: {
    status: 422,
    fr: 'Le document ne peut pas être lu comme une facture UBL, CII ou Factur-X : {detail}',
    en: 'The document cannot be read as a UBL, CII or Factur-X invoice: {detailEn}',
  },
  IMPORT_SUPPLIER_MISMATCH: {
    status: 400,
    fr: 'Le fournisseur du document ({siret}) n’est pas la structure du brouillon ({expected}).',
    en: 'The document’s supplier ({siret}) is not the draft’s structure ({expected}).',
  },
  FLOW_SUPPLIER_MISMATCH: {
    status: 400,
    fr: 'Le fournisseur de la facture ({siret}) n’est pas la structure qui dépose le flux ({expected}).',
    en: 'The invoice supplier ({siret}) is not the structure depositing the flow ({expected}).',
  },
});
