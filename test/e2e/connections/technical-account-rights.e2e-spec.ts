import { Client } from 'pg';
import { defaultGrantsForNewMember } from '../../../src/modules/habilitations/contracts/applications';
import { RowChanges } from '../../../src/shared/persistence/row-changes';
import { givenActiveUser, GivenUser, waitUntil } from '../../factories/accounts';
import { clientToken, cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { draftBody, createDraft, givenPublicRecipient, givenSupplier, PublicRecipient, soumettreBody, Supplier, uniqueNumber } from '../../factories/invoicing';
import { RETURN_CODES } from '../../../src/modules/piste/domain/return-codes';
import { givenMember } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

const EVERYTHING = defaultGrantsForNewMember().map((g) => ({ application: g.application, level: 'MODIFICATION' }));
const MANAGER_GRANTS = EVERYTHING;

/**
 * Issue 15, technical accounts, written as the attacks: a member with the default grants used to create a
 * technical account with any grants (Organisation – modification included), then drive it with his own
 * OAuth client on /api/v1 to raise his own grants; the account kept working after he was detached; a
 * service-level member read every service's invoices through it.
 */
describe('technical accounts never hold more than their creator', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  const services: Record<string, string> = {};

  /** The API application of `owner` and its first token, driving the technical account `account`. */
  async function connect(owner: GivenUser, account: { id: string; login: string; password: string }): Promise<ErpConnection> {
    const client = await t.http.post('/api/v1/oauth-clients', { name: 'Mon ERP', apiGroups: ['factures', 'structures', 'utilisateurs', 'transverses', 'engagementsJuridiques'] }, { token: owner.token });
    expect(client.status).toBe(201);
    const token = await clientToken(t, client.body.clientId, client.body.clientSecret);
    return {
      technicalAccountId: account.id,
      login: account.login,
      password: account.password,
      oauthClientId: client.body.id,
      clientId: client.body.clientId,
      clientSecret: client.body.clientSecret,
      token: token.body.access_token,
      cproAccount: Buffer.from(`${account.login}:${account.password}`).toString('base64'),
    };
  }

  const asMachine = (erp: ErpConnection) => ({ token: erp.token, headers: { 'cpro-account': erp.cproAccount } });

  async function memberGrants(userId: string) {
    const members = await t.http.get(`/api/v1/structures/${supplier.id}/members`, { token: supplier.owner.token, query: { pageSize: 100 } });
    return members.body.items.find((m: { userId?: string; id?: string }) => (m.userId ?? m.id) === userId)?.grants;
  }

  /** A member whom the principal manager made a manager (Organisation – modification on top of the defaults). */
  async function givenManager(firstName: string): Promise<GivenUser> {
    const user = await givenActiveUser(t, { firstName });
    await givenMember(t, supplier.owner, supplier.id, user);
    const raised = await t.http.put(`/api/v1/structures/${supplier.id}/members/${user.id}/grants`, { grants: MANAGER_GRANTS }, { token: supplier.owner.token });
    expect(raised.status).toBe(200);
    return user;
  }

  async function createAccount(creator: GivenUser, grants: { application: string; level: string }[] = EVERYTHING) {
    return t.http.post(`/api/v1/structures/${supplier.id}/technical-accounts`, { label: 'ERP', grants }, { token: creator.token });
  }

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    for (const code of ['VENTES', 'SAV']) {
      const res = await t.http.post(`/api/v1/structures/${supplier.id}/services`, { code, label: `Service ${code}`, activationStart: '2020-01-01', active: true }, { token: supplier.owner.token });
      services[code] = res.body.id;
    }
    recipient = await givenPublicRecipient(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a technical account to a member with the default grants, so he cannot raise his own grants through one', async () => {
    const member = await givenActiveUser(t, { firstName: 'Ambitieux' });
    await givenMember(t, supplier.owner, supplier.id, member);

    const created = await createAccount(member);
    expect(created.status).toBe(403);
    expect(created.body.code).toBe('CONNECTIONS.TECHNICAL_ACCOUNTS_MANAGERS_ONLY');
    // A service-level member neither, even a manager of that service.
    const serviceMember = await givenActiveUser(t, { firstName: 'Service' });
    await givenMember(t, supplier.owner, supplier.id, serviceMember, 'VENTES');
    expect((await createAccount(serviceMember, [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }])).status).toBe(403);

    expect(await memberGrants(member.id)).toEqual(defaultGrantsForNewMember());
  });

  it('refuses grants the creator does not hold at creation', async () => {
    const manager = await givenManager('Partiel');
    const partial = MANAGER_GRANTS.filter((g) => g.application !== 'FACTURES_RECUES');
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${manager.id}/grants`, { grants: partial }, { token: supplier.owner.token })).status).toBe(200);
    const created = await createAccount(manager, [{ application: 'FACTURES_RECUES', level: 'CONSULTATION' }]);
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ code: 'CONNECTIONS.GRANTS_EXCEED_CREATOR', field: 'grants' });
  });

  it('follows a downgrade of its creator on its very next call, on /api/v1 and /cpro', async () => {
    const manager = await givenManager('Rétrogradé');
    const created = await createAccount(manager);
    expect(created.status).toBe(201);
    const erp = await connect(manager, created.body);

    // Both work while the creator holds Organisation and Factures émises in modification.
    expect((await t.http.patch(`/api/v1/structures/${supplier.id}`, { label: 'Par l’ERP' }, asMachine(erp))).status).toBe(200);
    expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);

    const downgraded = defaultGrantsForNewMember().map((g) => (g.application === 'FACTURES_EMISES' ? { ...g, level: 'CONSULTATION' } : g));
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${manager.id}/grants`, { grants: downgraded }, { token: supplier.owner.token })).status).toBe(200);

    const edit = await t.http.patch(`/api/v1/structures/${supplier.id}`, { label: 'Encore l’ERP' }, asMachine(erp));
    expect(edit.status).toBe(403);
    // Not even his own grants, whatever the account was given.
    const raise = await t.http.put(`/api/v1/structures/${supplier.id}/members/${manager.id}/grants`, { grants: EVERYTHING }, asMachine(erp));
    expect(raise.status).toBe(403);
    expect(await memberGrants(manager.id)).toEqual(downgraded);
    // Consultation of issued invoices still works, drafting does not.
    expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
    const draft = await t.http.post('/api/v1/invoices', draftBody(supplier, recipient), asMachine(erp));
    expect(draft.status).toBe(403);
  });

  it('stops at once when the creator is detached, and again when his user account is deactivated', async () => {
    const manager = await givenManager('Parti');
    const erp = await connect(manager, (await createAccount(manager)).body);
    expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);

    expect((await t.http.delete(`/api/v1/structures/${supplier.id}/members/${manager.id}`, { token: supplier.owner.token })).status).toBe(204);
    const detached = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {});
    expect(detached.status).toBe(403);
    expect(detached.body.codeErreur).toBe('CONNECTIONS.TECHNICAL_ACCOUNT_SUSPENDED');
    const rest = await t.http.get('/api/v1/invoices', { ...asMachine(erp), query: { role: 'supplier' } });
    expect(rest.status).toBe(403);
    expect(rest.body.code).toBe('CONNECTIONS.TECHNICAL_ACCOUNT_SUSPENDED');

    const other = await givenManager('Désactivé');
    // Driven by the principal manager's API application: only the account's creator is deactivated.
    const second = await connect(supplier.owner, (await createAccount(other)).body);
    expect((await cpro(t, second, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
    const admin = await givenActiveUser(t, { isAdmin: true });
    expect((await t.http.post(`/api/v1/admin/users/${other.id}/deactivation`, undefined, { token: admin.token })).status).toBe(204);
    expect((await cpro(t, second, 'factures/v1/rechercher/fournisseur', {})).status).toBe(403);
  });

  it('sees a deactivation committed by another process (cached creator status, cleared by the database)', async () => {
    const manager = await givenManager('Ailleurs');
    const erp = await connect(supplier.owner, (await createAccount(manager)).body);
    const changes = t.app.get(RowChanges);
    await waitUntil(() => changes.live);
    const sql = new Client({ connectionString: t.databaseUrl });
    await sql.connect();
    try {
      expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
      // With the trigger off the change goes unseen: the creator's status really is cached…
      await sql.query('alter table account_user disable trigger user');
      await sql.query(`update account_user set status = 'DEACTIVATED' where id = $1`, [manager.id]);
      await sql.query('alter table account_user enable trigger user');
      expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
      // …and the status change announced at commit refuses the account at its next call.
      await sql.query(`update account_user set status = 'ACTIVE' where id = $1`, [manager.id]);
      await sql.query(`update account_user set status = 'DEACTIVATED' where id = $1`, [manager.id]);
      await changes.sync();
      expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(403);
    } finally {
      await sql.end();
    }
  });

  it('narrows the account to its creator’s service: search, detail and files', async () => {
    const manager = await givenManager('Vendeur');
    const erp = await connect(manager, (await createAccount(manager)).body);
    const ids = {
      ventes: await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { supplierServiceId: services.VENTES })),
      sav: await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { supplierServiceId: services.SAV })),
      none: await createDraft(t, supplier.owner.token, draftBody(supplier, recipient)),
    };
    const search = async () =>
      ((await t.http.get('/api/v1/invoices', { ...asMachine(erp), query: { role: 'supplier', pageSize: 100 } })).body.items as { id: string }[]).map((i) => i.id);
    expect(await search()).toEqual(expect.arrayContaining([ids.ventes, ids.sav, ids.none]));

    // The principal manager moves him to the VENTES service (detached, then attached there).
    expect((await t.http.delete(`/api/v1/structures/${supplier.id}/members/${manager.id}`, { token: supplier.owner.token })).status).toBe(204);
    await givenMember(t, supplier.owner, supplier.id, manager, 'VENTES');

    const seen = await search();
    expect(seen).toContain(ids.ventes);
    expect(seen).not.toContain(ids.sav);
    expect(seen).not.toContain(ids.none);
    expect((await t.http.get(`/api/v1/invoices/${ids.ventes}`, asMachine(erp))).status).toBe(200);
    for (const other of [ids.sav, ids.none]) {
      expect((await t.http.get(`/api/v1/invoices/${other}`, asMachine(erp))).status).toBe(404);
      expect((await t.http.get(`/api/v1/invoices/${other}/history`, asMachine(erp))).status).toBe(404);
    }
  });

  it('keeps an account narrowed to a service out of the files other accounts of the structure deposited', async () => {
    const manager = await givenManager('Vendeuse');
    const erp = await connect(manager, (await createAccount(manager)).body);
    expect((await t.http.delete(`/api/v1/structures/${supplier.id}/members/${manager.id}`, { token: supplier.owner.token })).status).toBe(204);
    await givenMember(t, supplier.owner, supplier.id, manager, 'VENTES');
    // The structure's own ERP (whole structure) deposits a file it has not used yet.
    const wide = await givenErpConnection(t, supplier.owner.token, supplier.id);
    const theirs = await cpro(t, wide, 'transverses/v1/ajouter/fichier', { pieceJointeFichier: Buffer.from('confidentiel').toString('base64'), nomFichier: 'paie.txt', typeMime: 'text/plain' });
    expect(theirs.body.codeRetour).toBe(0);
    const mine = await cpro(t, erp, 'transverses/v1/ajouter/fichier', { pieceJointeFichier: Buffer.from('bon de livraison').toString('base64'), nomFichier: 'bl.txt', typeMime: 'text/plain' });
    expect(mine.body.codeRetour).toBe(0);

    const listed = await cpro(t, erp, 'transverses/v1/rechercher/pj/structure', { idStructureCPP: supplier.publicId });
    expect(listed.body.listePiecesJointes.map((p: { pieceJointeId: number }) => p.pieceJointeId)).toEqual([mine.body.pieceJointeId]);

    const services = (await cpro(t, erp, 'structures/v1/rechercher/services', { idStructure: supplier.publicId })).body.listeServices as { idService: number; codeService: string }[];
    const ventes = services.find((x) => x.codeService === 'VENTES')!.idService;
    const submit = (pieceJointeId: number) =>
      cpro(t, erp, 'factures/v1/soumettre', {
        ...soumettreBody(supplier, recipient, uniqueNumber(), { pieceJointeComplementaire: [{ pieceJointeComplementaireId: pieceJointeId }] }),
        destinataire: { codeDestinataire: recipient.identifier },
        fournisseur: { idFournisseur: supplier.publicId, idServiceFournisseur: ventes },
      });
    const foreign = await submit(theirs.body.pieceJointeId);
    expect(foreign.body).toMatchObject({ codeRetour: RETURN_CODES['PISTE.ATTACHMENT_NOT_FOUND'] });
    expect((await submit(mine.body.pieceJointeId)).body.codeRetour).toBe(0);
  });

  it('does not answer an account narrowed to a service with another service’s invoice as the duplicate of its PDF', async () => {
    const manager = await givenManager('Comptable');
    const erp = await connect(manager, (await createAccount(manager)).body);
    expect((await t.http.delete(`/api/v1/structures/${supplier.id}/members/${manager.id}`, { token: supplier.owner.token })).status).toBe(204);
    await givenMember(t, supplier.owner, supplier.id, manager, 'VENTES');
    const services = (await cpro(t, erp, 'structures/v1/rechercher/services', { idStructure: supplier.publicId })).body.listeServices as { idService: number; codeService: string }[];
    const serviceOf = (code: string) => services.find((x) => x.codeService === code)!.idService;
    const pdf = Buffer.from(`%PDF-1.4\n% ${uniqueNumber()}\n%%EOF\n`).toString('base64');
    const deposit = async (account: ErpConnection, code: string, numero: string) => {
      const staged = await cpro(t, account, 'factures/v1/deposer/pdf', { fichierFacture: pdf, nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
      expect(staged.body.codeRetour).toBe(0);
      return cpro(t, account, 'factures/v1/soumettre', {
        ...soumettreBody(supplier, recipient, numero, { modeDepot: 'DEPOT_PDF_API', pieceJointePrincipale: [{ pieceJointePrincipaleId: staged.body.pieceJointeId }] }),
        destinataire: { codeDestinataire: recipient.identifier },
        fournisseur: { idFournisseur: supplier.publicId, idServiceFournisseur: serviceOf(code) },
      });
    };
    // The structure's own ERP submits the PDF for the SAV service.
    const wide = await givenErpConnection(t, supplier.owner.token, supplier.id);
    const first = await deposit(wide, 'SAV', uniqueNumber());
    expect(first.body.codeRetour).toBe(0);
    // The same bytes from the VENTES account: its own invoice, not the SAV one's id and number.
    const numero = uniqueNumber();
    const second = await deposit(erp, 'VENTES', numero);
    expect(second.body).toMatchObject({ codeRetour: 0, numeroFacture: numero });
    expect(second.body.doublon).toBeUndefined();
    expect(second.body.identifiantFactureCPP).not.toBe(first.body.identifiantFactureCPP);
  });
});
