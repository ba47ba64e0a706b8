import { CommonErrors } from './common.errors';
import { DomainError } from './domain-error';

/**
 * Bidirectional-control characters: the embeddings and overrides (U+202A–U+202E), the isolates
 * (U+2066–U+2069) and the implicit marks (U+200E, U+200F, U+061C). Invisible, they reorder what a reader
 * sees ("Trojan Source"): an invoice number shown as `F-2026-001` may be stored as another string, and a
 * file name `facture‮fdp.exe` reads `factureexe.pdf`. No identifier, number, code or file name needs
 * one, so they are refused there.
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** The first bidi control of `value` as U+XXXX, or null (null and undefined have none). */
export function bidiControlIn(value: string | null | undefined): string | null {
  const match = value ? BIDI_CONTROLS.exec(value) : null;
  return match ? `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** The first of `fields` (name → value) that holds a bidi control, with the character, or null. */
export function firstFieldWithBidiControl(fields: Record<string, string | null | undefined>): { field: string; character: string } | null {
  for (const [field, value] of Object.entries(fields)) {
    const character = bidiControlIn(value);
    if (character) return { field, character };
  }
  return null;
}

/** Throws 400 COMMON.BIDI_CONTROL_NOT_ALLOWED naming the first of `fields` that holds a bidi control. */
export function assertNoBidiControl(fields: Record<string, string | null | undefined>): void {
  const found = firstFieldWithBidiControl(fields);
  if (found) throw new DomainError(CommonErrors.BIDI_CONTROL_NOT_ALLOWED, { field: found.field, character: found.character }, found.field);
}
