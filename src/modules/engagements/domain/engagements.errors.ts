import { defineErrors } from '../../../shared/domain/domain-error';
import { EngagementChargeErrors, EngagementReadErrors } from '../contracts/engagements';

/** Errors of the engagements context (legal commitments and what invoices consume of them). */
export const EngagementsErrors = {
  ...EngagementChargeErrors,
  ...EngagementReadErrors,
  ...defineErrors('ENGAGEMENTS', {
    FIELD_REQUIRED: { status: 400, fr: 'Le champ {field} est obligatoire.', en: 'The field {field} is required.' },
    FIELD_INVALID: { status: 400, fr: 'Valeur invalide pour {field} : {detail}', en: 'Invalid value for {field}: {detail}' },
    ISSUER_NOT_PUBLIC: {
      status: 400,
      fr: 'Seule une structure publique enregistre des engagements.',
      en: 'Only a public structure records engagements.',
    },
    NUMBER_TAKEN: { status: 409, fr: "La structure a déjà un engagement numéro {number}.", en: 'The structure already has engagement {number}.' },
    SUPPLIER_REQUIRED: {
      status: 400,
      fr: 'Indiquez le fournisseur : sa structure ou son SIRET.',
      en: 'Give the supplier: its structure or its SIRET.',
    },
    SUPPLIER_NOT_FOUND: { status: 400, fr: 'Structure fournisseur introuvable.', en: 'Supplier structure not found.' },
    SUPPLIER_MISMATCH: {
      status: 400,
      fr: "Le SIRET {identifier} n'est pas celui de la structure fournisseur indiquée.",
      en: 'SIRET {identifier} is not the identifier of the supplier structure given.',
    },
    SERVICE_NOT_FOUND: { status: 400, fr: 'Service {serviceCode} introuvable dans la structure.', en: 'Service {serviceCode} not found in the structure.' },
    AMOUNT_INVALID: { status: 400, fr: 'Montant invalide : {detail}', en: 'Invalid amount: {detail}' },
    AMOUNT_BELOW_CONSUMED: {
      status: 409,
      fr: 'Le montant ne peut descendre sous ce que les factures consomment déjà ({consumed}).',
      en: 'The amount cannot go below what invoices already consume ({consumed}).',
    },
    FROZEN_ONCE_USED: {
      status: 409,
      fr: 'Des factures portent cet engagement : son numéro, son fournisseur et sa devise ne changent plus.',
      en: 'Invoices carry this engagement: its number, supplier and currency can no longer change.',
    },
    IN_USE: {
      status: 409,
      fr: 'Des factures portent cet engagement : inactivez-le au lieu de le supprimer.',
      en: 'Invoices carry this engagement: deactivate it instead of deleting it.',
    },
    IMPORT_FILE_REQUIRED: { status: 400, fr: 'Joignez un fichier CSV (champ file).', en: 'Attach a CSV file (field file).' },
    IMPORT_HEADER_INVALID: {
      status: 400,
      fr: "L'en-tête du fichier doit nommer les colonnes {columns} ; manquantes : {missing}.",
      en: 'The file header must name the columns {columns}; missing: {missing}.',
    },
    IMPORT_TOO_LARGE: {
      status: 400,
      fr: 'Au plus {max} lignes par fichier.',
      en: 'At most {max} lines per file.',
    },
  }),
};
