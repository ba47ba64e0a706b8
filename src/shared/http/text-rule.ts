import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';

/**
 * The one rule for text that enters the application (D1, "invalid text is refused at the edge"): a NUL
 * (PostgreSQL cannot store it, and its refusal used to look like an outage), another C0 control character
 * other than tab, line feed and carriage return (no form, identifier or XML document has a use for them),
 * or a lone UTF-16 surrogate (not text at all: it cannot be encoded in UTF-8, and made validators throw).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isInvalidText(value: string): boolean {
  return INVALID_TEXT.test(value);
}

/** A key as it can be shown in a field path (its invalid characters replaced). */
const shownKey = (key: string): string => key.replace(new RegExp(INVALID_TEXT.source, 'g'), '\uFFFD');

/**
 * The path (`address.lines.0`, the notation of validation errors) of the first string or key holding invalid
 * text anywhere in `value`, or undefined. Iterative, so that a deeply nested body cannot overflow the stack.
 */
export function findInvalidText(value: unknown, root = ''): string | undefined {
  const pending: Array<[unknown, string]> = [[value, root]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (isInvalidText(current)) return path;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries = Object.entries(current as Record<string, unknown>);
    // Reversed so that the first invalid field in document order is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const childPath = path ? `${path}.${shownKey(key)}` : shownKey(key);
      if (isInvalidText(key)) return childPath;
      pending.push([child, childPath]);
    }
  }
  return undefined;
}

export function invalidTextError(field: string): DomainError {
  return new DomainError(CommonErrors.VALIDATION_FAILED, {}, field, [
    {
      field,
      code: 'invalidText',
      message: {
        fr: `${field} : contient un caractère interdit (caractère nul, caractère de contrôle ou texte mal encodé)`,
        en: `${field} contains a forbidden character (NUL, control character or badly encoded text)`,
      },
    },
  ]);
}

/** Throws the 400 naming the field when any text in `value` is invalid (`root` prefixes the path). */
export function assertValidText(value: unknown, root = ''): void {
  const field = findInvalidText(value, root);
  if (field !== undefined) throw invalidTextError(field || root || 'body');
}
