/**
 * Mutations of valid EN 16931 documents for the validation tests: each breaks one rule the way a real
 * sender does (a wrong total, a missing mandatory element, an inconsistent VAT category, a wrong rate)
 * and names the rule the official artefacts refuse it with. Text-level edits, so the documents stay
 * exactly as a sender would write them. Test-only code.
 */

export type MutationSyntax = 'UBL' | 'CII';

export interface Mutation {
  name: string;
  /** The rule the artefacts are expected to name (among others). */
  expectedRule: string;
  /** The mutated text, or undefined when the document has nothing to mutate this way. */
  apply(xml: string): string | undefined;
}

function replaceFirst(xml: string, pattern: RegExp, replacer: (...groups: string[]) => string): string | undefined {
  const match = pattern.exec(xml);
  if (!match) return undefined;
  return xml.slice(0, match.index) + replacer(...match) + xml.slice(match.index + match[0].length);
}

const plusOne = (amount: string): string => (Number(amount) + 1).toFixed(2);

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
];

export function mutationsFor(syntax: MutationSyntax): Mutation[] {
  return syntax === 'UBL' ? UBL_MUTATIONS : CII_MUTATIONS;
}
