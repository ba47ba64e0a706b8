import { EntityManager } from '@mikro-orm/postgresql';
import { seedReferenceStructures } from '../../../src/modules/organisation/infrastructure/reference-data/seed-reference-structures';
import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenStructure, GivenStructure, multipart, TINY_PDF } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

describe('services, bank accounts, documents, directory', () => {
  let t: TestApp;
  let owner: GivenUser;
  let structure: GivenStructure;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await givenActiveUser(t);
    structure = await givenStructure(t, owner);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('services', () => {
    it('refuses a duplicate code in one structure but allows it in another', async () => {
      const body = { code: 'achats', label: 'Service des achats', activationStart: '2026-01-01' };
      const created = await t.http.post(`/api/v1/structures/${structure.id}/services`, body, { token: owner.token });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'ACHATS', active: true, structureId: structure.id });
      expect(Number.isInteger(created.body.publicId)).toBe(true);

      const again = await t.http.post(`/api/v1/structures/${structure.id}/services`, body, { token: owner.token });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'ORGANISATION.SERVICE_CODE_ALREADY_USED', field: 'code' });

      const other = await givenStructure(t, owner);
      expect((await t.http.post(`/api/v1/structures/${other.id}/services`, body, { token: owner.token })).status).toBe(201);
    });

    it('edits and deactivates a service, refusing an end before the start', async () => {
      const created = await t.http.post(`/api/v1/structures/${structure.id}/services`, { code: 'COMPTA', label: 'Comptabilité', activationStart: '2026-01-01' }, { token: owner.token });
      const url = `/api/v1/structures/${structure.id}/services/${created.body.id}`;
      const bad = await t.http.patch(url, { activationEnd: '2025-12-31' }, { token: owner.token });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'ORGANISATION.SERVICE_DATES_INVALID', field: 'activationEnd' });
      const off = await t.http.patch(url, { active: false, label: 'Compta' }, { token: owner.token });
      expect(off.body).toMatchObject({ active: false, label: 'Compta' });
      const list = await t.http.get(`/api/v1/structures/${structure.id}/services`, { token: owner.token });
      expect(list.body.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['ACHATS', 'COMPTA']));
    });
  });

  describe('bank accounts', () => {
    const post = (fields: Record<string, string>, file: { name: string; type: string; content: Buffer } | null = { name: 'rib.pdf', type: 'application/pdf', content: TINY_PDF }) => {
      const form = multipart(fields, file ?? undefined);
      return t.http.post(`/api/v1/structures/${structure.id}/bank-accounts`, undefined, { token: owner.token, payload: form.payload, headers: form.headers });
    };

    it.each([
      ['a valid IBAN + BIC', { name: 'Principal', accountType: 'IBAN', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP' }, 201, undefined],
      ['an IBAN with a wrong check digit', { name: 'X', accountType: 'IBAN', iban: 'FR7730006000011234567890189', bic: 'AGRIFRPP' }, 400, 'iban'],
      ['a BIC of 9 characters', { name: 'X', accountType: 'IBAN', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPX' }, 400, 'bic'],
      ['a valid RIB', { name: 'RIB', accountType: 'RIB', bankCode: '30006', branchCode: '00001', accountNumber: '12345678901', ribKey: '89' }, 201, undefined],
      ['a RIB with a wrong key', { name: 'RIB', accountType: 'RIB', bankCode: '30006', branchCode: '00001', accountNumber: '12345678901', ribKey: '88' }, 400, 'ribKey'],
    ])('%s → %s', async (_label, fields, status, field) => {
      const res = await post(fields as Record<string, string>);
      expect(res.status).toBe(status);
      if (field) expect(res.body).toMatchObject({ code: 'ORGANISATION.BANK_DETAILS_INVALID', field });
      else expect(res.body).toMatchObject({ iban: 'FR7630006000011234567890189', supportingFile: { mediaType: 'application/pdf', size: TINY_PDF.length } });
    });

    it('requires a supporting file that really is a PDF, PNG or JPEG', async () => {
      const fields = { name: 'P', accountType: 'IBAN', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' };
      const none = await post(fields, null);
      expect(none.body).toMatchObject({ code: 'ORGANISATION.FILE_REQUIRED' });
      const fake = await post(fields, { name: 'rib.pdf', type: 'application/pdf', content: Buffer.from('MZ not a pdf') });
      expect(fake.status).toBe(415);
      expect(fake.body).toMatchObject({ code: 'ORGANISATION.FILE_TYPE_NOT_ALLOWED', field: 'file' });
      const list = await t.http.get(`/api/v1/structures/${structure.id}/bank-accounts`, { token: owner.token });
      expect(list.status).toBe(200);
      expect(list.body.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('structure documents', () => {
    it('uploads, lists and downloads a document; refuses more than 4 MB', async () => {
      const form = multipart({ label: 'Kbis' }, { name: 'kbis.pdf', type: 'application/pdf', content: TINY_PDF });
      const up = await t.http.post(`/api/v1/structures/${structure.id}/documents`, undefined, { token: owner.token, payload: form.payload, headers: form.headers });
      expect(up.status).toBe(201);
      const list = await t.http.get(`/api/v1/structures/${structure.id}/documents`, { token: owner.token });
      expect(list.body).toEqual([expect.objectContaining({ label: 'Kbis', file: expect.objectContaining({ fileName: 'kbis.pdf' }) })]);
      const down = await t.http.get(`/api/v1/structures/${structure.id}/documents/${up.body.id}/content`, { token: owner.token });
      expect(down.status).toBe(200);
      expect(down.headers['content-type']).toBe('application/pdf');
      expect(down.text).toBe(TINY_PDF.toString());

      const big = Buffer.concat([TINY_PDF, Buffer.alloc(4 * 1024 * 1024)]);
      const tooBig = multipart({}, { name: 'big.pdf', type: 'application/pdf', content: big });
      const res = await t.http.post(`/api/v1/structures/${structure.id}/documents`, undefined, { token: owner.token, payload: tooBig.payload, headers: tooBig.headers });
      expect(res.status).toBe(413);
    });
  });

  describe('directory (public)', () => {
    beforeAll(async () => {
      const em = t.orm.em.fork() as EntityManager;
      await seedReferenceStructures(em);
      const again = await seedReferenceStructures(t.orm.em.fork() as EntityManager);
      expect(again).toEqual({ structures: 0, services: 0 });
    });

    it('finds the State by identifier without login, with its rules and active services', async () => {
      const search = await t.http.get('/api/v1/directory/structures', { query: { q: '11000201100044' } });
      expect(search.status).toBe(200);
      expect(search.body.items).toEqual([expect.objectContaining({ identifier: '11000201100044', companyName: 'ETAT', serviceCodeRequired: true, engagementRequired: true })]);
      const detail = await t.http.get('/api/v1/directory/structures/11000201100044');
      expect(detail.status).toBe(200);
      expect(detail.body.services.map((s: { code: string }) => s.code)).toContain('FACTURES_MEF_SG');
    });

    it('searches by city and by name, paginates, and never lists private structures', async () => {
      const byCity = await t.http.get('/api/v1/directory/structures', { query: { q: 'paris', pageSize: 2 } });
      expect(byCity.body.items.length).toBeLessThanOrEqual(2);
      expect(byCity.body.total).toBeGreaterThanOrEqual(1);
      const priv = await t.http.get('/api/v1/directory/structures', { query: { q: structure.identifier } });
      expect(priv.body.total).toBe(0);
      expect((await t.http.get(`/api/v1/directory/structures/${structure.identifier}`)).status).toBe(404);
    });

    it('pages with the shared rules: pages follow one another, past the end is empty, bounds are checked', async () => {
      const all = await t.http.get('/api/v1/directory/structures', { query: { pageSize: 200 } });
      expect(all.body.total).toBeGreaterThanOrEqual(3);
      const first = await t.http.get('/api/v1/directory/structures', { query: { page: 1, pageSize: 2 } });
      const second = await t.http.get('/api/v1/directory/structures', { query: { page: 2, pageSize: 2 } });
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: all.body.total });
      expect([...first.body.items, ...second.body.items].map((s: { identifier: string }) => s.identifier)).toEqual(
        all.body.items.slice(0, 4).map((s: { identifier: string }) => s.identifier),
      );
      const past = await t.http.get('/api/v1/directory/structures', { query: { page: 1_000_000, pageSize: 200 } });
      expect(past.body).toMatchObject({ items: [], total: all.body.total, page: 1_000_000 });
      for (const query of [{ pageSize: 201 }, { page: 0 }, { page: 1_000_001 }]) {
        const refused = await t.http.get('/api/v1/directory/structures', { query });
        expect(refused.status).toBe(400);
        expect(JSON.stringify(refused.body)).toContain(Object.keys(query)[0]);
      }
    });
  });
});
