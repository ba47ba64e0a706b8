import {
  fixture,
  fixtureNames,
  fixtureText,
  RECIPIENT_SIRET,
  SUPPLIER_SIRET,
  ublInvoice,
  withUblSirets,
} from './__fixtures__/flow-fixtures';
import type { InvoiceParseError, InvoiceParseResult, NormalisedInvoice } from './normalised-invoice';
import { parseUblInvoice } from './ubl-invoice.parser';

function invoiceOf(result: InvoiceParseResult): NormalisedInvoice {
  if (!result.ok) throw new Error(`expected a parsed invoice, got ${JSON.stringify(result.errors)}`);
  return result.invoice;
}

function errorsOf(result: InvoiceParseResult): InvoiceParseError[] {
  if (result.ok) throw new Error('expected errors, got an invoice');
  return result.errors;
}

/** Totals as written in each official example (excl. VAT, VAT, incl. VAT, due). */
const EXPECTED_TOTALS: Record<string, [string, string, string, string]> = {
  'en16931/ubl/ubl-tc434-creditnote1.xml': ['100.11', '0.00', '100.11', '100.11'],
  'en16931/ubl/ubl-tc434-example1.xml': ['229.60', '20.73', '250.33', '250.33'],
  'en16931/ubl/ubl-tc434-example2.xml': ['1436.50', '365.28', '1801.78', '801.78'],
  'en16931/ubl/ubl-tc434-example3.xml': ['1700.00', '305.00', '2005.00', '2005.00'],
  'en16931/ubl/ubl-tc434-example4.xml': ['4000.00', '675.00', '4675.00', '4675.00'],
  // two TaxTotal: 675.00 DKK (invoice currency) and 628.62 EUR (VAT accounting currency)
  'en16931/ubl/ubl-tc434-example5.xml': ['4000.00', '675.00', '4675.00', '2337.50'],
};

describe('parseUblInvoice — official EN 16931 examples', () => {
  const files = fixtureNames('en16931/ubl');

  it('has every sample as a fixture', () => {
    expect(files).toEqual(Object.keys(EXPECTED_TOTALS).sort());
  });

  it.each(files)('%s: reads the totals exactly as written', (file) => {
    const invoice = invoiceOf(parseUblInvoice(fixture(file), { requirePartyIds: false }));
    const { totalExclTax, totalVat, totalInclTax, amountDue } = invoice.totals;
    expect([totalExclTax, totalVat, totalInclTax, amountDue]).toEqual(EXPECTED_TOTALS[file]);
    expect(invoice.lines.length).toBeGreaterThan(0);
    expect(invoice.vatBreakdown.length).toBeGreaterThan(0);
  });

  it.each(files)('%s: is refused without a recipient SIRET, with the reason', (file) => {
    const errors = errorsOf(parseUblInvoice(fixture(file)));
    expect(errors.map((e) => e.code)).toEqual(['RECIPIENT_SIRET_MISSING']);
    expect(errors[0].message_fr).toContain('aucun SIRET trouvé pour le destinataire (AccountingCustomerParty)');
    expect(errors[0].path).toMatch(/^\/(Invoice|CreditNote)\/cac:AccountingCustomerParty\/cac:Party$/);
  });

  it.each(files)('%s: routes once SIRETs are substituted', (file) => {
    const xml = withUblSirets(fixtureText(file), { supplier: SUPPLIER_SIRET, recipient: RECIPIENT_SIRET });
    const invoice = invoiceOf(parseUblInvoice(xml));
    expect(invoice.supplier.siret).toBe(SUPPLIER_SIRET);
    expect(invoice.recipient.siret).toBe(RECIPIENT_SIRET);
  });

  it('reads example 1 in detail (lines, VAT breakdown, notes)', () => {
    const invoice = invoiceOf(parseUblInvoice(fixture('en16931/ubl/ubl-tc434-example1.xml'), { requirePartyIds: false }));
    expect(invoice).toMatchObject({ number: '12115118', issueDate: '2015-01-09', type: 'FACTURE', typeCode: '380', currency: 'EUR' });
    expect(invoice.supplier).toEqual({ name: 'De Koksmaat', vatNumber: 'NL8200.98.395.B.01' });
    expect(invoice.vatBreakdown).toEqual([
      { rate: '6', taxableAmount: '183.23', vatAmount: '10.99', category: 'S' },
      { rate: '21', taxableAmount: '46.37', vatAmount: '9.74', category: 'S' },
    ]);
    expect(invoice.lines[0]).toEqual({
      number: '1',
      description: 'PATAT FRITES 10MM 10KG',
      quantity: '2',
      unitCode: 'EA',
      unitPrice: '9.95',
      netAmount: '19.90',
      vatCategory: 'S',
      vatRate: '6',
    });
    expect(invoice.note).toContain('Alle leveringen zijn franco');
  });

  it('reads the UBL CreditNote as an AVOIR with its CreditNoteLine', () => {
    const invoice = invoiceOf(parseUblInvoice(fixture('en16931/ubl/ubl-tc434-creditnote1.xml'), { requirePartyIds: false }));
    expect(invoice).toMatchObject({ type: 'AVOIR', typeCode: '381', number: '018304 / 28865' });
    expect(invoice.lines).toEqual([
      {
        number: '1',
        description: 'Exonération du versement du PP',
        quantity: '1.00',
        unitCode: 'C62',
        unitPrice: '100.11',
        netAmount: '100.11',
        vatCategory: 'E',
        vatRate: '0.00',
      },
    ]);
    expect(invoice.iban).toBe('BE91000000143476');
    expect(invoice.paymentMeansCode).toBe('1');
  });
});

describe('parseUblInvoice — French CTC-FR sample', () => {
  it('gives SIRETs, service code, engagement and contract', () => {
    const invoice = invoiceOf(parseUblInvoice(fixture('facturx/ubl-21-extended-ctc-fr.xml')));
    expect(invoice).toMatchObject({
      number: 'F124212',
      issueDate: '2026-06-17',
      type: 'FACTURE',
      currency: 'EUR',
      supplier: { siret: '99999999800019', name: 'Au bon moulin', vatNumber: 'FR11999999998' },
      recipient: { siret: '78787878400018', name: 'Ma jolie boutique SARL', serviceCode: '120943' },
      engagementNumber: 'PO1242',
      contractNumber: 'Contrat_du_siècle',
      totals: { totalExclTax: '273.00', totalVat: '35.03', totalInclTax: '308.03', amountDue: '208.03' },
      paymentMeansCode: '30',
      iban: 'FR2012421242124212421242124',
    });
    // "27.6" stays "27.6": amounts are never reformatted
    expect(invoice.vatBreakdown[0]).toEqual({ rate: '20.00', taxableAmount: '138.00', vatAmount: '27.6', category: 'S' });
    expect(invoice.lines.map((line) => line.netAmount)).toEqual(['135.00', '138.00']);
  });
});

describe('parseUblInvoice — identification rules', () => {
  const routed = (customerParty: string): InvoiceParseResult => parseUblInvoice(ublInvoice({ customerParty }));

  it('finds the SIRET in EndpointID, PartyIdentification or PartyLegalEntity', () => {
    const places = [
      `<cbc:EndpointID schemeID="0009">${RECIPIENT_SIRET}</cbc:EndpointID>`,
      `<cac:PartyIdentification><cbc:ID schemeID="0009">${RECIPIENT_SIRET}</cbc:ID></cac:PartyIdentification>`,
      `<cac:PartyLegalEntity><cbc:CompanyID schemeID="0009">${RECIPIENT_SIRET}</cbc:CompanyID></cac:PartyLegalEntity>`,
    ];
    for (const place of places) expect(invoiceOf(routed(place)).recipient.siret).toBe(RECIPIENT_SIRET);
  });

  it('accepts the legacy scheme 1 and a bare 14-digit identifier, not a bare SIREN', () => {
    expect(invoiceOf(routed(`<cbc:EndpointID schemeID="1">${RECIPIENT_SIRET}</cbc:EndpointID>`)).recipient.siret).toBe(RECIPIENT_SIRET);
    expect(invoiceOf(routed(`<cac:PartyIdentification><cbc:ID>${RECIPIENT_SIRET}</cbc:ID></cac:PartyIdentification>`)).recipient.siret).toBe(
      RECIPIENT_SIRET,
    );
    const siren = errorsOf(routed('<cac:PartyIdentification><cbc:ID>110002011</cbc:ID></cac:PartyIdentification>'));
    expect(siren.map((e) => e.code)).toEqual(['RECIPIENT_SIRET_MISSING']);
  });

  it('does not take an identifier of another scheme for a SIRET', () => {
    const errors = errorsOf(routed(`<cac:PartyIdentification><cbc:ID schemeID="0088">${RECIPIENT_SIRET}</cbc:ID></cac:PartyIdentification>`));
    expect(errors.map((e) => e.code)).toEqual(['RECIPIENT_SIRET_MISSING']);
  });

  it('refuses a malformed SIRET with its path', () => {
    const errors = errorsOf(routed('<cbc:EndpointID schemeID="0009">1234</cbc:EndpointID>'));
    expect(errors).toEqual([
      expect.objectContaining({ code: 'SIRET_INVALID', path: '/Invoice/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID' }),
    ]);
  });

  it('refuses two different SIRETs for one party instead of guessing', () => {
    const errors = errorsOf(
      routed(
        `<cbc:EndpointID schemeID="0009">${RECIPIENT_SIRET}</cbc:EndpointID><cac:PartyLegalEntity><cbc:CompanyID schemeID="0009">11000201100051</cbc:CompanyID></cac:PartyLegalEntity>`,
      ),
    );
    expect(errors.map((e) => e.code)).toEqual(['SIRET_CONFLICT']);
    expect(errors[0].message_fr).toContain('11000201100044');
    expect(errors[0].message_fr).toContain('11000201100051');
  });

  it('accepts the same SIRET repeated in several places', () => {
    const party = `<cbc:EndpointID schemeID="0009">${RECIPIENT_SIRET}</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID="0009">${RECIPIENT_SIRET}</cbc:ID></cac:PartyIdentification>`;
    expect(invoiceOf(routed(party)).recipient.siret).toBe(RECIPIENT_SIRET);
  });

  it('prefers the routing code (scheme 0224) over BuyerReference as service code', () => {
    const party = `<cbc:EndpointID schemeID="0009">${RECIPIENT_SIRET}</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID="0224">SERV-ROUTAGE</cbc:ID></cac:PartyIdentification>`;
    expect(invoiceOf(routed(party)).recipient.serviceCode).toBe('SERV-ROUTAGE');
    expect(invoiceOf(parseUblInvoice(ublInvoice())).recipient.serviceCode).toBe('SERV-01');
  });

  it('accepts a foreign supplier identified by VAT number only, refuses one with nothing', () => {
    const vatOnly = `<cac:PartyTaxScheme><cbc:CompanyID>BE0000000196</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`;
    expect(invoiceOf(parseUblInvoice(ublInvoice({ supplierParty: vatOnly }))).supplier).toEqual({ vatNumber: 'BE0000000196' });
    const errors = errorsOf(parseUblInvoice(ublInvoice({ supplierParty: '<cac:PartyName><cbc:Name>X</cbc:Name></cac:PartyName>' })));
    expect(errors.map((e) => e.code)).toEqual(['SUPPLIER_ID_MISSING']);
  });
});

describe('parseUblInvoice — business content', () => {
  it('reads the engagement number (BT-13) and maps type codes', () => {
    const invoice = invoiceOf(parseUblInvoice(ublInvoice()));
    expect(invoice).toMatchObject({ engagementNumber: 'EJ-4500012345', type: 'FACTURE', typeCode: '380' });
    expect(invoiceOf(parseUblInvoice(ublInvoice({ typeCode: '381' }))).type).toBe('AVOIR');
    expect(invoiceOf(parseUblInvoice(ublInvoice({ typeCode: '386' }))).type).toBe('FACTURE');
    expect(invoiceOf(parseUblInvoice(ublInvoice({ typeCode: '389' }))).type).toBe('FACTURE');
    expect(invoiceOf(parseUblInvoice(ublInvoice({ root: 'CreditNote' })))).toMatchObject({ type: 'AVOIR', lines: [{ quantity: '4' }] });
  });

  it('refuses an unknown type code', () => {
    expect(errorsOf(parseUblInvoice(ublInvoice({ typeCode: '999' }))).map((e) => e.code)).toEqual(['INVOICE_TYPE_UNKNOWN']);
  });

  it('reports every missing or invalid field with its path, without throwing', () => {
    const xml = ublInvoice({
      number: '',
      issueDate: '2026-02-30',
      monetaryTotal: '<cbc:TaxExclusiveAmount currencyID="EUR">100,00</cbc:TaxExclusiveAmount><cbc:PayableAmount currencyID="EUR">120.00</cbc:PayableAmount>',
    });
    const errors = errorsOf(parseUblInvoice(xml));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'FIELD_MISSING', path: '/Invoice/cbc:ID' }),
        expect.objectContaining({ code: 'FIELD_INVALID', path: '/Invoice/cbc:IssueDate' }),
        expect.objectContaining({ code: 'FIELD_INVALID', path: '/Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount' }),
        expect.objectContaining({ code: 'FIELD_MISSING', path: '/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount' }),
      ]),
    );
    expect(errors).toHaveLength(4);
    expect(errors.find((e) => e.path === '/Invoice/cbc:ID')?.message_fr).toBe('champ obligatoire absent : numéro de facture (BT-1)');
  });

  it('reports an incomplete line with its position', () => {
    const lines = '<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>X</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>';
    const errors = errorsOf(parseUblInvoice(ublInvoice({ lines: lines + lines.replace('<cbc:ID>1</cbc:ID>', '<cbc:ID>2</cbc:ID>') })));
    expect(errors.map((e) => e.path)).toEqual(['/Invoice/cac:InvoiceLine[1]/cbc:InvoicedQuantity', '/Invoice/cac:InvoiceLine[2]/cbc:InvoicedQuantity']);
  });

  it('derives the VAT total exactly when the document omits it', () => {
    const invoice = invoiceOf(parseUblInvoice(ublInvoice({ taxTotal: '' })));
    expect(invoice.totals.totalVat).toBe('20.00');
    expect(invoice.vatBreakdown).toEqual([]);
  });

  it('reads whatever prefixes the document uses', () => {
    const xml = ublInvoice()
      .replace(/cbc:/g, 'b:')
      .replace(/cac:/g, 'a:')
      .replace('xmlns:cbc=', 'xmlns:b=')
      .replace('xmlns:cac=', 'xmlns:a=');
    expect(invoiceOf(parseUblInvoice(xml)).recipient.siret).toBe(RECIPIENT_SIRET);
  });

  it('refuses a CII document given as UBL', () => {
    const errors = errorsOf(parseUblInvoice(fixture('en16931/cii/CII_example1.xml')));
    expect(errors).toEqual([expect.objectContaining({ code: 'SYNTAX_MISMATCH', path: '/CrossIndustryInvoice' })]);
    expect(errors[0].message_fr).toContain('CrossIndustryInvoice (urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100)');
  });

  it('returns XML errors instead of throwing', () => {
    expect(errorsOf(parseUblInvoice('<Invoice><oops></Invoice>'))[0].code).toBe('XML_MALFORMED');
    expect(errorsOf(parseUblInvoice(Buffer.from([0x00, 0x01, 0x02])))[0].code).toBe('XML_MALFORMED');
    const xxe = ublInvoice().replace('<Invoice', '<!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice');
    expect(errorsOf(parseUblInvoice(xxe))[0].code).toBe('XML_DTD_FORBIDDEN');
  });
});
