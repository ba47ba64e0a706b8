import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * Test helpers for the flow parsers (not used by production code). The sample files next to this
 * module are copies of /work/shared/samples (EN 16931 examples under EUPL 1.2, Factur-X samples
 * under the licence in facturx/LICENSE.txt) so the tests do not depend on anything outside the repo.
 */

export const FIXTURES_DIR = __dirname;

export function fixture(relative: string): Buffer {
  return readFileSync(join(FIXTURES_DIR, relative));
}

export function fixtureText(relative: string): string {
  return fixture(relative).toString('utf8');
}

export function fixtureNames(folder: string): string[] {
  return readdirSync(join(FIXTURES_DIR, folder))
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** Plausible SIRETs (14 digits) substituted into the foreign EN 16931 examples. */
export const SUPPLIER_SIRET = '35600000000048';
export const RECIPIENT_SIRET = '11000201100044';

// ---------------------------------------------------------------- SIRET substitution

export interface Sirets {
  supplier?: string;
  recipient?: string;
  scheme?: string;
}

/** Adds a `cac:PartyIdentification` with the SIRET to each UBL party (whatever its indentation). */
export function withUblSirets(xml: string, sirets: Sirets): string {
  const scheme = sirets.scheme ?? '0009';
  let out = xml;
  if (sirets.supplier) out = addUblId(out, 'AccountingSupplierParty', sirets.supplier, scheme);
  if (sirets.recipient) out = addUblId(out, 'AccountingCustomerParty', sirets.recipient, scheme);
  return out;
}

function addUblId(xml: string, wrapper: string, siret: string, scheme: string): string {
  const pattern = new RegExp(`(<cac:${wrapper}>\\s*<cac:Party>)`);
  if (!pattern.test(xml)) throw new Error(`no cac:${wrapper}/cac:Party in fixture`);
  // The buyer has one identifier at most (UBL-SR-16): the SIRET replaces the one it has.
  const buyerId =
    /(<cac:AccountingCustomerParty>\s*<cac:Party>(?:\s*<cbc:EndpointID[^>]*>[^<]*<\/cbc:EndpointID>)?\s*<cac:PartyIdentification>\s*)<cbc:ID[^>]*>[^<]*<\/cbc:ID>/;
  if (wrapper === 'AccountingCustomerParty' && buyerId.test(xml)) {
    return xml.replace(buyerId, `$1<cbc:ID schemeID="${scheme}">${siret}</cbc:ID>`);
  }
  return xml.replace(
    pattern,
    `$1<cac:PartyIdentification><cbc:ID schemeID="${scheme}">${siret}</cbc:ID></cac:PartyIdentification>`,
  );
}

/** Adds a `ram:GlobalID` with the SIRET to the CII seller and buyer. */
export function withCiiSirets(xml: string, sirets: Sirets): string {
  const scheme = sirets.scheme ?? '0009';
  let out = xml;
  if (sirets.supplier) out = addCiiId(out, 'SellerTradeParty', sirets.supplier, scheme);
  if (sirets.recipient) out = addCiiId(out, 'BuyerTradeParty', sirets.recipient, scheme);
  return out;
}

function addCiiId(xml: string, party: string, siret: string, scheme: string): string {
  const pattern = new RegExp(`(<ram:${party}>)`);
  if (!pattern.test(xml)) throw new Error(`no ram:${party} in fixture`);
  return xml.replace(pattern, `$1<ram:GlobalID schemeID="${scheme}">${siret}</ram:GlobalID>`);
}

// ---------------------------------------------------------------- tar writer

export interface TarEntrySpec {
  name: string;
  content?: Buffer | string;
  /** ustar type flag: '0' file (default), '1' hard link, '2' symlink, '5' directory, 'x' pax, 'L' GNU long name. */
  type?: string;
  linkName?: string;
  prefix?: string;
}

/** A minimal ustar writer: enough to build test archives, including hostile ones. */
export function makeTar(entries: TarEntrySpec[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    blocks.push(tarHeader(entry, content.length));
    blocks.push(content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function tarHeader(entry: TarEntrySpec, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(entry.name, 0, 100, 'utf8');
  header.write('0000644\0', 100, 'latin1');
  header.write('0000000\0', 108, 'latin1');
  header.write('0000000\0', 116, 'latin1');
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('00000000000\0', 136, 'latin1');
  header.write(entry.type ?? '0', 156, 'latin1');
  if (entry.linkName) header.write(entry.linkName, 157, 100, 'utf8');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  if (entry.prefix) header.write(entry.prefix, 345, 155, 'utf8');
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

/** A pax extended header record set carrying `path`. */
export function paxRecords(path: string): Buffer {
  const body = ` path=${path}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${length}${body}`) !== length) length += 1;
  return Buffer.from(`${length}${body}`);
}

// ---------------------------------------------------------------- PDF writer

export interface PdfAttachmentSpec {
  name: string;
  data: Buffer;
  /** FlateDecode (default) or stored as is. */
  compress?: boolean;
  /** Writes /Filter with this name instead (to test unsupported filters). */
  filter?: string;
  /** How the file name is written: literal (default), with octal escapes, or UTF-16BE hex. */
  nameStyle?: 'literal' | 'octal' | 'utf16hex';
}

export interface PdfSpec {
  attachments: PdfAttachmentSpec[];
  /** Put the file specifications inside a compressed object stream (PDF 1.5+ writers do). */
  objectStream?: boolean;
  encrypted?: boolean;
}

/** Builds a small one-page PDF/A-3-like file with embedded files, with a correct classic xref. */
export function makePdf(spec: PdfSpec): Buffer {
  const direct: Array<{ num: number; body: Buffer }> = [];
  const compressed: Array<{ num: number; body: string }> = [];
  const fileSpecNums = spec.attachments.map((_, i) => 10 + i * 2);
  const nameTree = spec.attachments.map((a, i) => `${pdfString(a.name, 'literal')} ${fileSpecNums[i]} 0 R`).join(' ');
  const refs = fileSpecNums.map((num) => `${num} 0 R`).join(' ');
  direct.push({ num: 1, body: Buffer.from(`<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [ ${nameTree} ] >> >> /AF [ ${refs} ] >>`) });
  direct.push({ num: 2, body: Buffer.from('<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>') });
  direct.push({ num: 3, body: Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] >>') });
  spec.attachments.forEach((attachment, i) => {
    const streamNum = fileSpecNums[i] + 1;
    const fileSpec = `<< /Type /Filespec /F ${pdfString(attachment.name, attachment.nameStyle ?? 'literal')} /UF ${pdfString(attachment.name, attachment.nameStyle ?? 'literal')} /AFRelationship /Data /EF << /F ${streamNum} 0 R /UF ${streamNum} 0 R >> >>`;
    if (spec.objectStream) compressed.push({ num: fileSpecNums[i], body: fileSpec });
    else direct.push({ num: fileSpecNums[i], body: Buffer.from(fileSpec) });
    direct.push({ num: streamNum, body: embeddedFileStream(attachment) });
  });
  if (spec.objectStream) direct.push({ num: 50, body: objectStream(compressed) });
  if (spec.encrypted) direct.push({ num: 60, body: Buffer.from('<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>') });
  return serialisePdf(direct, spec.encrypted ? ' /Encrypt 60 0 R' : '');
}

function embeddedFileStream(attachment: PdfAttachmentSpec): Buffer {
  const compress = attachment.compress ?? true;
  const data = compress ? deflateSync(attachment.data) : attachment.data;
  const filter = attachment.filter ? ` /Filter /${attachment.filter}` : compress ? ' /Filter /FlateDecode' : '';
  const dict = `<< /Type /EmbeddedFile /Subtype /text#2Fxml${filter} /Params << /Size ${attachment.data.length} >> /Length ${data.length} >>`;
  return Buffer.concat([Buffer.from(`${dict}\nstream\n`), data, Buffer.from('\nendstream')]);
}

function objectStream(objects: Array<{ num: number; body: string }>): Buffer {
  let offset = 0;
  const header: string[] = [];
  for (const object of objects) {
    header.push(`${object.num} ${offset}`);
    offset += Buffer.byteLength(object.body) + 1;
  }
  const headerText = `${header.join(' ')} `;
  const data = deflateSync(Buffer.from(headerText + objects.map((o) => `${o.body}\n`).join('')));
  const dict = `<< /Type /ObjStm /N ${objects.length} /First ${Buffer.byteLength(headerText)} /Filter /FlateDecode /Length ${data.length} >>`;
  return Buffer.concat([Buffer.from(`${dict}\nstream\n`), data, Buffer.from('\nendstream')]);
}

function serialisePdf(objects: Array<{ num: number; body: Buffer }>, trailerExtra: string): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let position = parts[0].length;
  const offsets = new Map<number, number>();
  for (const object of objects) {
    offsets.set(object.num, position);
    const chunk = Buffer.concat([Buffer.from(`${object.num} 0 obj\n`), object.body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    position += chunk.length;
  }
  const size = Math.max(...objects.map((o) => o.num)) + 1;
  const rows = ['0000000000 65535 f \n'];
  for (let num = 1; num < size; num += 1) {
    const offset = offsets.get(num);
    rows.push(offset === undefined ? '0000000000 65535 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`);
  }
  parts.push(Buffer.from(`xref\n0 ${size}\n${rows.join('')}trailer\n<< /Size ${size} /Root 1 0 R${trailerExtra} >>\nstartxref\n${position}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function pdfString(text: string, style: 'literal' | 'octal' | 'utf16hex'): string {
  if (style === 'utf16hex') {
    const utf16 = Buffer.from(text, 'utf16le');
    utf16.swap16();
    return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
  }
  if (style === 'octal') {
    return `(${[...text].map((c) => (/[a-z0-9]/i.test(c) ? c : `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)).join('')})`;
  }
  return `(${text.replace(/[()\\]/g, (c) => `\\${c}`)})`;
}

// ---------------------------------------------------------------- small hand-written invoices

const UBL_NS = 'urn:oasis:names:specification:ubl:schema:xsd';

export interface UblTemplate {
  root?: 'Invoice' | 'CreditNote';
  number?: string;
  issueDate?: string;
  typeCode?: string;
  /** Extra header elements after the currency (BuyerReference, OrderReference…). */
  header?: string;
  supplierParty?: string;
  customerParty?: string;
  taxTotal?: string;
  monetaryTotal?: string;
  lines?: string;
}

/** A small, valid-shaped UBL invoice routed with SIRETs; every part can be overridden. */
export function ublInvoice(t: UblTemplate = {}): string {
  const root = t.root ?? 'Invoice';
  const typeTag = root === 'Invoice' ? 'InvoiceTypeCode' : 'CreditNoteTypeCode';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="${UBL_NS}:${root}-2" xmlns:cac="${UBL_NS}:CommonAggregateComponents-2" xmlns:cbc="${UBL_NS}:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>${t.number ?? 'FA-2026-001'}</cbc:ID>
  <cbc:IssueDate>${t.issueDate ?? '2026-03-15'}</cbc:IssueDate>
  <cbc:${typeTag}>${t.typeCode ?? (root === 'Invoice' ? '380' : '381')}</cbc:${typeTag}>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  ${t.header ?? '<cbc:BuyerReference>SERV-01</cbc:BuyerReference><cac:OrderReference><cbc:ID>EJ-4500012345</cbc:ID></cac:OrderReference>'}
  <cac:AccountingSupplierParty><cac:Party>${t.supplierParty ?? `<cbc:EndpointID schemeID="0009">${SUPPLIER_SIRET}</cbc:EndpointID><cac:PartyName><cbc:Name>Fournitures Dupont</cbc:Name></cac:PartyName><cac:PostalAddress><cbc:CityName>Lyon</cbc:CityName><cbc:PostalZone>69001</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyTaxScheme><cbc:CompanyID>FR32123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Fournitures Dupont</cbc:RegistrationName><cbc:CompanyID schemeID="0009">${SUPPLIER_SIRET}</cbc:CompanyID></cac:PartyLegalEntity>`}</cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>${t.customerParty ?? `<cac:PostalAddress><cbc:CityName>Paris</cbc:CityName><cbc:PostalZone>75007</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyLegalEntity><cbc:RegistrationName>Ministère des Essais</cbc:RegistrationName><cbc:CompanyID schemeID="0009">${RECIPIENT_SIRET}</cbc:CompanyID></cac:PartyLegalEntity>`}</cac:Party></cac:AccountingCustomerParty>
  ${t.taxTotal ?? '<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">20.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">20.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>'}
  <cac:LegalMonetaryTotal>${t.monetaryTotal ?? '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">120.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">120.00</cbc:PayableAmount>'}</cac:LegalMonetaryTotal>
  ${t.lines ?? `<cac:${root}Line><cbc:ID>1</cbc:ID><cbc:${root === 'Invoice' ? 'Invoiced' : 'Credited'}Quantity unitCode="C62">4</cbc:${root === 'Invoice' ? 'Invoiced' : 'Credited'}Quantity><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Ramettes de papier</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price></cac:${root}Line>`}
</${root}>`;
}

const CII_NS = 'urn:un:unece:uncefact:data:standard';

export interface CiiTemplate {
  number?: string;
  typeCode?: string;
  issueDate?: string;
  dateFormat?: string;
  /** Extra elements at the start of ApplicableHeaderTradeAgreement (BuyerReference…). */
  agreementHeader?: string;
  sellerParty?: string;
  buyerParty?: string;
  summation?: string;
  prefixes?: { rsm: string; ram: string; udt: string };
}

/** A small CII (MINIMUM-like + one VAT line) invoice routed with SIRETs. */
export function ciiInvoice(t: CiiTemplate = {}): string {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="${CII_NS}:CrossIndustryInvoice:100" xmlns:ram="${CII_NS}:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="${CII_NS}:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:factur-x.eu:1p0:minimum</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${t.number ?? 'FC-2026-001'}</ram:ID>
    <ram:TypeCode>${t.typeCode ?? '380'}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="${t.dateFormat ?? '102'}">${t.issueDate ?? '20260315'}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      ${t.agreementHeader ?? '<ram:BuyerReference>SERV-02</ram:BuyerReference>'}
      <ram:SellerTradeParty>${t.sellerParty ?? `<ram:Name>Fournitures Dupont</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">${SUPPLIER_SIRET}</ram:ID></ram:SpecifiedLegalOrganization>`}</ram:SellerTradeParty>
      <ram:BuyerTradeParty>${t.buyerParty ?? `<ram:ID schemeID="0009">${RECIPIENT_SIRET}</ram:ID><ram:Name>Ministère des Essais</ram:Name>`}</ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>EJ-4500099999</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>10.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>50.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>${t.summation ?? '<ram:TaxBasisTotalAmount>50.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">10.00</ram:TaxTotalAmount><ram:GrandTotalAmount>60.00</ram:GrandTotalAmount><ram:DuePayableAmount>60.00</ram:DuePayableAmount>'}</ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;
  const p = t.prefixes;
  return p ? xml.replace(/(<\/?|xmlns:)(rsm|ram|udt)(?=[:=])/g, (_, lead: string, prefix: 'rsm' | 'ram' | 'udt') => `${lead}${p[prefix]}`) : xml;
}
