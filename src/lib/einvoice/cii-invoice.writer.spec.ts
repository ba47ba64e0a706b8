import fc from 'fast-check';
import { parseCiiInvoice } from './cii-invoice.parser';
import { writeCiiInvoice } from './cii-invoice.writer';
import type { NormalisedInvoice } from './normalised-invoice';
import { FULL_INVOICE } from './__fixtures__/invoice-document';

const invoice: NormalisedInvoice = {
  number: 'F-2026/001 <&>',
  issueDate: '2026-03-15',
  type: 'FACTURE',
  typeCode: '380',
  currency: 'EUR',
  supplier: { siret: '12345678900011', name: 'Dupont & Fils' },
  recipient: { siret: '11000000000012', name: 'Ministère "des" Essais', serviceCode: 'SERV-01' },
  engagementNumber: 'EJ-1',
  contractNumber: 'M-2',
  totals: { totalExclTax: '1001.01', totalVat: '195.25', totalInclTax: '1196.26', amountDue: '1196.26' },
  vatBreakdown: [
    { rate: '20.00', taxableAmount: '976.01', vatAmount: '195.20', category: 'S' },
    { rate: '0.20', taxableAmount: '25.00', vatAmount: '0.05', category: 'S' },
  ],
  lines: [
    { number: '1', description: 'Prestation', quantity: '2.00', unitPrice: '488.005', netAmount: '976.01', vatRate: '20.00' },
    { number: '2', description: 'Taxe', quantity: '1.00', unitPrice: '25.00', netAmount: '25.00', vatRate: '0.20' },
  ],
  paymentMeansCode: '30',
  iban: 'FR7630006000011234567890189',
  note: 'Merci',
};

describe('writeCiiInvoice', () => {
  it('writes CII that reads back to the same invoice (decimals as text, special characters escaped)', () => {
    const parsed = parseCiiInvoice(writeCiiInvoice(invoice));
    // What the reader adds beyond the written model (units, categories, locations) is not the writer's concern.
    expect(parsed).toMatchObject({ ok: true, invoice });
  });

  it('never rounds through a float: 1.005 stays 1.005', () => {
    const xml = writeCiiInvoice({ ...invoice, lines: [{ ...invoice.lines[0]!, unitPrice: '1.005', quantity: '1' }] }).toString();
    expect(xml).toContain('<ram:ChargeAmount>1.005</ram:ChargeAmount>');
    expect(xml).toContain('<ram:BilledQuantity unitCode="C62">1.00</ram:BilledQuantity>');
  });

  it('reads back any text and any decimal it writes (property, seeded)', () => {
    // Names, numbers and notes with XML's special characters and non-ASCII text; decimals at their scale.
    const label = fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom('a', 'é', '&', '<', '>', '"', "'", ' ', '1', '€', ';', '/') }).filter((x) => x.trim() === x && x.length > 0);
    const cents = fc.bigInt({ min: 0n, max: 10n ** 12n }).map((v) => `${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`);
    fc.assert(
      fc.property(label, label, label, cents, cents, (number, supplierName, description, net, vat) => {
        const sample: NormalisedInvoice = {
          ...invoice,
          number,
          supplier: { ...invoice.supplier, name: supplierName },
          note: description,
          totals: { totalExclTax: net, totalVat: vat, totalInclTax: net, amountDue: net },
          vatBreakdown: [{ rate: '20.00', taxableAmount: net, vatAmount: vat, category: 'S' }],
          lines: [{ number: '1', description, quantity: '1.00', unitPrice: net, netAmount: net, vatRate: '20.00' }],
        };
        // Random totals: text round trip only, not EN 16931's calculation rules.
        const parsed = parseCiiInvoice(writeCiiInvoice(sample), { calculationRules: false });
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.invoice).toMatchObject({ number, supplier: { name: supplierName }, note: description, totals: sample.totals });
        expect(parsed.invoice.lines[0]).toMatchObject({ description, unitPrice: net, netAmount: net });
      }),
      { seed: 16, numRuns: 200 },
    );
  });
});


describe('writeCiiInvoice, a complete EN 16931 document', () => {
  it('writes addresses, VAT ids, the line total, due date, payment terms and the payee account, in the schema order', () => {
    const xml = writeCiiInvoice(FULL_INVOICE).toString();
    expect(xml).toContain('<ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID>');
    expect(xml).toContain(
      '<ram:SellerTradeParty><ram:Name>Dupont &amp; Fils</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">12345678900011</ram:ID></ram:SpecifiedLegalOrganization><ram:PostalTradeAddress><ram:PostcodeCode>75002</ram:PostcodeCode><ram:LineOne>1 rue de la Paix</ram:LineOne><ram:CityName>Paris</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR32123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>',
    );
    expect(xml).toContain('<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>30</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>FR7630006000011234567890189</ram:IBANID><ram:AccountName>Compte principal</ram:AccountName></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>');
    expect(xml).toContain('<ram:SpecifiedTradePaymentTerms><ram:Description>Virement à 30 jours</ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">20260414</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>');
    expect(xml).toContain('<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>1001.01</ram:LineTotalAmount><ram:TaxBasisTotalAmount>1001.01</ram:TaxBasisTotalAmount>');
    // Schema order of the header settlement: currency, payment means, taxes, terms, summation.
    const order = ['<ram:InvoiceCurrencyCode>', '<ram:SpecifiedTradeSettlementPaymentMeans>', '<ram:ApplicableTradeTax><ram:CalculatedAmount>', '<ram:SpecifiedTradePaymentTerms>', '<ram:SpecifiedTradeSettlementHeaderMonetarySummation>'];
    const positions = order.map((tag) => xml.indexOf(tag));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('reads back exactly (amounts, parties, IBAN) with parseCiiInvoice', () => {
    const parsed = parseCiiInvoice(writeCiiInvoice(FULL_INVOICE));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.invoice).toMatchObject({ totals: FULL_INVOICE.totals, vatBreakdown: FULL_INVOICE.vatBreakdown, lines: FULL_INVOICE.lines, iban: FULL_INVOICE.iban, supplier: { vatNumber: 'FR32123456789' } });
  });

  it('leaves out a credit transfer without the account to pay into (BR-61), keeps other payment means', () => {
    expect(writeCiiInvoice({ ...FULL_INVOICE, iban: undefined }).toString()).not.toContain('SpecifiedTradeSettlementPaymentMeans');
    expect(writeCiiInvoice({ ...FULL_INVOICE, iban: undefined, paymentMeansCode: '20' }).toString()).toContain('<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>20</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>');
  });

  it('gives exempt categories their reason and category O no rate (BR-E-10, BR-O-05)', () => {
    const exempt = writeCiiInvoice({ ...FULL_INVOICE, vatBreakdown: [{ rate: '0', taxableAmount: '1001.01', vatAmount: '0.00', category: 'O' }], lines: FULL_INVOICE.lines.map((l) => ({ ...l, vatRate: '0' })) }).toString();
    expect(exempt).toContain('<ram:ExemptionReason>Non soumis à la TVA</ram:ExemptionReason><ram:BasisAmount>1001.01</ram:BasisAmount><ram:CategoryCode>O</ram:CategoryCode></ram:ApplicableTradeTax>');
    expect(exempt).toContain('<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>O</ram:CategoryCode></ram:ApplicableTradeTax>');
  });
});
