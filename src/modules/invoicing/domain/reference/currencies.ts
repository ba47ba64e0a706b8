import { ReferenceItem } from './reference-item';

/**
 * Invoice currencies (ISO 4217, `deviseFacture`): EUR first, then the currencies most used by the
 * platform's foreign suppliers and by the French overseas collectivities (XPF), West and Central
 * Africa (XOF, XAF), Comoros (KMF). `minorUnits` is ISO 4217's number of decimals; invoice amounts
 * are still entered with at most 2 decimals, as on the platform.
 */
export interface Currency<Code extends string = string> extends ReferenceItem<Code> {
  readonly minorUnits: 0 | 2 | 3;
}

const currency = <const Code extends string>(code: Code, labelFr: string, labelEn: string, minorUnits: 0 | 2 | 3 = 2): Currency<Code> => ({
  code,
  labelFr,
  labelEn,
  minorUnits,
});

export const CURRENCIES = [
  currency('EUR', 'Euro', 'Euro'),
  currency('USD', 'Dollar des États-Unis', 'US dollar'),
  currency('GBP', 'Livre sterling', 'Pound sterling'),
  currency('CHF', 'Franc suisse', 'Swiss franc'),
  currency('JPY', 'Yen japonais', 'Japanese yen', 0),
  currency('CNY', 'Yuan renminbi chinois', 'Chinese yuan'),
  currency('CAD', 'Dollar canadien', 'Canadian dollar'),
  currency('AUD', 'Dollar australien', 'Australian dollar'),
  currency('NZD', 'Dollar néo-zélandais', 'New Zealand dollar'),
  currency('SEK', 'Couronne suédoise', 'Swedish krona'),
  currency('NOK', 'Couronne norvégienne', 'Norwegian krone'),
  currency('DKK', 'Couronne danoise', 'Danish krone'),
  currency('ISK', 'Couronne islandaise', 'Icelandic króna', 0),
  currency('PLN', 'Zloty polonais', 'Polish zloty'),
  currency('CZK', 'Couronne tchèque', 'Czech koruna'),
  currency('HUF', 'Forint hongrois', 'Hungarian forint'),
  currency('RON', 'Leu roumain', 'Romanian leu'),
  currency('BGN', 'Lev bulgare', 'Bulgarian lev'),
  currency('TRY', 'Livre turque', 'Turkish lira'),
  currency('UAH', 'Hryvnia ukrainienne', 'Ukrainian hryvnia'),
  currency('ILS', 'Nouveau shekel israélien', 'Israeli new shekel'),
  currency('AED', 'Dirham des Émirats arabes unis', 'UAE dirham'),
  currency('SAR', 'Riyal saoudien', 'Saudi riyal'),
  currency('QAR', 'Riyal qatari', 'Qatari riyal'),
  currency('KWD', 'Dinar koweïtien', 'Kuwaiti dinar', 3),
  currency('BHD', 'Dinar bahreïni', 'Bahraini dinar', 3),
  currency('INR', 'Roupie indienne', 'Indian rupee'),
  currency('SGD', 'Dollar de Singapour', 'Singapore dollar'),
  currency('HKD', 'Dollar de Hong Kong', 'Hong Kong dollar'),
  currency('KRW', 'Won sud-coréen', 'South Korean won', 0),
  currency('THB', 'Baht thaïlandais', 'Thai baht'),
  currency('MYR', 'Ringgit malais', 'Malaysian ringgit'),
  currency('IDR', 'Roupie indonésienne', 'Indonesian rupiah'),
  currency('PHP', 'Peso philippin', 'Philippine peso'),
  currency('BRL', 'Réal brésilien', 'Brazilian real'),
  currency('MXN', 'Peso mexicain', 'Mexican peso'),
  currency('ARS', 'Peso argentin', 'Argentine peso'),
  currency('CLP', 'Peso chilien', 'Chilean peso', 0),
  currency('COP', 'Peso colombien', 'Colombian peso'),
  currency('ZAR', 'Rand sud-africain', 'South African rand'),
  currency('MAD', 'Dirham marocain', 'Moroccan dirham'),
  currency('DZD', 'Dinar algérien', 'Algerian dinar'),
  currency('TND', 'Dinar tunisien', 'Tunisian dinar', 3),
  currency('EGP', 'Livre égyptienne', 'Egyptian pound'),
  currency('XOF', 'Franc CFA (BCEAO)', 'West African CFA franc', 0),
  currency('XAF', 'Franc CFA (BEAC)', 'Central African CFA franc', 0),
  currency('XPF', 'Franc CFP', 'CFP franc', 0),
  currency('KMF', 'Franc comorien', 'Comorian franc', 0),
  currency('MUR', 'Roupie mauricienne', 'Mauritian rupee'),
] as const;

export type CurrencyCode = (typeof CURRENCIES)[number]['code'];

export const DEFAULT_CURRENCY: CurrencyCode = 'EUR';
