import { ReferenceItem } from './reference-item';

/**
 * VAT exemption reasons (transverses/v1/recuperer/motifs/exonerationtva: codeMotifExonerationTva,
 * libelleMotifExonerationTva), for an invoice whose `typeTva` is EXONERATION. The platform's own codes are
 * not in our sources (the public clients only name the fields): these are the EN 16931 VATEX codes
 * (BT-121, VAT exemption reason code) that the French e-invoicing reform uses, with the article cited.
 */
export const VAT_EXEMPTION_REASONS = [
  { code: 'VATEX-FR-FRANCHISE', labelFr: 'TVA non applicable, art. 293 B du CGI (franchise en base)', labelEn: 'VAT not applicable, art. 293 B CGI (small business exemption)' },
  { code: 'VATEX-FR-CNWVAT', labelFr: 'Facture émise par un non-assujetti (hors champ de la TVA)', labelEn: 'Invoice issued by a person not liable to VAT' },
  { code: 'VATEX-EU-132', labelFr: "Exonéré de TVA, art. 132 de la directive 2006/112/CE (activités d'intérêt général)", labelEn: 'Exempt based on art. 132 of Council Directive 2006/112/EC' },
  { code: 'VATEX-EU-143', labelFr: 'Exonéré de TVA, art. 143 de la directive 2006/112/CE (importations)', labelEn: 'Exempt based on art. 143 of Council Directive 2006/112/EC' },
  { code: 'VATEX-EU-148', labelFr: 'Exonéré de TVA, art. 148 de la directive 2006/112/CE (transport international)', labelEn: 'Exempt based on art. 148 of Council Directive 2006/112/EC' },
  { code: 'VATEX-EU-151', labelFr: 'Exonéré de TVA, art. 151 de la directive 2006/112/CE (relations diplomatiques)', labelEn: 'Exempt based on art. 151 of Council Directive 2006/112/EC' },
  { code: 'VATEX-EU-79-C', labelFr: 'Exonéré de TVA, art. 79 c) de la directive 2006/112/CE (débours)', labelEn: 'Exempt based on art. 79, point c of Council Directive 2006/112/EC' },
  { code: 'VATEX-EU-AE', labelFr: 'Autoliquidation', labelEn: 'Reverse charge' },
  { code: 'VATEX-EU-IC', labelFr: 'Livraison intracommunautaire', labelEn: 'Intra-Community supply' },
  { code: 'VATEX-EU-G', labelFr: 'Exportation hors UE', labelEn: 'Export outside the EU' },
  { code: 'VATEX-EU-O', labelFr: 'Hors du champ de la TVA', labelEn: 'Not subject to VAT' },
] as const satisfies readonly ReferenceItem[];

export type VatExemptionReason = (typeof VAT_EXEMPTION_REASONS)[number]['code'];
