import { givenActiveUser } from '../../factories/accounts';
import { givenStructure, validSiret } from '../../factories/organisation';
import { createDraft, draftBody, givenSupplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Free-form identifier types (AUTRE, HORS_UE, PARTICULIER) accept any text, a SIRET's digits included. A lookup
 * that names no type (an invoice's recipient, a membership request) must still find the SIRET structure, however
 * many structures of other types spell the same identifier and whenever they were created.
 */
describe('identifiers spelled under several types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an untyped lookup finds the SIRET structure, even when two older structures of other types spell its SIRET', async () => {
    const siret = validSiret();
    const squatter = await givenActiveUser(t, { firstName: 'Squatteur' });
    for (const identifierType of ['AUTRE', 'HORS_UE']) {
      const res = await t.http.post('/api/v1/structures', { identifierType, identifier: siret, structureType: 'PRIVEE', companyName: 'Commune de Test' }, { token: squatter.token });
      expect(res.status).toBe(201);
    }
    // The real public entity joins afterwards.
    const admin = await givenActiveUser(t, { isAdmin: true });
    const commune = await givenStructure(t, admin, { identifier: siret, structureType: 'PUBLIQUE', companyName: 'Commune de Test' });

    // A supplier addresses an invoice by the SIRET: it goes to the commune, not to the squatter.
    const supplier = await givenSupplier(t);
    const draftId = await createDraft(t, supplier.owner.token, draftBody(supplier, commune, { recipientStructureId: undefined, recipientIdentifier: siret }));
    const draft = await t.http.get(`/api/v1/invoices/${draftId}`, { token: supplier.owner.token });
    expect(draft.body.recipientStructureId).toBe(commune.id);

    // Someone asking to join "that SIRET" asks the commune's managers, not the squatter.
    const applicant = await givenActiveUser(t);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: siret, comment: 'Agent de la commune' }, { token: applicant.token });
    expect(request.status).toBe(201);
    expect(request.body.structureId).toBe(commune.id);
  });

  it('a free-form look-alike, even older, never hides a structure identified by an EU VAT number', async () => {
    const vat = `DE${Date.now().toString().slice(-9)}`;
    const squatter = await givenActiveUser(t, { firstName: 'Squatteur' });
    expect((await t.http.post('/api/v1/structures', { identifierType: 'AUTRE', identifier: vat, structureType: 'PRIVEE', companyName: 'Muster GmbH' }, { token: squatter.token })).status).toBe(201);
    const owner = await givenActiveUser(t);
    const real = await t.http.post('/api/v1/structures', { identifierType: 'UE_HORS_FRANCE', identifier: vat, structureType: 'PRIVEE', companyName: 'Muster GmbH' }, { token: owner.token });
    expect(real.status).toBe(201);
    const applicant = await givenActiveUser(t);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: vat, comment: 'Buchhaltung' }, { token: applicant.token });
    expect(request.status).toBe(201);
    expect(request.body.structureId).toBe(real.body.id);
  });
});
