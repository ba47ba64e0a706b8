import { givenActiveUser, GivenUser, waitUntil } from '../../factories/accounts';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { givenMember, givenStructure, GivenStructure } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';
import { WebhookReceiver } from '../../support/webhook-receiver';

/** The main contractor (or group representative): its principal manager holds « Factures à valider ». */
interface Validator extends GivenStructure {
  owner: GivenUser;
  /** A member of the structure without « Factures à valider ». */
  member: GivenUser;
}

describe('validation circuits (A9 subcontractor, A12 co-contractor)', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let validator: Validator;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ DATABASE_POOL_MAX: '20', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_ALLOW_HTTP: 'true' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
    const owner = await givenActiveUser(t, { firstName: 'Titulaire' });
    const structure = await givenStructure(t, owner);
    const member = await givenActiveUser(t, { firstName: 'Collègue' });
    await givenMember(t, owner, structure.id, member);
    // Everything but « Factures à valider ».
    const grants = [{ application: 'FACTURES_EMISES', level: 'MODIFICATION' }, { application: 'FACTURES_RECUES', level: 'MODIFICATION' }];
    const put = await t.http.put(`/api/v1/structures/${structure.id}/members/${member.id}/grants`, { grants }, { token: owner.token });
    if (put.status !== 200) throw new Error(`grants failed: ${put.status} ${put.text}`);
    validator = { ...structure, owner, member };
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const submit = (id: string) => t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token });
  const circuitDraft = (framework = 'A9_FACTURE_SOUSTRAITANT', overrides: Record<string, unknown> = {}) =>
    createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { billingFramework: framework, validatorStructureId: validator.id, ...overrides }));
  const decide = (id: string, token: string, body: Record<string, unknown>) => t.http.post(`/api/v1/invoices/${id}/validation`, body, { token });

  it('refuses a circuit without its validator, a validator where there is no circuit, and a validator that is a party', async () => {
    const without = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { billingFramework: 'A9_FACTURE_SOUSTRAITANT' }));
    expect((await submit(without)).body).toMatchObject({ status: 400, code: 'INVOICING.VALIDATOR_REQUIRED', field: 'validatorStructureId' });

    const plain = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { validatorStructureId: validator.id }));
    expect((await submit(plain)).body).toMatchObject({ status: 400, code: 'INVOICING.VALIDATOR_NOT_EXPECTED', field: 'validatorStructureId' });

    const self = await circuitDraft('A12_FACTURE_COTRAITANT', { validatorStructureId: supplier.id });
    expect((await submit(self)).body).toMatchObject({ status: 400, code: 'INVOICING.VALIDATOR_IS_SUPPLIER', field: 'validatorStructureId' });

    const unknown = await t.http.post('/api/v1/invoices', draftBody(supplier, recipient, { validatorStructureId: '00000000-0000-4000-8000-000000000000' }), {
      token: supplier.owner.token,
    });
    expect(unknown.body).toMatchObject({ status: 400, code: 'INVOICING.VALIDATOR_NOT_FOUND', field: 'validatorStructureId' });
    const bySiret = await t.http.post('/api/v1/invoices', draftBody(supplier, recipient, { validatorIdentifier: '00000000000000' }), { token: supplier.owner.token });
    expect(bySiret.body).toMatchObject({ status: 400, code: 'INVOICING.VALIDATOR_NOT_FOUND', field: 'validatorIdentifier' });
  });

  it('goes to the validator first; validated, it reaches the recipient, who sees who validated — with the e-mails of each step', async () => {
    // The recipient's ERP listens to its invoices' status changes: none before the invoice reaches it.
    const hook = await t.http.post('/api/v1/webhooks', { structureId: recipient.id, url: receiver.url('/recipient'), eventTypes: ['invoice.status-changed'] }, { token: recipient.manager.token });
    expect(hook.status).toBe(201);
    const id = await circuitDraft('A9_FACTURE_SOUSTRAITANT', { validatorStructureId: undefined, validatorIdentifier: validator.identifier });
    expect((await submit(id)).status).toBe(204);
    const sent = await waitForStatus(t, supplier.owner.token, id, 'A_VALIDER_1');
    expect(sent.validatorStructureId).toBe(validator.id);
    const number = sent.number as string;

    // Not the recipient's yet: neither readable nor listed nor counted.
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.clerk.token })).status).toBe(404);
    const received = await t.http.get('/api/v1/invoices', { token: recipient.clerk.token, query: { role: 'recipient' } });
    expect(received.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(received.body.total).toBe(received.body.items.length);

    // The validator's users with « Factures à valider » are told and find it in their list; the others do not.
    const mail = await t.mail.waitForTemplate(validator.owner.email, 'invoicing.invoice-to-validate');
    expect(mail.text).toContain(number);
    const list = await t.http.get('/api/v1/invoices/to-validate', { token: validator.owner.token });
    expect(list.body).toEqual([expect.objectContaining({ invoiceId: id, number, status: 'A_VALIDER_1', validatorStructureId: validator.id })]);
    expect((await t.http.get('/api/v1/invoices/to-validate', { token: validator.member.token })).body).toEqual([]);
    expect((await decide(id, validator.member.token, { status: 'VALIDEE_1' })).status).toBe(404);
    expect((await decide(id, recipient.clerk.token, { status: 'VALIDEE_1' })).status).toBe(404);
    expect(t.mail.count((m) => m.to.includes(validator.member.email) && m.template === 'invoicing.invoice-to-validate')).toBe(0);

    // The validator reads it and is offered exactly the steps it may take; the supplier none.
    const read = await t.http.get(`/api/v1/invoices/${id}`, { token: validator.owner.token });
    expect(read.body).toMatchObject({ side: 'VALIDATOR', status: 'A_VALIDER_1', number });
    const allowed = await t.http.get(`/api/v1/invoices/${id}/allowed-transitions`, { token: validator.owner.token });
    expect(allowed.body).toEqual({ side: 'VALIDATOR', status: 'A_VALIDER_1', allowed: ['VALIDEE_1', 'REFUSEE_1'] });
    expect((await t.http.get(`/api/v1/invoices/${id}/allowed-transitions`, { token: supplier.owner.token })).body.allowed).toEqual([]);
    // Waiting for the validator, not for the supplier: not in the supplier's work list.
    const worklist = await t.http.get('/api/v1/invoices/worklist', { token: supplier.owner.token });
    expect(worklist.body.map((i: { invoiceId: string }) => i.invoiceId)).not.toContain(id);

    // Refusing needs a reason; a decision the validator cannot take is refused naming what is allowed.
    expect((await decide(id, validator.owner.token, { status: 'REFUSEE_1' })).body).toMatchObject({ status: 400, code: 'LIFECYCLE.REASON_REQUIRED', field: 'reason' });
    expect((await decide(id, validator.owner.token, { status: 'MISE_A_DISPOSITION' })).body).toMatchObject({ status: 400, code: 'COMMON.VALIDATION_FAILED', field: 'status' });

    const validated = await decide(id, validator.owner.token, { status: 'VALIDEE_1' });
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({ invoiceId: id, status: 'VALIDEE_1', validatorStructureId: validator.id });
    await t.mail.waitFor((m) => m.to.includes(supplier.owner.email) && m.template === 'invoicing.invoice-status-changed' && m.text.includes(number) && m.text.includes('validé'));

    // Routed to the recipient, who is told and sees who validated.
    const delivered = await waitForStatus(t, recipient.clerk.token, id, 'MISE_A_DISPOSITION');
    expect(delivered).toMatchObject({ side: 'RECIPIENT', validatorStructureId: validator.id, billingFramework: 'A9_FACTURE_SOUSTRAITANT' });
    await t.mail.waitFor((m) => m.to.includes(recipient.clerk.email) && m.template === 'invoicing.invoice-received' && m.text.includes(number));
    const history = (await t.http.get(`/api/v1/invoices/${id}/history`, { token: recipient.clerk.token })).body as { status: string; structureId: string | null; actorId: string | null }[];
    expect(history.map((h) => h.status)).toEqual(['MISE_A_DISPOSITION', 'EN_COURS_ACHEMINEMENT', 'VALIDEE_1', 'A_VALIDER_1', 'DEPOSEE', 'BROUILLON']);
    expect(history.find((h) => h.status === 'VALIDEE_1')).toMatchObject({ structureId: validator.id, actorId: validator.owner.id });
    const events = () => receiver.at('/recipient').filter((d) => d.json.data.invoiceId === id);
    await waitUntil(async () => {
      await t.flushOutbox();
      return events().length >= 1;
    });
    expect(events().map((d) => d.json.data.status)).toEqual(['MISE_A_DISPOSITION']);

    // The validator keeps it under « validées », and may read it but not process it as the recipient does (403).
    const done = await t.http.get('/api/v1/invoices/to-validate', { token: validator.owner.token, query: { status: 'VALIDEE_1' } });
    expect(done.body).toEqual([expect.objectContaining({ invoiceId: id, status: 'VALIDEE_1' })]);
    expect((await t.http.get('/api/v1/invoices/to-validate', { token: validator.owner.token })).body).toEqual([]);
    expect((await t.http.post(`/api/v1/invoices/${id}/transitions`, { status: 'SERVICE_FAIT' }, { token: validator.owner.token })).status).toBe(403);
  });

  it('refused with a reason, it never reaches the recipient; the supplier is told why and finds it in the work list', async () => {
    const id = await circuitDraft('A12_FACTURE_COTRAITANT');
    expect((await submit(id)).status).toBe(204);
    const number = (await waitForStatus(t, supplier.owner.token, id, 'A_VALIDER_1')).number as string;
    const refused = await decide(id, validator.owner.token, { status: 'REFUSEE_1', reason: 'Travaux non réceptionnés' });
    expect(refused.body).toMatchObject({ status: 'REFUSEE_1' });
    const mail = await t.mail.waitFor((m) => m.to.includes(supplier.owner.email) && m.template === 'invoicing.invoice-status-changed' && m.text.includes(number));
    expect(mail.text).toContain('Travaux non réceptionnés');
    expect(mail.subject).toContain('Refusée');

    await t.flushOutbox();
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.clerk.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body.status).toBe('REFUSEE_1');
    // Nor can the recipient learn of it through a support ticket about its number; the supplier can.
    const about = (token: string, structureId: string) =>
      t.http.post('/api/v1/tickets', { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: structureId, title: 'Facture', description: 'x', objectType: 'FACTURE', objectNumber: number }, { token });
    expect((await about(recipient.manager.token, recipient.id)).body).toMatchObject({ code: 'SUPPORT.INVOICE_NOT_VISIBLE' });
    expect((await about(supplier.owner.token, supplier.id)).status).toBe(201);
    const worklist = await t.http.get('/api/v1/invoices/worklist', { token: supplier.owner.token });
    expect(worklist.body).toEqual(expect.arrayContaining([expect.objectContaining({ invoiceId: id, status: 'REFUSEE_1' })]));
    // Final: nothing more for anyone, and a second decision is refused.
    expect((await t.http.get(`/api/v1/invoices/${id}/allowed-transitions`, { token: validator.owner.token })).body.allowed).toEqual([]);
    expect((await decide(id, validator.owner.token, { status: 'VALIDEE_1' })).body).toMatchObject({ status: 409, code: 'LIFECYCLE.ILLEGAL_TRANSITION' });
    expect(t.mail.count((m) => m.to.includes(recipient.clerk.email) && m.text.includes(number))).toBe(0);
  });

  it('of concurrent decisions on one invoice, exactly one wins', async () => {
    const id = await circuitDraft();
    expect((await submit(id)).status).toBe(204);
    await waitForStatus(t, supplier.owner.token, id, 'A_VALIDER_1');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        decide(id, validator.owner.token, i % 2 === 0 ? { status: 'VALIDEE_1' } : { status: 'REFUSEE_1', reason: `motif ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(409);
      expect(['LIFECYCLE.CONCURRENT_UPDATE', 'LIFECYCLE.ILLEGAL_TRANSITION']).toContain(r.body.code);
    }
    const history = (await t.http.get(`/api/v1/invoices/${id}/history`, { token: supplier.owner.token })).body as { status: string }[];
    expect(history.filter((h) => h.status === 'VALIDEE_1' || h.status === 'REFUSEE_1')).toHaveLength(1);
  });
});
