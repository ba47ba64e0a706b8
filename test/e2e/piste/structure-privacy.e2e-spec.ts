import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenStructure, GivenStructure } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 15: a structure looked up by its sequential id must not give away a private or "non diffusible"
 * structure's contact details. Only its members and its own technical accounts see e-mail, phone, address,
 * VAT and RCS; everyone else sees what the public directory shows.
 */
describe('private and non-diffusible structures keep their contact details', () => {
  let t: TestApp;
  const details = {
    email: 'compta@prive.example.test',
    phone: '0102030405',
    address: { line1: '12 rue Secrète', line2: 'Bâtiment B', postalCode: '69003', city: 'Lyon', country: 'FR' },
    vatNumber: 'FR65912345675',
    rcsNumber: 'RCS Lyon 912 345 675',
  };
  let owner: GivenUser;
  let admin: GivenUser;
  let privateOne: GivenStructure;
  let insiderErp: ErpConnection;
  let outsiderErp: ErpConnection;
  let outsiderUser: GivenUser;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await givenActiveUser(t);
    admin = await givenActiveUser(t, { isAdmin: true });
    privateOne = await givenStructure(t, owner, { ...details, companyName: 'Société Discrète' });
    insiderErp = await givenErpConnection(t, owner.token, privateOne.id);
    outsiderUser = await givenActiveUser(t);
    const other = await givenStructure(t, outsiderUser);
    outsiderErp = await givenErpConnection(t, outsiderUser.token, other.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const consult = (erp: ErpConnection, publicId: number) => cpro(t, erp, 'structures/v1/consulter', { idStructureCPP: publicId });

  const HIDDEN = { numeroTva: null, numeroRcsStructure: null, courriel: null, telephone: null };
  const SHOWN = { numeroTva: details.vatNumber, numeroRcsStructure: details.rcsNumber, courriel: details.email, telephone: details.phone };

  it('gives another structure’s technical account no contact detail of a private structure', async () => {
    const res = await consult(outsiderErp, privateOne.publicId);
    expect(res.body.codeRetour).toBe(0);
    // What the directory would show: identity, status and invoicing rules.
    expect(res.body.informationGenerales).toMatchObject({
      idStructureCPP: privateOne.publicId,
      identifiantStructure: privateOne.identifier,
      raisonSociale: 'Société Discrète',
      structurePublique: false,
      statut: 'ACTIVE',
      ...HIDDEN,
    });
    expect(res.body.adressePostaleDuSiege).toBeNull();
    expect(res.body.parametres).toMatchObject({ codeServiceDoitEtreRenseigne: false, delaiGlobalPaiement: 30 });
    for (const value of [details.email, details.phone, details.vatNumber, details.rcsNumber, details.address.line1, details.address.postalCode]) {
      expect(res.text).not.toContain(value);
    }
  });

  it('gives the structure’s own technical account its full details', async () => {
    const res = await consult(insiderErp, privateOne.publicId);
    expect(res.body.informationGenerales).toMatchObject(SHOWN);
    expect(res.body.adressePostaleDuSiege).toMatchObject({ adresse: '12 rue Secrète', complementAdresse1: 'Bâtiment B', codePostal: '69003', ville: 'Lyon', codePays: 'FR' });
  });

  it('hides a public structure’s details once it is non diffusible, and shows a diffusible one’s', async () => {
    const diffusible = await givenStructure(t, admin, { ...details, structureType: 'PUBLIQUE', companyName: 'Mairie Ouverte' });
    const hidden = await givenStructure(t, admin, { ...details, structureType: 'PUBLIQUE', companyName: 'Service Protégé', nonDiffusible: true });

    const open = await consult(outsiderErp, diffusible.publicId);
    expect(open.body.informationGenerales).toMatchObject({ structurePublique: true, ...SHOWN });
    expect(open.body.adressePostaleDuSiege).toMatchObject({ codePostal: '69003' });

    const closed = await consult(outsiderErp, hidden.publicId);
    expect(closed.body.informationGenerales).toMatchObject({ raisonSociale: 'Service Protégé', structurePublique: true, ...HIDDEN });
    expect(closed.body.adressePostaleDuSiege).toBeNull();

    // The public directory follows the same rule: no city or postal code, and no finding it by its city.
    const listed = await t.http.get(`/api/v1/directory/structures/${hidden.identifier}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ companyName: 'Service Protégé', postalCode: null, city: null });
    const byCity = await t.http.get('/api/v1/directory/structures', { query: { q: 'Lyon', pageSize: 100 } });
    const identifiers = byCity.body.items.map((s: { identifier: string }) => s.identifier);
    expect(identifiers).toContain(diffusible.identifier);
    expect(identifiers).not.toContain(hidden.identifier);
  });

  it('keeps a non-diffusible recipient’s address out of the /cpro directory operations', async () => {
    const hidden = await givenStructure(t, admin, { ...details, structureType: 'PUBLIQUE', companyName: 'Régie Discrète', nonDiffusible: true });

    const search = await cpro(t, outsiderErp, 'transverses/v1/rechercher/destinataire', { identifiant: hidden.identifier });
    expect(search.body.listeDestinataires).toEqual([expect.objectContaining({ siret: hidden.identifier, adresseCodePostal: null, adresseVille: null })]);
    const byCity = await cpro(t, outsiderErp, 'transverses/v1/rechercher/destinataire', { nomVilleCodePostal: 'Lyon' });
    expect(byCity.body.listeDestinataires.map((d: { siret: string }) => d.siret)).not.toContain(hidden.identifier);

    const directory = await cpro(t, outsiderErp, 'transverses/v1/telecharger/annuaire/destinataire', {});
    const csv = Buffer.from(directory.body.fichierResultat, 'base64').toString('utf8');
    const line = csv.split('\r\n').find((l) => l.startsWith(`${hidden.identifier};`));
    expect(line).toBeDefined();
    expect(line).not.toContain('69003');
    expect(line).not.toContain('Lyon');

    const siret = await cpro(t, outsiderErp, 'transverses/v1/consulter/information/siret', { siretStructure: hidden.identifier });
    expect(siret.body).toMatchObject({ codeRetour: 0, raisonSociale: 'Régie Discrète', adresse: null });
  });

  it('shows the portal view to members and the administrators’ support path only', async () => {
    expect((await t.http.get(`/api/v1/structures/${privateOne.id}`, { token: outsiderUser.token })).status).toBe(403);
    const asOwner = await t.http.get(`/api/v1/structures/${privateOne.id}`, { token: owner.token });
    expect(asOwner.body).toMatchObject({ email: details.email, vatNumber: details.vatNumber });
    const asAdmin = await t.http.get(`/api/v1/structures/${privateOne.id}`, { token: admin.token });
    expect(asAdmin.body).toMatchObject({ email: details.email, rcsNumber: details.rcsNumber });
  });
});
