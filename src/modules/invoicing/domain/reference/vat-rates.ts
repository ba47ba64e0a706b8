import { DecimalInput, parseRate } from '../../../../shared/domain/money';
import { ReferenceItem } from './reference-item';

/**
 * VAT rates applicable in France (metropolitan France, Corsica, overseas departments), as served by
 * transverses/v1/recuperer/tauxtva. The rate is a decimal string (no float in reference data);
 * `rateNumber` is its JSON-number form for the API.
 */
export const VAT_TERRITORIES = ['METROPOLE', 'CORSE', 'DOM', 'TOUS'] as const;
export type VatTerritory = (typeof VAT_TERRITORIES)[number];

export interface VatRate<Code extends string = string> extends ReferenceItem<Code> {
  readonly rate: string;
  readonly rateNumber: number;
  /** Where the rate applies (main use; several rates have secondary uses elsewhere). */
  readonly territory: VatTerritory;
}

const vatRate = <const Code extends string>(
  code: Code,
  rate: string,
  territory: VatTerritory,
  labelFr: string,
  labelEn: string,
): VatRate<Code> => ({ code, rate, rateNumber: Number(rate), territory, labelFr, labelEn });

export const VAT_RATES = [
  vatRate('TVA20', '20', 'METROPOLE', 'Taux normal 20 %', 'Standard rate 20%'),
  vatRate('TVA10', '10', 'METROPOLE', 'Taux intermédiaire 10 %', 'Intermediate rate 10%'),
  vatRate('TVA8_5', '8.5', 'DOM', 'Taux normal DOM 8,5 % (Guadeloupe, Martinique, La Réunion)', 'Overseas standard rate 8.5%'),
  vatRate('TVA5_5', '5.5', 'METROPOLE', 'Taux réduit 5,5 %', 'Reduced rate 5.5%'),
  vatRate('TVA2_1', '2.1', 'TOUS', 'Taux particulier 2,1 % (taux réduit DOM)', 'Special rate 2.1% (overseas reduced rate)'),
  vatRate('TVA1_05', '1.05', 'DOM', 'Taux particulier DOM 1,05 %', 'Overseas special rate 1.05%'),
  vatRate('TVA0_9', '0.9', 'CORSE', 'Taux particulier Corse 0,9 %', 'Corsica special rate 0.9%'),
  vatRate('TVA0', '0', 'TOUS', 'Taux zéro / exonération 0 %', 'Zero rate / exempt 0%'),
] as const;

export type VatRateCode = (typeof VAT_RATES)[number]['code'];

/** The reference rate equal to `value` ('5.5', '5,50', 5.5...), compared as decimals, or undefined. */
export function findVatRateByValue(value: DecimalInput): VatRate<VatRateCode> | undefined {
  const parsed = parseRate(value);
  if (!parsed.ok) return undefined;
  return VAT_RATES.find((item) => {
    const reference = parseRate(item.rate);
    return reference.ok && reference.value === parsed.value;
  });
}

export const isFrenchVatRate = (value: DecimalInput): boolean => findVatRateByValue(value) !== undefined;
