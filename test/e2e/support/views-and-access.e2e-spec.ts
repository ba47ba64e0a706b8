import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { givenMember, multipart, TINY_PDF } from '../../factories/organisation';
import { openTicket } from '../../factories/support';
import { HttpResponse } from '../../support/http';
import { startTestApp, TestApp } from '../../support/test-app';

/** The three views, keyword search, sort, CSV export, and who may see or touch a ticket (IDOR matrix). */
describe('support tickets: views, search, export and access', () => {
  let t: TestApp;
  let supplier: Supplier;
  let otherSupplier: Supplier;
  let recipient: PublicRecipient;
  let otherRecipient: PublicRecipient;
  let noGrant: GivenUser;
  let business: { id: string; number: string };
  let waiting: { id: string; number: string };
  let closed: { id: string; number: string };

  beforeAll(async () => {
    t = await startTestApp();
    recipient = await givenPublicRecipient(t);
    otherRecipient = await givenPublicRecipient(t);
    supplier = await givenSupplier(t);
    otherSupplier = await givenSupplier(t);
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    const number = (await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: supplier.owner.token })).body.number;

    // a member of the supplier without Sollicitations émises / reçues
    noGrant = await givenActiveUser(t);
    await givenMember(t, supplier.owner, supplier.id, noGrant);
    await t.http.put(`/api/v1/structures/${supplier.id}/members/${noGrant.id}/grants`, { grants: [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }] }, { token: supplier.owner.token });

    const emit = (body: Record<string, unknown>) => openTicket(t, supplier.owner.token, { emitterStructureId: supplier.id, ...body });
    business = await emit({ subCategoryCode: 'FE_M_DESTINATAIRE', objectType: 'FACTURE', objectNumber: number, title: 'Alpha paiement', description: 'Quand serai-je payé ?' });
    waiting = await emit({ subCategoryCode: 'FE_M_ENTITE_PUBLIQUE', receiverStructureId: recipient.id, title: 'Bravo marché', description: 'Question sur le zèbre' });
    closed = await emit({ subCategoryCode: 'MC_TRAITEMENT', title: 'Charlie compte', description: 'Mot de passe' });
    await t.http.post(`/api/v1/tickets/${waiting.id}/transitions`, { status: 'EN_ATTENTE_INFORMATIONS', message: 'Précisez' }, { token: recipient.clerk.token });
    await t.http.post(`/api/v1/tickets/${closed.id}/transitions`, { status: 'FERME' }, { token: supplier.owner.token });
    await openTicket(t, otherSupplier.owner.token, { emitterStructureId: otherSupplier.id, subCategoryCode: 'MC_TRAITEMENT', title: 'Autre', description: 'Autre fournisseur' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = (token: string, query: Record<string, string | number> = {}) => t.http.get('/api/v1/tickets', { token, query });
  const numbers = (res: HttpResponse) => res.body.items.map((i: { number: string }) => i.number);

  it('splits tickets into "actions requises", "tous sauf clôturés" and "clôturés" for each side', async () => {
    // emitter: its turn only on the ticket waiting for information
    expect(numbers(await list(supplier.owner.token, { view: 'ACTIONS_REQUISES' }))).toEqual([waiting.number]);
    expect(numbers(await list(supplier.owner.token, { view: 'TOUS_SAUF_CLOTURES' })).sort()).toEqual([business.number, waiting.number].sort());
    expect(numbers(await list(supplier.owner.token, { view: 'CLOTURES' }))).toEqual([closed.number]);
    // receiver: the open business ticket is waiting for it; the platform one is not its business
    expect(numbers(await list(recipient.clerk.token, { view: 'ACTIONS_REQUISES' }))).toEqual([business.number]);
    expect(numbers(await list(recipient.clerk.token)).sort()).toEqual([business.number, waiting.number].sort());
    const row = (await list(recipient.clerk.token, { view: 'ACTIONS_REQUISES' })).body.items[0];
    expect(row).toMatchObject({ status: 'OUVERT', waitingFor: 'RECEIVER', categoryLabel: 'Factures émises', routing: 'BUSINESS' });
  });

  it('searches a keyword in number, title, description and category', async () => {
    const q = async (keyword: string) => numbers(await list(supplier.owner.token, { view: 'CLOTURES', q: keyword })).concat(numbers(await list(supplier.owner.token, { q: keyword })));
    expect(await q('zèbre')).toEqual([waiting.number]);
    expect(await q('alpha')).toEqual([business.number]);
    expect(await q(business.number)).toEqual([business.number]);
    expect(await q('Mon compte')).toEqual([closed.number]);
    expect(await q('100%_')).toEqual([]);
  });

  it('sorts on any column, both ways, and paginates', async () => {
    const asc = numbers(await list(supplier.owner.token, { sort: 'title', direction: 'asc' }));
    expect(asc).toEqual([business.number, waiting.number]);
    expect(numbers(await list(supplier.owner.token, { sort: 'title', direction: 'desc' }))).toEqual([waiting.number, business.number]);
    expect(numbers(await list(supplier.owner.token, { sort: 'number', direction: 'asc' }))).toEqual([business.number, waiting.number]);
    for (const sort of ['number', 'title', 'categoryLabel', 'subCategoryLabel', 'status', 'objectNumber', 'contactEmail', 'createdAt', 'updatedAt', 'statusChangedAt']) {
      expect((await list(supplier.owner.token, { sort })).status).toBe(200);
    }
    expect((await list(supplier.owner.token, { sort: 'description' })).status).toBe(400);
    const page = await list(supplier.owner.token, { sort: 'number', direction: 'asc', pageSize: 1, page: 2 });
    expect(page.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(numbers(page)).toEqual([waiting.number]);
  });

  it('exports the view as CSV', async () => {
    const res = await t.http.get('/api/v1/tickets/export', { token: supplier.owner.token, query: { view: 'TOUS_SAUF_CLOTURES', sort: 'number', direction: 'asc' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('numero;titre;categorie;sous_categorie;statut;type_objet;numero_objet;structure_emettrice;structure_destinataire;email_contact;date_creation;date_statut');
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual([business.number, waiting.number]);
    const none = await t.http.get('/api/v1/tickets/export', { token: otherRecipient.clerk.token });
    expect(none.text.trim().split('\r\n')).toHaveLength(1);
  });

  describe('IDOR matrix', () => {
    type Persona = 'emitter' | 'receiver' | 'memberWithoutGrant' | 'otherSupplier' | 'otherRecipient' | 'anonymous';
    const token = (p: Persona): string | undefined =>
      ({
        emitter: supplier.owner.token,
        receiver: recipient.clerk.token,
        memberWithoutGrant: noGrant.token,
        otherSupplier: otherSupplier.owner.token,
        otherRecipient: otherRecipient.clerk.token,
        anonymous: undefined,
      })[p];
    const routes: [string, (tk: string | undefined) => Promise<HttpResponse>][] = [
      ['GET ticket', (tk) => t.http.get(`/api/v1/tickets/${business.id}`, { token: tk })],
      ['POST message', (tk) => t.http.post(`/api/v1/tickets/${business.id}/messages`, { message: 'hello' }, { token: tk })],
      ['POST transition', (tk) => t.http.post(`/api/v1/tickets/${business.id}/transitions`, { status: 'EN_ATTENTE_INFORMATIONS', message: '?' }, { token: tk })],
      ['POST file', (tk) => t.http.post(`/api/v1/tickets/${business.id}/files`, undefined, { token: tk, ...multipart({}, { name: 'a.pdf', type: 'application/pdf', content: TINY_PDF }) })],
    ];
    const allowed: Persona[] = ['emitter', 'receiver'];
    const personas: Persona[] = ['anonymous', 'otherSupplier', 'otherRecipient', 'memberWithoutGrant'];

    it.each(routes.flatMap(([name]) => personas.map((p) => [name, p] as const)))('%s as %s is refused', async (name, persona) => {
      const res = await routes.find(([n]) => n === name)![1](token(persona));
      expect(res.status).toBe(persona === 'anonymous' ? 401 : 404);
    });

    it.each(routes.map(([name]) => name))('%s is open to both sides', async (name) => {
      for (const p of allowed) {
        const res = await routes.find(([n]) => n === name)![1](token(p));
        expect({ p, status: res.status < 300 || res.status === 409 }).toEqual({ p, status: true });
      }
    });

    it('never lists another structure’s tickets', async () => {
      for (const p of ['otherRecipient', 'memberWithoutGrant'] as Persona[]) {
        for (const view of ['ACTIONS_REQUISES', 'TOUS_SAUF_CLOTURES', 'CLOTURES']) expect((await list(token(p)!, { view })).body.total).toBe(0);
      }
      expect(numbers(await list(otherSupplier.owner.token))).toHaveLength(1);
      expect((await t.http.get('/api/v1/tickets')).status).toBe(401);
      expect((await t.http.get('/api/v1/tickets/export')).status).toBe(401);
    });

    it('cannot open a ticket for a structure one does not belong to, nor about an invoice one cannot see', async () => {
      const body = { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'x', description: 'x' };
      expect((await t.http.post('/api/v1/tickets', body, { token: otherSupplier.owner.token })).status).toBe(403);
      expect((await t.http.post('/api/v1/tickets', body, { token: noGrant.token })).status).toBe(403);
      const number = (await t.http.get(`/api/v1/tickets/${business.id}`, { token: supplier.owner.token })).body.objectNumber;
      const probe = await t.http.post(
        '/api/v1/tickets',
        { subCategoryCode: 'FE_M_DESTINATAIRE', emitterStructureId: otherSupplier.id, objectType: 'FACTURE', objectNumber: number, title: 'x', description: 'x' },
        { token: otherSupplier.owner.token },
      );
      expect(probe.body.code).toBe('SUPPORT.INVOICE_NOT_VISIBLE');
    });

    it('keeps category administration to platform administrators', async () => {
      const res = await t.http.post('/api/v1/support/categories', { code: 'PIRATE', label: 'Pirate' }, { token: supplier.owner.token });
      expect(res.status).toBe(403);
    });
  });
});
