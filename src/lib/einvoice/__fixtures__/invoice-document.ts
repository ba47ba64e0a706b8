import type { InvoiceDocument } from '../invoice-document';

/** A complete invoice as the platform writes it out: two VAT rates, addresses, VAT ids, due date, IBAN. */
export const FULL_INVOICE: InvoiceDocument = {
  number: 'F-2026/001',
  issueDate: '2026-03-15',
  type: 'FACTURE',
  typeCode: '380',
  currency: 'EUR',
  supplier: {
    siret: '12345678900011',
    name: 'Dupont & Fils',
    vatNumber: 'FR32123456789',
    address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', countryCode: 'FR' },
  },
  recipient: {
    siret: '21690123100011',
    name: 'Commune de Lyon',
    serviceCode: 'SERV-01',
    address: { line1: '1 place de la Comédie', line2: 'Direction des achats', postalCode: '69001', city: 'Lyon', countryCode: 'FR' },
  },
  engagementNumber: 'EJ-1',
  contractNumber: 'M-2',
  totals: { totalExclTax: '1001.01', totalVat: '195.25', totalInclTax: '1196.26', amountDue: '1196.26' },
  vatBreakdown: [
    { rate: '20.00', taxableAmount: '976.01', vatAmount: '195.20', category: 'S' },
    { rate: '0.20', taxableAmount: '25.00', vatAmount: '0.05', category: 'S' },
  ],
  lines: [
    { number: '1', description: 'Prestation de conseil — une désignation assez longue pour tenir sur plusieurs lignes du tableau', quantity: '2.00', unitPrice: '488.005', netAmount: '976.01', vatRate: '20.00' },
    { number: '2', description: 'Taxe', quantity: '1.00', unitPrice: '25.00', netAmount: '25.00', vatRate: '0.20' },
  ],
  paymentMeansCode: '30',
  iban: 'FR7630006000011234567890189',
  accountName: 'Compte principal',
  dueDate: '2026-04-14',
  paymentTerms: 'Virement à 30 jours',
  note: 'Merci <&> "toujours"',
};
