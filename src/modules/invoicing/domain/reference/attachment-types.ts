import { ReferenceItem } from './reference-item';

/**
 * Attachment types (transverses/v1/recuperer/typespj: codeTypePieceJointe, libelleTypePieceJointe,
 * idTypePieceJointe, typeObjet). The platform's own list is not in our sources: these codes are
 * Liasse's, with stable numeric ids for the API. `objectTypes` uses the platform's typeObjet codes and
 * says what the file may be attached to.
 */
export const ATTACHMENT_OBJECT_TYPES = ['FACTURE', 'STRUCTURE', 'CB', 'SOLLICITATION'] as const;
export type AttachmentObjectType = (typeof ATTACHMENT_OBJECT_TYPES)[number];

export interface AttachmentType<Code extends string = string> extends ReferenceItem<Code> {
  readonly id: number;
  readonly objectTypes: readonly AttachmentObjectType[];
}

export const ATTACHMENT_TYPES = [
  { id: 1, code: 'FACTURE', labelFr: 'Facture (fichier principal)', labelEn: 'Invoice (main file)', objectTypes: ['FACTURE'] },
  { id: 2, code: 'BON_COMMANDE', labelFr: 'Bon de commande', labelEn: 'Purchase order', objectTypes: ['FACTURE'] },
  { id: 3, code: 'BON_LIVRAISON', labelFr: 'Bon de livraison', labelEn: 'Delivery note', objectTypes: ['FACTURE'] },
  { id: 4, code: 'DEVIS', labelFr: 'Devis', labelEn: 'Quote', objectTypes: ['FACTURE'] },
  { id: 5, code: 'CONTRAT', labelFr: 'Contrat / marché', labelEn: 'Contract', objectTypes: ['FACTURE', 'STRUCTURE'] },
  { id: 6, code: 'PV_RECEPTION', labelFr: 'Procès-verbal de réception', labelEn: 'Acceptance report', objectTypes: ['FACTURE'] },
  { id: 7, code: 'ATTESTATION', labelFr: 'Attestation', labelEn: 'Certificate', objectTypes: ['FACTURE', 'STRUCTURE'] },
  { id: 8, code: 'RIB', labelFr: "Relevé d'identité bancaire", labelEn: 'Bank account details', objectTypes: ['CB', 'STRUCTURE'] },
  { id: 9, code: 'KBIS', labelFr: 'Extrait Kbis', labelEn: 'Company registration extract', objectTypes: ['STRUCTURE'] },
  { id: 10, code: 'AUTRE', labelFr: 'Autre', labelEn: 'Other', objectTypes: ['FACTURE', 'STRUCTURE', 'CB', 'SOLLICITATION'] },
] as const satisfies readonly AttachmentType[];

export type AttachmentTypeCode = (typeof ATTACHMENT_TYPES)[number]['code'];

export const attachmentTypesFor = (objectType: AttachmentObjectType): AttachmentType<AttachmentTypeCode>[] =>
  ATTACHMENT_TYPES.filter((type) => (type.objectTypes as readonly AttachmentObjectType[]).includes(objectType));
