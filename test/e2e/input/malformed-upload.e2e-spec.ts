import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { multipart, TINY_PDF } from '../../factories/organisation';
import { openTicket } from '../../factories/support';
import { HttpResponse } from '../../support/http';
import { startTestApp, TestApp } from '../../support/test-app';

const pdf = Buffer.concat([TINY_PDF, Buffer.alloc(300_000, 0x20)]);

/** A well-formed form cut in the middle of its file part: no closing boundary ("Part terminated early"). */
function cutShort(fields: Record<string, string>): { payload: Buffer; headers: Record<string, string> } {
  const whole = multipart(fields, { name: 'facture.pdf', type: 'application/pdf', content: pdf });
  return { payload: whole.payload.subarray(0, whole.payload.length - 100_000), headers: whole.headers };
}

function expectMalformed(res: HttpResponse): void {
  expect({ status: res.status, type: res.headers['content-type'], code: res.body?.code }).toEqual({
    status: 400,
    type: expect.stringContaining('application/problem+json'),
    code: 'COMMON.MALFORMED_BODY',
  });
}

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

/** Issue 15: a multipart body cut short, or without a usable boundary, answered 500 on every upload route. */
describe('malformed multipart bodies', () => {
  let t: TestApp;
  let dir: string;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let routes: Array<{ url: string; fields: Record<string, string> }>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liasse-upload-'));
    t = await startTestApp({ FILE_STORE_DIR: dir });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
    const invoiceId = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const ticket = await openTicket(t, supplier.owner.token, { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'Fichiers', description: 'x' });
    routes = [
      { url: `/api/v1/invoices/${invoiceId}/files`, fields: { kind: 'main' } },
      { url: `/api/v1/structures/${supplier.id}/documents`, fields: { label: 'Kbis' } },
      { url: `/api/v1/structures/${supplier.id}/bank-accounts`, fields: { name: 'Compte', accountType: 'IBAN', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' } },
      { url: `/api/v1/tickets/${ticket.id}/files`, fields: {} },
    ];
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 400 COMMON.MALFORMED_BODY to a body cut short, on every upload route, and keeps no partial file', async () => {
    for (const { url, fields } of routes) {
      expectMalformed(await t.http.post(url, undefined, { token: supplier.owner.token, ...cutShort(fields) }));
    }
    expect(filesUnder(dir)).toEqual([]);
  });

  it('answers 400 to a multipart body without a boundary or with an over-long one', async () => {
    const { payload } = multipart({}, { name: 'facture.pdf', type: 'application/pdf', content: TINY_PDF });
    for (const { url } of routes) {
      const noBoundary = await t.http.post(url, undefined, { token: supplier.owner.token, payload, headers: { 'content-type': 'multipart/form-data' } });
      expectMalformed(noBoundary);
      const longBoundary = await t.http.post(url, undefined, { token: supplier.owner.token, payload, headers: { 'content-type': `multipart/form-data; boundary=${'b'.repeat(300)}` } });
      expectMalformed(longBoundary);
    }
  });
});
