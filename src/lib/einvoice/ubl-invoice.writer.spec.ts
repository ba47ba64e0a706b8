import { FULL_INVOICE } from './__fixtures__/invoice-document';
import { parseCiiInvoice } from './cii-invoice.parser';
import { writeCiiInvoice } from './cii-invoice.writer';
import type { InvoiceDocument } from './invoice-document';
import { parseUblInvoice } from './ubl-invoice.parser';
import { writeUblInvoice } from './ubl-invoice.writer';

/** What the parsers give back of a written document: the normalised invoice, exactly. */
const { supplier, recipient, dueDate: _d, paymentTerms: _p, accountName: _a, vatExemptionReason: _v, ...rest } = FULL_INVOICE;
const NORMALISED = {
  ...rest,
  supplier: { siret: supplier.siret, name: supplier.name, vatNumber: supplier.vatNumber },
  recipient: { siret: recipient.siret, name: recipient.name, serviceCode: recipient.serviceCode },
};

describe('writeUblInvoice', () => {
  it('writes a UBL 2.1 Invoice (EN 16931) that reads back to the same invoice, amounts exact', () => {
    const xml = writeUblInvoice(FULL_INVOICE);
    expect(xml.toString()).toContain('<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>');
    expect(parseUblInvoice(xml)).toMatchObject({ ok: true, invoice: NORMALISED });
  });

  it('says the same as the CII writer: both read back to one invoice', () => {
    const ubl = parseUblInvoice(writeUblInvoice(FULL_INVOICE));
    const cii = parseCiiInvoice(writeCiiInvoice(FULL_INVOICE));
    // The same invoice either way (but where each term was read, which is the syntax's own).
    const comparable = (r: typeof ubl) => (r.ok ? { ...r, invoice: { ...r.invoice, locations: undefined, syntax: undefined } } : r);
    expect(comparable(ubl)).toEqual(comparable(cii));
  });

  it('writes a credit note as a UBL CreditNote (CreditNoteTypeCode, CreditNoteLine, CreditedQuantity)', () => {
    const credit: InvoiceDocument = { ...FULL_INVOICE, type: 'AVOIR', typeCode: '381' };
    const xml = writeUblInvoice(credit).toString();
    expect(xml).toContain('<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"');
    expect(xml).toContain('<cbc:CreditedQuantity unitCode="C62">2.00</cbc:CreditedQuantity>');
    expect(xml).toContain('<cbc:PaymentDueDate>2026-04-14</cbc:PaymentDueDate>');
    expect(parseUblInvoice(xml)).toMatchObject({ ok: true, invoice: { ...NORMALISED, type: 'AVOIR', typeCode: '381' } });
  });

  it('writes the EN 16931 content a complete document needs: addresses, VAT ids, due date, payee account, line total, exemption reasons', () => {
    const xml = writeUblInvoice({ ...FULL_INVOICE, vatBreakdown: [{ ...FULL_INVOICE.vatBreakdown[0]!, category: 'E', vatAmount: '0.00' }] }).toString();
    expect(xml).toContain('<cac:PostalAddress><cbc:StreetName>1 rue de la Paix</cbc:StreetName><cbc:CityName>Paris</cbc:CityName><cbc:PostalZone>75002</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>');
    expect(xml).toContain('<cac:PartyTaxScheme><cbc:CompanyID>FR32123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>');
    expect(xml).toContain('<cbc:DueDate>2026-04-14</cbc:DueDate>');
    expect(xml).toContain('<cac:PayeeFinancialAccount><cbc:ID>FR7630006000011234567890189</cbc:ID><cbc:Name>Compte principal</cbc:Name></cac:PayeeFinancialAccount>');
    expect(xml).toContain('<cbc:LineExtensionAmount currencyID="EUR">1001.01</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount');
    expect(xml).toContain('<cbc:TaxExemptionReason>Exonération de TVA</cbc:TaxExemptionReason>');
    expect(xml).toContain('Merci &lt;&amp;&gt; &quot;toujours&quot;');
  });
});
