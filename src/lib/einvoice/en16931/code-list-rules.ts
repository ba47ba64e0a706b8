import type { XmlElement } from '../safe-xml';
import { CODE_LISTS } from './code-lists';
import { ciiPrefix, ublPrefix } from './document';
import type { En16931Syntax } from './findings';

/**
 * The code-list rules (BR-CL-*), natively: one walk of the tree, each element checked against the rule
 * whose context it matches, with the lists the artefacts carry (`code-lists.ts`, generated from them).
 */

export const CODE_LIST_RULES: readonly string[] = [
  '01', '03', '04', '05', '06', '07', '08', '10', '11', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '26',
].map((n) => `BR-CL-${n}`);

export interface CodeListFailure {
  rule: string;
  location: string;
  value: string;
}

const MIME_CODES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

const sets = new Map<string, ReadonlySet<string>>();
function listOf(syntax: En16931Syntax, rule: string, index = 0): ReadonlySet<string> {
  const key = `${syntax} ${rule} ${index}`;
  let set = sets.get(key);
  if (!set) {
    set = new Set((CODE_LISTS[syntax][rule]?.[index] ?? '').split(' '));
    sets.set(key, set);
  }
  return set;
}

/** XPath's `normalize-space`. */
const normalize = (text: string): string => text.replace(/[ \t\r\n]+/g, ' ').trim();

/** `not(contains(v, ' ')) and contains(' list ', concat(' ', v, ' '))` */
function inList(list: ReadonlySet<string>, raw: string | undefined): boolean {
  const value = normalize(raw ?? '');
  return value !== '' && !value.includes(' ') && list.has(value);
}

/** An xs:boolean read the XPath way (`'true'`/`'1'` true, `'false'`/`'0'` false). */
const indicator = (text: string | undefined): boolean | undefined => {
  const value = (text ?? '').trim();
  return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : undefined;
};

interface Visit {
  element: XmlElement;
  parent?: XmlElement;
  /** Names of the element's ancestors, root first. */
  ancestors: readonly string[];
}

type Check = (visit: Visit, fail: (rule: string, value: string, index?: number) => void) => void;

const AMOUNTS = new Set([
  'Amount', 'BaseAmount', 'PriceAmount', 'TaxAmount', 'TaxableAmount', 'LineExtensionAmount', 'TaxExclusiveAmount',
  'TaxInclusiveAmount', 'AllowanceTotalAmount', 'ChargeTotalAmount', 'PrepaidAmount', 'PayableRoundingAmount', 'PayableAmount',
]);

function ublCheck(syntax: En16931Syntax): Check {
  const check = (rule: string, value: string | undefined, fail: (rule: string, value: string) => void, index = 0): void => {
    if (!inList(listOf(syntax, rule, index), value)) fail(rule, value ?? '');
  };
  return ({ element: e, parent, ancestors }, fail) => {
    const name = e.name;
    const parentName = parent?.name;
    const attr = e.attributes;
    if (name === 'InvoiceTypeCode') check('BR-CL-01', e.text, fail, 0);
    else if (name === 'CreditNoteTypeCode') check('BR-CL-01', e.text, fail, 1);
    else if (AMOUNTS.has(name)) check('BR-CL-03', attr.currencyID, fail);
    else if (name === 'DocumentCurrencyCode') check('BR-CL-04', e.text, fail);
    else if (name === 'TaxCurrencyCode') check('BR-CL-05', e.text, fail);
    else if (name === 'DescriptionCode' && parentName === 'InvoicePeriod') check('BR-CL-06', e.text, fail);
    else if (
      name === 'ID' &&
      attr.schemeID !== undefined &&
      (parentName === 'AdditionalDocumentReference' || parentName === 'DocumentReference') &&
      parent!.children.some((c) => c.name === 'DocumentTypeCode' && c.text === '130')
    )
      check('BR-CL-07', attr.schemeID, fail);
    else if (name === 'ID' && attr.schemeID !== undefined && parentName === 'PartyIdentification') {
      const sepa =
        normalize(attr.schemeID) === 'SEPA' && (ancestors.includes('AccountingSupplierParty') || ancestors.includes('PayeeParty'));
      if (!sepa) check('BR-CL-10', attr.schemeID, fail);
    } else if (name === 'CompanyID' && attr.schemeID !== undefined && parentName === 'PartyLegalEntity') check('BR-CL-11', attr.schemeID, fail);
    else if (name === 'ItemClassificationCode' && attr.listID !== undefined && parentName === 'CommodityClassification')
      check('BR-CL-13', attr.listID, fail);
    else if (name === 'IdentificationCode' && parentName === 'Country') check('BR-CL-14', e.text, fail);
    else if (name === 'IdentificationCode' && parentName === 'OriginCountry') check('BR-CL-15', e.text, fail);
    else if (name === 'PaymentMeansCode' && parentName === 'PaymentMeans') check('BR-CL-16', e.text, fail);
    else if (name === 'ID' && parentName === 'TaxCategory') check('BR-CL-17', e.text, fail);
    else if (name === 'ID' && parentName === 'ClassifiedTaxCategory') check('BR-CL-18', e.text, fail);
    else if (name === 'AllowanceChargeReasonCode' && parentName === 'AllowanceCharge') {
      const charge = indicator(parent!.children.find((c) => c.name === 'ChargeIndicator')?.text);
      if (charge === false) check('BR-CL-19', e.text, fail);
      else if (charge === true) check('BR-CL-20', e.text, fail);
    } else if (name === 'ID' && attr.schemeID !== undefined && parentName === 'StandardItemIdentification') check('BR-CL-21', attr.schemeID, fail);
    else if (name === 'TaxExemptionReasonCode') {
      if (normalize(e.text).includes(' ') || !listOf(syntax, 'BR-CL-22').has(normalize(e.text).toUpperCase())) fail('BR-CL-22', e.text);
    } else if ((name === 'InvoicedQuantity' || name === 'BaseQuantity' || name === 'CreditedQuantity') && attr.unitCode !== undefined)
      check('BR-CL-23', attr.unitCode, fail);
    else if (name === 'EmbeddedDocumentBinaryObject' && attr.mimeCode !== undefined) {
      if (!MIME_CODES.has(attr.mimeCode)) fail('BR-CL-24', attr.mimeCode);
    } else if (name === 'EndpointID' && attr.schemeID !== undefined) check('BR-CL-25', attr.schemeID, fail);
    else if (name === 'ID' && attr.schemeID !== undefined && parentName === 'DeliveryLocation') check('BR-CL-26', attr.schemeID, fail);
    // BR-CL-08 (the subject code of a note, `#AAA#…`) is in another pattern of the artefacts: checked on its own.
    if (name === 'Note' && ancestors.length === 1) {
      const text = e.text;
      const first = text.indexOf('#');
      const second = first < 0 ? -1 : text.indexOf('#', first + 1);
      const subject = second < 0 ? '' : text.slice(first + 1, second);
      if (first >= 0 && subject.length === 3 && !` ${(CODE_LISTS[syntax]['BR-CL-08'] ?? [''])[0]} `.includes(subject)) fail('BR-CL-08', subject);
    }
  };
}

function ciiCheck(syntax: En16931Syntax): Check {
  const check = (rule: string, value: string | undefined, fail: (rule: string, value: string) => void): void => {
    if (!inList(listOf(syntax, rule), value)) fail(rule, value ?? '');
  };
  return ({ element: e, parent, ancestors }, fail) => {
    const name = e.name;
    const parentName = parent?.name;
    const attr = e.attributes;
    if (name === 'TypeCode' && parentName === 'ExchangedDocument') check('BR-CL-01', e.text, fail);
    else if (name === 'TaxTotalAmount' && attr.currencyID !== undefined) check('BR-CL-03', attr.currencyID, fail);
    else if (name === 'InvoiceCurrencyCode') check('BR-CL-04', e.text, fail);
    else if (name === 'TaxCurrencyCode') check('BR-CL-05', e.text, fail);
    else if (name === 'DueDateTypeCode') check('BR-CL-06', e.text, fail);
    else if (name === 'ReferenceTypeCode') check('BR-CL-07', e.text, fail);
    else if (name === 'SubjectCode') check('BR-CL-08', e.text, fail);
    else if (
      name === 'GlobalID' &&
      attr.schemeID !== undefined &&
      !ancestors.includes('SpecifiedTradeProduct') &&
      !ancestors.includes('ShipToTradeParty')
    )
      check('BR-CL-10', attr.schemeID, fail);
    else if (name === 'ID' && attr.schemeID !== undefined && !ancestors.includes('SpecifiedTaxRegistration')) check('BR-CL-11', attr.schemeID, fail);
    else if (name === 'ClassCode' && attr.listID !== undefined) check('BR-CL-13', attr.listID, fail);
    else if (name === 'CountryID') check('BR-CL-14', e.text, fail);
    else if (name === 'ID' && parentName === 'OriginTradeCountry') check('BR-CL-15', e.text, fail);
    else if (name === 'TypeCode' && parentName === 'SpecifiedTradeSettlementPaymentMeans') check('BR-CL-16', e.text, fail);
    else if (name === 'CategoryCode' && parentName === 'CategoryTradeTax') check('BR-CL-17', e.text, fail);
    else if (name === 'CategoryCode' && parentName === 'ApplicableTradeTax') check('BR-CL-18', e.text, fail);
    else if (name === 'ReasonCode' && parentName === 'SpecifiedTradeAllowanceCharge') {
      const chargeIndicator = parent!.children.find((c) => c.name === 'ChargeIndicator');
      const charge = indicator(chargeIndicator?.children.find((c) => c.name === 'Indicator')?.text);
      if (charge === false) check('BR-CL-19', e.text, fail);
      else if (charge === true) check('BR-CL-20', e.text, fail);
    } else if (name === 'GlobalID' && attr.schemeID !== undefined && parentName === 'SpecifiedTradeProduct') check('BR-CL-21', attr.schemeID, fail);
    else if (name === 'ExemptionReasonCode') {
      if (normalize(e.text).includes(' ') || !listOf(syntax, 'BR-CL-22').has(normalize(e.text).toUpperCase())) fail('BR-CL-22', e.text);
    } else if ((name === 'BasisQuantity' || name === 'BilledQuantity') && attr.unitCode !== undefined) check('BR-CL-23', attr.unitCode, fail);
    else if (name === 'AttachmentBinaryObject' && attr.mimeCode !== undefined) {
      if (!MIME_CODES.has(attr.mimeCode)) fail('BR-CL-24', attr.mimeCode);
    } else if (name === 'URIID' && attr.schemeID !== undefined && parentName === 'URIUniversalCommunication') check('BR-CL-25', attr.schemeID, fail);
    else if (
      name === 'GlobalID' &&
      attr.schemeID !== undefined &&
      parentName === 'ShipToTradeParty' &&
      ancestors[ancestors.length - 2] === 'ApplicableHeaderTradeDelivery'
    )
      check('BR-CL-26', attr.schemeID, fail);
  };
}

export function checkCodeLists(root: XmlElement, syntax: En16931Syntax): CodeListFailure[] {
  const failures: CodeListFailure[] = [];
  const check = syntax === 'UBL' ? ublCheck(syntax) : ciiCheck(syntax);
  const prefix = syntax === 'UBL' ? ublPrefix : ciiPrefix;
  const rootLocation = syntax === 'UBL' ? `/${root.name}` : '/rsm:CrossIndustryInvoice';
  // The path of elements from the root, kept as a stack; a location is only written out for a failure.
  const elements: XmlElement[] = [];
  const ancestors: string[] = [];
  const locationOf = (): string => {
    let location = rootLocation;
    for (let depth = 1; depth < elements.length; depth++) {
      const parent = elements[depth - 1]!;
      const element = elements[depth]!;
      const same = parent.children.filter((child) => child.name === element.name);
      const index = same.length > 1 ? `[${same.indexOf(element) + 1}]` : '';
      location += `/${prefix(element.name)}${element.name}${index}`;
    }
    return location;
  };
  const walk = (element: XmlElement, parent: XmlElement | undefined): void => {
    elements.push(element);
    check({ element, parent, ancestors }, (rule, value) => failures.push({ rule, location: locationOf(), value }));
    ancestors.push(element.name);
    for (const child of element.children) walk(child, element);
    ancestors.pop();
    elements.pop();
  };
  walk(root, undefined);
  return failures;
}
