import {
  ciiInvoice,
  fixture,
  fixtureNames,
  fixtureText,
  RECIPIENT_SIRET,
  SUPPLIER_SIRET,
  withCiiSirets,
} from './__fixtures__/flow-fixtures';
import { parseCiiInvoice } from './cii-invoice.parser';
import type { InvoiceParseError, InvoiceParseResult, NormalisedInvoice } from './normalised-invoice';

function invoiceOf(result: InvoiceParseResult): NormalisedInvoice {
  if (!result.ok) throw new Error(`expected a parsed invoice, got ${JSON.stringify(result.errors)}`);
  return result.invoice;
}

function errorsOf(result: InvoiceParseResult): InvoiceParseError[] {
  if (result.ok) throw new Error('expected errors, got an invoice');
  return result.errors;
}

/** Totals as written in each example: CII writes "229.6" where UBL writes "229.60", and we keep it. */
const EXPECTED_TOTALS: Record<string, [string, string, string, string]> = {
  'en16931/cii/CII_example1.xml': ['229.6', '20.73', '250.33', '250.33'],
  'en16931/cii/CII_example2.xml': ['1436.5', '365.28', '1801.78', '801.78'],
  'en16931/cii/CII_example3.xml': ['900', '225', '1125', '1125'],
  'en16931/cii/CII_example4.xml': ['4000', '675', '4675', '4675'],
  // TaxTotalAmount twice: 675.00 DKK (invoice currency) and 628.62 EUR
  'en16931/cii/CII_example5.xml': ['4000', '675.00', '4675', '2337.5'],
  'facturx/factur-x-en16931.xml': ['100.00', '4.90', '104.90', '104.90'],
  'facturx/factur-x-minimum.xml': ['100.00', '4.90', '104.90', '104.90'],
};

const CII_FILES = [...fixtureNames('en16931/cii'), 'facturx/factur-x-en16931.xml', 'facturx/factur-x-minimum.xml'];

describe('parseCiiInvoice — samples', () => {
  it('covers every CII sample', () => {
    expect(CII_FILES.sort()).toEqual(Object.keys(EXPECTED_TOTALS).sort());
  });

  it.each(CII_FILES)('%s: reads the totals exactly as written', (file) => {
    const invoice = invoiceOf(parseCiiInvoice(fixture(file), { requirePartyIds: false }));
    const { totalExclTax, totalVat, totalInclTax, amountDue } = invoice.totals;
    expect([totalExclTax, totalVat, totalInclTax, amountDue]).toEqual(EXPECTED_TOTALS[file]);
    expect(invoice.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(CII_FILES)('%s: is refused without a buyer SIRET, then routes once substituted', (file) => {
    const errors = errorsOf(parseCiiInvoice(fixture(file)));
    expect(errors.map((e) => e.code)).toEqual(['RECIPIENT_SIRET_MISSING']);
    expect(errors[0].message_fr).toContain('aucun SIRET trouvé pour le destinataire (BuyerTradeParty)');
    // the French seller already has a SIRET: only the buyer is substituted
    const xml = withCiiSirets(fixtureText(file), { recipient: RECIPIENT_SIRET });
    const invoice = invoiceOf(parseCiiInvoice(xml));
    expect(invoice.recipient.siret).toBe(RECIPIENT_SIRET);
  });

  it.each(fixtureNames('en16931/cii'))('%s: takes substituted SIRETs for both parties', (file) => {
    const xml = withCiiSirets(fixtureText(file), { supplier: SUPPLIER_SIRET, recipient: RECIPIENT_SIRET });
    const invoice = invoiceOf(parseCiiInvoice(xml));
    expect([invoice.supplier.siret, invoice.recipient.siret]).toEqual([SUPPLIER_SIRET, RECIPIENT_SIRET]);
  });

  it('refuses a second, different SIRET for the French seller', () => {
    const xml = withCiiSirets(fixtureText('facturx/factur-x-en16931.xml'), { supplier: SUPPLIER_SIRET, recipient: RECIPIENT_SIRET });
    expect(errorsOf(parseCiiInvoice(xml)).map((e) => e.code)).toEqual(['SIRET_CONFLICT']);
  });

  it('reads the French EN16931 sample: seller SIRET (GlobalID 0009), service code, engagement, contract', () => {
    const invoice = invoiceOf(parseCiiInvoice(fixture('facturx/factur-x-en16931.xml'), { requirePartyIds: false }));
    expect(invoice).toMatchObject({
      number: 'F20260023',
      issueDate: '2026-01-31',
      type: 'FACTURE',
      currency: 'EUR',
      supplier: { siret: '12345678200077', name: 'LE FOURNISSEUR', vatNumber: 'FR11123456782' },
      recipient: { name: 'LE CLIENT', serviceCode: 'SERVEXEC' },
      engagementNumber: 'PO201925478',
      contractNumber: 'CT2018120802',
      paymentMeansCode: '30',
      iban: 'FR2012542547256985425874698',
    });
    expect(invoice.recipient.siret).toBeUndefined();
    expect(invoice.vatBreakdown).toEqual([
      { rate: '20.00', taxableAmount: '11.00', vatAmount: '2.20', category: 'S' },
      { rate: '0.00', taxableAmount: '60.00', vatAmount: '0.00', category: 'E', exemptionReason: 'DEBOURS', exemptionReasonCode: 'VATEX-EU-79-C' },
      { rate: '10.00', taxableAmount: '27.00', vatAmount: '2.70', category: 'S' },
      { rate: '0.00', taxableAmount: '2.00', vatAmount: '0.00', category: 'K', exemptionReason: 'LIVRAISON INTRACOMMUNAUTAIRE', exemptionReasonCode: 'VATEX-EU-IC' },
    ]);
    expect(invoice.lines[0]).toMatchObject({
      number: '1',
      description: 'PRESTATION SUPPORT',
      quantity: '1.0000',
      unitCode: 'C62',
      unitPrice: '60.0000',
      priceBaseQuantity: '1.0000',
      grossPrice: '65.0000',
      priceDiscount: '5.0000',
      netAmount: '60.00',
      vatCategory: 'E',
      vatRate: '0.00',
      period: { start: '2026-01-01', end: '2026-01-31' },
    });
    // BG-27 / BG-28: four line allowances and four line charges, with their reasons.
    expect(invoice.lines[0]!.allowanceCharges?.map((c) => `${c.kind}:${c.amount}:${c.reasonCode ?? ''}:${c.reason ?? ''}`)).toEqual([
      ...Array(3).fill('allowance:1.00:71:REMISE VOLUME'),
      'allowance:1.00:100:',
      ...Array(4).fill('charge:1.00::FRAIS PALETTE'),
    ]);
    expect(invoice.note?.split('\n')).toHaveLength(6);
  });

  it('reads the MINIMUM profile (no lines, no breakdown)', () => {
    const xml = withCiiSirets(fixtureText('facturx/factur-x-minimum.xml'), { recipient: RECIPIENT_SIRET });
    const invoice = invoiceOf(parseCiiInvoice(xml));
    expect(invoice).toMatchObject({
      number: 'F20260023',
      supplier: { name: 'LE FOURNISSEUR', vatNumber: 'FR11123456782' },
      recipient: { siret: RECIPIENT_SIRET, serviceCode: 'SERVEXEC' },
      engagementNumber: 'PO201925478',
      lines: [],
      vatBreakdown: [],
    });
  });
});

describe('parseCiiInvoice — rules', () => {
  it('reads SIRETs from ram:ID, GlobalID or SpecifiedLegalOrganization', () => {
    const invoice = invoiceOf(parseCiiInvoice(ciiInvoice()));
    expect(invoice.supplier.siret).toBe(SUPPLIER_SIRET);
    expect(invoice.recipient).toEqual({ siret: RECIPIENT_SIRET, name: 'Ministère des Essais', serviceCode: 'SERV-02' });
    const global = ciiInvoice({ buyerParty: `<ram:GlobalID schemeID="0009">${RECIPIENT_SIRET}</ram:GlobalID>` });
    expect(invoiceOf(parseCiiInvoice(global)).recipient.siret).toBe(RECIPIENT_SIRET);
  });

  it('prefers the buyer routing code (scheme 0224) as service code', () => {
    const xml = ciiInvoice({
      buyerParty: `<ram:ID schemeID="0009">${RECIPIENT_SIRET}</ram:ID><ram:URIUniversalCommunication><ram:URIID schemeID="0224">ROUTE-42</ram:URIID></ram:URIUniversalCommunication>`,
    });
    expect(invoiceOf(parseCiiInvoice(xml)).recipient.serviceCode).toBe('ROUTE-42');
  });

  it('converts format 102 dates and refuses other formats or impossible dates', () => {
    expect(invoiceOf(parseCiiInvoice(ciiInvoice({ issueDate: '20240229' }))).issueDate).toBe('2024-02-29');
    const week = errorsOf(parseCiiInvoice(ciiInvoice({ issueDate: '202611', dateFormat: '610' })));
    expect(week).toEqual([expect.objectContaining({ code: 'FIELD_INVALID', path: '/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString' })]);
    expect(errorsOf(parseCiiInvoice(ciiInvoice({ issueDate: '20250229' })))[0].code).toBe('FIELD_INVALID');
  });

  it('maps 381 to AVOIR', () => {
    expect(invoiceOf(parseCiiInvoice(ciiInvoice({ typeCode: '381' }))).type).toBe('AVOIR');
  });

  it('reads whatever prefixes the document uses', () => {
    const xml = ciiInvoice({ prefixes: { rsm: 'inv', ram: 'x', udt: 'dt' } });
    expect(xml).toContain('<x:BuyerReference>');
    expect(invoiceOf(parseCiiInvoice(xml)).totals.totalInclTax).toBe('60.00');
  });

  it('reports a missing amount with its path and refuses a UBL document', () => {
    const missing = errorsOf(parseCiiInvoice(ciiInvoice({ summation: '<ram:TaxBasisTotalAmount>50.00</ram:TaxBasisTotalAmount>' })));
    expect(missing.map((e) => e.path)).toEqual([
      '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount',
      '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount',
    ]);
    expect(errorsOf(parseCiiInvoice(fixture('facturx/ubl-21-extended-ctc-fr.xml')))[0].code).toBe('SYNTAX_MISMATCH');
  });
});
