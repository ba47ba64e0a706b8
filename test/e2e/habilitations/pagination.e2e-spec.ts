import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenBulkMembers, givenBulkRequests } from '../../factories/habilitations';
import { givenMember, givenStructure, GivenStructure } from '../../factories/organisation';
import { HttpResponse } from '../../support/http';
import { startTestApp, TestApp } from '../../support/test-app';

interface Member {
  userId: string;
  firstName: string;
  lastName: string;
  loginEmail: string;
  status: string;
  principal: boolean;
}

interface Request {
  id: string;
  status: string;
  structureId: string;
  createdAt: string;
  requester: { id: string; loginEmail: string };
}

const names = (items: Member[]): string[] => items.map((m) => `${m.lastName} ${m.firstName}`);
/** CSV data lines (header and byte-order mark off). */
const csvRows = (res: HttpResponse): string[] => res.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).slice(1);
/** PostgreSQL orders uuids by their bytes: the same order as their lower-case text. */
const byIdAsc = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function expectValidationProblem(res: HttpResponse, field: string, code: string): void {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 'COMMON.VALIDATION_FAILED', field });
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
}

describe('members and approvals lists: pages, order, filters, total', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('members of a structure', () => {
    let gp: GivenUser;
    let structure: GivenStructure;
    let paul1: GivenUser;
    let paul2: GivenUser;
    let anne: GivenUser;
    let former: GivenUser;
    const members = (query: Record<string, string | number> = {}, token = gp.token) => t.http.get(`/api/v1/structures/${structure.id}/members`, { token, query });

    beforeAll(async () => {
      gp = await givenActiveUser(t, { firstName: 'Gilles', lastName: 'Zola' });
      structure = await givenStructure(t, gp);
      paul1 = await givenActiveUser(t, { firstName: 'Paul', lastName: 'Martin' });
      anne = await givenActiveUser(t, { firstName: 'Anne', lastName: 'Martin', email: `anne.martin.${Date.now()}@mairie.example.test` });
      const luc = await givenActiveUser(t, { firstName: 'Luc', lastName: 'dupont' });
      const marc = await givenActiveUser(t, { firstName: 'Marc', lastName: 'Durand' });
      paul2 = await givenActiveUser(t, { firstName: 'Paul', lastName: 'Martin' });
      former = await givenActiveUser(t, { firstName: 'Ines', lastName: 'Bernard' });
      for (const u of [paul1, anne, luc, marc, paul2, former]) await givenMember(t, gp, structure.id, u);
      expect((await t.http.delete(`/api/v1/structures/${structure.id}/members/${former.id}`, { token: gp.token })).status).toBe(204);
    });

    it('orders by last name then first name (case-insensitive), then user id, and pages with the total', async () => {
      const [firstPaul, secondPaul] = [paul1.id, paul2.id].sort(byIdAsc);
      const expected = ['dupont Luc', 'Durand Marc', 'Martin Anne', 'Martin Paul', 'Martin Paul', 'Zola Gilles'];

      const all = await members({ pageSize: 200 });
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 6, page: 1, pageSize: 200 });
      expect(names(all.body.items)).toEqual(expected);
      expect(all.body.items.filter((m: Member) => m.lastName === 'Martin' && m.firstName === 'Paul').map((m: Member) => m.userId)).toEqual([firstPaul, secondPaul]);
      expect(all.body.items.every((m: Member) => m.status === 'ACTIVE')).toBe(true);
      // Existing fields are kept.
      expect(all.body.items.find((m: Member) => m.userId === gp.id)).toMatchObject({ principal: true, loginEmail: gp.email, grants: expect.any(Array), since: expect.any(String), serviceId: null });

      const pages = await Promise.all([1, 2, 3].map((page) => members({ page, pageSize: 2 })));
      for (const [i, p] of pages.entries()) expect(p.body).toMatchObject({ total: 6, page: i + 1, pageSize: 2 });
      expect(pages.flatMap((p) => p.body.items.map((m: Member) => m.userId))).toEqual(all.body.items.map((m: Member) => m.userId));

      // Defaults: page 1 of 20.
      expect((await members()).body).toMatchObject({ total: 6, page: 1, pageSize: 20 });
    });

    it('answers a page past the end with no items and the total', async () => {
      const beyond = await members({ page: 4, pageSize: 2 });
      expect(beyond.status).toBe(200);
      expect(beyond.body).toEqual({ items: [], total: 6, page: 4, pageSize: 2 });
      expect((await members({ page: 1_000_000, pageSize: 200 })).body).toEqual({ items: [], total: 6, page: 1_000_000, pageSize: 200 });
    });

    it('filters by a part of the name or e-mail, case-insensitive, and by membership status', async () => {
      expect(names((await members({ q: 'MARTIN' })).body.items)).toEqual(['Martin Anne', 'Martin Paul', 'Martin Paul']);
      // First name then last name, or the other way round.
      expect((await members({ q: 'anne mar' })).body).toMatchObject({ total: 1, items: [{ userId: anne.id }] });
      expect((await members({ q: 'martin anne' })).body).toMatchObject({ total: 1, items: [{ userId: anne.id }] });
      expect((await members({ q: '@mairie.example' })).body).toMatchObject({ total: 1, items: [{ userId: anne.id }] });
      // LIKE wildcards are searched as text.
      expect((await members({ q: '%' })).body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
      expect((await members({ q: '_' })).body.total).toBe(0);
      // Blank: no filter.
      expect((await members({ q: '  ' })).body.total).toBe(6);

      const detached = await members({ status: 'DETACHED' });
      expect(detached.body).toMatchObject({ total: 1, items: [{ userId: former.id, status: 'DETACHED', lastName: 'Bernard' }] });
      const everyone = await members({ status: 'ALL', pageSize: 3 });
      expect(everyone.body.total).toBe(7);
      expect(names(everyone.body.items)).toEqual(['Bernard Ines', 'dupont Luc', 'Durand Marc']);
      expect((await members({ status: 'ALL', q: 'bernard' })).body.total).toBe(1);
      expect((await members({ status: 'ACTIVE', q: 'bernard' })).body.total).toBe(0);
    });

    it('exports every member matching the filters as CSV, in the list order, whatever the page', async () => {
      const csv = await members({ format: 'csv', page: 2, pageSize: 1, q: 'martin' });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain('utilisateurs.csv');
      expect(csv.text.startsWith('\uFEFFemail;prenom;nom;gestionnaire_principal;service;habilitations;depuis;statut\r\n')).toBe(true);
      const rows = csvRows(csv);
      expect(rows).toHaveLength(3);
      expect(rows[0]).toContain(`${anne.email};Anne;Martin;false;`);
      expect(rows.every((r) => r.endsWith(';ACTIVE'))).toBe(true);
      expect(csvRows(await members({ format: 'csv', status: 'DETACHED' }))).toEqual([expect.stringContaining(former.email)]);
    });

    it('refuses an invalid page size or page with a stable code and field', async () => {
      expectValidationProblem(await members({ pageSize: 0 }), 'pageSize', 'min');
      expectValidationProblem(await members({ pageSize: 201 }), 'pageSize', 'max');
      expectValidationProblem(await members({ pageSize: 'ten' }), 'pageSize', 'isInt');
      expectValidationProblem(await members({ pageSize: 2.5 }), 'pageSize', 'isInt');
      expectValidationProblem(await members({ page: 0 }), 'page', 'min');
      expectValidationProblem(await members({ page: 1_000_001 }), 'page', 'max');
      expectValidationProblem(await members({ status: 'GONE' }), 'status', 'isIn');
      expectValidationProblem(await members({ q: 'x'.repeat(101) }), 'q', 'maxLength');
      expectValidationProblem(await members({ sort: 'name' }), 'sort', 'whitelistValidation');
      // Checked before the grant: the same answer for anyone.
      expectValidationProblem(await members({ pageSize: 0 }, former.token), 'pageSize', 'min');
    });

    it('still checks the grant on every page and filter', async () => {
      const outsider = await givenActiveUser(t);
      const queries: Record<string, string | number>[] = [{ page: 2, pageSize: 1 }, { status: 'ALL', q: 'martin' }, { format: 'csv' }];
      for (const query of queries) {
        const res = await members(query, outsider.token);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('COMMON.FORBIDDEN');
      }
      expect((await members({ status: 'ALL' }, former.token)).status).toBe(403);
    });
  });

  describe('approvals inbox', () => {
    let gp: GivenUser;
    let first: GivenStructure;
    let second: GivenStructure;
    const requesters: GivenUser[] = [];
    const ids: Record<string, string> = {};
    const inbox = (query: Record<string, string | number> = {}, token = gp.token) => t.http.get('/api/v1/approvals', { token, query });

    beforeAll(async () => {
      gp = await givenActiveUser(t);
      first = await givenStructure(t, gp);
      second = await givenStructure(t, gp);
      const people = [
        { firstName: 'Alice', lastName: 'Arnaud' },
        { firstName: 'Bruno', lastName: 'Blanc' },
        { firstName: 'Chloé', lastName: 'Colin' },
        { firstName: 'David', lastName: 'Dumas' },
      ];
      for (const p of people) requesters.push(await givenActiveUser(t, p));
      // One minute apart, oldest first: Alice → first, Bruno → second, Chloé → first, David → first.
      const targets = [first, second, first, first];
      for (const [i, user] of requesters.entries()) {
        t.clock.advance(60_000);
        const res = await t.http.post('/api/v1/membership-requests', { structureIdentifier: targets[i]!.identifier, comment: `Demande ${i}` }, { token: user.token });
        expect(res.status).toBe(201);
        ids[user.id] = res.body.id;
      }
      // Chloé is refused.
      await t.http.post(`/api/v1/approvals/${ids[requesters[2]!.id]}/refusal`, { comment: 'Inconnue' }, { token: gp.token });
    });

    it('shows pending requests newest first, one page at a time, with the total', async () => {
      const [alice, bruno, , david] = requesters.map((u) => ids[u.id]);
      const all = await inbox();
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      expect(all.body.items.map((r: Request) => r.id)).toEqual([david, bruno, alice]);
      const page2 = await inbox({ page: 2, pageSize: 2 });
      expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2, items: [{ id: alice, status: 'PENDING', structureIdentifier: first.identifier }] });
      expect((await inbox({ page: 3, pageSize: 2 })).body).toEqual({ items: [], total: 3, page: 3, pageSize: 2 });
    });

    it('filters by status, structure and requester', async () => {
      const [alice, bruno, chloe, david] = requesters.map((u) => ids[u.id]);
      expect((await inbox({ status: 'ALL' })).body.items.map((r: Request) => r.id)).toEqual([david, chloe, bruno, alice]);
      expect((await inbox({ status: 'REFUSED' })).body).toMatchObject({ total: 1, items: [{ id: chloe, decisionComment: 'Inconnue' }] });
      expect((await inbox({ status: 'APPROVED' })).body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
      expect((await inbox({ structureId: second.id })).body).toMatchObject({ total: 1, items: [{ id: bruno, structureId: second.id }] });
      expect((await inbox({ structureId: first.id, status: 'ALL' })).body.total).toBe(3);
      expect((await inbox({ q: 'dumas' })).body).toMatchObject({ total: 1, items: [{ id: david }] });
      expect((await inbox({ q: requesters[0]!.email.toUpperCase() })).body).toMatchObject({ total: 1, items: [{ id: alice }] });
      expect((await inbox({ q: 'colin' })).body.total).toBe(0);
      expect((await inbox({ q: 'colin', status: 'ALL' })).body.total).toBe(1);
      expect((await inbox({ q: 'nobody-matches' })).body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    });

    it('refuses a structure filter the caller does not manage, existing or not', async () => {
      const member = await givenActiveUser(t);
      await givenMember(t, gp, first.id, member);
      for (const structureId of [first.id, second.id, '01900000-0000-7000-8000-000000000000']) {
        const res = await inbox({ structureId }, member.token);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('COMMON.FORBIDDEN');
      }
      // Without the filter, his inbox is simply empty.
      expect((await inbox({}, member.token)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    });

    it('exports the filtered inbox as CSV, in the list order, ignoring the page', async () => {
      const [alice, bruno, chloe, david] = requesters.map((u) => ids[u.id]);
      const listed = await inbox({ format: 'csv', page: 2, pageSize: 1 });
      expect(listed.status).toBe(200);
      expect(listed.headers['content-type']).toContain('text/csv');
      expect(listed.headers['content-disposition']).toContain('validations.csv');
      expect(listed.text.startsWith('\uFEFFid;date;type;statut;identifiant;structure;demandeur;email;commentaire;decision\r\n')).toBe(true);
      expect(csvRows(listed).map((r) => r.split(';')[0])).toEqual([david, bruno, alice]);
      const exported = await t.http.get('/api/v1/approvals/export', { token: gp.token, query: { status: 'ALL', structureId: first.id } });
      expect(exported.status).toBe(200);
      expect(csvRows(exported).map((r) => r.split(';')[0])).toEqual([david, chloe, alice]);
      expect(csvRows(await t.http.get('/api/v1/approvals/export', { token: gp.token, query: { q: 'arnaud' } }))).toEqual([expect.stringContaining(requesters[0]!.email)]);
      // The export has no pages.
      expectValidationProblem(await t.http.get('/api/v1/approvals/export', { token: gp.token, query: { page: 1 } }), 'page', 'whitelistValidation');
    });

    it('refuses invalid paging and filters with a stable code and field', async () => {
      expectValidationProblem(await inbox({ pageSize: 0 }), 'pageSize', 'min');
      expectValidationProblem(await inbox({ pageSize: 500 }), 'pageSize', 'max');
      expectValidationProblem(await inbox({ pageSize: 'all' }), 'pageSize', 'isInt');
      expectValidationProblem(await inbox({ page: -1 }), 'page', 'min');
      expectValidationProblem(await inbox({ status: 'OPEN' }), 'status', 'isIn');
      expectValidationProblem(await inbox({ structureId: 'abc' }), 'structureId', 'isUuid');
    });
  });

  describe('at scale', () => {
    it('browses a structure of 1,200 members page by page, in a stable order, and exports them all', async () => {
      const gp = await givenActiveUser(t, { firstName: 'Aline', lastName: 'Aa' });
      const structure = await givenStructure(t, gp);
      const bulk = await givenBulkMembers(t, structure.id, 1_200);

      const seen: string[] = [];
      for (let page = 1; page <= 7; page++) {
        const res = await t.http.get(`/api/v1/structures/${structure.id}/members`, { token: gp.token, query: { page, pageSize: 200 } });
        expect(res.body).toMatchObject({ total: 1_201, page, pageSize: 200 });
        seen.push(...res.body.items.map((m: Member) => m.userId));
      }
      // The principal manager ("Aa") first, then the namesakes by id; nothing twice, nothing missing.
      expect(seen).toEqual([gp.id, ...[...bulk].sort(byIdAsc)]);

      const filtered = await t.http.get(`/api/v1/structures/${structure.id}/members`, { token: gp.token, query: { q: 'membre lot', page: 6, pageSize: 200 } });
      expect(filtered.body.total).toBe(1_200);
      expect(filtered.body.items).toHaveLength(200);

      const csv = await t.http.get(`/api/v1/structures/${structure.id}/members`, { token: gp.token, query: { format: 'csv' } });
      expect(csvRows(csv)).toHaveLength(1_201);
    });

    it('shows every pending request of a large inbox (no cap), in a stable order when they share a date', async () => {
      const gp = await givenActiveUser(t);
      const structure = await givenStructure(t, gp);
      const other = await givenStructure(t, await givenActiveUser(t));
      const users = await givenBulkMembers(t, other.id, 1_100);
      const requests = await givenBulkRequests(t, structure.id, users);

      const seen: string[] = [];
      for (let page = 1; page <= 6; page++) {
        const res = await t.http.get('/api/v1/approvals', { token: gp.token, query: { page, pageSize: 200 } });
        expect(res.body).toMatchObject({ total: 1_100, page, pageSize: 200 });
        seen.push(...res.body.items.map((r: Request) => r.id));
      }
      expect(seen).toEqual([...requests].sort(byIdAsc).reverse());

      const exported = await t.http.get('/api/v1/approvals/export', { token: gp.token });
      expect(csvRows(exported).map((r) => r.split(';')[0])).toEqual(seen);
    });
  });
});
