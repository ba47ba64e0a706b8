/**
 * What a typed client's decoder accepts, transcribed from its types, so a contract test checks an answer
 * the way the client reads it instead of field by field.
 *
 * Go (`encoding/json`, go-choruspro's structs): a field absent or `null` leaves the zero value (pointer
 * or not), except for a type with its own `UnmarshalJSON` that is not behind a pointer; any other JSON
 * type than the field's fails the whole decoding (`[]` for a struct, `5.5` for an int, `20` for a string).
 * go-choruspro's `Date` parses `"2006-01-02"` and `Datetime` `"2006-01-02 15:04"` (date.go); `time.Time`
 * parses RFC 3339.
 */
export type Scalar = 'string' | 'int' | 'float' | 'bool' | 'date' | 'datetime' | 'time';
export type Shape = Scalar | { [field: string]: Shape } | [Shape];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every place where `value` would fail the client's decoding of `shape` (empty: it decodes). */
export function decodingErrors(shape: Shape, value: unknown, path = '$'): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${path}: a list is expected, got ${JSON.stringify(value).slice(0, 60)}`];
    return value.flatMap((item, i) => decodingErrors(shape[0], item, `${path}[${i}]`));
  }
  if (typeof shape === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: an object is expected, got ${JSON.stringify(value).slice(0, 60)}`];
    return Object.entries(shape).flatMap(([field, inner]) => decodingErrors(inner, (value as Record<string, unknown>)[field], `${path}.${field}`));
  }
  const ok = {
    string: typeof value === 'string',
    int: typeof value === 'number' && Number.isInteger(value),
    float: typeof value === 'number',
    bool: typeof value === 'boolean',
    date: typeof value === 'string' && DATE.test(value),
    datetime: typeof value === 'string' && DATETIME.test(value),
    time: typeof value === 'string' && RFC3339.test(value),
  }[shape];
  return ok ? [] : [`${path}: ${shape} expected, got ${JSON.stringify(value)}`];
}

/** The value at a dotted path (`facture.lignesDePoste.lignePoste.0.lignePosteNumero`). */
export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key]), value);
}

/** The paths a client reads that are absent or null in `value`. */
export function missing(value: unknown, paths: readonly string[]): string[] {
  return paths.filter((p) => at(value, p) === null || at(value, p) === undefined);
}
