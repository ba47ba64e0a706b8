import { DomainError } from '../../../shared/domain/domain-error';
import { formatAmount, multiplyByQuantity, parseAmount, parseQuantity, parseRate, parseUnitPrice } from '../../../shared/domain/money';
import { PisteErrors } from '../domain/piste.errors';
import { amount, Body, required, text } from '../domain/readers';
import { InvoicingReference } from '../../invoicing/contracts/api-mode';

/**
 * How `soumettre` reads VAT rates and line amounts (issue 16). Clients send a rate as the code of
 * `transverses/v1/recuperer/tauxtva` (`ligneTvaTaux: "TVA20"`, `lignePosteTauxTva: "TVA20"`), with or
 * without the rate itself (`…TauxManuel: 20`); older clients send the number only (`…TauxValeur`, or a
 * number in the code field). A code we do not list, or a manual rate that contradicts the code, is
 * refused naming the field: a silent 0 % would be a wrong invoice.
 */

/** Code (upper case) → rate as decimal text, from the reference list. */
export type VatRateCodes = ReadonlyMap<string, string>;

const FIELDS = {
  ligneTva: { code: 'ligneTvaTaux', manual: 'ligneTvaTauxManuel', value: 'ligneTvaTauxValeur' },
  lignePoste: { code: 'lignePosteTauxTva', manual: 'lignePosteTauxTvaManuel', value: 'lignePosteTauxTvaValeur' },
} as const;

const invalid = (field: string, reason: string): DomainError => new DomainError(PisteErrors.FIELD_INVALID, { field, reason }, field);

/** Two rates as decimals (`20` = `20.0` = `20,00`), never as floating-point numbers. */
export const sameRate = (a: string, b: string): boolean => {
  const x = parseRate(a);
  const y = parseRate(b);
  return x.ok && y.ok && x.value === y.value;
};

/** The rate of one VAT line or item line (`label` is e.g. `ligneTva[0]`), or undefined when none is sent. */
export function readVatRate(line: Body, kind: keyof typeof FIELDS, label: string, codes: VatRateCodes): string | undefined {
  const f = FIELDS[kind];
  const codeLabel = `${label}.${f.code}`;
  const code = text(line, f.code, codeLabel);
  let fromCode: string | undefined;
  if (code !== undefined) {
    fromCode = codes.get(code.toUpperCase());
    if (fromCode === undefined) {
      // The rate itself in the code field (`ligneTvaTaux: 20`), as older clients send it.
      if (!/^\d+([.,]\d+)?$/.test(code)) throw invalid(codeLabel, `code de taux inconnu (${code}) : voir transverses/v1/recuperer/tauxtva`);
      fromCode = code.replace(',', '.');
    }
  }
  const manualLabel = `${label}.${f.manual}`;
  const manual = amount(line, f.manual, manualLabel) ?? amount(line, f.value, `${label}.${f.value}`);
  // With a code, a manual 0 is a typed client's zero value, not a rate.
  const explicit = fromCode !== undefined && manual !== undefined && sameRate(manual, '0') ? undefined : manual;
  if (explicit !== undefined && !parseRate(explicit).ok) throw invalid(manualLabel, 'un taux positif (4 décimales au plus) est attendu');
  if (fromCode !== undefined && explicit !== undefined && !sameRate(fromCode, explicit)) {
    throw invalid(manualLabel, `le taux ${explicit} ne correspond pas au code ${code} (${fromCode} %)`);
  }
  return fromCode ?? explicit;
}

export function requiredVatRate(line: Body, kind: keyof typeof FIELDS, label: string, codes: VatRateCodes): string {
  const rate = readVatRate(line, kind, label, codes);
  if (rate === undefined) throw required(`${label}.${FIELDS[kind].code}`);
  return rate;
}

/**
 * The rate of an item line sent without one: the invoice's only rate (`ligneTva` with one distinct rate), 0
 * when it has no VAT line (exempt, no VAT), and refused when there are several: never a silent 0 %.
 */
export function implicitLineRate(breakdown: readonly { rate: string }[], label: string): string {
  const distinct = breakdown.filter((v, i) => breakdown.findIndex((w) => sameRate(w.rate, v.rate)) === i);
  if (distinct.length === 0) return '0';
  if (distinct.length === 1) return distinct[0]!.rate;
  throw required(`${label}.${FIELDS.lignePoste.code}`);
}

/**
 * A line's amount before VAT: as sent (`lignePosteMontantHtApresRemise`), else quantity × unit price −
 * discount, in decimals (money.ts), rounded half-up once to the cent: 1 × 1.005 is 1.01.
 */
export function lineAmount(line: Body, label: string, quantity: string, unitPrice: string): string {
  const given = amount(line, 'lignePosteMontantHtApresRemise', `${label}.lignePosteMontantHtApresRemise`);
  if (given !== undefined) return given;
  const q = parseQuantity(quantity);
  if (!q.ok) throw invalid(`${label}.lignePosteQuantite`, q.message);
  const p = parseUnitPrice(unitPrice);
  if (!p.ok) throw invalid(`${label}.lignePosteMontantUnitaireHT`, p.message);
  const discountText = amount(line, 'lignePosteMontantRemiseHT', `${label}.lignePosteMontantRemiseHT`);
  const discount = discountText === undefined ? undefined : parseAmount(discountText);
  if (discount && !discount.ok) throw invalid(`${label}.lignePosteMontantRemiseHT`, discount.message);
  return formatAmount(multiplyByQuantity(p.value, q.value) - (discount?.ok ? discount.value : 0n));
}

/** `recuperer/tauxtva` codes → rates, as soumettre reads `ligneTvaTaux` / `lignePosteTauxTva` and consulter answers them. */
export function vatRateCodesOf(reference: InvoicingReference): VatRateCodes {
  return new Map(reference.list('vatRates').map((r) => [r.code.toUpperCase(), String(r.extra?.value ?? r.extra?.rate)]));
}
