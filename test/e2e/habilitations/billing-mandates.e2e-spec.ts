import { EntityManager } from '@mikro-orm/postgresql';
import { Sessions } from '../../../src/modules/accounts/application/sessions.service';
import { User } from '../../../src/modules/accounts/domain/user.entity';
import { defaultGrantsForNewMember } from '../../../src/modules/habilitations/contracts/applications';
import { mandateDay } from '../../../src/modules/habilitations/domain/billing-mandate.entity';
import { givenActiveUser, GivenUser, waitUntil } from '../../factories/accounts';
import { cpro, givenErpConnection } from '../../factories/connections';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, uniqueNumber, waitForStatus } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { SeedRunner } from '../../../src/shared/seed/seed-runner';
import { startTestApp, TestApp } from '../../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const TEMPLATE = 'habilitations.billing-mandate-changed';

interface Mandatary extends Supplier {
  /** A member with the default grants: Factures émises – modification. */
  clerk: GivenUser;
  /** A member without Factures émises. */
  reader: GivenUser;
}

describe('billing mandates (« Souscrire / Gérer un mandat de facturation »)', () => {
  let t: TestApp;
  let recipient: PublicRecipient;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    recipient = await givenPublicRecipient(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function givenMandatary(): Promise<Mandatary> {
    const supplier = await givenSupplier(t);
    const clerk = await givenActiveUser(t, { firstName: 'Saisie' });
    const reader = await givenActiveUser(t, { firstName: 'Lecture' });
    await givenMember(t, supplier.owner, supplier.id, clerk);
    await givenMember(t, supplier.owner, supplier.id, reader);
    const grants = defaultGrantsForNewMember().filter((g) => g.application !== 'FACTURES_EMISES');
    const put = await t.http.put(`/api/v1/structures/${supplier.id}/members/${reader.id}/grants`, { grants }, { token: supplier.owner.token });
    expect(put.status).toBe(200);
    return { ...supplier, clerk, reader };
  }

  const subscribe = (token: string, body: Record<string, unknown>) => t.http.post('/api/v1/billing-mandates', body, { token });
  const accept = (token: string, id: string) => t.http.post(`/api/v1/billing-mandates/${id}/acceptance`, { comment: 'D’accord' }, { token });
  const revoke = (token: string, id: string, comment = 'Fin de la collaboration') => t.http.post(`/api/v1/billing-mandates/${id}/revocation`, { comment }, { token });
  const submit = (token: string, id: string) => t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token });
  const mandateMails = (email: string, subject: string) => t.mail.mails.filter((m) => m.to.includes(email) && m.template === TEMPLATE && m.subject.includes(subject));

  async function waitForMandateMail(email: string, subject: string): Promise<void> {
    await waitUntil(async () => {
      await t.flushOutbox();
      return mandateMails(email, subject).length > 0;
    });
  }

  async function activeMandate(mandator: Supplier, mandatary: Mandatary, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await subscribe(mandatary.owner.token, { structureId: mandatary.id, role: 'MANDATARY', counterpartIdentifier: mandator.identifier, ...extra });
    expect(res.status).toBe(201);
    expect((await accept(mandator.owner.token, res.body.id)).status).toBe(200);
    return res.body.id as string;
  }

  it('journey: the mandatary subscribes, the mandator accepts, the mandatary’s user issues and sends an invoice in the mandator’s name; revocation stops new ones', async () => {
    const mandator = await givenSupplier(t);
    const mandatary = await givenMandatary();
    const mandatorClerk = await givenActiveUser(t, { firstName: 'Comptable' });
    await givenMember(t, mandator.owner, mandator.id, mandatorClerk);

    // No mandate: the mandatary's user may not issue the mandator's invoices.
    const before = await t.http.post('/api/v1/invoices', draftBody(mandator, recipient), { token: mandatary.clerk.token });
    expect(before.status).toBe(403);
    expect(before.body.code).toBe('COMMON.FORBIDDEN');

    // An ordinary member cannot subscribe.
    const byClerk = await subscribe(mandatary.clerk.token, { structureId: mandatary.id, role: 'MANDATARY', counterpartIdentifier: mandator.identifier });
    expect(byClerk.status).toBe(403);
    expect(byClerk.body.code).toBe('HABILITATIONS.MANDATE_PRINCIPAL_ONLY');

    // The mandatary's principal manager subscribes (« Souscrire un mandat de facturation »).
    const created = await subscribe(mandatary.owner.token, {
      structureId: mandatary.id,
      role: 'MANDATARY',
      counterpartIdentifier: mandator.identifier,
      comment: 'Nous émettons vos factures',
    });
    expect(created.status).toBe(201);
    const mandateId = created.body.id as string;
    expect(created.body).toMatchObject({
      state: 'PENDING',
      initiatedBy: 'MANDATARY',
      startDate: mandateDay(t.clock.now()),
      endDate: null,
      mandator: { structureId: mandator.id, identifier: mandator.identifier },
      mandatary: { structureId: mandatary.id },
    });
    expect(created.body.number).toMatch(/^MDT-[0-9A-F]{12}$/);
    await waitForMandateMail(mandator.owner.email, 'souscrit');
    await waitForMandateMail(mandatary.owner.email, 'souscrit');
    const toMandator = mandateMails(mandator.owner.email, 'souscrit')[0]!;
    expect(toMandator.subject).toContain(created.body.number);
    expect(toMandator.text).toContain('peut l’accepter');
    expect(toMandator.text).toContain('Nous émettons vos factures');
    expect(mandateMails(mandatary.owner.email, 'souscrit')[0]!.text).toContain('attend l’acceptation');

    // Pending: still refused.
    expect((await t.http.post('/api/v1/invoices', draftBody(mandator, recipient), { token: mandatary.clerk.token })).status).toBe(403);
    // The subscriber cannot accept his own subscription; an ordinary member of the other side cannot either.
    const ownAccept = await accept(mandatary.owner.token, mandateId);
    expect(ownAccept.status).toBe(403);
    expect(ownAccept.body.code).toBe('HABILITATIONS.MANDATE_ACCEPTED_BY_OTHER_SIDE');
    const clerkAccept = await accept(mandatorClerk.token, mandateId);
    expect(clerkAccept.status).toBe(403);
    expect(clerkAccept.body.code).toBe('HABILITATIONS.MANDATE_PRINCIPAL_ONLY');

    // The mandator's principal manager accepts.
    const accepted = await accept(mandator.owner.token, mandateId);
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('ACTIVE');
    expect(accepted.body.history.map((h: { action: string; side: string }) => `${h.action}:${h.side}`)).toEqual(['SUBSCRIBED:MANDATARY', 'ACCEPTED:MANDATOR']);
    await waitForMandateMail(mandator.owner.email, 'accepté');
    await waitForMandateMail(mandatary.owner.email, 'accepté');

    // Both sides list it; members of either side read it; a stranger does not.
    const listed = await t.http.get(`/api/v1/billing-mandates?structureId=${mandatary.id}`, { token: mandatary.clerk.token });
    expect(listed.status).toBe(200);
    expect(listed.body.map((m: { id: string }) => m.id)).toEqual([mandateId]);
    expect((await t.http.get(`/api/v1/billing-mandates/${mandateId}`, { token: mandatorClerk.token })).status).toBe(200);
    const stranger = await givenSupplier(t);
    expect((await t.http.get(`/api/v1/billing-mandates/${mandateId}`, { token: stranger.owner.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/billing-mandates?structureId=${mandatary.id}`, { token: stranger.owner.token })).status).toBe(403);

    // A member of the mandatary without Factures émises is refused.
    expect((await t.http.post('/api/v1/invoices', draftBody(mandator, recipient), { token: mandatary.reader.token })).status).toBe(403);

    // The mandatary's user issues an invoice whose supplier is the mandator, and sends it.
    const invoiceId = await createDraft(t, mandatary.clerk.token, draftBody(mandator, recipient));
    expect((await submit(mandatary.clerk.token, invoiceId)).status).toBe(204);
    const issued = await waitForStatus(t, mandatary.clerk.token, invoiceId, 'MISE_A_DISPOSITION');
    expect(issued).toMatchObject({ side: 'SUPPLIER', supplierStructureId: mandator.id, issuance: { issuerStructureId: mandatary.id, mandateId, issuedBy: mandatary.clerk.id } });
    const asMandator = await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: mandatorClerk.token });
    expect(asMandator.body.issuance).toEqual({ issuerStructureId: mandatary.id, mandateId, issuedBy: mandatary.clerk.id });
    const asRecipient = await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: recipient.clerk.token });
    expect(asRecipient.body.supplierStructureId).toBe(mandator.id);

    // The mandator sees it among its issued invoices; the mandatary among those it issued (role=mandatary), not as its own.
    const mandatorList = await t.http.get('/api/v1/invoices?role=supplier', { token: mandatorClerk.token });
    expect(mandatorList.body.items.map((i: { id: string }) => i.id)).toContain(invoiceId);
    const mandataryList = await t.http.get('/api/v1/invoices?role=mandatary', { token: mandatary.clerk.token });
    expect(mandataryList.body).toMatchObject({ total: 1, items: [{ id: invoiceId, status: 'MISE_A_DISPOSITION', supplierStructureId: mandator.id }] });
    expect((await t.http.get('/api/v1/invoices?role=supplier', { token: mandatary.clerk.token })).body.total).toBe(0);
    // The bulk status read applies the same rule.
    const statuses = await t.http.post('/api/v1/invoices/statuses', { ids: [invoiceId] }, { token: mandatary.clerk.token });
    expect(statuses.body.items).toEqual([expect.objectContaining({ id: invoiceId, side: 'SUPPLIER', status: 'MISE_A_DISPOSITION' })]);
    expect((await t.http.post('/api/v1/invoices/statuses', { ids: [invoiceId] }, { token: mandatary.reader.token })).body.notFound.ids).toEqual([invoiceId]);
    // The reader sees nothing of it.
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: mandatary.reader.token })).status).toBe(404);
    // The mandatary follows its lifecycle and acts on the supplier's side: suspended by the recipient, completed by it.
    const history = await t.http.get(`/api/v1/invoices/${invoiceId}/history`, { token: mandatary.clerk.token });
    expect(history.status).toBe(200);
    expect(history.body.map((e: { status: string }) => e.status)).toEqual(['MISE_A_DISPOSITION', 'EN_COURS_ACHEMINEMENT', 'DEPOSEE', 'BROUILLON']);
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}/history`, { token: mandatary.reader.token })).status).toBe(404);
    const suspended = await t.http.post(`/api/v1/invoices/${invoiceId}/transitions`, { status: 'SUSPENDUE', reason: 'Bon de livraison manquant' }, { token: recipient.clerk.token });
    expect(suspended.status).toBe(200);
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}/allowed-transitions`, { token: mandatary.clerk.token })).body.allowed).toEqual(['COMPLETEE']);
    const completed = await t.http.post(`/api/v1/invoices/${invoiceId}/completion`, { comment: 'Bon joint' }, { token: mandatary.clerk.token });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('COMPLETEE');

    // A draft waiting when the mandator revokes cannot be sent any more; no new draft either.
    const waiting = await createDraft(t, mandatary.clerk.token, draftBody(mandator, recipient));
    const revoked = await revoke(mandator.owner.token, mandateId);
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('REVOKED');
    const refusedSend = await submit(mandatary.clerk.token, waiting);
    expect(refusedSend.status).toBe(403);
    expect(refusedSend.body.code).toBe('COMMON.FORBIDDEN');
    expect((await t.http.post('/api/v1/invoices', draftBody(mandator, recipient), { token: mandatary.clerk.token })).status).toBe(403);
    // What was sent stays, for all three.
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: mandatary.clerk.token })).body.status).toBe('COMPLETEE');
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}/history`, { token: mandatary.clerk.token })).status).toBe(200);
    // Acting on it ends with the mandate: the mandatary reads, the mandator acts.
    expect((await t.http.post(`/api/v1/invoices/${invoiceId}/transitions`, { status: 'SUSPENDUE', reason: 'Encore un bon' }, { token: recipient.clerk.token })).status).toBe(200);
    expect((await t.http.post(`/api/v1/invoices/${invoiceId}/completion`, { comment: 'x' }, { token: mandatary.clerk.token })).status).toBe(403);
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: recipient.clerk.token })).status).toBe(200);
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: mandatorClerk.token })).status).toBe(200);
    // The mandator can still send the waiting draft itself: it is its invoice.
    expect((await submit(mandator.owner.token, waiting)).status).toBe(204);

    await waitForMandateMail(mandator.owner.email, 'révoqué');
    await waitForMandateMail(mandatary.owner.email, 'révoqué');
    expect(mandateMails(mandatary.owner.email, 'révoqué')[0]!.text).toContain('Fin de la collaboration');
    expect(mandateMails(mandatary.owner.email, 'révoqué')[0]!.text).toContain('par l’autre structure');
    const again = await revoke(mandatary.owner.token, mandateId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('HABILITATIONS.MANDATE_ALREADY_REVOKED');

    // After a revocation, a new mandate between the same two may be subscribed.
    expect((await subscribe(mandator.owner.token, { structureId: mandator.id, role: 'MANDATOR', counterpartIdentifier: mandatary.identifier })).status).toBe(201);
  });

  it('the mandatary may revoke too, and a mandate expires after its end date without anyone acting', async () => {
    const mandator = await givenSupplier(t);
    const mandatary = await givenMandatary();
    const today = mandateDay(t.clock.now());
    // Subscribed by the mandator this time; accepted by the mandatary's principal manager.
    const created = await subscribe(mandator.owner.token, { structureId: mandator.id, role: 'MANDATOR', counterpartIdentifier: mandatary.identifier, endDate: today });
    expect(created.status).toBe(201);
    expect(created.body.initiatedBy).toBe('MANDATOR');
    expect((await accept(mandator.owner.token, created.body.id)).body.code).toBe('HABILITATIONS.MANDATE_ACCEPTED_BY_OTHER_SIDE');
    expect((await accept(mandatary.owner.token, created.body.id)).status).toBe(200);
    await createDraft(t, mandatary.clerk.token, draftBody(mandator, recipient));

    t.clock.advance(2 * DAY_MS);
    try {
      const token = await freshToken(mandatary.clerk.id);
      const late = await t.http.post('/api/v1/invoices', draftBody(mandator, recipient), { token });
      expect(late.status).toBe(403);
      const read = await t.http.get(`/api/v1/billing-mandates/${created.body.id}`, { token });
      expect(read.body.state).toBe('EXPIRED');
    } finally {
      t.clock.advance(-2 * DAY_MS);
    }

    // The mandatary ends a mandate of its own.
    const other = await givenSupplier(t);
    const id = await activeMandate(other, mandatary);
    const ended = await revoke(mandatary.owner.token, id, 'Nous arrêtons');
    expect(ended.status).toBe(200);
    expect(ended.body.history.at(-1)).toMatchObject({ action: 'REVOKED', side: 'MANDATARY', comment: 'Nous arrêtons' });
    expect((await t.http.post('/api/v1/invoices', draftBody(other, recipient), { token: mandatary.clerk.token })).status).toBe(403);
  });

  it('refuses bad input naming the field', async () => {
    const mandator = await givenSupplier(t);
    const mandatary = await givenMandatary();
    const base = { structureId: mandatary.id, role: 'MANDATARY', counterpartIdentifier: mandator.identifier };
    const self = await subscribe(mandatary.owner.token, { ...base, counterpartIdentifier: mandatary.identifier });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ code: 'HABILITATIONS.MANDATE_SAME_STRUCTURE', field: 'counterpartIdentifier' });
    const unknown = await subscribe(mandatary.owner.token, { ...base, counterpartIdentifier: '99999999999999' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'HABILITATIONS.MANDATE_COUNTERPART_NOT_FOUND', field: 'counterpartIdentifier' });
    const dates = await subscribe(mandatary.owner.token, { ...base, startDate: '2030-02-01', endDate: '2030-01-31' });
    expect(dates.status).toBe(400);
    expect(dates.body).toMatchObject({ code: 'HABILITATIONS.MANDATE_DATES_INVALID', field: 'endDate' });
    const role = await subscribe(mandatary.owner.token, { ...base, role: 'BOTH' });
    expect(role.status).toBe(400);
    expect(JSON.stringify(role.body)).toContain('role');
    expect((await subscribe(mandatary.owner.token, base)).status).toBe(201);
    const twice = await subscribe(mandator.owner.token, { structureId: mandator.id, role: 'MANDATOR', counterpartIdentifier: mandatary.identifier });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'HABILITATIONS.MANDATE_ALREADY_OPEN', field: 'counterpartIdentifier' });
    // Someone who is not a member of the structure he names.
    const outsider = await subscribe(mandator.owner.token, { ...base });
    expect(outsider.status).toBe(403);
    expect(outsider.body.code).toBe('COMMON.FORBIDDEN');
  });

  it('an acceptance and a revocation at once: one coherent outcome, every time', async () => {
    const mandatary = await givenMandatary();
    for (let round = 0; round < 5; round++) {
      const mandator = await givenSupplier(t);
      const created = await subscribe(mandatary.owner.token, { structureId: mandatary.id, role: 'MANDATARY', counterpartIdentifier: mandator.identifier });
      const [accepted, revoked] = await Promise.all([accept(mandator.owner.token, created.body.id), revoke(mandatary.owner.token, created.body.id)]);
      expect(revoked.status).toBe(200);
      const final = (await t.http.get(`/api/v1/billing-mandates/${created.body.id}`, { token: mandator.owner.token })).body;
      expect(final.state).toBe('REVOKED');
      const actions = final.history.map((h: { action: string }) => h.action);
      if (accepted.status === 200) {
        expect(actions).toEqual(['SUBSCRIBED', 'ACCEPTED', 'REVOKED']);
      } else {
        expect(accepted.status).toBe(409);
        expect(accepted.body.code).toBe('HABILITATIONS.MANDATE_NOT_PENDING');
        expect(actions).toEqual(['SUBSCRIBED', 'REVOKED']);
      }
      expect((await t.http.post('/api/v1/invoices', draftBody(mandator, recipient), { token: mandatary.clerk.token })).status).toBe(403);
    }
  });

  it('submissions racing a revocation: none is sent under the mandate after it was revoked', async () => {
    const mandator = await givenSupplier(t);
    const mandatary = await givenMandatary();
    const mandateId = await activeMandate(mandator, mandatary);
    const drafts: string[] = [];
    for (let i = 0; i < 12; i++) drafts.push(await createDraft(t, mandatary.clerk.token, draftBody(mandator, recipient)));
    const sends = drafts.map((id) => submit(mandatary.clerk.token, id));
    const revoked = await revoke(mandator.owner.token, mandateId);
    const results = await Promise.all(sends);
    expect(revoked.status).toBe(200);
    for (const r of results) expect([204, 403]).toContain(r.status);
    const revokedAt = new Date(revoked.body.history.at(-1).at).getTime();
    const rows = await t.orm.em.fork().getConnection().execute<{ submitted_at: Date | null }[]>('select submitted_at from invoice where id in (?)', [drafts]);
    const sent = rows.filter((r) => r.submitted_at !== null);
    expect(sent).toHaveLength(results.filter((r) => r.status === 204).length);
    for (const r of sent) expect(new Date(r.submitted_at!).getTime()).toBeLessThanOrEqual(revokedAt);
  });

  it('/cpro soumettre: the mandatary’s technical account deposits with fournisseur.idFournisseur = the mandator while the mandate is active', async () => {
    const mandator = await givenSupplier(t);
    const mandatary = await givenMandatary();
    const erp = await givenErpConnection(t, mandatary.owner.token, mandatary.id);
    const body = () => ({
      modeDepot: 'SAISIE_API',
      numeroFactureSaisi: uniqueNumber(),
      dateFacture: '2026-03-15',
      destinataire: { codeDestinataire: recipient.identifier },
      fournisseur: { idFournisseur: mandator.publicId },
      cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
      references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT' },
      montantTotal: { montantHtTotal: 1000, montantTVA: 200, montantTtcTotal: 1200, montantAPayer: 1200 },
      ligneTva: [{ ligneTvaTauxValeur: 20, ligneTvaMontantBaseHtParTaux: 1000, ligneTvaMontantTvaParTaux: 200 }],
    });
    const without = await cpro(t, erp, 'factures/v1/soumettre', body());
    expect(without.status).toBe(400);
    expect(without.body.libelle).toContain('fournisseur.idFournisseur');

    const mandateId = await activeMandate(mandator, mandatary);
    const deposited = await cpro(t, erp, 'factures/v1/soumettre', body());
    expect(deposited.status).toBe(200);
    expect(deposited.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE', identifiantStructure: mandator.identifier });
    const listed = await t.http.get(`/api/v1/invoices?role=mandatary&number=${encodeURIComponent(deposited.body.numeroFacture)}`, { token: mandatary.clerk.token });
    expect(listed.body.items).toHaveLength(1);
    const invoice = await t.http.get(`/api/v1/invoices/${listed.body.items[0].id}`, { token: mandator.owner.token });
    expect(invoice.body).toMatchObject({ supplierStructureId: mandator.id, depositMode: 'SAISIE_API', issuance: { issuerStructureId: mandatary.id, mandateId, issuedBy: null } });
    // The mandatary's ERP follows what it issued as the supplier's would (consulter/historique).
    const history = await cpro(t, erp, 'factures/v1/consulter/historique', { idFacture: deposited.body.identifiantFactureCPP });
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ codeRetour: 0, idFacture: deposited.body.identifiantFactureCPP, numeroFacture: deposited.body.numeroFacture });
    expect(history.body.historiquesDesStatuts.histoStatut.map((h: { histoStatutCode: string }) => h.histoStatutCode)).toContain('DEPOSEE');

    expect((await revoke(mandator.owner.token, mandateId)).status).toBe(200);
    const after = await cpro(t, erp, 'factures/v1/soumettre', body());
    expect(after.status).toBe(400);
    expect(after.body.codeRetour).not.toBe(0);
  });

  it('the sandbox seed gives the demo supplier an active mandate from the demo mandator, once', async () => {
    await t.app.get(SeedRunner).run();
    await t.app.get(SeedRunner).run();
    const rows = await t.orm.em.fork().getConnection().execute<{ status: string; mandator: string; mandatary: string }[]>(
      `select m.status, a.identifier as mandator, b.identifier as mandatary from hab_billing_mandate m
         join org_structure a on a.id = m.mandator_structure_id join org_structure b on b.id = m.mandatary_structure_id
        where a.identifier = '52387410500019'`,
    );
    expect(rows).toEqual([{ status: 'ACTIVE', mandator: '52387410500019', mandatary: '91234567500017' }]);
  });

  async function freshToken(userId: string): Promise<string> {
    const em = t.orm.em.fork() as EntityManager;
    const user = await em.findOneOrFail(User, { id: userId });
    const tokens = t.app.get(Sessions).open(em, user);
    await em.flush();
    return tokens.accessToken;
  }
});
