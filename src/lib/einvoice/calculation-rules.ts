import { exact, type Exact, roundAsXPath, sumExact } from '../../shared/domain/money';
import type { NormalisedInvoice } from './normalised-invoice';
import type { Finding } from './report';

/**
 * EN 16931's calculation rules on a read document (pure functions): BR-CO-10 to BR-CO-17, computed as
 * the official validation artefacts compute them (XPath `round(x * 100) div 100`, halves toward +∞;
 * BR-CO-17's tolerance of less than one currency unit), so that a document the artefacts accept is
 * accepted here and one they refuse is refused with the same rule id.
 *
 * What EN 16931 does NOT require, and so is not checked here: that a line's net amount equals quantity ×
 * price / base quantity ± its allowances and charges (the portal's stricter rule of manual entry, in
 * invoicing's domain), that amounts be positive (a return line is negative), or any number of decimals
 * on a price (BT-146 has none).
 *
 * Each finding: stage `en16931`, severity `error` (the artefacts' flag is `fatal`), location the XPath of
 * the element the rule is about, its business term, French and English text, the values compared.
 */

const money = (value: Exact): string => value.toFixed(2);
const sum = (values: readonly string[]): Exact => sumExact(values.map(exact));

interface RuleText {
  readonly fr: string;
  readonly en: string;
}

/** The artefacts' own texts (English), and ours in French. */
const RULES: Record<string, { term: string; text: RuleText }> = {
  'BR-CO-10': {
    term: 'BT-106',
    text: {
      fr: 'La somme des montants nets des lignes (BT-106) doit être égale à la somme des montants nets de chaque ligne (BT-131).',
      en: 'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).',
    },
  },
  'BR-CO-11': {
    term: 'BT-107',
    text: {
      fr: 'La somme des remises au niveau du document (BT-107) doit être égale à la somme des montants des remises (BT-92).',
      en: 'Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).',
    },
  },
  'BR-CO-12': {
    term: 'BT-108',
    text: {
      fr: 'La somme des frais au niveau du document (BT-108) doit être égale à la somme des montants des frais (BT-99).',
      en: 'Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).',
    },
  },
  'BR-CO-13': {
    term: 'BT-109',
    text: {
      fr: 'Le montant total HT (BT-109) doit être égal à la somme des montants nets des lignes (BT-106) − les remises (BT-107) + les frais (BT-108) au niveau du document.',
      en: 'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) − Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).',
    },
  },
  'BR-CO-14': {
    term: 'BT-110',
    text: {
      fr: 'Le montant total de TVA (BT-110) doit être égal à la somme des montants de TVA par catégorie (BT-117).',
      en: 'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).',
    },
  },
  'BR-CO-15': {
    term: 'BT-112',
    text: {
      fr: 'Le montant total TTC (BT-112) doit être égal au montant total HT (BT-109) + le montant total de TVA (BT-110).',
      en: 'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).',
    },
  },
  'BR-CO-16': {
    term: 'BT-115',
    text: {
      fr: "Le montant à payer (BT-115) doit être égal au montant total TTC (BT-112) − le montant payé (BT-113) + le montant d'arrondi (BT-114).",
      en: 'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) − Paid amount (BT-113) + Rounding amount (BT-114).',
    },
  },
  'BR-CO-17': {
    term: 'BT-117',
    text: {
      fr: "Le montant de TVA d'une catégorie (BT-117) doit être égal à sa base (BT-116) × son taux (BT-119) / 100, arrondi à deux décimales (à moins d'une unité près).",
      en: 'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.',
    },
  },
};

function finding(rule: string, location: string | undefined, values: Record<string, string>, term?: string): Finding {
  const { term: ruleTerm, text } = RULES[rule]!;
  const { expected, actual, ...others } = values;
  const more = Object.entries(others).map(([name, value]) => `, ${name} = ${value}`).join('');
  const stem = (sentence: string): string => sentence.replace(/\.$/, '');
  return {
    rule,
    stage: 'en16931',
    severity: 'error',
    ...(location === undefined ? {} : { location }),
    businessTerm: term ?? ruleTerm,
    message: {
      fr: `${stem(text.fr)} : attendu ${expected}, reçu ${actual}${more}.`,
      en: `${stem(text.en)}: expected ${expected}, got ${actual}${more}.`,
    },
    values,
  };
}

/** Every calculation rule the document breaks (empty: its totals are EN 16931's). */
export function checkCalculationRules(invoice: NormalisedInvoice): Finding[] {
  const at = (key: string): string | undefined => invoice.locations?.[key];
  const { totals } = invoice;
  const charges = invoice.allowanceCharges ?? [];
  const findings: Finding[] = [];
  const cii = invoice.syntax === 'CII';

  // BR-CO-10: BT-106 = round(Σ BT-131). MINIMUM / BASIC WL documents have neither lines nor BT-106.
  if (totals.lineTotal !== undefined && invoice.lines.length > 0) {
    const expected = roundAsXPath(sum(invoice.lines.map((line) => line.netAmount)));
    if (!exact(totals.lineTotal).equals(expected)) {
      findings.push(finding('BR-CO-10', at('BT-106'), { expected: money(expected), actual: totals.lineTotal }));
    }
  }

  // BR-CO-11 / BR-CO-12: the stated sums of allowances and charges, or neither sum nor any allowance / charge.
  for (const [rule, kind, stated, term] of [
    ['BR-CO-11', 'allowance', totals.allowanceTotal, 'BT-107'],
    ['BR-CO-12', 'charge', totals.chargeTotal, 'BT-108'],
  ] as const) {
    const amounts = charges.filter((charge) => charge.kind === kind).map((charge) => charge.amount);
    if (stated === undefined && amounts.length === 0) continue;
    const expected = roundAsXPath(sum(amounts));
    if (stated === undefined || !exact(stated).equals(expected)) {
      findings.push(finding(rule, at(term), { expected: money(expected), actual: stated ?? '(absent)' }));
    }
  }

  // BR-CO-13: BT-109 = round(BT-106 − BT-107 + BT-108).
  if (totals.lineTotal !== undefined) {
    const computed = exact(totals.lineTotal)
      .minus(exact(totals.allowanceTotal ?? '0'))
      .plus(exact(totals.chargeTotal ?? '0'));
    const expected = totals.allowanceTotal === undefined && totals.chargeTotal === undefined ? computed : roundAsXPath(computed);
    if (!exact(totals.totalExclTax).equals(expected)) {
      findings.push(finding('BR-CO-13', at('BT-109'), { expected: money(expected), actual: totals.totalExclTax }));
    }
  }

  // BR-CO-14: BT-110 = round(Σ BT-117), when the document states BT-110 and has a breakdown.
  if (!totals.totalVatDerived && invoice.vatBreakdown.length > 0) {
    const expected = roundAsXPath(sum(invoice.vatBreakdown.map((vat) => vat.vatAmount)));
    if (!exact(totals.totalVat).equals(expected)) {
      findings.push(finding('BR-CO-14', at('BT-110'), { expected: money(expected), actual: totals.totalVat }));
    }
  }

  // BR-CO-15: BT-112 = round(BT-109 + BT-110). The CII artefact also accepts BT-112 = BT-109.
  if (!totals.totalVatDerived) {
    const expected = roundAsXPath(exact(totals.totalExclTax).plus(exact(totals.totalVat)));
    const ciiLeniency = cii && exact(totals.totalInclTax).equals(exact(totals.totalExclTax));
    if (!exact(totals.totalInclTax).equals(expected) && !ciiLeniency) {
      findings.push(finding('BR-CO-15', at('BT-112'), { expected: money(expected), actual: totals.totalInclTax }));
    }
  }

  // BR-CO-16: round(BT-115 − BT-114) = round(BT-112 − BT-113), exactly as the artefacts' four cases.
  {
    const payable = exact(totals.amountDue);
    const due = totals.roundingAmount === undefined ? payable : roundAsXPath(payable.minus(exact(totals.roundingAmount)));
    const expected = totals.prepaidAmount === undefined ? exact(totals.totalInclTax) : roundAsXPath(exact(totals.totalInclTax).minus(exact(totals.prepaidAmount)));
    if (!due.equals(expected)) {
      const shownExpected = totals.roundingAmount === undefined ? expected : expected.plus(exact(totals.roundingAmount));
      findings.push(finding('BR-CO-16', at('BT-115'), { expected: money(shownExpected), actual: totals.amountDue }));
    }
  }

  // BR-CO-17: per VAT breakdown, BT-117 within one unit of round(|BT-116| × BT-119 / 100) (UBL: strictly
  // within, CII: up to one unit); a rate that rounds to 0 (or none) wants a tax amount that rounds to 0.
  invoice.vatBreakdown.forEach((vat, index) => {
    const rate = exact(vat.rate);
    const tax = exact(vat.vatAmount);
    const position = `[${index + 1}]`;
    const roundsToZero = (value: Exact): boolean => roundAsXPath(value, 0).isZero();
    if (roundsToZero(rate)) {
      if (!roundsToZero(tax)) {
        findings.push(finding('BR-CO-17', at(`BT-117${position}`), { expected: '0.00', actual: vat.vatAmount, 'BT-118': vat.category, 'BT-119': vat.rate }, 'BT-117'));
      }
      return;
    }
    const expected = roundAsXPath(exact(vat.taxableAmount).abs().times(rate.dividedBy(100)));
    const magnitude = tax.abs();
    const within = cii
      ? magnitude.minus(1).lessThanOrEqualTo(expected) && magnitude.plus(1).greaterThanOrEqualTo(expected)
      : magnitude.minus(1).lessThan(expected) && magnitude.plus(1).greaterThan(expected);
    if (!within) {
      findings.push(
        finding('BR-CO-17', at(`BT-117${position}`), {
          expected: money(expected),
          actual: vat.vatAmount,
          'BT-116': vat.taxableAmount,
          'BT-119': vat.rate,
        }, 'BT-117'),
      );
    }
  });

  return findings;
}
