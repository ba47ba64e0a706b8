import { ublInvoice } from './__fixtures__/flow-fixtures';
import { findingOfFlowFatal, findingOfParseError, findingsOfParseErrors } from './findings';
import { readFlow } from './flow-reader';
import { invoiceError, type InvoiceErrorCode, type InvoiceParseError } from './normalised-invoice';
import { reportOf } from './report';

const parseErrorsOf = async (xml: string): Promise<InvoiceParseError[]> => {
  const { documents } = await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.xml', content: Buffer.from(xml) });
  const result = documents[0].result;
  if (result.ok) throw new Error('expected the document to be refused');
  return result.errors;
};

describe('reader errors as report findings', () => {
  it('maps a missing mandatory term to the EN 16931 rule that requires it, with its business term and XPath', async () => {
    const [finding] = findingsOfParseErrors(await parseErrorsOf(ublInvoice({ number: '' })));
    expect(finding).toEqual({
      rule: 'BR-02',
      stage: 'en16931',
      severity: 'error',
      businessTerm: 'BT-1',
      location: expect.stringContaining('cbc:ID'),
      message: { fr: expect.stringContaining('numéro de facture'), en: expect.stringContaining('invoice number') },
      values: { code: 'FIELD_MISSING' },
    });
  });

  it('maps a badly shaped SIRET to the French rule BR-FR-09, on the seller (BT-29) or the buyer (BT-46)', async () => {
    const xml = ublInvoice({ supplierParty: '<cbc:EndpointID schemeID="0009">1234</cbc:EndpointID>' });
    const findings = findingsOfParseErrors(await parseErrorsOf(xml));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'BR-FR-09', stage: 'platform', severity: 'error', businessTerm: 'BT-29' }));
  });

  it('makes an unreadable document fatal (stage file): nothing else could be checked', async () => {
    const [finding] = findingsOfParseErrors(await parseErrorsOf('<Invoice><unclosed></Invoice>'));
    expect(finding).toMatchObject({ rule: 'LIASSE-XML-MALFORMED', stage: 'file', severity: 'fatal', values: { code: 'XML_MALFORMED' } });
    expect(reportOf([finding], { syntax: 'UBL', completed: false }).valid).toBe(false);
  });

  it('gives every reader error code a stable LIASSE or BR rule id', () => {
    const codes: InvoiceErrorCode[] = ['XML_EMPTY', 'FIELD_INVALID', 'INVOICE_TYPE_UNKNOWN', 'SUPPLIER_ID_MISSING', 'RECIPIENT_SIRET_MISSING', 'SIRET_CONFLICT', 'PDF_WITHOUT_XML', 'FACTURX_STREAM_CORRUPT'];
    for (const code of codes) {
      const finding = findingOfParseError(invoiceError(code, 'texte', 'text'));
      expect(finding.rule).toMatch(/^(LIASSE|BR)-[A-Z0-9-]+$/);
      expect(finding.message).toEqual({ fr: 'texte', en: 'text' });
    }
    expect(findingOfParseError(invoiceError('RECIPIENT_SIRET_MISSING', 'x', 'no SIRET found for the recipient (AccountingCustomerParty)', '/Invoice/cac:AccountingCustomerParty')).businessTerm).toBe('BT-46');
  });

  it('prefers the business term and values a reader sets on its error', () => {
    const error: InvoiceParseError = { ...invoiceError('FIELD_MISSING', 'x', 'y (BT-5)'), businessTerm: 'BT-2', values: { found: '' } };
    expect(findingOfParseError(error)).toMatchObject({ rule: 'BR-03', businessTerm: 'BT-2', values: { code: 'FIELD_MISSING', found: '' } });
  });

  it('maps a flow that cannot be opened to one fatal finding of the file stage', async () => {
    const { fatal } = await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.xml', content: Buffer.alloc(0) });
    expect(findingOfFlowFatal(fatal!)).toEqual({
      rule: 'LIASSE-FLOW-EMPTY',
      stage: 'file',
      severity: 'fatal',
      message: { fr: 'le flux ne contient aucun fichier', en: 'the flow contains no file' },
      values: { code: 'FLOW_EMPTY' },
    });
  });
});
