import Decimal from 'decimal.js';
import type { AllowanceCharge, Field, InvoiceView, Line, Party, Period, VatBreakdown, VatCategory } from './document';
import type { RuleFailure } from './findings';
import { CODE_LIST_RULES } from './code-list-rules';
import { SYNTAX_RULES } from './syntax-rules-check';
import { CII_TEXTS, UBL_TEXTS } from './rule-texts';

/**
 * The EN 16931 business rules, natively: the mandatory elements (BR-01…BR-65), the calculation rules
 * (BR-CO-*), the VAT category rules (BR-S/Z/E/AE/IC/G/O/AF/AG-*) and the two-decimal rules (BR-DEC-*),
 * each written after the official artefacts' own test (validation 1.3.16), including where the UBL and
 * CII artefacts differ (tolerances, what "present" means). `native-vs-artefacts.spec.ts` checks the
 * verdicts against the artefacts on every sample and on mutated ones. Rules not here: the code lists
 * (BR-CL-*, `code-list-rules.ts`), the syntax rules (UBL-CR/SR/DT, CII-SR/DT, `syntax-rules-check.ts`) and a
 * few rare ones (docs/invoices.md).
 */

/** Every rule id this module can report: the comparison with the artefacts is made on these. */
export const NATIVE_RULES: ReadonlySet<string> = new Set([
  ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16'],
  ...['18', '19', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33'],
  ...['36', '37', '38', '41', '42', '43', '44', '45', '46', '47', '48', '56'],
].map((n) => `BR-${n}`)
  .concat(['03', '04', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '26'].map((n) => `BR-CO-${n}`))
  .concat(['01', '02', '05', '06', '09', '10', '11', '12', '14', '16', '17', '18', '19', '20', '23', '24', '25', '27', '28'].map((n) => `BR-DEC-${n}`))
  .concat(
    ['S', 'Z', 'E', 'AE', 'IC', 'G', 'O', 'AF', 'AG'].flatMap((prefix) =>
      ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((n) => `BR-${prefix}-${n}`),
    ),
  )
  .concat(['BR-O-11', 'BR-O-12', 'BR-O-13', 'BR-O-14', 'BR-IC-11', 'BR-IC-12'])
  .concat(['17', '49', '50', '51', '52', '53', '54', '55', '57', '61', '62', '63', '64', '65'].map((n) => `BR-${n}`))
  .concat(CODE_LIST_RULES)
  .concat(SYNTAX_RULES));

// ---------------------------------------------------------------- values

const ZERO = new Decimal(0);
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function dec(field: Field | undefined): Decimal | undefined {
  if (!field) return undefined;
  const text = field.text.trim();
  return DECIMAL.test(text) ? new Decimal(text) : undefined;
}

/** XPath `round(x * 100) div 100`: half rounds towards +∞. */
const round2 = (value: Decimal): Decimal => value.toDecimalPlaces(2, Decimal.ROUND_HALF_CEIL);
const round0 = (value: Decimal): Decimal => value.toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL);

const sum = (values: ReadonlyArray<Decimal | undefined>): Decimal => values.reduce<Decimal>((total, v) => (v ? total.plus(v) : total), ZERO);

const blank = (field: Field | undefined): boolean => !field || field.text.trim() === '';

const decimalsOf = (field: Field | undefined): number => {
  const text = field?.text ?? '';
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
};

/** An amount as a sender writes it: at least two decimals. */
const show = (value: Decimal | undefined): string => (value === undefined ? '' : value.toFixed(Math.max(2, value.decimalPlaces())));

const code = (category: VatCategory | undefined): string | undefined =>
  category?.isVat && category.code ? category.code.text.trim() : undefined;

// ---------------------------------------------------------------- the check

class Checker {
  readonly failures: RuleFailure[] = [];
  private readonly texts: Readonly<Record<string, { flag: 'fatal' | 'warning'; en: string }>>;

  constructor(readonly view: InvoiceView) {
    this.texts = view.syntax === 'CII' ? { ...UBL_TEXTS, ...CII_TEXTS } : UBL_TEXTS;
  }

  fail(rule: string, location: string, values?: Record<string, string>): void {
    const text = this.texts[rule];
    this.failures.push({ rule, flag: text?.flag ?? 'fatal', location, text: text?.en ?? `[${rule}]`, values });
  }

  /** Fails `rule` unless `ok`. */
  check(ok: boolean, rule: string, location: string, values?: Record<string, string>): void {
    if (!ok) this.fail(rule, location, values);
  }
}

export function checkEn16931(view: InvoiceView): RuleFailure[] {
  const c = new Checker(view);
  documentRules(c, view);
  partyRules(c, view);
  lineRules(c, view);
  allowanceChargeRules(c, view.allowanceCharges, 'document');
  totalsRules(c, view);
  breakdownRules(c, view);
  vatCategoryRules(c, view);
  referenceRules(c, view);
  return c.failures;
}

// ---------------------------------------------------------------- document and parties

function documentRules(c: Checker, v: InvoiceView): void {
  const root = v.rootLocation;
  c.check(!blank(v.specificationId), 'BR-01', root);
  c.check(!blank(v.number), 'BR-02', root);
  c.check(!blank(v.issueDate), 'BR-03', root);
  c.check(!blank(v.typeCode), 'BR-04', root);
  c.check(!blank(v.currency), 'BR-05', root);
  c.check(!blank(v.seller.name), 'BR-06', root);
  c.check(!blank(v.buyer.name), 'BR-07', root);
  c.check(v.seller.address !== undefined, 'BR-08', root);
  c.check(v.buyer.address !== undefined, 'BR-10', root);
  c.check(v.lines.length > 0, 'BR-16', root);
  if (v.syntax === 'UBL') c.check(v.vatBreakdowns.length > 0, 'BR-CO-18', root);
  else if (v.vatBreakdowns.length === 0) v.lines.forEach((line) => c.fail('BR-CO-18', line.location));
  if (v.invoicePeriod) periodRules(c, v.invoicePeriod, 'BR-29', 'BR-CO-19');
}

function periodRules(c: Checker, period: Period, order: string, filled: string): void {
  if (period.start && period.end && !blank(period.start) && !blank(period.end)) {
    c.check(period.end.text.trim() >= period.start.text.trim(), order, period.location, {
      start: period.start.text,
      end: period.end.text,
    });
  }
  const ubl = period.descriptionCode !== undefined;
  c.check(period.start !== undefined || period.end !== undefined || ubl, filled, period.location);
}

function countryRule(c: Checker, party: Party, rule: string, syntax: InvoiceView['syntax'], rootLocation: string): void {
  if (party.address) c.check(!blank(party.address.country), rule, party.address.location);
  // The CII artefacts ask for the country at the document's level: a missing address fails it too.
  else if (syntax === 'CII' && party.present) c.fail(rule, rootLocation);
  else if (syntax === 'CII') c.fail(rule, rootLocation);
}

function partyRules(c: Checker, v: InvoiceView): void {
  countryRule(c, v.seller, 'BR-09', v.syntax, v.rootLocation);
  countryRule(c, v.buyer, 'BR-11', v.syntax, v.rootLocation);
  if (v.seller.present) {
    const vat = v.syntax === 'UBL' ? v.seller.vatIds : v.seller.vatIds;
    c.check(vat.length > 0 || v.seller.identifiers.length > 0 || v.seller.legalId !== undefined, 'BR-CO-26', v.seller.location);
  }
  const representative = v.taxRepresentative;
  if (representative) {
    c.check(!blank(representative.name), 'BR-18', representative.location);
    c.check(representative.address !== undefined, 'BR-19', representative.location);
    if (representative.address) c.check(!blank(representative.address.country), 'BR-20', representative.address.location);
    c.check(representative.vatIds.length > 0, 'BR-56', representative.location);
  }
  for (const id of [...v.seller.vatIds, ...v.buyer.vatIds, ...(representative?.vatIds ?? [])]) {
    c.check(VAT_PREFIXES.has(id.text.slice(0, 2)), 'BR-CO-09', id.location, { 'VAT identifier': id.text });
  }
}

const VAT_PREFIXES: ReadonlySet<string> = new Set(
  ('1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF ' +
    'CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH ' +
    'GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY ' +
    'KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL ' +
    'NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ' +
    'ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW').split(' '),
);

// ---------------------------------------------------------------- lines, allowances and charges

function lineRules(c: Checker, v: InvoiceView): void {
  for (const line of v.lines) {
    const at = line.location;
    c.check(!blank(line.id), 'BR-21', at);
    c.check(line.quantity !== undefined, 'BR-22', at);
    c.check(line.unitCode !== undefined, 'BR-23', at);
    c.check(line.netAmount !== undefined, 'BR-24', at);
    c.check(!blank(line.itemName), 'BR-25', at);
    c.check(line.netPrice !== undefined, 'BR-26', at);
    const price = dec(line.netPrice);
    c.check(price !== undefined && price.gte(0), 'BR-27', line.netPrice?.location ?? at, { 'BT-146': line.netPrice?.text ?? '' });
    const gross = dec(line.grossPrice);
    c.check(line.grossPrice === undefined || (gross !== undefined && gross.gte(0)), 'BR-28', line.grossPrice?.location ?? at, {
      'BT-148': line.grossPrice?.text ?? '',
    });
    c.check(code(line.category) !== undefined, 'BR-CO-04', at);
    c.check(decimalsOf(line.netAmount) <= 2, 'BR-DEC-23', line.netAmount?.location ?? at, { 'BT-131': line.netAmount?.text ?? '' });
    if (line.period) periodRules(c, line.period, 'BR-30', 'BR-CO-20');
    allowanceChargeRules(c, line.allowanceCharges, 'line');
  }
}

const AC_RULES = {
  document: {
    allowance: { amount: 'BR-31', category: 'BR-32', reason: 'BR-33', reasonCo: 'BR-CO-21', dec: 'BR-DEC-01', decBase: 'BR-DEC-02' },
    charge: { amount: 'BR-36', category: 'BR-37', reason: 'BR-38', reasonCo: 'BR-CO-22', dec: 'BR-DEC-05', decBase: 'BR-DEC-06' },
  },
  line: {
    allowance: { amount: 'BR-41', category: undefined, reason: 'BR-42', reasonCo: 'BR-CO-23', dec: 'BR-DEC-24', decBase: 'BR-DEC-25' },
    charge: { amount: 'BR-43', category: undefined, reason: 'BR-44', reasonCo: 'BR-CO-24', dec: 'BR-DEC-27', decBase: 'BR-DEC-28' },
  },
} as const;

function allowanceChargeRules(c: Checker, items: readonly AllowanceCharge[], level: 'document' | 'line'): void {
  for (const item of items) {
    if (item.charge === undefined) continue;
    const rules = AC_RULES[level][item.charge ? 'charge' : 'allowance'];
    const at = item.location;
    c.check(item.amount !== undefined, rules.amount, at);
    if (rules.category) c.check(code(item.category) !== undefined, rules.category, at);
    const reasoned = item.reason !== undefined || item.reasonCode !== undefined;
    c.check(reasoned, rules.reason, at);
    c.check(reasoned, rules.reasonCo, at);
    c.check(decimalsOf(item.amount) <= 2, rules.dec, item.amount?.location ?? at, { amount: item.amount?.text ?? '' });
    c.check(decimalsOf(item.baseAmount) <= 2, rules.decBase, item.baseAmount?.location ?? at, { base: item.baseAmount?.text ?? '' });
  }
}

// ---------------------------------------------------------------- totals

function totalsRules(c: Checker, v: InvoiceView): void {
  const at = v.totalsLocation;
  if (at === undefined) return;
  c.check(v.lineTotal !== undefined, 'BR-12', at);
  c.check(v.taxExclusive !== undefined, 'BR-13', at);
  c.check(v.taxInclusive !== undefined, 'BR-14', at);
  c.check(v.payable !== undefined, 'BR-15', at);
  const decimals: Array<[string, Field | undefined]> = [
    ['BR-DEC-09', v.lineTotal],
    ['BR-DEC-10', v.allowanceTotal],
    ['BR-DEC-11', v.chargeTotal],
    ['BR-DEC-12', v.taxExclusive],
    ['BR-DEC-14', v.taxInclusive],
    ['BR-DEC-16', v.prepaid],
    ['BR-DEC-17', v.rounding],
    ['BR-DEC-18', v.payable],
  ];
  for (const [rule, value] of decimals) c.check(decimalsOf(value) <= 2, rule, value?.location ?? at, { amount: value?.text ?? '' });

  const lines = sum(v.lines.map((line) => dec(line.netAmount)));
  const lineTotal = dec(v.lineTotal);
  c.check(lineTotal !== undefined && lineTotal.eq(round2(lines)), 'BR-CO-10', at, {
    'BT-106': v.lineTotal?.text ?? '',
    'Σ BT-131': show(round2(lines)),
  });

  const allowances = v.allowanceCharges.filter((item) => item.charge === false);
  const charges = v.allowanceCharges.filter((item) => item.charge === true);
  const allowanceSum = round2(sum(allowances.map((item) => dec(item.amount))));
  const chargeSum = round2(sum(charges.map((item) => dec(item.amount))));
  const allowanceTotal = dec(v.allowanceTotal);
  const chargeTotal = dec(v.chargeTotal);
  c.check(
    (allowanceTotal !== undefined && allowanceTotal.eq(allowanceSum)) || (v.allowanceTotal === undefined && allowances.length === 0),
    'BR-CO-11',
    at,
    { 'BT-107': v.allowanceTotal?.text ?? '', 'Σ BT-92': show(allowanceSum) },
  );
  c.check(
    (chargeTotal !== undefined && chargeTotal.eq(chargeSum)) || (v.chargeTotal === undefined && charges.length === 0),
    'BR-CO-12',
    at,
    { 'BT-108': v.chargeTotal?.text ?? '', 'Σ BT-99': show(chargeSum) },
  );

  const exclusive = dec(v.taxExclusive);
  const expectedExclusive =
    lineTotal === undefined ? undefined : round2(lineTotal.minus(allowanceTotal ?? ZERO).plus(chargeTotal ?? ZERO));
  c.check(exclusive !== undefined && expectedExclusive !== undefined && exclusive.eq(expectedExclusive), 'BR-CO-13', at, {
    'BT-109': v.taxExclusive?.text ?? '',
    'BT-106 − BT-107 + BT-108': show(expectedExclusive),
  });

  const currency = v.currency?.text.trim();
  const inDocumentCurrency = v.taxTotals.filter((total) => total.currency === currency && total.amount !== undefined);
  const vat = inDocumentCurrency.length === 1 ? dec(inDocumentCurrency[0]!.amount) : undefined;
  const inclusive = dec(v.taxInclusive);
  const expectedInclusive = exclusive !== undefined && vat !== undefined ? round2(exclusive.plus(vat)) : undefined;
  const co15 =
    (expectedInclusive !== undefined && inclusive !== undefined && inclusive.eq(expectedInclusive)) ||
    (v.syntax === 'CII' && inclusive !== undefined && exclusive !== undefined && inclusive.eq(exclusive));
  c.check(co15, 'BR-CO-15', v.syntax === 'UBL' ? v.rootLocation : at, {
    'BT-112': v.taxInclusive?.text ?? '',
    'BT-109 + BT-110': show(expectedInclusive),
  });

  const payable = dec(v.payable);
  const expectedPayable =
    inclusive === undefined ? undefined : inclusive.minus(dec(v.prepaid) ?? ZERO).plus(dec(v.rounding) ?? ZERO);
  c.check(
    payable !== undefined && expectedPayable !== undefined && payable.eq(v.syntax === 'UBL' ? round2(expectedPayable) : expectedPayable),
    'BR-CO-16',
    at,
    { 'BT-115': v.payable?.text ?? '', 'BT-112 − BT-113 + BT-114': show(expectedPayable) },
  );
}

// ---------------------------------------------------------------- VAT breakdown

function breakdownRules(c: Checker, v: InvoiceView): void {
  for (const breakdown of v.vatBreakdowns) {
    const at = breakdown.location;
    c.check(breakdown.taxableAmount !== undefined, 'BR-45', at);
    c.check(breakdown.taxAmount !== undefined, 'BR-46', at);
    c.check(code(breakdown.category) !== undefined, 'BR-47', at);
    c.check(
      (breakdown.category?.isVat === true && breakdown.category.rate !== undefined) || code(breakdown.category) === 'O',
      'BR-48',
      at,
    );
    c.check(decimalsOf(breakdown.taxableAmount) <= 2, 'BR-DEC-19', breakdown.taxableAmount?.location ?? at);
    c.check(decimalsOf(breakdown.taxAmount) <= 2, 'BR-DEC-20', breakdown.taxAmount?.location ?? at);
    co17(c, v, breakdown);
  }
  const currency = v.currency?.text.trim();
  for (const total of v.taxTotals) {
    const rule = total.currency === currency ? 'BR-DEC-13' : 'BR-DEC-15';
    c.check(decimalsOf(total.amount) <= 2, rule, total.location, { amount: total.amount?.text ?? '' });
  }
  if (v.syntax === 'UBL') {
    for (const group of v.taxTotalGroups) {
      const expected = round2(sum(group.breakdowns.map((b) => dec(b.taxAmount))));
      const amount = dec(group.amount);
      c.check(amount !== undefined && amount.eq(expected), 'BR-CO-14', group.location, {
        'BT-110': group.amount?.text ?? '',
        'Σ BT-117': show(expected),
      });
    }
  } else {
    const expected = round2(sum(v.vatBreakdowns.map((b) => dec(b.taxAmount))));
    for (const total of v.taxTotals.filter((t) => t.currency === currency)) {
      const amount = dec(total.amount);
      c.check(amount !== undefined && amount.eq(expected), 'BR-CO-14', total.location, {
        'BT-110': total.amount?.text ?? '',
        'Σ BT-117': show(expected),
      });
    }
  }
}

function co17(c: Checker, v: InvoiceView, breakdown: VatBreakdown): void {
  const rate = breakdown.category?.isVat ? dec(breakdown.category.rate) : undefined;
  const tax = dec(breakdown.taxAmount);
  const taxable = dec(breakdown.taxableAmount);
  if (tax === undefined) return c.fail('BR-CO-17', breakdown.location);
  let ok: boolean;
  if (rate === undefined) ok = round0(tax).eq(0);
  else if (round0(rate).eq(0)) ok = round0(tax).eq(0);
  else {
    const expected = taxable === undefined ? undefined : round2(taxable.abs().times(rate.div(100)));
    ok =
      expected !== undefined &&
      (v.syntax === 'UBL'
        ? tax.abs().minus(1).lt(expected) && tax.abs().plus(1).gt(expected)
        : tax.abs().minus(1).lte(expected) && tax.abs().plus(1).gte(expected));
  }
  c.check(ok, 'BR-CO-17', breakdown.location, { 'BT-117': breakdown.taxAmount?.text ?? '', 'BT-116': breakdown.taxableAmount?.text ?? '' });
}

// ---------------------------------------------------------------- VAT categories

interface CategoryShape {
  code: string;
  prefix: string;
  /** 05/06/07: the rate a line, allowance or charge of this category must have. */
  rate: 'positive' | 'zero' | 'non-negative' | 'absent';
  /** 09: the breakdown's VAT is computed from its rate, or must be zero; `none`: no check. */
  tax: 'computed' | 'zero' | 'none';
  /** 10: exemption reason required or forbidden. */
  exemption: 'required' | 'forbidden';
  /** 08 is per rate (S, L, M) or per category. */
  perRate: boolean;
}

const CATEGORIES: readonly CategoryShape[] = [
  { code: 'S', prefix: 'S', rate: 'positive', tax: 'computed', exemption: 'forbidden', perRate: true },
  { code: 'Z', prefix: 'Z', rate: 'zero', tax: 'zero', exemption: 'forbidden', perRate: false },
  { code: 'E', prefix: 'E', rate: 'zero', tax: 'zero', exemption: 'required', perRate: false },
  { code: 'AE', prefix: 'AE', rate: 'zero', tax: 'zero', exemption: 'required', perRate: false },
  { code: 'K', prefix: 'IC', rate: 'zero', tax: 'zero', exemption: 'required', perRate: false },
  { code: 'G', prefix: 'G', rate: 'zero', tax: 'zero', exemption: 'required', perRate: false },
  { code: 'O', prefix: 'O', rate: 'absent', tax: 'zero', exemption: 'required', perRate: false },
  { code: 'L', prefix: 'AF', rate: 'non-negative', tax: 'none', exemption: 'forbidden', perRate: true },
  { code: 'M', prefix: 'AG', rate: 'non-negative', tax: 'computed', exemption: 'forbidden', perRate: true },
];

function rateOk(shape: CategoryShape, category: VatCategory): boolean {
  const rate = dec(category.rate);
  switch (shape.rate) {
    case 'positive':
      return rate !== undefined && rate.gt(0);
    case 'zero':
      return rate !== undefined && rate.eq(0);
    case 'non-negative':
      return rate !== undefined && rate.gte(0);
    case 'absent':
      return category.rate === undefined;
  }
}

function vatCategoryRules(c: Checker, v: InvoiceView): void {
  for (const shape of CATEGORIES) categoryRules(c, v, shape);
}

function categoryRules(c: Checker, v: InvoiceView, shape: CategoryShape): void {
  const rule = (n: string): string => `BR-${shape.prefix}-${n}`;
  const is = (category: VatCategory | undefined): boolean => code(category) === shape.code;
  const lines = v.lines.filter((line) => is(line.category));
  const allowances = v.allowanceCharges.filter((item) => item.charge === false && is(item.category));
  const charges = v.allowanceCharges.filter((item) => item.charge === true && is(item.category));
  const breakdowns = v.vatBreakdowns.filter((b) => is(b.category));
  const used = lines.length + allowances.length + charges.length;
  const root = v.rootLocation;

  // 01: the category used ⇔ its breakdown.
  if (v.syntax === 'UBL') {
    if (shape.perRate) c.check((used > 0 && breakdowns.length > 0) || (used === 0 && breakdowns.length === 0), rule('01'), root);
    else c.check((used === 0 && breakdowns.length === 0) || breakdowns.length === 1, rule('01'), root);
  } else if (shape.perRate) {
    const ac = allowances.length + charges.length;
    c.check(
      (lines.length + breakdowns.length >= 2 || lines.length === 0) && (ac + breakdowns.length >= 2 || ac === 0),
      rule('01'),
      root,
    );
  } else if (shape.code === 'O') {
    c.check(breakdowns.length === 0 || (breakdowns.length === 1 && used > 0), rule('01'), root);
  } else {
    c.check((breakdowns.length === 0 && used === 0) || (breakdowns.length === 1 && used > 0), rule('01'), root);
  }

  // 02/03/04: the seller's (and for some categories the buyer's) identifiers.
  const sellerTax = v.seller.vatIds.length > 0 || (v.taxRepresentative?.vatIds.length ?? 0) > 0;
  const sellerAnyTax = sellerTax || v.seller.taxRegistrationIds.length > 0;
  let identified: boolean;
  switch (shape.code) {
    case 'O':
      identified = !sellerTax && v.buyer.vatIds.length === 0;
      break;
    case 'G':
      identified = sellerTax;
      break;
    case 'K':
      identified = sellerTax && v.buyer.vatIds.length > 0;
      break;
    case 'AE':
      identified = sellerAnyTax && (v.buyer.vatIds.length > 0 || v.buyer.legalId !== undefined);
      break;
    default:
      identified = sellerAnyTax;
  }
  if (lines.length > 0) c.check(identified, rule('02'), root);
  if (allowances.length > 0) c.check(identified, rule('03'), root);
  if (charges.length > 0) c.check(identified, rule('04'), root);

  // 05/06/07: rates.
  for (const line of lines) c.check(rateOk(shape, line.category!), rule('05'), line.category!.location, { 'BT-152': line.category!.rate?.text ?? '' });
  for (const item of allowances) c.check(rateOk(shape, item.category!), rule('06'), item.category!.location, { 'BT-96': item.category!.rate?.text ?? '' });
  for (const item of charges) c.check(rateOk(shape, item.category!), rule('07'), item.category!.location, { 'BT-103': item.category!.rate?.text ?? '' });

  // 08/09/10: each breakdown of the category.
  for (const breakdown of breakdowns) {
    const category = breakdown.category!;
    taxableRule(c, v, shape, breakdown, rule('08'));
    const tax = dec(breakdown.taxAmount);
    if (shape.tax === 'zero') {
      c.check(tax !== undefined && tax.eq(0), rule('09'), category.location, { 'BT-117': breakdown.taxAmount?.text ?? '' });
    } else if (shape.tax === 'computed') {
      const rate = dec(category.rate);
      const taxable = dec(breakdown.taxableAmount);
      const expected = rate && taxable ? round2(taxable.abs().times(rate).div(100)) : undefined;
      c.check(
        tax !== undefined && expected !== undefined && tax.abs().minus(1).lt(expected) && tax.abs().plus(1).gt(expected),
        rule('09'),
        category.location,
        { 'BT-117': breakdown.taxAmount?.text ?? '', 'BT-116 × BT-119': show(expected) },
      );
    }
    const exempted = category.exemptionReason !== undefined || category.exemptionReasonCode !== undefined;
    c.check(shape.exemption === 'required' ? exempted : !exempted, rule('10'), category.location);
  }

  if (shape.code === 'O' && breakdowns.length > 0) {
    c.check(v.vatBreakdowns.every((b) => code(b.category) === 'O'), 'BR-O-11', root);
    c.check(v.lines.every((line) => !line.category?.isVat || code(line.category) === 'O'), 'BR-O-12', root);
    const others = (charge: boolean): boolean =>
      v.allowanceCharges.every((item) => item.charge !== charge || !item.category?.isVat || code(item.category) === 'O');
    c.check(others(false), 'BR-O-13', root);
    c.check(others(true), 'BR-O-14', root);
  }
}

function taxableRule(c: Checker, v: InvoiceView, shape: CategoryShape, breakdown: VatBreakdown, rule: string): void {
  const category = breakdown.category!;
  const rate = dec(category.rate);
  if (shape.perRate && rate === undefined) return; // "every $rate in …": nothing to check
  const matches = (other: VatCategory | undefined): boolean => {
    if (code(other) !== shape.code) return false;
    if (!shape.perRate) return true;
    const otherRate = dec(other!.rate);
    return otherRate !== undefined && otherRate.eq(rate!);
  };
  const lineAmounts = v.lines.filter((line: Line) => matches(line.category)).map((line) => dec(line.netAmount));
  const chargeAmounts = v.allowanceCharges.filter((item) => item.charge === true && matches(item.category)).map((item) => dec(item.amount));
  const allowanceAmounts = v.allowanceCharges.filter((item) => item.charge === false && matches(item.category)).map((item) => dec(item.amount));
  const taxable = dec(breakdown.taxableAmount);
  let expected: Decimal;
  let ok: boolean;
  const within1 = (a: Decimal, b: Decimal): boolean => a.minus(1).lt(b) && a.plus(1).gt(b);
  if (v.syntax === 'UBL') {
    expected = sum(lineAmounts).plus(sum(chargeAmounts)).minus(sum(allowanceAmounts));
    if (shape.perRate) {
      const exists = lineAmounts.length + chargeAmounts.length + allowanceAmounts.length > 0 || shape.code !== 'S';
      ok = exists && taxable !== undefined && within1(taxable, expected);
    } else ok = taxable !== undefined && taxable.eq(expected);
  } else {
    expected = round2(sum(lineAmounts)).plus(round2(sum(chargeAmounts))).minus(round2(sum(allowanceAmounts)));
    ok = taxable !== undefined && (shape.perRate ? taxable.eq(expected) : within1(taxable, expected));
  }
  c.check(ok, rule, breakdown.location, { 'BT-116': breakdown.taxableAmount?.text ?? '', expected: show(expected) });
}

// ---------------------------------------------------------------- payee, payment, references, schemes

function referenceRules(c: Checker, v: InvoiceView): void {
  const x = v.extras;
  const root = v.rootLocation;
  if (x.payee) c.check(x.payee.name !== undefined && x.payee.differsFromSeller, 'BR-17', x.payee.location);
  for (const means of x.paymentMeans) {
    c.check(means.code !== undefined, 'BR-49', means.location);
    const code = means.code?.text;
    const transfer = v.syntax === 'UBL' ? code === '30' || code === '58' : code?.trim() === '30' || code?.trim() === '58';
    if (transfer) for (const account of means.accounts) c.check(!blank(account.id), 'BR-50', account.location);
    if (v.syntax === 'UBL') {
      const trimmed = code?.trim() ?? '';
      const accountId = means.accounts.some((account) => account.id !== undefined);
      c.check((accountId && (trimmed === '30' || trimmed === '58')) || (trimmed !== '30' && trimmed !== '58'), 'BR-61', means.location);
    } else if (transfer) {
      for (const account of means.accounts) c.check(account.id !== undefined, 'BR-61', account.location);
    }
  }
  for (const card of x.cardNumbers) c.check(card.text.trim().length <= 10, 'BR-51', card.location);
  for (const document of x.additionalDocuments) c.check(!blank(document.id), 'BR-52', document.location);
  for (const attribute of x.itemAttributes) c.check(attribute.name !== undefined && attribute.value !== undefined, 'BR-54', attribute.location);
  for (const preceding of x.precedingInvoices) {
    c.check(v.syntax === 'UBL' ? preceding.id !== undefined : !blank(preceding.id), 'BR-55', preceding.location);
  }
  for (const address of x.deliveryAddresses) {
    c.check(v.syntax === 'UBL' ? address.country !== undefined : !blank(address.country), 'BR-57', address.location);
  }
  for (const missing of x.schemeless) c.fail(missing.rule, missing.location);

  const both = x.taxPointDate && x.taxPointDateCode;
  if (v.syntax === 'UBL') c.check(!both, 'BR-CO-03', root);
  else if (both) v.vatBreakdowns.forEach((b) => c.fail('BR-CO-03', b.location));

  const taxCurrency = v.taxCurrency?.text;
  if (taxCurrency !== undefined) {
    if (v.syntax === 'UBL') c.check(v.taxTotals.some((total) => total.currency === taxCurrency), 'BR-53', root);
    else if (v.totalsLocation !== undefined) {
      c.check(
        v.taxTotals.some((total) => total.currency === taxCurrency) && taxCurrency !== v.currency?.text,
        'BR-53',
        v.totalsLocation,
      );
    }
  }

  const intraCommunity = v.vatBreakdowns.filter((b) => code(b.category) === 'K');
  const checks = v.syntax === 'UBL' ? intraCommunity.slice(0, 1) : intraCommunity;
  for (const breakdown of checks) {
    const at = v.syntax === 'UBL' ? root : breakdown.location;
    c.check(x.actualDeliveryDate || x.periodFilled, 'BR-IC-11', at);
    c.check(x.deliverToCountry, 'BR-IC-12', at);
  }
}
