import { DomainError } from '../../../shared/domain/domain-error';

/** Our field names → the PISTE names clients sent, so error texts name what the client knows. */
const FIELD_NAMES: Record<string, string> = {
  number: 'numeroFactureSaisi',
  invoiceDate: 'dateFacture',
  recipientStructureId: 'destinataire.codeDestinataire',
  recipientIdentifier: 'destinataire.codeDestinataire',
  recipientServiceCode: 'destinataire.codeServiceExecutant',
  engagementNumber: 'references.numeroBonCommande',
  contractNumber: 'references.numeroMarche',
  billingFramework: 'cadreDeFacturation.codeCadreFacturation',
  totalExclTax: 'montantTotal.montantHtTotal',
  totalVat: 'montantTotal.montantTVA',
  totalInclTax: 'montantTotal.montantTtcTotal',
  amountDue: 'montantTotal.montantAPayer',
  vatBreakdown: 'ligneTva',
  files: 'pieceJointePrincipale',
  file: 'pieceJointePrincipale',
  supplierServiceId: 'fournisseur.idServiceFournisseur',
  bankAccountId: 'fournisseur.codeCoordonneesBancairesFournisseur',
  status: 'nouveauStatut',
  validatorStructureId: 'cadreDeFacturation.codeStructureValideur',
  validatorIdentifier: 'cadreDeFacturation.codeStructureValideur',
};

/** A refusal from another context, its field renamed to the PISTE name the client sent. */
export function inPisteTerms(error: unknown, operationNames: Record<string, string> = {}): unknown {
  const names = { ...FIELD_NAMES, ...operationNames };
  if (!(error instanceof DomainError) || !error.field || !names[error.field]) return error;
  const field = names[error.field]!;
  const params = { ...error.params, ...(error.params.field !== undefined ? { field } : {}) };
  return new DomainError(error.definition, params, field, error.issues.map((i) => ({ ...i, field: names[i.field] ?? i.field })));
}
