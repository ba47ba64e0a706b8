import { randomInt } from 'node:crypto';
import { luhnValid } from '../../src/modules/organisation/domain/structure-identifier';
import { TestApp } from '../support/test-app';
import { GivenUser } from './accounts';

/** A random SIRET with a valid Luhn key (prefix 9: outside the seeded reference data). */
export function validSiret(): string {
  const body = `9${Array.from({ length: 12 }, () => randomInt(10)).join('')}`;
  for (let key = 0; key < 10; key++) {
    const candidate = `${body}${key}`;
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error('unreachable: one key digit always satisfies Luhn');
}

/** Flips the last digit so the Luhn key no longer matches. */
export function invalidSiret(): string {
  const siret = validSiret();
  return `${siret.slice(0, 13)}${(Number(siret[13]) + 1) % 10}`;
}

export interface GivenStructure {
  id: string;
  publicId: number;
  identifier: string;
}

/** A private structure created through HTTP by `owner`, who becomes its principal manager. */
export async function givenStructure(t: TestApp, owner: GivenUser, overrides: Record<string, unknown> = {}): Promise<GivenStructure> {
  const identifier = validSiret();
  const res = await t.http.post(
    '/api/v1/structures',
    {
      identifierType: 'SIRET',
      identifier,
      structureType: 'PRIVEE',
      companyName: `Société ${identifier.slice(-5)}`,
      address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      ...overrides,
    },
    { token: owner.token },
  );
  if (res.status !== 201) throw new Error(`structure creation failed: ${res.status} ${res.text}`);
  return { id: res.body.id, publicId: res.body.publicId, identifier: res.body.identifier };
}

/** Attaches `member` directly (default grants), as the principal manager would. */
export async function givenMember(t: TestApp, manager: GivenUser, structureId: string, member: GivenUser, serviceCode?: string): Promise<void> {
  const res = await t.http.post(`/api/v1/structures/${structureId}/members`, { loginEmail: member.email, serviceCode }, { token: manager.token });
  if (res.status !== 202) throw new Error(`attach failed: ${res.status} ${res.text}`);
}

/** A multipart/form-data body: text fields plus an optional file part named `file`. */
export type MultipartPart = { field: string; value: string } | { file: { name: string; type: string; content: Buffer } };

/** A multipart/form-data body with its parts in the given order. */
export function multipartParts(parts: MultipartPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----liasse${randomInt(1e9)}`;
  const chunks = parts.flatMap((part) =>
    'file' in part
      ? [
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${part.file.name}"\r\nContent-Type: ${part.file.type}\r\n\r\n`),
          part.file.content,
          Buffer.from('\r\n'),
        ]
      : [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`)],
  );
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Fields first, then the file (if any). */
export function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  return multipartParts([...Object.entries(fields).map(([field, value]) => ({ field, value })), ...(file ? [{ file }] : [])]);
}

export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
