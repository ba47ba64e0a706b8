import type { XmlElement } from '../safe-xml';
import type { En16931Syntax } from './findings';

/**
 * The EN 16931 content the native rules look at, read from a UBL or CII tree: every field keeps its text
 * as written (presence and decimals matter to the rules) and its XPath (the finding's location).
 * This is the validator's own reading, independent of the invoice parsers: it reads only what the rules
 * need, and reads it the way the official artefacts do (e.g. a field is "present" even when blank).
 */

export interface Field {
  /** Trimmed text; '' when the element is present but empty. */
  readonly text: string;
  readonly location: string;
}

export interface VatCategory {
  readonly code?: Field;
  readonly rate?: Field;
  readonly exemptionReason?: Field;
  readonly exemptionReasonCode?: Field;
  /** False when the tax scheme / type code says something other than VAT. */
  readonly isVat: boolean;
  readonly location: string;
}

export interface AllowanceCharge {
  /**
   * undefined when the indicator is missing or not a boolean: the artefacts select allowances and charges by
   * `ChargeIndicator = false()` / `true()`, so such an element is neither (and no rule of either applies to it).
   */
  readonly charge: boolean | undefined;
  readonly amount?: Field;
  readonly baseAmount?: Field;
  readonly reason?: Field;
  readonly reasonCode?: Field;
  readonly category?: VatCategory;
  readonly location: string;
}

export interface Period {
  readonly start?: Field;
  readonly end?: Field;
  readonly descriptionCode?: Field;
  readonly location: string;
}

export interface Line {
  readonly id?: Field;
  readonly quantity?: Field;
  readonly unitCode?: Field;
  readonly netAmount?: Field;
  readonly itemName?: Field;
  readonly netPrice?: Field;
  readonly grossPrice?: Field;
  readonly category?: VatCategory;
  readonly period?: Period;
  readonly allowanceCharges: readonly AllowanceCharge[];
  readonly location: string;
}

export interface VatBreakdown {
  readonly taxableAmount?: Field;
  readonly taxAmount?: Field;
  readonly category?: VatCategory;
  readonly location: string;
}

export interface TaxTotal {
  readonly amount?: Field;
  readonly currency?: string;
  readonly location: string;
}

export interface Party {
  readonly present: boolean;
  readonly name?: Field;
  /** The postal address element (BG-5, BG-8, BG-12), with its country code. */
  readonly address?: { readonly country?: Field; readonly location: string };
  readonly vatIds: readonly Field[];
  /** Tax registration identifiers other than VAT (BT-32: UBL scheme ≠ VAT, CII schemeID FC). */
  readonly taxRegistrationIds: readonly Field[];
  readonly identifiers: readonly Field[];
  readonly legalId?: Field;
  readonly location: string;
}

/** What the remaining BR rules (payee, payment, references, identifiers' schemes, delivery) look at. */
export interface Extras {
  /** BR-17: the payee (BG-10) and what tells it apart from the seller. */
  readonly payee?: { readonly name?: Field; readonly differsFromSeller: boolean; readonly location: string };
  /** BR-49, BR-50, BR-61: payment instructions; `accounts` are the credit-transfer accounts' identifiers. */
  readonly paymentMeans: ReadonlyArray<{
    readonly code?: Field;
    readonly accounts: ReadonlyArray<{ readonly id?: Field; readonly location: string }>;
    readonly location: string;
  }>;
  /** BR-51: card account numbers (BT-87). */
  readonly cardNumbers: readonly Field[];
  /** BR-52: supporting documents (BG-24) and their reference (BT-122). */
  readonly additionalDocuments: ReadonlyArray<{ readonly id?: Field; readonly location: string }>;
  /** BR-54: item attributes (BG-32). */
  readonly itemAttributes: ReadonlyArray<{ readonly name?: Field; readonly value?: Field; readonly location: string }>;
  /** BR-55: preceding invoice references (BG-3). */
  readonly precedingInvoices: ReadonlyArray<{ readonly id?: Field; readonly location: string }>;
  /** BR-57: deliver-to addresses (BG-15). */
  readonly deliveryAddresses: ReadonlyArray<{ readonly country?: Field; readonly location: string }>;
  /** BR-62/63 (electronic addresses), BR-64 (standard ids), BR-65 (classifications): identifiers needing a scheme. */
  readonly schemeless: ReadonlyArray<{ readonly rule: 'BR-62' | 'BR-63' | 'BR-64' | 'BR-65'; readonly location: string }>;
  /** BR-CO-03: VAT point date (BT-7) and its code (BT-8). */
  readonly taxPointDate: boolean;
  readonly taxPointDateCode: boolean;
  /** BR-IC-11/12: actual delivery date, invoicing period filled, deliver-to country. */
  readonly actualDeliveryDate: boolean;
  readonly periodFilled: boolean;
  readonly deliverToCountry: boolean;
}

export interface InvoiceView {
  readonly syntax: En16931Syntax;
  readonly rootLocation: string;
  readonly specificationId?: Field;
  readonly number?: Field;
  readonly issueDate?: Field;
  readonly typeCode?: Field;
  readonly currency?: Field;
  readonly taxCurrency?: Field;
  readonly seller: Party;
  readonly buyer: Party;
  readonly taxRepresentative?: Party;
  readonly invoicePeriod?: Period;
  readonly totalsLocation?: string;
  readonly lineTotal?: Field;
  readonly allowanceTotal?: Field;
  readonly chargeTotal?: Field;
  readonly taxExclusive?: Field;
  readonly taxInclusive?: Field;
  readonly prepaid?: Field;
  readonly rounding?: Field;
  readonly payable?: Field;
  /** BT-110 / BT-111: the tax totals with their currency. */
  readonly taxTotals: readonly TaxTotal[];
  /** UBL: each cac:TaxTotal holding subtotals, with its own amount (BR-CO-14 is checked per TaxTotal). */
  readonly taxTotalGroups: ReadonlyArray<{ amount?: Field; breakdowns: readonly VatBreakdown[]; location: string }>;
  readonly vatBreakdowns: readonly VatBreakdown[];
  readonly allowanceCharges: readonly AllowanceCharge[];
  readonly lines: readonly Line[];
  readonly extras: Extras;
}

// ---------------------------------------------------------------- tree helpers

function kids(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((child) => child.name === name) : [];
}

function kid(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => child.name === name);
}

function path(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = element;
  for (const name of names) current = kid(current, name);
  return current;
}

/** The XPath of each child named `name` under `parent` (`prefix:name`, `[n]` when there are several). */
function located(parentLocation: string, prefix: string, elements: XmlElement[]): Array<[XmlElement, string]> {
  return elements.map((element, index) => [
    element,
    `${parentLocation}/${prefix}${element.name}${elements.length > 1 ? `[${index + 1}]` : ''}`,
  ]);
}

function field(element: XmlElement | undefined, location: string): Field | undefined {
  return element ? { text: element.text, location } : undefined;
}

/** A field at a relative path of prefixed steps (`cac:Price/cbc:PriceAmount`). */
function at(element: XmlElement | undefined, location: string, steps: string): Field | undefined {
  let current = element;
  for (const step of steps.split('/')) current = kid(current, step.slice(step.indexOf(':') + 1));
  return field(current, `${location}/${steps}`);
}

function attribute(element: XmlElement | undefined, location: string, name: string): Field | undefined {
  const value = element?.attributes[name];
  return value === undefined ? undefined : { text: value, location: `${location}/@${name}` };
}

/**
 * Every descendant with one of `names` (artefact contexts starting with `//`), with its XPath, in one walk
 * of the tree; the XPath is only written out for the elements found.
 */
function descendantsNamed(
  root: XmlElement,
  rootLocation: string,
  prefix: (name: string) => string,
  names: readonly string[],
): Map<string, Array<[XmlElement, string]>> {
  const found = new Map<string, Array<[XmlElement, string]>>(names.map((name) => [name, []]));
  const stack: XmlElement[] = [root];
  const locationOf = (): string => {
    let location = rootLocation;
    for (let depth = 1; depth < stack.length; depth++) {
      const element = stack[depth]!;
      const same = stack[depth - 1]!.children.filter((child) => child.name === element.name);
      location += `/${prefix(element.name)}${element.name}${same.length > 1 ? `[${same.indexOf(element) + 1}]` : ''}`;
    }
    return location;
  };
  const visit = (node: XmlElement): void => {
    for (const child of node.children) {
      stack.push(child);
      found.get(child.name)?.push([child, locationOf()]);
      visit(child);
      stack.pop();
    }
  };
  visit(root);
  return found;
}

const UBL_BASIC = new Set(['ID', 'Name', 'Value', 'Note', 'CompanyID', 'EndpointID', 'PaymentMeansCode', 'PrimaryAccountNumberID']);
/** UBL prefixes by the element's shape: leaves are cbc:, groups cac: (good enough for locations). */
export const ublPrefix = (name: string): string =>
  UBL_BASIC.has(name) || /(Amount|Date|Code|Quantity|Indicator|Percent|Reason|Text|Time|Identifier|Numeric|Measure)$/.test(name)
    ? 'cbc:'
    : 'cac:';
export const ciiPrefix = (name: string): string =>
  name === 'ExchangedDocumentContext' || name === 'ExchangedDocument' || name === 'SupplyChainTradeTransaction'
    ? 'rsm:'
    : name === 'DateTimeString' || name === 'Indicator'
      ? 'udt:'
      : 'ram:';

/** An xs:boolean the XPath way (`true`/`1`, `false`/`0`); undefined when absent or anything else. */
const indicator = (text: string | undefined): boolean | undefined => {
  const value = text?.trim();
  return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : undefined;
};

const isVatScheme = (text: string | undefined): boolean => (text ?? '').trim().toUpperCase() === 'VAT';

// ---------------------------------------------------------------- UBL

function ublCategory(element: XmlElement, location: string): VatCategory {
  return {
    code: at(element, location, 'cbc:ID'),
    rate: at(element, location, 'cbc:Percent'),
    exemptionReason: at(element, location, 'cbc:TaxExemptionReason'),
    exemptionReasonCode: at(element, location, 'cbc:TaxExemptionReasonCode'),
    isVat: isVatScheme(path(element, 'TaxScheme', 'ID')?.text),
    location,
  };
}

function ublAllowanceCharges(parent: XmlElement, location: string): AllowanceCharge[] {
  return located(location, 'cac:', kids(parent, 'AllowanceCharge')).map(([element, where]) => {
    const category = kid(element, 'TaxCategory');
    return {
      charge: indicator(kid(element, 'ChargeIndicator')?.text),
      amount: at(element, where, 'cbc:Amount'),
      baseAmount: at(element, where, 'cbc:BaseAmount'),
      reason: at(element, where, 'cbc:AllowanceChargeReason'),
      reasonCode: at(element, where, 'cbc:AllowanceChargeReasonCode'),
      category: category ? ublCategory(category, `${where}/cac:TaxCategory`) : undefined,
      location: where,
    };
  });
}

function ublPeriod(parent: XmlElement, location: string): Period | undefined {
  const element = kid(parent, 'InvoicePeriod');
  if (!element) return undefined;
  const where = `${location}/cac:InvoicePeriod`;
  return {
    start: at(element, where, 'cbc:StartDate'),
    end: at(element, where, 'cbc:EndDate'),
    descriptionCode: at(element, where, 'cbc:DescriptionCode'),
    location: where,
  };
}

function ublParty(party: XmlElement | undefined, location: string, nameSteps: string): Party {
  if (!party) return { present: false, vatIds: [], taxRegistrationIds: [], identifiers: [], location };
  const schemes = located(location, 'cac:', kids(party, 'PartyTaxScheme'));
  const address = kid(party, 'PostalAddress');
  return {
    present: true,
    name: at(party, location, nameSteps),
    address: address
      ? { country: at(address, `${location}/cac:PostalAddress`, 'cac:Country/cbc:IdentificationCode'), location: `${location}/cac:PostalAddress` }
      : undefined,
    vatIds: schemes
      .filter(([scheme]) => isVatScheme(path(scheme, 'TaxScheme', 'ID')?.text))
      .flatMap(([scheme, where]) => at(scheme, where, 'cbc:CompanyID') ?? []),
    taxRegistrationIds: schemes
      .filter(([scheme]) => !isVatScheme(path(scheme, 'TaxScheme', 'ID')?.text))
      .flatMap(([scheme, where]) => at(scheme, where, 'cbc:CompanyID') ?? []),
    identifiers: located(location, 'cac:', kids(party, 'PartyIdentification')).flatMap(([identification, where]) =>
      kid(identification, 'ID')?.attributes.schemeID === 'SEPA' ? [] : (at(identification, where, 'cbc:ID') ?? []),
    ),
    legalId: at(party, location, 'cac:PartyLegalEntity/cbc:CompanyID'),
    location,
  };
}

export function readUbl(root: XmlElement): InvoiceView {
  const rootLocation = `/${root.name}`;
  const lineName = root.name === 'CreditNote' ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityName = root.name === 'CreditNote' ? 'CreditedQuantity' : 'InvoicedQuantity';
  const totals = kid(root, 'LegalMonetaryTotal');
  const totalsLocation = `${rootLocation}/cac:LegalMonetaryTotal`;
  const taxTotalGroups = located(rootLocation, 'cac:', kids(root, 'TaxTotal')).map(([taxTotal, where]) => ({
    amount: at(taxTotal, where, 'cbc:TaxAmount'),
    currency: kid(taxTotal, 'TaxAmount')?.attributes.currencyID,
    breakdowns: located(where, 'cac:', kids(taxTotal, 'TaxSubtotal')).map(([subtotal, at2]): VatBreakdown => {
      const category = kid(subtotal, 'TaxCategory');
      return {
        taxableAmount: at(subtotal, at2, 'cbc:TaxableAmount'),
        taxAmount: at(subtotal, at2, 'cbc:TaxAmount'),
        category: category ? ublCategory(category, `${at2}/cac:TaxCategory`) : undefined,
        location: at2,
      };
    }),
    location: where,
  }));
  const supplier = path(root, 'AccountingSupplierParty', 'Party');
  const customer = path(root, 'AccountingCustomerParty', 'Party');
  const representative = kid(root, 'TaxRepresentativeParty');
  const sellerParty = supplier;
  const found = descendantsNamed(root, rootLocation, ublPrefix, [
    'CardAccount',
    'AdditionalDocumentReference',
    'AdditionalItemProperty',
    'BillingReference',
    'Delivery',
  ]);
  const payee = kid(root, 'PayeeParty');
  const delivery = kid(root, 'Delivery');
  const extras: Extras = {
    payee: payee
      ? {
          name: at(payee, `${rootLocation}/cac:PayeeParty`, 'cac:PartyName/cbc:Name'),
          differsFromSeller:
            !kids(payee, 'PartyName').some((n) =>
              kids(sellerParty, 'PartyName').some((m) => kid(m, 'Name')?.text === kid(n, 'Name')?.text && kid(n, 'Name') !== undefined),
            ) &&
            !kids(payee, 'PartyIdentification').some((n) =>
              kids(sellerParty, 'PartyIdentification').some((m) => kid(m, 'ID') !== undefined && kid(m, 'ID')?.text === kid(n, 'ID')?.text),
            ),
          location: `${rootLocation}/cac:PayeeParty`,
        }
      : undefined,
    paymentMeans: located(rootLocation, 'cac:', kids(root, 'PaymentMeans')).map(([means, where]) => ({
      code: at(means, where, 'cbc:PaymentMeansCode'),
      accounts: located(where, 'cac:', kids(means, 'PayeeFinancialAccount')).map(([account, at2]) => ({
        id: at(account, at2, 'cbc:ID'),
        location: at2,
      })),
      location: where,
    })),
    cardNumbers: found.get('CardAccount')!.flatMap(([card, where]) => at(card, where, 'cbc:PrimaryAccountNumberID') ?? []),
    additionalDocuments: found.get('AdditionalDocumentReference')!.map(([doc, where]) => ({
      id: at(doc, where, 'cbc:ID'),
      location: where,
    })),
    itemAttributes: found.get('AdditionalItemProperty')!.map(([attr, where]) => ({
      name: at(attr, where, 'cbc:Name'),
      value: at(attr, where, 'cbc:Value'),
      location: where,
    })),
    precedingInvoices: found.get('BillingReference')!.map(([ref, where]) => ({
      id: at(ref, where, 'cac:InvoiceDocumentReference/cbc:ID'),
      location: where,
    })),
    deliveryAddresses: found.get('Delivery')!.flatMap(([d, where]) => {
      const address = path(d, 'DeliveryLocation', 'Address');
      const at2 = `${where}/cac:DeliveryLocation/cac:Address`;
      return address ? [{ country: at(address, at2, 'cac:Country/cbc:IdentificationCode'), location: at2 }] : [];
    }),
    schemeless: [
      ...(kid(supplier, 'EndpointID') && kid(supplier, 'EndpointID')!.attributes.schemeID === undefined
        ? [{ rule: 'BR-62' as const, location: `${rootLocation}/cac:AccountingSupplierParty/cac:Party/cbc:EndpointID` }]
        : []),
      ...(kid(customer, 'EndpointID') && kid(customer, 'EndpointID')!.attributes.schemeID === undefined
        ? [{ rule: 'BR-63' as const, location: `${rootLocation}/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID` }]
        : []),
      ...located(rootLocation, 'cac:', kids(root, lineName)).flatMap(([line, where]) => [
        ...kids(path(line, 'Item', 'StandardItemIdentification'), 'ID')
          .filter((id) => id.attributes.schemeID === undefined)
          .map(() => ({ rule: 'BR-64' as const, location: `${where}/cac:Item/cac:StandardItemIdentification/cbc:ID` })),
        ...kids(kid(line, 'Item'), 'CommodityClassification')
          .flatMap((classification) => kids(classification, 'ItemClassificationCode'))
          .filter((classCode) => classCode.attributes.listID === undefined)
          .map(() => ({ rule: 'BR-65' as const, location: `${where}/cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode` })),
      ]),
    ],
    taxPointDate: kid(root, 'TaxPointDate') !== undefined,
    taxPointDateCode: path(root, 'InvoicePeriod', 'DescriptionCode') !== undefined,
    actualDeliveryDate: (kid(delivery, 'ActualDeliveryDate')?.text.length ?? 0) > 1,
    periodFilled: (kid(root, 'InvoicePeriod')?.children.length ?? 0) > 0,
    deliverToCountry: (path(delivery, 'DeliveryLocation', 'Address', 'Country', 'IdentificationCode')?.text.length ?? 0) > 1,
  };
  return {
    extras,
    syntax: 'UBL',
    rootLocation,
    specificationId: at(root, rootLocation, 'cbc:CustomizationID'),
    number: at(root, rootLocation, 'cbc:ID'),
    issueDate: at(root, rootLocation, 'cbc:IssueDate'),
    typeCode: at(root, rootLocation, root.name === 'CreditNote' ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode'),
    currency: at(root, rootLocation, 'cbc:DocumentCurrencyCode'),
    taxCurrency: at(root, rootLocation, 'cbc:TaxCurrencyCode'),
    seller: ublParty(supplier, `${rootLocation}/cac:AccountingSupplierParty/cac:Party`, 'cac:PartyLegalEntity/cbc:RegistrationName'),
    buyer: ublParty(customer, `${rootLocation}/cac:AccountingCustomerParty/cac:Party`, 'cac:PartyLegalEntity/cbc:RegistrationName'),
    taxRepresentative: representative
      ? ublParty(representative, `${rootLocation}/cac:TaxRepresentativeParty`, 'cac:PartyName/cbc:Name')
      : undefined,
    invoicePeriod: ublPeriod(root, rootLocation),
    totalsLocation: totals ? totalsLocation : undefined,
    lineTotal: at(totals, totalsLocation, 'cbc:LineExtensionAmount'),
    allowanceTotal: at(totals, totalsLocation, 'cbc:AllowanceTotalAmount'),
    chargeTotal: at(totals, totalsLocation, 'cbc:ChargeTotalAmount'),
    taxExclusive: at(totals, totalsLocation, 'cbc:TaxExclusiveAmount'),
    taxInclusive: at(totals, totalsLocation, 'cbc:TaxInclusiveAmount'),
    prepaid: at(totals, totalsLocation, 'cbc:PrepaidAmount'),
    rounding: at(totals, totalsLocation, 'cbc:PayableRoundingAmount'),
    payable: at(totals, totalsLocation, 'cbc:PayableAmount'),
    taxTotals: taxTotalGroups.map((group) => ({ amount: group.amount, currency: group.currency, location: group.location })),
    taxTotalGroups: taxTotalGroups.filter((group) => group.breakdowns.length > 0),
    vatBreakdowns: taxTotalGroups.flatMap((group) => group.breakdowns),
    allowanceCharges: ublAllowanceCharges(root, rootLocation),
    lines: located(rootLocation, 'cac:', kids(root, lineName)).map(([line, where]): Line => {
      const category = path(line, 'Item', 'ClassifiedTaxCategory');
      const quantity = kid(line, quantityName);
      return {
        id: at(line, where, 'cbc:ID'),
        quantity: field(quantity, `${where}/cbc:${quantityName}`),
        unitCode: attribute(quantity, `${where}/cbc:${quantityName}`, 'unitCode'),
        netAmount: at(line, where, 'cbc:LineExtensionAmount'),
        itemName: at(line, where, 'cac:Item/cbc:Name'),
        netPrice: at(line, where, 'cac:Price/cbc:PriceAmount'),
        grossPrice: at(line, where, 'cac:Price/cac:AllowanceCharge/cbc:BaseAmount'),
        category: category ? ublCategory(category, `${where}/cac:Item/cac:ClassifiedTaxCategory`) : undefined,
        period: ublPeriod(line, where),
        allowanceCharges: ublAllowanceCharges(line, where),
        location: where,
      };
    }),
  };
}

// ---------------------------------------------------------------- CII

function ciiCategory(element: XmlElement, location: string, amounts = false): VatCategory & { basis?: Field; calculated?: Field } {
  return {
    code: at(element, location, 'ram:CategoryCode'),
    rate: at(element, location, 'ram:RateApplicablePercent'),
    exemptionReason: at(element, location, 'ram:ExemptionReason'),
    exemptionReasonCode: at(element, location, 'ram:ExemptionReasonCode'),
    isVat: isVatScheme(kid(element, 'TypeCode')?.text),
    location,
    ...(amounts ? { basis: at(element, location, 'ram:BasisAmount'), calculated: at(element, location, 'ram:CalculatedAmount') } : {}),
  };
}

function ciiAllowanceCharges(parent: XmlElement | undefined, location: string): AllowanceCharge[] {
  if (!parent) return [];
  return located(location, 'ram:', kids(parent, 'SpecifiedTradeAllowanceCharge')).map(([element, where]) => {
    const category = kid(element, 'CategoryTradeTax');
    return {
      charge: indicator(path(element, 'ChargeIndicator', 'Indicator')?.text),
      amount: at(element, where, 'ram:ActualAmount'),
      baseAmount: at(element, where, 'ram:BasisAmount'),
      reason: at(element, where, 'ram:Reason'),
      reasonCode: at(element, where, 'ram:ReasonCode'),
      category: category ? ciiCategory(category, `${where}/ram:CategoryTradeTax`) : undefined,
      location: where,
    };
  });
}

function ciiPeriod(parent: XmlElement | undefined, location: string): Period | undefined {
  const element = kid(parent, 'BillingSpecifiedPeriod');
  if (!element) return undefined;
  const where = `${location}/ram:BillingSpecifiedPeriod`;
  return {
    start: at(element, where, 'ram:StartDateTime/udt:DateTimeString'),
    end: at(element, where, 'ram:EndDateTime/udt:DateTimeString'),
    location: where,
  };
}

function ciiParty(party: XmlElement | undefined, location: string): Party {
  if (!party) return { present: false, vatIds: [], taxRegistrationIds: [], identifiers: [], location };
  const registrations = located(location, 'ram:', kids(party, 'SpecifiedTaxRegistration'));
  const address = kid(party, 'PostalTradeAddress');
  const idsWithScheme = (scheme: string): Field[] =>
    registrations
      .filter(([registration]) => kid(registration, 'ID')?.attributes.schemeID === scheme)
      .flatMap(([registration, where]) => at(registration, where, 'ram:ID') ?? []);
  return {
    present: true,
    name: at(party, location, 'ram:Name'),
    address: address
      ? { country: at(address, `${location}/ram:PostalTradeAddress`, 'ram:CountryID'), location: `${location}/ram:PostalTradeAddress` }
      : undefined,
    vatIds: idsWithScheme('VA'),
    taxRegistrationIds: idsWithScheme('FC'),
    identifiers: [
      ...located(location, 'ram:', kids(party, 'ID')).map(([id, where]) => ({ text: id.text, location: where })),
      ...located(location, 'ram:', kids(party, 'GlobalID')).map(([id, where]) => ({ text: id.text, location: where })),
    ],
    legalId: at(party, location, 'ram:SpecifiedLegalOrganization/ram:ID'),
    location,
  };
}

export function readCii(root: XmlElement): InvoiceView {
  const rootLocation = '/rsm:CrossIndustryInvoice';
  const transaction = kid(root, 'SupplyChainTradeTransaction');
  const transactionLocation = `${rootLocation}/rsm:SupplyChainTradeTransaction`;
  const agreement = kid(transaction, 'ApplicableHeaderTradeAgreement');
  const agreementLocation = `${transactionLocation}/ram:ApplicableHeaderTradeAgreement`;
  const settlement = kid(transaction, 'ApplicableHeaderTradeSettlement');
  const settlementLocation = `${transactionLocation}/ram:ApplicableHeaderTradeSettlement`;
  const totals = kid(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const totalsLocation = `${settlementLocation}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;
  const document = kid(root, 'ExchangedDocument');
  const documentLocation = `${rootLocation}/rsm:ExchangedDocument`;
  const issueDate = path(document, 'IssueDateTime', 'DateTimeString');
  const representative = kid(agreement, 'SellerTaxRepresentativeTradeParty');
  const breakdowns = located(settlementLocation, 'ram:', kids(settlement, 'ApplicableTradeTax')).map(([tax, where]): VatBreakdown => {
    const category = ciiCategory(tax, where, true);
    return { taxableAmount: category.basis, taxAmount: category.calculated, category, location: where };
  });
  const taxTotals = located(totalsLocation, 'ram:', kids(totals, 'TaxTotalAmount')).map(([amount, where]) => ({
    amount: { text: amount.text, location: where },
    currency: amount.attributes.currencyID,
    location: where,
  }));
  const seller = kid(agreement, 'SellerTradeParty');
  const buyer = kid(agreement, 'BuyerTradeParty');
  const payee = kid(settlement, 'PayeeTradeParty');
  const delivery = kid(transaction, 'ApplicableHeaderTradeDelivery');
  const deliveryLocation = `${transactionLocation}/ram:ApplicableHeaderTradeDelivery`;
  const shipTo = path(delivery, 'ShipToTradeParty', 'PostalTradeAddress');
  const texts = (element: XmlElement | undefined, name: string): string[] => kids(element, name).map((e) => e.text);
  const found = descendantsNamed(root, rootLocation, ciiPrefix, [
    'ApplicableTradeSettlementFinancialCard',
    'AdditionalReferencedDocument',
    'ApplicableProductCharacteristic',
    'DesignatedProductClassification',
    'TaxPointDate',
    'DueDateTypeCode',
  ]);
  const endpointWithoutScheme = (party: XmlElement | undefined): boolean => {
    const first = kid(party, 'URIUniversalCommunication');
    return first !== undefined && (path(first, 'URIID')?.attributes.schemeID ?? '').trim() === '';
  };
  const extras: Extras = {
    payee: payee
      ? {
          name: at(payee, `${settlementLocation}/ram:PayeeTradeParty`, 'ram:Name'),
          differsFromSeller:
            !texts(payee, 'Name').some((n) => texts(seller, 'Name').includes(n)) &&
            !texts(payee, 'ID').some((n) => texts(seller, 'ID').includes(n)) &&
            !texts(kid(payee, 'SpecifiedLegalOrganization'), 'ID').some((n) => texts(kid(seller, 'SpecifiedLegalOrganization'), 'ID').includes(n)),
          location: `${settlementLocation}/ram:PayeeTradeParty`,
        }
      : undefined,
    paymentMeans: located(settlementLocation, 'ram:', kids(settlement, 'SpecifiedTradeSettlementPaymentMeans')).map(([means, where]) => ({
      code: at(means, where, 'ram:TypeCode'),
      accounts: located(where, 'ram:', kids(means, 'PayeePartyCreditorFinancialAccount')).map(([account, at2]) => {
        const iban = kid(account, 'IBANID');
        const proprietary = kid(account, 'ProprietaryID');
        const id = iban?.text.trim() ? iban : proprietary?.text.trim() ? proprietary : (iban ?? proprietary);
        return { id: id ? { text: id.text, location: `${at2}/ram:${id.name}` } : undefined, location: at2 };
      }),
      location: where,
    })),
    cardNumbers: found.get('ApplicableTradeSettlementFinancialCard')!.flatMap(([card, where]) => at(card, where, 'ram:ID') ?? { text: '', location: where }),
    additionalDocuments: found.get('AdditionalReferencedDocument')!.map(([doc, where]) => ({
      id: at(doc, where, 'ram:IssuerAssignedID'),
      location: where,
    })),
    itemAttributes: found.get('ApplicableProductCharacteristic')!.map(([attr, where]) => ({
      name: at(attr, where, 'ram:Description'),
      value: at(attr, where, 'ram:Value'),
      location: where,
    })),
    precedingInvoices: located(settlementLocation, 'ram:', kids(settlement, 'InvoiceReferencedDocument')).map(([ref, where]) => ({
      id: at(ref, where, 'ram:IssuerAssignedID'),
      location: where,
    })),
    deliveryAddresses: shipTo
      ? [{ country: at(shipTo, `${deliveryLocation}/ram:ShipToTradeParty/ram:PostalTradeAddress`, 'ram:CountryID'), location: deliveryLocation }]
      : [],
    schemeless: [
      ...(endpointWithoutScheme(seller) ? [{ rule: 'BR-62' as const, location: rootLocation }] : []),
      ...(endpointWithoutScheme(buyer) ? [{ rule: 'BR-63' as const, location: rootLocation }] : []),
      ...located(transactionLocation, 'ram:', kids(transaction, 'IncludedSupplyChainTradeLineItem')).flatMap(([line, where]) => {
        const globalId = path(line, 'SpecifiedTradeProduct', 'GlobalID');
        return globalId && (globalId.attributes.schemeID ?? '').trim() === '' ? [{ rule: 'BR-64' as const, location: where }] : [];
      }),
      ...found.get('DesignatedProductClassification')!.flatMap(([classification, where]) => {
        const classCode = kid(classification, 'ClassCode');
        return classCode && (classCode.attributes.listID ?? '').trim() === '' ? [{ rule: 'BR-65' as const, location: where }] : [];
      }),
    ],
    taxPointDate: found.get('TaxPointDate')!.length > 0,
    taxPointDateCode: found.get('DueDateTypeCode')!.length > 0,
    actualDeliveryDate: path(delivery, 'ActualDeliverySupplyChainEvent', 'OccurrenceDateTime', 'DateTimeString') !== undefined,
    periodFilled:
      path(settlement, 'BillingSpecifiedPeriod', 'StartDateTime') !== undefined ||
      path(settlement, 'BillingSpecifiedPeriod', 'EndDateTime') !== undefined,
    deliverToCountry: shipTo !== undefined && kid(shipTo, 'CountryID') !== undefined,
  };
  return {
    extras,
    syntax: 'CII',
    rootLocation,
    specificationId: at(root, rootLocation, 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID'),
    number: at(document, documentLocation, 'ram:ID'),
    issueDate:
      issueDate && issueDate.attributes.format === '102'
        ? { text: issueDate.text, location: `${documentLocation}/ram:IssueDateTime/udt:DateTimeString` }
        : undefined,
    typeCode: at(document, documentLocation, 'ram:TypeCode'),
    currency: at(settlement, settlementLocation, 'ram:InvoiceCurrencyCode'),
    taxCurrency: at(settlement, settlementLocation, 'ram:TaxCurrencyCode'),
    seller: ciiParty(kid(agreement, 'SellerTradeParty'), `${agreementLocation}/ram:SellerTradeParty`),
    buyer: ciiParty(kid(agreement, 'BuyerTradeParty'), `${agreementLocation}/ram:BuyerTradeParty`),
    taxRepresentative: representative ? ciiParty(representative, `${agreementLocation}/ram:SellerTaxRepresentativeTradeParty`) : undefined,
    invoicePeriod: ciiPeriod(settlement, settlementLocation),
    totalsLocation: totals ? totalsLocation : undefined,
    lineTotal: at(totals, totalsLocation, 'ram:LineTotalAmount'),
    allowanceTotal: at(totals, totalsLocation, 'ram:AllowanceTotalAmount'),
    chargeTotal: at(totals, totalsLocation, 'ram:ChargeTotalAmount'),
    taxExclusive: at(totals, totalsLocation, 'ram:TaxBasisTotalAmount'),
    taxInclusive: at(totals, totalsLocation, 'ram:GrandTotalAmount'),
    prepaid: at(totals, totalsLocation, 'ram:TotalPrepaidAmount'),
    rounding: at(totals, totalsLocation, 'ram:RoundingAmount'),
    payable: at(totals, totalsLocation, 'ram:DuePayableAmount'),
    taxTotals,
    taxTotalGroups: [],
    vatBreakdowns: breakdowns,
    allowanceCharges: ciiAllowanceCharges(settlement, settlementLocation),
    lines: located(transactionLocation, 'ram:', kids(transaction, 'IncludedSupplyChainTradeLineItem')).map(([line, where]): Line => {
      const lineSettlement = kid(line, 'SpecifiedLineTradeSettlement');
      const lineSettlementLocation = `${where}/ram:SpecifiedLineTradeSettlement`;
      const category = kid(lineSettlement, 'ApplicableTradeTax');
      const quantity = path(line, 'SpecifiedLineTradeDelivery', 'BilledQuantity');
      const quantityLocation = `${where}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity`;
      return {
        id: at(line, where, 'ram:AssociatedDocumentLineDocument/ram:LineID'),
        quantity: field(quantity, quantityLocation),
        unitCode: attribute(quantity, quantityLocation, 'unitCode'),
        netAmount: at(lineSettlement, lineSettlementLocation, 'ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'),
        itemName: at(line, where, 'ram:SpecifiedTradeProduct/ram:Name'),
        netPrice: at(line, where, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount'),
        grossPrice: at(line, where, 'ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:ChargeAmount'),
        category: category ? ciiCategory(category, `${lineSettlementLocation}/ram:ApplicableTradeTax`) : undefined,
        period: ciiPeriod(lineSettlement, lineSettlementLocation),
        allowanceCharges: ciiAllowanceCharges(lineSettlement, lineSettlementLocation),
        location: where,
      };
    }),
  };
}
