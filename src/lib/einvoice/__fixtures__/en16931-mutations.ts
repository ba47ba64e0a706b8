/**
 * Mutations of valid EN 16931 documents for the validation tests: each breaks one rule the way a real
 * sender does (a wrong total, a missing mandatory element, an inconsistent VAT category, a wrong rate)
 * and names the rule the official artefacts refuse it with. Text-level edits, so the documents stay
 * exactly as a sender would write them. Test-only code.
 */

export type MutationSyntax = 'UBL' | 'CII';

export interface Mutation {
  name: string;
  /**
   * The rule the artefacts are expected to name (among others); undefined for a change the artefacts accept
   * (e.g. a case a syntax rule looks like it covers but does not).
   */
  expectedRule: string | undefined;
  /** The mutated text, or undefined when the document has nothing to mutate this way. */
  apply(xml: string): string | undefined;
}

function replaceFirst(xml: string, pattern: RegExp, replacer: (...groups: string[]) => string): string | undefined {
  const match = pattern.exec(xml);
  if (!match) return undefined;
  return xml.slice(0, match.index) + replacer(...match) + xml.slice(match.index + match[0].length);
}

const plusOne = (amount: string): string => (Number(amount) + 1).toFixed(2);

/** `xml` with `pattern`'s first match doubled (an element repeated that may appear once). */
const doubled = (xml: string, pattern: RegExp): string | undefined => replaceFirst(xml, pattern, (match) => `${match}${match}`);

/** Applies `edit` to the document-level part of a UBL invoice (before the seller), leaving the rest as is. */
function inUblHeader(xml: string, edit: (head: string) => string | undefined): string | undefined {
  const at = xml.indexOf('<cac:AccountingSupplierParty>');
  if (at < 0) return undefined;
  const head = edit(xml.slice(0, at));
  return head === undefined ? undefined : head + xml.slice(at);
}

const ATTACHMENT = (attributes: string): string =>
  `<cac:AdditionalDocumentReference><cbc:ID>ATT-1</cbc:ID><cac:Attachment>` +
  `<cbc:EmbeddedDocumentBinaryObject ${attributes}>JVBERi0xLjQK</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`;

/** Syntax rules (UBL-SR/DT/CR): elements repeated, attributes missing, what the UBL binding forbids. */
const UBL_SYNTAX_MUTATIONS: Mutation[] = [
  {
    name: 'a second contract reference',
    expectedRule: 'UBL-SR-01',
    apply: (xml) => doubled(xml, /<cac:ContractDocumentReference>[\s\S]*?<\/cac:ContractDocumentReference>/),
  },
  {
    name: 'the payment terms note repeated',
    expectedRule: 'UBL-SR-05',
    apply: (xml) => replaceFirst(xml, /(<cac:PaymentTerms>\s*)(<cbc:Note>[^<]*<\/cbc:Note>)/, (_m, open, note) => `${open}${note}${note}`),
  },
  {
    name: 'a second invoice period',
    expectedRule: 'UBL-SR-08',
    apply: (xml) => inUblHeader(xml, (head) => doubled(head, /<cac:InvoicePeriod>[\s\S]*?<\/cac:InvoicePeriod>/)),
  },
  {
    name: 'a line amount with three decimals',
    expectedRule: 'UBL-DT-01',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<cac:(?:Invoice|CreditNote)Line>[\s\S]*?<cbc:LineExtensionAmount[^>]*>)([^<]+)(<)/,
        (_m, open, amount, close) => `${open}${Number(amount).toFixed(3)}${close}`,
      ),
  },
  {
    // UBL-DT-01 leaves prices out: an item price may have more decimals.
    name: 'a price with four decimals (accepted)',
    expectedRule: undefined,
    apply: (xml) =>
      replaceFirst(xml, /(<cac:Price>\s*<cbc:PriceAmount[^>]*>)([^<]+)(<)/, (_m, open, price, close) => `${open}${Number(price).toFixed(4)}${close}`),
  },
  {
    name: 'an attachment without MIME code',
    expectedRule: 'UBL-DT-06',
    apply: (xml) => replaceFirst(xml, /<cac:AccountingSupplierParty>/, (open) => `${ATTACHMENT('filename="annexe.pdf"')}${open}`),
  },
  {
    name: 'an attachment without file name',
    expectedRule: 'UBL-DT-07',
    apply: (xml) => replaceFirst(xml, /<cac:AccountingSupplierParty>/, (open) => `${ATTACHMENT('mimeCode="application/pdf"')}${open}`),
  },
  {
    name: 'a scheme on a supporting document reference',
    expectedRule: 'UBL-SR-43',
    apply: (xml) => replaceFirst(xml, /(<cac:AdditionalDocumentReference>\s*<cbc:ID)>/, (_m, open) => `${open} schemeID="ABT">`),
  },
  {
    name: 'two payment means with different payment references',
    expectedRule: 'UBL-SR-44',
    apply: (xml) =>
      replaceFirst(
        xml,
        /<cac:PaymentMeans>[\s\S]*?<\/cac:PaymentMeans>/,
        (means) => `${means}${means.replace(/<cbc:PaymentID>[^<]*<\/cbc:PaymentID>/, '<cbc:PaymentID>OTHER-REF</cbc:PaymentID>')}`,
      ),
  },
  {
    name: 'a payee with the seller name',
    expectedRule: 'UBL-SR-19',
    apply: (xml) => {
      const seller = /<cac:AccountingSupplierParty>[\s\S]*?<cbc:RegistrationName>([^<]*)</.exec(xml)?.[1];
      if (seller === undefined || xml.includes('<cac:PayeeParty>')) return undefined;
      return replaceFirst(
        xml,
        /<\/cac:AccountingCustomerParty>/,
        (close) => `${close}<cac:PayeeParty><cac:PartyName><cbc:Name>${seller}</cbc:Name></cac:PartyName></cac:PayeeParty>`,
      );
    },
  },
  {
    name: 'a preceding invoice reference without number',
    expectedRule: 'UBL-SR-07',
    apply: (xml) => replaceFirst(xml, /(<cac:InvoiceDocumentReference>\s*)<cbc:ID>[^<]*<\/cbc:ID>/, (_m, open) => open!),
  },
  {
    name: 'a line with two tax categories',
    expectedRule: 'UBL-SR-48',
    apply: (xml) => doubled(xml, /<cac:ClassifiedTaxCategory>[\s\S]*?<\/cac:ClassifiedTaxCategory>/),
  },
  {
    name: 'a tax scheme without VAT identifier',
    expectedRule: 'UBL-SR-53',
    apply: (xml) => replaceFirst(xml, /(<cac:PartyTaxScheme>\s*)<cbc:CompanyID[^>]*>[^<]*<\/cbc:CompanyID>/, (_m, open) => open!),
  },
];

const UBL_MUTATIONS: Mutation[] = [
  {
    name: 'total with VAT changed',
    expectedRule: 'BR-CO-15',
    apply: (xml) =>
      replaceFirst(xml, /(<cbc:TaxInclusiveAmount[^>]*>)([^<]+)(<)/, (_m, open, amount, close) => `${open}${plusOne(amount!)}${close}`),
  },
  {
    name: 'sum of lines changed',
    expectedRule: 'BR-CO-10',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<cac:LegalMonetaryTotal>\s*<cbc:LineExtensionAmount[^>]*>)([^<]+)(<)/,
        (_m, open, amount, close) => `${open}${plusOne(amount!)}${close}`,
      ),
  },
  {
    name: 'issue date removed',
    expectedRule: 'BR-03',
    apply: (xml) => replaceFirst(xml, /<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/, () => ''),
  },
  {
    name: 'seller name removed',
    expectedRule: 'BR-06',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<cac:AccountingSupplierParty>[\s\S]*?<cac:PartyLegalEntity>\s*)<cbc:RegistrationName>[^<]*<\/cbc:RegistrationName>/,
        (_m, before) => before!,
      ),
  },
  {
    name: 'a standard-rated line becomes exempt',
    expectedRule: 'BR-E-01',
    apply: (xml) =>
      xml.includes('<cbc:ID>E</cbc:ID>')
        ? undefined
        : replaceFirst(xml, /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)S(<\/cbc:ID>)/, (_m, open, close) => `${open}E${close}`),
  },
  {
    name: 'a standard-rated line at 0 %',
    expectedRule: 'BR-S-05',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>S<\/cbc:ID>\s*<cbc:Percent>)([^<]+)(<)/,
        (_m, open, _rate, close) => `${open}0${close}`,
      ),
  },
  {
    name: 'a document-level allowance added, totals unchanged',
    expectedRule: 'BR-CO-11',
    apply: (xml) => {
      const rate = /<cac:ClassifiedTaxCategory>\s*<cbc:ID>S<\/cbc:ID>\s*<cbc:Percent>([^<]+)</.exec(xml)?.[1];
      const currency = /<cbc:DocumentCurrencyCode>([^<]+)</.exec(xml)?.[1];
      if (rate === undefined || currency === undefined || xml.includes('<cac:AllowanceCharge>')) return undefined;
      const allowance =
        `<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Remise</cbc:AllowanceChargeReason>` +
        `<cbc:Amount currencyID="${currency}">10.00</cbc:Amount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${rate}</cbc:Percent>` +
        `<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>\n`;
      return replaceFirst(xml, /<cac:TaxTotal>/, (open) => `${allowance}${open}`);
    },
  },
  {
    name: 'the VAT of a breakdown changed',
    expectedRule: 'BR-CO-14',
    apply: (xml) =>
      replaceFirst(xml, /(<cac:TaxSubtotal>[\s\S]*?<cbc:TaxAmount[^>]*>)([^<]+)(<)/, (_m, open, amount, close) => `${open}${plusOne(amount!)}${close}`),
  },
  {
    name: 'the exemption reason removed',
    expectedRule: 'BR-E-10',
    apply: (xml) => {
      const stripped = xml.replace(/<cbc:TaxExemptionReason(?:Code)?>[^<]*<\/cbc:TaxExemptionReason(?:Code)?>/g, '');
      return stripped !== xml && /<cac:TaxSubtotal>[\s\S]*?<cbc:ID>E<\/cbc:ID>/.test(xml) ? stripped : undefined;
    },
  },
  {
    name: 'a line without unit of measure',
    expectedRule: 'BR-23',
    apply: (xml) => replaceFirst(xml, /(<cbc:(?:Invoiced|Credited)Quantity) unitCode="[^"]*"/, (_m, open) => open!),
  },
  {
    name: 'a negative net price',
    expectedRule: 'BR-27',
    apply: (xml) => replaceFirst(xml, /(<cac:Price>\s*<cbc:PriceAmount[^>]*>)([^<]+)(<)/, (_m, open, _p, close) => `${open}-1.00${close}`),
  },
  {
    name: 'three decimals in the amount due',
    expectedRule: 'BR-DEC-18',
    apply: (xml) =>
      replaceFirst(xml, /(<cbc:PayableAmount[^>]*>)([^<]+)(<)/, (_m, open, amount, close) => `${open}${Number(amount).toFixed(3)}${close}`),
  },
  {
    name: 'a standard-rated line becomes not subject to VAT',
    expectedRule: 'BR-O-02',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)S(<\/cbc:ID>)\s*<cbc:Percent>[^<]*<\/cbc:Percent>/,
        (_m, open, close) => `${open}O${close}`,
      ),
  },
  {
    name: 'a payment means without its code',
    expectedRule: 'BR-49',
    apply: (xml) => replaceFirst(xml, /<cbc:PaymentMeansCode[^>]*>[^<]*<\/cbc:PaymentMeansCode>/, () => ''),
  },
  {
    name: 'a credit transfer with a blank account',
    expectedRule: 'BR-50',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<cbc:PaymentMeansCode[^>]*>(?:30|58)<\/cbc:PaymentMeansCode>[\s\S]*?<cac:PayeeFinancialAccount>\s*<cbc:ID[^>]*>)[^<]+(<)/,
        (_m, open, close) => `${open}${close}`,
      ),
  },
  {
    name: 'a supporting document without reference',
    expectedRule: 'BR-52',
    apply: (xml) => replaceFirst(xml, /(<cac:AdditionalDocumentReference>\s*<cbc:ID[^>]*>)[^<]+(<)/, (_m, open, close) => `${open}${close}`),
  },
  {
    name: 'the seller electronic address without scheme',
    expectedRule: 'BR-62',
    apply: (xml) =>
      replaceFirst(xml, /(<cac:AccountingSupplierParty>\s*<cac:Party>\s*<cbc:EndpointID) schemeID="[^"]*"/, (_m, open) => open!),
  },
  {
    name: 'a VAT identifier without country prefix',
    expectedRule: 'BR-CO-09',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<cac:PartyTaxScheme>\s*<cbc:CompanyID[^>]*>)[A-Z]{2}([^<]*<\/cbc:CompanyID>\s*<cac:TaxScheme>\s*<cbc:ID>VAT)/,
        (_m, open, rest) => `${open}QQ${rest}`,
      ),
  },
  {
    name: 'a unit of measure outside the code list',
    expectedRule: 'BR-CL-23',
    apply: (xml) => replaceFirst(xml, /(<cbc:(?:Invoiced|Credited)Quantity unitCode=")[^"]*"/, (_m, open) => `${open}PIECES"`),
  },
  {
    name: 'a country code outside the code list',
    expectedRule: 'BR-CL-14',
    apply: (xml) => replaceFirst(xml, /(<cac:Country>\s*<cbc:IdentificationCode[^>]*>)[^<]*(<)/, (_m, open, close) => `${open}XX${close}`),
  },
  {
    name: 'a payment means code outside the code list',
    expectedRule: 'BR-CL-16',
    apply: (xml) => replaceFirst(xml, /(<cbc:PaymentMeansCode[^>]*>)[^<]*(<)/, (_m, open, close) => `${open}VIREMENT${close}`),
  },
];

/** Syntax rules (CII-SR/DT): elements repeated, attributes and elements the EN 16931 CII binding does not use. */
const CII_SYNTAX_MUTATIONS: Mutation[] = [
  {
    // Without an ID: two specification identifiers would make the artefacts' BR-01 test fail to evaluate (XPTY0004).
    name: 'a second guideline parameter',
    expectedRule: 'CII-SR-009',
    apply: (xml) =>
      replaceFirst(xml, /<\/ram:GuidelineSpecifiedDocumentContextParameter>/, (close) => `${close}<ram:GuidelineSpecifiedDocumentContextParameter/>`),
  },
  {
    name: 'a schemeName on the invoice number',
    expectedRule: 'CII-DT-001',
    apply: (xml) => replaceFirst(xml, /(<rsm:ExchangedDocument>\s*<ram:ID)>/, (_m, open) => `${open} schemeName="Facture">`),
  },
  {
    name: 'a schemeAgencyName on a country code',
    expectedRule: 'CII-DT-102',
    apply: (xml) => replaceFirst(xml, /<ram:CountryID>/, () => '<ram:CountryID schemeAgencyName="ISO">'),
  },
  {
    name: 'a currency on a line amount',
    expectedRule: 'CII-DT-031',
    apply: (xml) => replaceFirst(xml, /<ram:LineTotalAmount>/, () => '<ram:LineTotalAmount currencyID="EUR">'),
  },
  {
    name: 'a name on the invoice type code',
    expectedRule: 'CII-DT-008',
    apply: (xml) => replaceFirst(xml, /(<rsm:ExchangedDocument>[\s\S]*?<ram:TypeCode)>/, (_m, open) => `${open} name="Facture">`),
  },
  {
    // CII-DT-010 would refuse it, but its rule comes after `//ram:TypeCode` in the pattern and never fires.
    name: 'a listID on the invoice type code (accepted)',
    expectedRule: undefined,
    apply: (xml) => replaceFirst(xml, /(<rsm:ExchangedDocument>[\s\S]*?<ram:TypeCode)>/, (_m, open) => `${open} listID="UNTDID 1001">`),
  },
  {
    name: 'a date of format 102 written with dashes',
    expectedRule: 'CII-DT-097',
    apply: (xml) =>
      replaceFirst(xml, /(<udt:DateTimeString format="102">)(\d{4})(\d{2})(\d{2})(<)/, (_m, open, y, mo, d, close) => `${open}${y}-${mo}-${d}${close}`),
  },
  {
    // CII-DT-097 is about udt:DateTimeString; the preceding invoice's date is a qdt:DateTimeString.
    name: 'a preceding invoice date of format 102 written with dashes (accepted)',
    expectedRule: undefined,
    apply: (xml) =>
      replaceFirst(xml, /(<qdt:DateTimeString format="102">)(\d{4})(\d{2})(\d{2})(<)/, (_m, open, y, mo, d, close) => `${open}${y}-${mo}-${d}${close}`),
  },
  {
    name: 'a building number in an address',
    expectedRule: 'CII-DT-094',
    apply: (xml) => replaceFirst(xml, /<ram:PostalTradeAddress>/, (open) => `${open}<ram:BuildingNumber>12</ram:BuildingNumber>`),
  },
  {
    name: 'a language on the document',
    expectedRule: 'CII-DT-013',
    apply: (xml) => replaceFirst(xml, /<rsm:CrossIndustryInvoice /, (open) => `${open}languageID="fr" `),
  },
  {
    name: 'two payment references',
    expectedRule: 'CII-SR-469',
    apply: (xml) => doubled(xml, /<ram:PaymentReference>[^<]*<\/ram:PaymentReference>/),
  },
  {
    name: 'payment means of two different types',
    expectedRule: 'CII-SR-467',
    apply: (xml) =>
      replaceFirst(xml, /<ram:SpecifiedTradeSettlementPaymentMeans>[\s\S]*?<\/ram:SpecifiedTradeSettlementPaymentMeans>/, (means) => {
        const other = /<ram:TypeCode>57</.test(means) ? '10' : '57';
        return `${means}<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>${other}</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>`;
      }),
  },
  {
    name: 'an allowance without charge indicator',
    expectedRule: 'CII-SR-463',
    apply: (xml) =>
      replaceFirst(xml, /(<ram:SpecifiedTradeAllowanceCharge>\s*)<ram:ChargeIndicator>[\s\S]*?<\/ram:ChargeIndicator>/, (_m, open) => open!),
  },
];

const CII_MUTATIONS: Mutation[] = [
  {
    name: 'total with VAT changed',
    expectedRule: 'BR-CO-15',
    apply: (xml) =>
      replaceFirst(xml, /(<ram:GrandTotalAmount[^>]*>)([^<]+)(<)/, (_m, open, amount, close) => `${open}${plusOne(amount!)}${close}`),
  },
  {
    name: 'sum of lines changed',
    expectedRule: 'BR-CO-10',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<ram:SpecifiedTradeSettlementHeaderMonetarySummation>\s*<ram:LineTotalAmount[^>]*>)([^<]+)(<)/,
        (_m, open, amount, close) => `${open}${plusOne(amount!)}${close}`,
      ),
  },
  {
    name: 'issue date removed',
    expectedRule: 'BR-03',
    apply: (xml) => replaceFirst(xml, /<ram:IssueDateTime>[\s\S]*?<\/ram:IssueDateTime>/, () => ''),
  },
  {
    name: 'seller name removed',
    expectedRule: 'BR-06',
    apply: (xml) => replaceFirst(xml, /(<ram:SellerTradeParty>[\s\S]*?)<ram:Name>[^<]*<\/ram:Name>/, (_m, before) => before!),
  },
  {
    name: 'a standard-rated line becomes exempt',
    expectedRule: 'BR-E-01',
    apply: (xml) =>
      xml.includes('<ram:CategoryCode>E</ram:CategoryCode>')
        ? undefined
        : replaceFirst(
            xml,
            /(<ram:SpecifiedLineTradeSettlement>\s*<ram:ApplicableTradeTax>[\s\S]*?<ram:CategoryCode>)S(<\/ram:CategoryCode>)/,
            (_m, open, close) => `${open}E${close}`,
          ),
  },
  {
    name: 'a standard-rated line at 0 %',
    expectedRule: 'BR-S-05',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<ram:SpecifiedLineTradeSettlement>\s*<ram:ApplicableTradeTax>[\s\S]*?<ram:CategoryCode>S<\/ram:CategoryCode>\s*<ram:RateApplicablePercent>)([^<]+)(<)/,
        (_m, open, _rate, close) => `${open}0${close}`,
      ),
  },
  {
    name: 'a document-level allowance added, totals unchanged',
    expectedRule: 'BR-CO-11',
    apply: (xml) => {
      const rate = /<ram:CategoryCode>S<\/ram:CategoryCode>\s*<ram:RateApplicablePercent>([^<]+)</.exec(xml)?.[1];
      if (rate === undefined || xml.includes('<ram:SpecifiedTradeAllowanceCharge>')) return undefined;
      const allowance =
        '<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator>' +
        '<ram:ActualAmount>10.00</ram:ActualAmount><ram:Reason>Remise</ram:Reason><ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode>' +
        `<ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent></ram:CategoryTradeTax>` +
        '</ram:SpecifiedTradeAllowanceCharge>\n';
      return replaceFirst(xml, /<ram:SpecifiedTradeSettlementHeaderMonetarySummation>/, (open) => `${allowance}${open}`);
    },
  },
  {
    name: 'the VAT of a breakdown changed',
    expectedRule: 'BR-CO-14',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<ram:ApplicableHeaderTradeSettlement>[\s\S]*?<ram:ApplicableTradeTax>\s*<ram:CalculatedAmount[^>]*>)([^<]+)(<)/,
        (_m, open, amount, close) => `${open}${plusOne(amount!)}${close}`,
      ),
  },
  {
    name: 'the exemption reason removed',
    expectedRule: 'BR-E-10',
    apply: (xml) => {
      const stripped = xml.replace(/<ram:ExemptionReason(?:Code)?>[^<]*<\/ram:ExemptionReason(?:Code)?>/g, '');
      return stripped !== xml && xml.includes('<ram:CategoryCode>E</ram:CategoryCode>') ? stripped : undefined;
    },
  },
  {
    name: 'a line without unit of measure',
    expectedRule: 'BR-23',
    apply: (xml) => replaceFirst(xml, /(<ram:BilledQuantity) unitCode="[^"]*"/, (_m, open) => open!),
  },
  {
    name: 'a negative net price',
    expectedRule: 'BR-27',
    apply: (xml) =>
      replaceFirst(xml, /(<ram:NetPriceProductTradePrice>\s*<ram:ChargeAmount[^>]*>)([^<]+)(<)/, (_m, open, _p, close) => `${open}-1.00${close}`),
  },
  {
    name: 'three decimals in the amount due',
    expectedRule: 'BR-DEC-18',
    apply: (xml) =>
      replaceFirst(xml, /(<ram:DuePayableAmount[^>]*>)([^<]+)(<)/, (_m, open, amount, close) => `${open}${Number(amount).toFixed(3)}${close}`),
  },
  {
    name: 'a standard-rated line becomes not subject to VAT',
    expectedRule: 'BR-O-02',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<ram:SpecifiedLineTradeSettlement>\s*<ram:ApplicableTradeTax>[\s\S]*?<ram:CategoryCode>)S(<\/ram:CategoryCode>)\s*<ram:RateApplicablePercent>[^<]*<\/ram:RateApplicablePercent>/,
        (_m, open, close) => `${open}O${close}`,
      ),
  },
  {
    name: 'a payment means without its code',
    expectedRule: 'BR-49',
    apply: (xml) => replaceFirst(xml, /(<ram:SpecifiedTradeSettlementPaymentMeans>\s*)<ram:TypeCode>[^<]*<\/ram:TypeCode>/, (_m, open) => open!),
  },
  {
    name: 'a credit transfer with a blank account',
    expectedRule: 'BR-50',
    apply: (xml) =>
      replaceFirst(
        xml,
        /(<ram:TypeCode>(?:30|58)<\/ram:TypeCode>[\s\S]*?<ram:PayeePartyCreditorFinancialAccount>\s*<ram:IBANID>)[^<]+(<)/,
        (_m, open, close) => `${open}${close}`,
      ),
  },
  {
    name: 'a supporting document without reference',
    expectedRule: 'BR-52',
    apply: (xml) => replaceFirst(xml, /(<ram:AdditionalReferencedDocument>\s*<ram:IssuerAssignedID>)[^<]+(<)/, (_m, open, close) => `${open}${close}`),
  },
  {
    name: 'the seller electronic address without scheme',
    expectedRule: 'BR-62',
    apply: (xml) =>
      replaceFirst(xml, /(<ram:SellerTradeParty>[\s\S]*?<ram:URIUniversalCommunication>\s*<ram:URIID) schemeID="[^"]*"/, (_m, open) => open!),
  },
  {
    name: 'a VAT identifier without country prefix',
    expectedRule: 'BR-CO-09',
    apply: (xml) => replaceFirst(xml, /(<ram:ID schemeID="VA">)[A-Z]{2}/, (_m, open) => `${open}QQ`),
  },
  {
    name: 'a unit of measure outside the code list',
    expectedRule: 'BR-CL-23',
    apply: (xml) => replaceFirst(xml, /(<ram:BilledQuantity unitCode=")[^"]*"/, (_m, open) => `${open}PIECES"`),
  },
  {
    name: 'a country code outside the code list',
    expectedRule: 'BR-CL-14',
    apply: (xml) => replaceFirst(xml, /(<ram:CountryID>)[^<]*(<)/, (_m, open, close) => `${open}XX${close}`),
  },
  {
    name: 'a payment means code outside the code list',
    expectedRule: 'BR-CL-16',
    apply: (xml) =>
      replaceFirst(xml, /(<ram:SpecifiedTradeSettlementPaymentMeans>\s*<ram:TypeCode>)[^<]*(<)/, (_m, open, close) => `${open}VIREMENT${close}`),
  },
];

export function mutationsFor(syntax: MutationSyntax): Mutation[] {
  return syntax === 'UBL' ? [...UBL_MUTATIONS, ...UBL_SYNTAX_MUTATIONS] : [...CII_MUTATIONS, ...CII_SYNTAX_MUTATIONS];
}

/**
 * A valid UBL invoice with `lines` lines (2 × 10.00 at 20 % each), about 600 bytes a line: 100 lines make
 * the ~50 kB document of issue 17's throughput target. Used by the validation tests and the cost measure.
 */
export function largeUblInvoice(lines: number): string {
  let body = '';
  for (let i = 1; i <= lines; i++) {
    body +=
      `<cac:InvoiceLine><cbc:ID>${i}</cbc:ID><cbc:InvoicedQuantity unitCode="EA">2</cbc:InvoicedQuantity>` +
      `<cbc:LineExtensionAmount currencyID="EUR">20.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Article de fourniture numéro ${i}</cbc:Name>` +
      `<cac:SellersItemIdentification><cbc:ID>REF-${i}</cbc:ID></cac:SellersItemIdentification><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID>` +
      `<cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>` +
      `<cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>\n`;
  }
  const net = (20 * lines).toFixed(2);
  const vat = (4 * lines).toFixed(2);
  const gross = (24 * lines).toFixed(2);
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID><cbc:ID>LARGE-${lines}</cbc:ID><cbc:IssueDate>2026-11-01</cbc:IssueDate><cbc:DueDate>2026-12-01</cbc:DueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:BuyerReference>SERVICE-1</cbc:BuyerReference>
<cac:AccountingSupplierParty><cac:Party><cac:PostalAddress><cbc:CityName>Paris</cbc:CityName><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyTaxScheme><cbc:CompanyID>FR32356000000</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Fournisseur</cbc:RegistrationName><cbc:CompanyID schemeID="0009">35600000000048</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cac:PostalAddress><cbc:CityName>Lyon</cbc:CityName><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyLegalEntity><cbc:RegistrationName>COMMUNE DE LYON</cbc:RegistrationName><cbc:CompanyID schemeID="0009">11000201100044</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${vat}</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">${net}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">${vat}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">${net}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">${net}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">${gross}</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">${gross}</cbc:PayableAmount></cac:LegalMonetaryTotal>
${body}</Invoice>
`;
}
