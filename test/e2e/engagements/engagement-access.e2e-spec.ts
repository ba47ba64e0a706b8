import { givenActiveUser, waitUntil } from '../../factories/accounts';
import { givenEngagement, uniqueEngagementNumber } from '../../factories/engagements';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenMember, givenStructure, multipartParts, validSiret } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

/** Adversarial review of engagements' access rules (docs/engagements.md, "Who sees what"). */
describe('engagements: who may see and change them', () => {
  let t: TestApp;
  let recipient: PublicRecipient;

  beforeAll(async () => {
    t = await startTestApp();
    recipient = await givenPublicRecipient(t, { parameters: { engagementRequired: true }, services: [{ code: 'ACHATS' }] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an engagement kept by SIRET is not reachable by a structure whose free identifier (HORS_UE) spells that SIRET; the SIRET’s holder, once registered, finds it and invoices against it, and its issuer still changes it', async () => {
    // The real supplier is not on the platform yet: its engagement is kept by SIRET.
    const siret = validSiret();
    const e = await givenEngagement(t, recipient, { identifier: siret }, { amount: '5000.00', label: 'Marché confidentiel' });
    expect(e.supplierStructureId).toBeNull();

    // Anyone may create a structure of a free identifier type: he types the SIRET as its identifier.
    const owner = await givenActiveUser(t, { firstName: 'Usurpateur' });
    const impostor: Supplier = { ...(await givenStructure(t, owner, { identifierType: 'HORS_UE', identifier: siret, address: { line1: '1 Main St', postalCode: '10001', city: 'New York', country: 'US' } })), owner };
    expect(impostor.identifier).toBe(siret);

    // It neither lists, nor reads, nor consumes the engagement.
    const listed = await t.http.get('/api/v1/engagements', { token: owner.token });
    expect(listed.body.total).toBe(0);
    expect((await t.http.get(`/api/v1/engagements/${e.id}`, { token: owner.token })).status).toBe(404);
    const draft = await createDraft(t, owner.token, draftBody(impostor, recipient, { engagementNumber: e.number }));
    const submitted = await t.http.post(`/api/v1/invoices/${draft}/submission`, undefined, { token: owner.token });
    expect(submitted.body).toMatchObject({ code: 'ENGAGEMENTS.UNKNOWN_FOR_SUPPLIER', field: 'engagementNumber' });
    expect((await t.http.get(`/api/v1/engagements/${e.id}`, { token: recipient.manager.token })).body.consumed).toBe('0.00');

    // The real supplier, once registered with its SIRET, finds it.
    const real = await givenSupplierWithSiret(siret);
    expect((await t.http.get('/api/v1/engagements?side=received', { token: real.owner.token })).body.items.map((x: { id: string }) => x.id)).toEqual([e.id]);
    expect((await t.http.get(`/api/v1/engagements/${e.id}`, { token: real.owner.token })).body.sides).toEqual(['SUPPLIER']);

    // It invoices against it; the issuer still changes what may change (its supplier is the same one).
    const invoice = await createDraft(t, real.owner.token, draftBody(real, recipient, { engagementNumber: e.number }));
    expect((await t.http.post(`/api/v1/invoices/${invoice}/submission`, undefined, { token: real.owner.token })).status).toBe(204);
    const raised = await t.http.patch(`/api/v1/engagements/${e.id}`, { amount: '6000.00' }, { token: recipient.manager.token });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ amount: '6000.00', consumed: '1200.00', supplierIdentifier: siret });
    expect((await t.http.patch(`/api/v1/engagements/${e.id}`, { supplierIdentifier: validSiret() }, { token: recipient.manager.token })).body.code).toBe('ENGAGEMENTS.FROZEN_ONCE_USED');
  });

  it('a member attached to one service records engagements of that service only (not of the whole structure)', async () => {
    const supplier = await givenSupplier(t);
    const agent = await givenActiveUser(t, { firstName: 'Acheteur' });
    await givenMember(t, recipient.manager, recipient.id, agent, 'ACHATS');
    const granted = await t.http.put(
      `/api/v1/structures/${recipient.id}/members/${agent.id}/grants`,
      { grants: [{ application: 'ENGAGEMENTS', level: 'MODIFICATION' }] },
      { token: recipient.manager.token },
    );
    expect(granted.status).toBe(200);
    const body = { structureId: recipient.id, notificationDate: '2026-02-01', amount: '900.00', supplierIdentifier: supplier.identifier };

    // For his service: yes.
    const own = await t.http.post('/api/v1/engagements', { ...body, number: uniqueEngagementNumber(), serviceCode: 'ACHATS' }, { token: agent.token });
    expect(own.status).toBe(201);
    // For the whole structure (no service): no, by hand or by file.
    const whole = await t.http.post('/api/v1/engagements', { ...body, number: uniqueEngagementNumber() }, { token: agent.token });
    expect(whole.body).toMatchObject({ status: 403, code: 'COMMON.FORBIDDEN' });
    const csv = ['numero;date_notification;montant_ttc;siret_fournisseur;code_service', `${uniqueEngagementNumber()};2026-02-01;900.00;${supplier.identifier};`].join('\r\n');
    const file = multipartParts([{ field: 'structureId', value: recipient.id }, { file: { name: 'e.csv', type: 'text/csv', content: Buffer.from(csv) } }]);
    const imported = await t.http.post('/api/v1/engagements/import', undefined, { token: agent.token, ...file });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 0, refused: 1, lines: [{ status: 'REFUSED', errors: [expect.objectContaining({ code: 'COMMON.FORBIDDEN' })] }] });
    const issued = await t.http.get('/api/v1/engagements?side=issued&pageSize=200', { token: recipient.manager.token });
    expect(issued.body.items.filter((x: { supplierStructureId: string }) => x.supplierStructureId === supplier.id).map((x: { id: string }) => x.id)).toEqual([own.body.id]);
  });

  it('an invoice still with its validator (A9/A12) is not shown to the issuer through its engagement, and refused by the validator it stops counting', async () => {
    const supplier = await givenSupplier(t);
    const owner = await givenActiveUser(t, { firstName: 'Titulaire' });
    const validator = await givenStructure(t, owner);
    const e = await givenEngagement(t, recipient, supplier, { amount: '5000.00' });
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { engagementNumber: e.number, billingFramework: 'A9_FACTURE_SOUSTRAITANT', validatorStructureId: validator.id }));
    expect((await t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token })).status).toBe(204);
    await waitForStatus(t, supplier.owner.token, id, 'A_VALIDER_1');
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.manager.token })).status).toBe(404);

    // What is left already counts it (the supplier's next invoice is checked against it), but the issuer is not
    // shown the invoice, neither through the REST detail nor through /cpro consulterDetail's side of it.
    const seen = await t.http.get(`/api/v1/engagements/${e.id}`, { token: recipient.manager.token });
    expect(seen.body).toMatchObject({ consumed: '1200.00', invoices: [] });
    // Its supplier sees its own invoice.
    expect((await t.http.get(`/api/v1/engagements/${e.id}`, { token: supplier.owner.token })).body.invoices).toEqual([expect.objectContaining({ invoiceId: id, counts: true })]);

    // Refused by the validator (final): it stops counting, as a rejected invoice does.
    expect((await t.http.post(`/api/v1/invoices/${id}/validation`, { status: 'REFUSEE_1', reason: 'Non conforme' }, { token: owner.token })).status).toBe(200);
    await waitUntil(async () => {
      await t.flushOutbox();
      return (await t.http.get(`/api/v1/engagements/${e.id}`, { token: supplier.owner.token })).body.consumed === '0.00';
    });
    const released = await t.http.get(`/api/v1/engagements/${e.id}`, { token: supplier.owner.token });
    expect(released.body.invoices).toEqual([expect.objectContaining({ invoiceId: id, counts: false, releaseReason: 'REFUSEE_1' })]);
    expect((await t.http.get(`/api/v1/engagements/${e.id}`, { token: recipient.manager.token })).body).toMatchObject({ consumed: '0.00', invoices: [] });
  });

  it('a technical account reads by default and changes nothing; another structure’s engagements are 404 / 4191 to it; a service-level member creates none', async () => {
    const supplier = await givenSupplier(t);
    const other = await givenPublicRecipient(t);
    const mine = await givenEngagement(t, recipient, supplier, { serviceCode: 'ACHATS' });
    const whole = await givenEngagement(t, recipient, supplier);
    const theirs = await givenEngagement(t, other, supplier);
    const erp = await givenErpConnection(t, recipient.manager.token, recipient.id);
    const as = (e: ErpConnection) => ({ token: e.token, headers: { 'cpro-account': e.cproAccount } });

    const listed = await t.http.get('/api/v1/engagements?pageSize=200', as(erp));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([mine.id, whole.id]));
    expect(listed.body.items.map((x: { id: string }) => x.id)).not.toContain(theirs.id);
    expect((await t.http.patch(`/api/v1/engagements/${whole.id}`, { status: 'INACTIVE' }, as(erp))).status).toBe(403);
    expect((await t.http.delete(`/api/v1/engagements/${whole.id}`, as(erp))).status).toBe(403);
    const body = { structureId: recipient.id, number: uniqueEngagementNumber(), notificationDate: '2026-02-01', amount: '1.00', supplierIdentifier: supplier.identifier };
    expect((await t.http.post('/api/v1/engagements', body, as(erp))).status).toBe(403);
    expect((await t.http.get(`/api/v1/engagements/${theirs.id}`, as(erp))).status).toBe(404);
    expect((await cpro(t, erp, 'engagementsJuridiques/v1/consulterDetail', { numeroEngagementJuridique: theirs.number })).body).toMatchObject({ codeRetour: 4191 });

    // Created by a member attached to ACHATS (holding Engagements – modification there), with the grant: that service's only.
    const agent = await givenActiveUser(t, { firstName: 'Acheteur' });
    await givenMember(t, recipient.manager, recipient.id, agent, 'ACHATS');
    const grants = [{ application: 'ENGAGEMENTS', level: 'MODIFICATION' }, { application: 'ORGANISATION', level: 'MODIFICATION' }, { application: 'RACCORDEMENTS', level: 'MODIFICATION' }];
    expect((await t.http.put(`/api/v1/structures/${recipient.id}/members/${agent.id}/grants`, { grants }, { token: recipient.manager.token })).status).toBe(200);
    const narrowAccount = await t.http.post(`/api/v1/structures/${recipient.id}/technical-accounts`, { label: 'ERP', grants: [{ application: 'ENGAGEMENTS', level: 'MODIFICATION' }] }, { token: agent.token });
    // Service-level members do not manage technical accounts at all (docs/structures-and-rights.md).
    expect(narrowAccount.status).toBe(403);
  });

  async function givenSupplierWithSiret(siret: string): Promise<Supplier> {
    const owner = await givenActiveUser(t, { firstName: 'Fournisseur' });
    return { ...(await givenStructure(t, owner, { identifier: siret })), owner };
  }
});
