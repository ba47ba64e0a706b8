/** Common shape of reference lists: a stable code and its French and English labels. */
export interface ReferenceItem<Code extends string = string> {
  readonly code: Code;
  readonly labelFr: string;
  readonly labelEn: string;
}

export type ReferenceLanguage = 'fr' | 'en';

/** Codes of a list, typed: `codesOf(PAYMENT_MODES)` is `PaymentMode[]`. */
export function codesOf<const T extends readonly ReferenceItem[]>(items: T): T[number]['code'][] {
  return items.map((item) => item.code);
}

export function findByCode<T extends ReferenceItem>(items: readonly T[], code: string): T | undefined {
  return items.find((item) => item.code === code);
}

/** Type guard for a code of a list (exact, case-sensitive: API codes are). */
export function isCodeOf<T extends ReferenceItem>(items: readonly T[], value: unknown): value is T['code'] {
  return typeof value === 'string' && items.some((item) => item.code === value);
}

export function labelOf(item: ReferenceItem, language: ReferenceLanguage = 'fr'): string {
  return language === 'fr' ? item.labelFr : item.labelEn;
}
