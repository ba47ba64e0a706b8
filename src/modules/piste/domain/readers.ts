import { DomainError } from '../../../shared/domain/domain-error';
import { PisteErrors } from './piste.errors';

/**
 * Lenient readers of /cpro bodies (PISTE-API.md, "Be lenient"; D11): the one way every operation reads
 * its body, so a tolerance granted to one operation holds for all of them.
 * - unknown fields are ignored;
 * - `null`, `""`, `0` and `false` mean "not set" for filters and optional fields (`{}` too, for a coded
 *   field sent as an empty object by a typed client); amounts are the exception: `0` is an amount;
 * - numbers are accepted where strings are expected (a SIRET sent as a number), numeric strings where
 *   integers or amounts are (`"12"`, `"1000,50"`);
 * - a coded field is accepted as a string or as the object typed clients send: `cadreFacturation:
 *   {"codeCadreFacturation": …}` is read as `cadreFacturation: "…"` (see `unwrap`), and a block may be
 *   sent as its code alone (`block(…, scalarKey)`);
 * - a list may be a single element.
 * What we use and cannot read is refused with the field's name (PISTE.FIELD_INVALID / FIELD_REQUIRED).
 */
export type Body = Record<string, unknown>;

export function bodyOf(raw: unknown): Body {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new DomainError(PisteErrors.BODY_INVALID);
  return raw as Body;
}

const absent = (v: unknown): boolean => v === undefined || v === null || v === '' || v === 0 || v === false;
/** For amounts and booleans: `0` and `false` are values. */
const missing = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);

const invalid = (field: string, reason: string): DomainError => new DomainError(PisteErrors.FIELD_INVALID, { field, reason }, field);
export const required = (field: string): DomainError => new DomainError(PisteErrors.FIELD_REQUIRED, { field }, field);

const lastSegment = (label: string): string => label.slice(label.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
const capitalised = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The value of a coded field sent as an object: the first of `code<Field>`, `<field>`, `code`, `valeur`
 * that is set (`cadreFacturation: {codeCadreFacturation: "A1"}` → "A1", `format: {format: "PIVOT"}` →
 * "PIVOT"). An object with nothing set is absent; one with other keys only, or a nested object, is refused.
 */
function unwrap(value: unknown, label: string, isAbsent: (v: unknown) => boolean): unknown {
  if (!isObject(value)) {
    if (Array.isArray(value)) throw invalid(label, 'une valeur simple est attendue, pas une liste');
    return value;
  }
  const field = lastSegment(label);
  const keys = [`code${capitalised(field)}`, field, 'code', 'valeur'];
  const key = keys.find((k) => !isAbsent(value[k]));
  if (key === undefined) {
    if (Object.values(value).every((v) => isAbsent(v))) return undefined;
    throw invalid(label, `une chaîne ou un objet {${keys[0]}} est attendu`);
  }
  const inner = value[key];
  if (typeof inner === 'object' && inner !== null) throw invalid(`${label}.${key}`, 'une valeur simple est attendue');
  return inner;
}

/** The first of `names` that is set (after unwrapping an object form), with the name to report. */
function pick(b: Body, names: readonly string[], label: string | undefined, isAbsent = absent): { name: string; value: unknown } {
  for (const name of names) {
    if (isAbsent(b[name])) continue;
    const value = unwrap(b[name], label ?? name, isAbsent);
    if (!isAbsent(value)) return { name: label ?? name, value };
  }
  return { name: label ?? names[0]!, value: undefined };
}

const namesOf = (names: string | readonly string[]): readonly string[] => (typeof names === 'string' ? [names] : names);

/** Which of `names` the client used (the first one set), for operations that accept several spellings. */
export function firstSet(b: Body, names: readonly string[]): string | undefined {
  return names.find((name) => !absent(b[name]));
}

/**
 * A nested block (absent → {}); `label` names fields in errors (`destinataire.codeDestinataire`). With
 * `scalarKey`, the block may be sent as its code alone: `cadreDeFacturation: "A1_…"` is
 * `{codeCadreFacturation: "A1_…"}`.
 */
export function block(b: Body, name: string, scalarKey?: string): Body {
  const value = b[name];
  if (absent(value)) return {};
  if (scalarKey && (typeof value === 'string' || typeof value === 'number')) return { [scalarKey]: value };
  if (!isObject(value)) throw invalid(name, 'un objet est attendu');
  return value;
}

export function text(b: Body, names: string | readonly string[], label?: string): string | undefined {
  const { name, value } = pick(b, namesOf(names), label);
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw invalid(name, 'une chaîne est attendue');
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function requiredText(b: Body, names: string | readonly string[], label?: string): string {
  const value = text(b, names, label);
  if (value === undefined) throw required(label ?? namesOf(names)[0]!);
  return value;
}

export function integer(b: Body, names: string | readonly string[], label?: string): number | undefined {
  const { name, value } = pick(b, namesOf(names), label);
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw invalid(name, 'un entier positif est attendu');
  return n === 0 ? undefined : n;
}

export function requiredInteger(b: Body, names: string | readonly string[], label?: string): number {
  const value = integer(b, names, label);
  if (value === undefined) throw required(label ?? namesOf(names)[0]!);
  return value;
}

/** A boolean (`true`/`false`, `"true"`/`"false"`, `1`/`0`). */
export function flag(b: Body, name: string): boolean | undefined {
  const { value } = pick(b, [name], undefined, missing);
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1) return true;
  if (value === 'false' || value === 0) return false;
  throw invalid(name, 'un booléen est attendu');
}

/** A search criterion that only filters when true: typed clients always send `false` (their zero value). */
export function filterFlag(b: Body, name: string): true | undefined {
  return flag(b, name) === true ? true : undefined;
}

/** A decimal amount as a string (JSON numbers and strings, comma or point); `0` is an amount. */
export function amount(b: Body, names: string | readonly string[], label?: string): string | undefined {
  const { name, value } = pick(b, namesOf(names), label, missing);
  if (value === undefined) return undefined;
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(',', '.') : undefined;
  if (raw === undefined || !/^-?\d+(\.\d+)?$/.test(raw)) throw invalid(name, 'un montant est attendu');
  return raw;
}

export function requiredAmount(b: Body, names: string | readonly string[], label?: string): string {
  const value = amount(b, names, label);
  if (value === undefined) throw required(label ?? namesOf(names)[0]!);
  return value;
}

/** YYYY-MM-DD (an ISO timestamp is cut to its date). */
export function date(b: Body, name: string, label?: string): string | undefined {
  const value = text(b, name, label);
  if (value === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(value);
  if (!match || Number.isNaN(Date.parse(match[1]!))) throw invalid(label ?? name, 'une date AAAA-MM-JJ est attendue');
  return match[1];
}

/**
 * An instant, as ISO 8601 with offset: RFC 3339 (`2026-03-15T10:11:47.823Z`, go-choruspro), a local form
 * without offset read as UTC (`2026-03-15T23:59:59`, Pastell), `2026-03-15 10:11`, or a bare date, which
 * stands for the start of that day (`edge: 'start'`) or its last millisecond (`edge: 'end'`).
 */
export function instantOf(b: Body, name: string, edge: 'start' | 'end'): string | undefined {
  const value = text(b, name);
  if (value === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value);
  const [, day, time, offset] = match ?? [];
  const realDay = day !== undefined && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
  const at = realDay ? new Date(time ? `${day}T${time}${offset ?? 'Z'}` : `${day}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw invalid(name, 'une date AAAA-MM-JJ ou un horodatage ISO 8601 est attendu');
  return at.toISOString();
}

/** A list of blocks (absent → []; a single object is taken as a one-element list). */
export function list(b: Body, name: string): Body[] {
  const value = b[name];
  if (absent(value)) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((x): x is Body => isObject(x));
}

/**
 * A list of codes (absent → []; a single value → one element), each a string, a number or its object form
 * (`statutCourant: ["DEPOSEE", {"statutCourant": "REJETEE"}]`).
 */
export function codes(b: Body, name: string): string[] {
  const value = b[name];
  if (absent(value)) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item, i) => {
    const one = text({ [name]: item }, name, `${name}[${i}]`);
    return one === undefined ? [] : [one];
  });
}

/** A value among `allowed` (case-insensitive, spaces tolerated). */
export function oneOf<const T extends string>(b: Body, name: string, allowed: readonly T[], label?: string): T | undefined {
  const value = text(b, name, label);
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a.toUpperCase() === value.replace(/\s+/g, '').toUpperCase());
  if (!found) throw invalid(label ?? name, `valeurs possibles : ${allowed.join(', ')}`);
  return found;
}

export interface Paging {
  page: number;
  pageSize: number;
  sort?: string;
  direction: 'asc' | 'desc';
}

/** `pageResultatDemandee`, `nbResultatsParPage`, `triColonne`, `triSens` (Ascendant/Descendant, stray spaces tolerated). */
export function paging(b: Body, defaults: { pageSize?: number; direction?: 'asc' | 'desc' } = {}): Paging {
  const page = integer(b, 'pageResultatDemandee') ?? 1;
  const pageSize = Math.min(200, integer(b, 'nbResultatsParPage') ?? defaults.pageSize ?? 20);
  const sens = (text(b, 'triSens') ?? '').replace(/\s+/g, '').toLowerCase();
  const direction = sens.startsWith('asc') ? 'asc' : sens.startsWith('desc') ? 'desc' : (defaults.direction ?? 'desc');
  return { page, pageSize, sort: text(b, 'triColonne'), direction };
}

export function parametresRetour(paging: Paging, total: number): { pageCourante: number; pages: number; nbResultatsParPage: number; total: number } {
  return { pageCourante: paging.page, pages: Math.max(1, Math.ceil(total / paging.pageSize)), nbResultatsParPage: paging.pageSize, total };
}

/** Base64 content (whitespace and a data: prefix tolerated). */
export function base64File(b: Body, name: string): Buffer {
  const value = requiredText(b, name);
  const content = canonicalBase64(value) ?? Buffer.from(checkedBase64(value, name), 'base64');
  if (content.length === 0) throw invalid(name, 'fichier vide');
  return content;
}

/**
 * The usual case, in two native passes instead of two regular expressions over megabytes: plain standard
 * base64 decodes to bytes whose encoding is the text itself (Node's decoder skips what is not base64, so
 * anything else differs). Null when the text is not in that form (line breaks, data: URL, URL-safe
 * alphabet, missing padding or invalid characters): the checked path then decides.
 */
function canonicalBase64(value: string): Buffer | null {
  const content = Buffer.from(value, 'base64');
  return content.toString('base64') === value ? content : null;
}

function checkedBase64(value: string, name: string): string {
  const cleaned = value.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(cleaned)) throw invalid(name, 'contenu base64 attendu');
  return cleaned;
}
