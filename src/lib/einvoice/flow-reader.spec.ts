import { gzipSync } from 'node:zlib';
import {
  ciiInvoice,
  fixture,
  makePdf,
  makeTar,
  RECIPIENT_SIRET,
  SUPPLIER_SIRET,
  ublInvoice,
  type TarEntrySpec,
} from './__fixtures__/flow-fixtures';
import { readFlow, type FlowDocument, type FlowReadResult } from './flow-reader';
import type { NormalisedInvoice } from './normalised-invoice';

const PDF = makePdf({ attachments: [] });

function documentsOf(result: FlowReadResult): FlowDocument[] {
  if (result.fatal) throw new Error(`unexpected fatal error ${JSON.stringify(result.fatal)}`);
  return result.documents;
}

function invoiceOf(document: FlowDocument | undefined): NormalisedInvoice {
  if (!document?.result.ok) throw new Error(`expected an invoice, got ${JSON.stringify(document?.result)}`);
  return document.result.invoice;
}

function errorCodesOf(document: FlowDocument | undefined): string[] {
  if (!document || document.result.ok) throw new Error('expected errors');
  return document.result.errors.map((error) => error.code);
}

const tarGz = (entries: TarEntrySpec[]): Buffer => gzipSync(makeTar(entries));

describe('readFlow — the EN 16931 rules', () => {
  it('refuses a UBL invoice that breaks one (no seller postal address: BR-08), keeping what was read, with the rule\'s finding', async () => {
    const noAddress = ublInvoice({
      number: 'SANS-ADRESSE',
      supplierParty: `<cbc:EndpointID schemeID="0009">${SUPPLIER_SIRET}</cbc:EndpointID><cac:PartyName><cbc:Name>Fournitures Dupont</cbc:Name></cac:PartyName><cac:PartyTaxScheme><cbc:CompanyID>FR32123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Fournitures Dupont</cbc:RegistrationName></cac:PartyLegalEntity>`,
    });
    const [document] = documentsOf(await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.xml', content: Buffer.from(noAddress) }));
    expect(document!.result.ok).toBe(false);
    if (document!.result.ok) return;
    expect(document!.result.invoice?.number).toBe('SANS-ADRESSE');
    expect(document!.result.errors.map((e) => e.finding?.rule)).toEqual(['BR-08']);
    expect(document!.result.errors[0]!.finding).toMatchObject({ stage: 'en16931', severity: 'error' });
  });

  it('holds a CII document to them by its profile: MINIMUM is not a complete invoice, EN 16931 is', async () => {
    const minimum = await readFlow({ syntax: 'IN_DP_E1_CII_16B', fileName: 'f.xml', content: Buffer.from(ciiInvoice()) });
    expect(invoiceOf(documentsOf(minimum)[0]).number).toBe('FC-2026-001');
    const declared = ciiInvoice().replace('urn:factur-x.eu:1p0:minimum', 'urn:cen.eu:en16931:2017');
    const [en16931] = documentsOf(await readFlow({ syntax: 'IN_DP_E1_CII_16B', fileName: 'f.xml', content: Buffer.from(declared) }));
    expect(en16931!.result.ok).toBe(false);
    if (en16931!.result.ok) return;
    expect(en16931!.result.errors.map((e) => e.finding?.rule)).toEqual(expect.arrayContaining(['BR-16', 'BR-08']));
  });
});

describe('readFlow — syntax and envelope', () => {
  it('refuses an unknown syntax as fatal', async () => {
    const result = await readFlow({ syntax: 'IN_DP_E3_XXX', fileName: 'f.xml', content: Buffer.from(ublInvoice()) });
    expect(result.documents).toEqual([]);
    expect(result.fatal).toEqual(expect.objectContaining({ code: 'FLOW_SYNTAX_UNKNOWN' }));
    expect(result.fatal?.message).toContain('IN_DP_E1_UBL_INVOICE');
  });

  it('refuses an empty flow and a flow over the size limit', async () => {
    expect((await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.xml', content: Buffer.alloc(0) })).fatal?.code).toBe('FLOW_EMPTY');
    const big = await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.xml', content: Buffer.from(ublInvoice()) }, { maxFlowBytes: 100 });
    expect(big.fatal?.code).toBe('FLOW_TOO_LARGE');
    const onlyDirs = await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.tar', content: makeTar([{ name: 'd/', type: '5' }]) });
    expect(onlyDirs.fatal?.code).toBe('FLOW_EMPTY');
  });
});

describe('readFlow — E1 structured XML', () => {
  it('reads a single UBL invoice', async () => {
    const [document] = documentsOf(await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'FA-1.xml', content: Buffer.from(ublInvoice()) }));
    expect(document.sourceName).toBe('FA-1.xml');
    expect(invoiceOf(document).recipient).toMatchObject({ siret: RECIPIENT_SIRET, serviceCode: 'SERV-01' });
    expect(document.result).toMatchObject({ ok: true, pdf: undefined });
  });

  it('reads a .tar.gz of three invoices, one bad, ignoring macOS litter', async () => {
    const content = tarGz([
      { name: 'a.xml', content: ublInvoice({ number: 'A' }) },
      { name: 'b.xml', content: ublInvoice({ number: 'B' }) },
      { name: 'c.xml', content: ublInvoice({ number: 'C', typeCode: '999' }) },
      { name: '__MACOSX/._a.xml', content: 'binary junk' },
      { name: '._b.xml', content: 'binary junk' },
    ]);
    const documents = documentsOf(await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'lot.tar.gz', content }));
    expect(documents.map((d) => d.sourceName)).toEqual(['a.xml', 'b.xml', 'c.xml']);
    expect([invoiceOf(documents[0]).number, invoiceOf(documents[1]).number]).toEqual(['A', 'B']);
    expect(errorCodesOf(documents[2])).toEqual(['INVOICE_TYPE_UNKNOWN']);
  });

  it('reports CII given as UBL (and the reverse) per document', async () => {
    const asUbl = await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.xml', content: Buffer.from(ciiInvoice()) });
    expect(errorCodesOf(documentsOf(asUbl)[0])).toEqual(['SYNTAX_MISMATCH']);
    const asCii = await readFlow({ syntax: 'IN_DP_E1_CII_16B', fileName: 'f.xml', content: Buffer.from(ublInvoice()) });
    expect(errorCodesOf(documentsOf(asCii)[0])).toEqual(['SYNTAX_MISMATCH']);
    const cii = await readFlow({ syntax: 'IN_DP_E1_CII_16B', fileName: 'f.xml', content: Buffer.from(ciiInvoice()) });
    expect(invoiceOf(documentsOf(cii)[0]).number).toBe('FC-2026-001');
  });

  it('refuses a PDF or an unknown file in an E1 flow, and an XXE document, per document', async () => {
    const content = tarGz([
      { name: 'ok.xml', content: ublInvoice() },
      { name: 'scan.pdf', content: PDF },
      { name: 'photo.jpg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) },
      { name: 'xxe.xml', content: ublInvoice().replace('<Invoice', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice') },
    ]);
    const documents = documentsOf(await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'lot.tgz', content }));
    expect(documents.map((d) => (d.result.ok ? 'ok' : d.result.errors[0].code))).toEqual([
      'ok',
      'FILE_UNEXPECTED',
      'FILE_TYPE_UNSUPPORTED',
      'XML_DTD_FORBIDDEN',
    ]);
  });

  it('accepts a gzipped single XML', async () => {
    const documents = documentsOf(await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'FA-9.xml.gz', content: gzipSync(ublInvoice()) }));
    expect(documents.map((d) => d.sourceName)).toEqual(['FA-9.xml']);
    expect(invoiceOf(documents[0]).number).toBe('FA-2026-001');
  });

  it('turns unsafe archives into a fatal error', async () => {
    const traversal = tarGz([{ name: 'a.xml', content: ublInvoice() }, { name: '../../etc/x.xml', content: ublInvoice() }]);
    expect((await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.tar.gz', content: traversal })).fatal?.code).toBe(
      'ARCHIVE_UNSAFE_PATH',
    );
    const symlink = tarGz([{ name: 'a.xml', type: '2', linkName: '/etc/passwd' }]);
    const result = await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.tar.gz', content: symlink });
    expect(result.documents).toEqual([]);
    expect(result.fatal?.code).toBe('ARCHIVE_LINK_FORBIDDEN');
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
    expect((await readFlow({ syntax: 'IN_DP_E1_UBL_INVOICE', fileName: 'f.tar.gz', content: bomb }, { maxInflatedBytes: 1024 * 1024 })).fatal?.code).toBe(
      'ARCHIVE_TOO_LARGE',
    );
  });
});

describe('readFlow — E2 minimal XML + PDF', () => {
  it('pairs each XML with the PDF of the same base name', async () => {
    const content = tarGz([
      { name: 'lot/FA-1.xml', content: ublInvoice({ number: 'FA-1' }) },
      { name: 'lot/FA-1.PDF', content: PDF },
      { name: 'lot/FA-2.xml', content: ublInvoice({ number: 'FA-2' }) },
      { name: 'lot/FA-3.pdf', content: PDF },
    ]);
    const documents = documentsOf(await readFlow({ syntax: 'IN_DP_E2_UBL_INVOICE_MIN', fileName: 'lot.tar.gz', content }));
    expect(documents.map((d) => d.sourceName)).toEqual(['lot/FA-1.xml', 'lot/FA-2.xml', 'lot/FA-3.pdf']);
    expect(documents[0].result).toMatchObject({ ok: true, pdf: PDF, pdfName: 'lot/FA-1.PDF' });
    expect(documents[1].result).toMatchObject({ ok: true, pdf: undefined });
    expect(errorCodesOf(documents[2])).toEqual(['PDF_WITHOUT_XML']);
  });

  it('pairs a lone XML with a lone PDF whatever their names', async () => {
    const content = makeTar([
      { name: 'donnees.xml', content: ciiInvoice() },
      { name: 'visuel.pdf', content: PDF },
    ]);
    const [document] = documentsOf(await readFlow({ syntax: 'IN_DP_E2_CII_MIN_16B', fileName: 'lot.tar', content }));
    expect(document.result).toMatchObject({ ok: true, pdfName: 'visuel.pdf' });
  });

  it('accepts a single E2 XML without PDF', async () => {
    const [document] = documentsOf(await readFlow({ syntax: 'IN_DP_E2_CII_MIN_16B', fileName: 'f.xml', content: Buffer.from(ciiInvoice()) }));
    expect(invoiceOf(document).number).toBe('FC-2026-001');
    expect(Object.keys(document.result)).toEqual(['ok', 'invoice', 'pdf']);
    expect(document.result).toMatchObject({ pdf: undefined });
  });

  it('accepts standard UBL/CII under CPP_FACTURE_MIN and reports the proprietary format', async () => {
    const ubl = await readFlow({ syntax: 'IN_DP_E2_CPP_FACTURE_MIN', fileName: 'f.xml', content: Buffer.from(ublInvoice()) });
    expect(invoiceOf(documentsOf(ubl)[0]).number).toBe('FA-2026-001');
    const cpp = await readFlow({ syntax: 'IN_DP_E2_CPP_FACTURE_MIN', fileName: 'f.xml', content: Buffer.from('<CPPFactureMin><Numero>1</Numero></CPPFactureMin>') });
    expect(errorCodesOf(documentsOf(cpp)[0])).toEqual(['CPP_FACTURE_MIN_UNSUPPORTED']);
  });
});

describe('readFlow — Factur-X', () => {
  it('reads the real Factur-X sample and reports its missing buyer SIRET precisely', async () => {
    const [document] = documentsOf(
      await readFlow({ syntax: 'IN_DP_E2_CII_FACTURX', fileName: 'invoice_EN16931.pdf', content: fixture('facturx/invoice_EN16931.pdf') }),
    );
    expect(document.sourceName).toBe('invoice_EN16931.pdf');
    expect(errorCodesOf(document)).toEqual(['RECIPIENT_SIRET_MISSING']);
  });

  it('returns the invoice and the PDF itself for a routed Factur-X', async () => {
    const pdf = makePdf({ attachments: [{ name: 'factur-x.xml', data: Buffer.from(ciiInvoice({ number: 'FX-1' })) }] });
    const [document] = documentsOf(await readFlow({ syntax: 'IN_DP_E2_CII_FACTURX', fileName: 'FX-1.pdf', content: pdf }));
    expect(document.result).toMatchObject({ ok: true, invoice: { number: 'FX-1', recipient: { siret: RECIPIENT_SIRET } }, pdf });
  });

  it('reads an archive of Factur-X PDFs and rejects what is not one', async () => {
    const routed = makePdf({ attachments: [{ name: 'factur-x.xml', data: Buffer.from(ciiInvoice({ number: 'FX-2' })) }] });
    const content = tarGz([
      { name: 'FX-2.pdf', content: routed },
      { name: 'plain.pdf', content: PDF },
      { name: 'bare.xml', content: ciiInvoice() },
      { name: 'ubl-inside.pdf', content: makePdf({ attachments: [{ name: 'factur-x.xml', data: Buffer.from(ublInvoice()) }] }) },
    ]);
    const documents = documentsOf(await readFlow({ syntax: 'IN_DP_E2_CII_FACTURX', fileName: 'lot.tar.gz', content }));
    expect(documents.map((d) => (d.result.ok ? d.result.invoice.number : d.result.errors[0].code))).toEqual([
      'FX-2',
      'FACTURX_XML_NOT_FOUND',
      'FILE_UNEXPECTED',
      'SYNTAX_MISMATCH',
    ]);
  });
});
