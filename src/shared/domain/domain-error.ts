/**
 * The one error type domain and application code throws. Each error has a stable code
 * (`CONTEXT.REASON`), an HTTP status, French and English texts with `{param}` placeholders, and an
 * optional field it concerns. The HTTP filter (`/api`) and the PISTE mapper (`/cpro`) read the same
 * definitions, so a code means one thing everywhere.
 */
export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423 | 429 | 500 | 503;

export interface ErrorDefinition {
  readonly status: HttpStatus;
  readonly fr: string;
  readonly en: string;
}

export interface DefinedError extends ErrorDefinition {
  readonly code: string;
}

export type ErrorParams = Record<string, string | number | boolean | string[] | null | undefined>;

/** Declares a context's errors: `defineErrors('ACCOUNTS', { LINK_EXPIRED: {...} })`. Codes get the prefix. */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(
  context: string,
  definitions: T,
): { readonly [K in keyof T]: DefinedError } {
  const out: Record<string, DefinedError> = {};
  for (const [reason, def] of Object.entries(definitions)) {
    const code = `${context}.${reason}`;
    if (catalogue.has(code)) throw new Error(`Error code ${code} is defined twice`);
    const defined = { code, ...def };
    catalogue.set(code, defined);
    out[reason] = defined;
  }
  return out as { readonly [K in keyof T]: DefinedError };
}

const catalogue = new Map<string, DefinedError>();

/** Every code defined so far (all contexts' `*.errors.ts` are imported by their modules at boot). */
export function errorCatalogue(): DefinedError[] {
  return [...catalogue.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export interface FieldIssue {
  field: string;
  code: string;
  message: { fr: string; en: string };
  /** The rule broken, when the issue is a business rule's: `BR-CO-13` (EN 16931) or `LIASSE-…`. */
  rule?: string;
  /** The values the rule compared (`expected`, `actual`…), as text: validation reports carry them. */
  values?: Record<string, string>;
  /** The EN 16931 business term concerned (`BT-112`), when the rule knows it. */
  businessTerm?: string;
  /** XPath of the element concerned in a structured document, when the rule knows it. */
  location?: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: HttpStatus;

  constructor(
    readonly definition: DefinedError,
    readonly params: ErrorParams = {},
    readonly field?: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(`${definition.code}: ${interpolate(definition.en, params)}`);
    this.code = definition.code;
    this.status = definition.status;
  }

  localized(lang: 'fr' | 'en'): string {
    return interpolate(this.definition[lang], this.params);
  }
}

export function interpolate(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => {
    const value = params[key];
    if (value === undefined || value === null) return match;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
