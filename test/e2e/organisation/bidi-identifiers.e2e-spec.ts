import { givenSupplier, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

const RLO = '\u202E';

/** Identifiers, numbers and codes outside invoices refuse bidirectional controls too (issue 15). */
describe('bidi controls in structure and ticket identifiers', () => {
  let t: TestApp;
  let supplier: Supplier;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses them in service codes, on creation and on update (already by the DTO pattern)', async () => {
    const created = await t.http.post(
      `/api/v1/structures/${supplier.id}/services`,
      { code: `VEN${RLO}TES`, label: 'Ventes', activationStart: '2020-01-01', active: true },
      { token: supplier.owner.token },
    );
    // The DTO's pattern already refuses it (400 naming the field); the use case refuses it too, for any other caller.
    expect(created.status).toBe(400);
    expect(created.body.field).toBe('code');
    const ok = await t.http.post(`/api/v1/structures/${supplier.id}/services`, { code: 'VENTES', label: 'Ventes', activationStart: '2020-01-01', active: true }, { token: supplier.owner.token });
    expect(ok.status).toBe(201);
    const updated = await t.http.patch(`/api/v1/structures/${supplier.id}/services/${ok.body.id}`, { code: `\u2066VENTES` }, { token: supplier.owner.token });
    expect(updated.status).toBe(400);
    expect(updated.body.field).toBe('code');
  });

  it('refuses them in a structure’s RCS and VAT numbers and in free identifiers', async () => {
    const rcs = await t.http.patch(`/api/v1/structures/${supplier.id}`, { rcsNumber: `RCS Paris ${RLO}123` }, { token: supplier.owner.token });
    expect(rcs.body).toMatchObject({ code: 'COMMON.BIDI_CONTROL_NOT_ALLOWED', field: 'rcsNumber' });
    const vat = await t.http.patch(`/api/v1/structures/${supplier.id}`, { vatNumber: `FR\u200F12345678901` }, { token: supplier.owner.token });
    expect(vat.status).toBe(400);
    expect(vat.body.field).toBe('vatNumber');
    const free = await t.http.post(
      '/api/v1/structures',
      { identifierType: 'AUTRE', identifier: `ACME${RLO}-42`, structureType: 'PRIVEE', companyName: 'Acme', address: { line1: '1 rue', postalCode: '75002', city: 'Paris', country: 'FR' } },
      { token: supplier.owner.token },
    );
    expect(free.status).toBe(400);
    expect(free.body.field).toBe('identifier');
  });

  it('refuses them in a ticket’s object number', async () => {
    const res = await t.http.post(
      '/api/v1/tickets',
      { subCategoryCode: 'MC_TRAITEMENT', objectType: 'FACTURE', objectNumber: `F-2026${RLO}-1`, emitterStructureId: supplier.id, title: 'x', description: 'x' },
      { token: supplier.owner.token },
    );
    expect(res.body).toMatchObject({ code: 'COMMON.BIDI_CONTROL_NOT_ALLOWED', field: 'objectNumber' });
  });
});
