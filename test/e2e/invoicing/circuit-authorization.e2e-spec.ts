import { givenActiveUser, GivenUser, waitUntil } from '../../factories/accounts';
import { givenEngagement } from '../../factories/engagements';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { givenStructure, GivenStructure } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Adversarial review of validation circuits (issue 19): what the recipient and the validator may learn of an
 * invoice through reads other than the invoice's own (engagements), and what a refusal leaves behind.
 */
describe('validation circuits: what other reads disclose', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let silent: PublicRecipient;
  let validator: GivenStructure & { owner: GivenUser };

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { parameters: { engagementRequired: true } });
    silent = await givenPublicRecipient(t, { parameters: { paymentStatusNotReported: true } });
    const owner = await givenActiveUser(t, { firstName: 'Titulaire' });
    validator = { ...(await givenStructure(t, owner)), owner };
  });
  afterAll(async () => {
    await t?.close();
  });

  const submit = (id: string) => t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token });
  const decide = (id: string, body: Record<string, unknown>) => t.http.post(`/api/v1/invoices/${id}/validation`, body, { token: validator.owner.token });
  const circuitInvoice = async (to: PublicRecipient, overrides: Record<string, unknown> = {}): Promise<{ id: string; number: string }> => {
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, to, { billingFramework: 'A9_FACTURE_SOUSTRAITANT', validatorStructureId: validator.id, ...overrides }));
    const submitted = await submit(id);
    if (submitted.status !== 204) throw new Error(`submission failed: ${submitted.status} ${submitted.text}`);
    const sent = await waitForStatus(t, supplier.owner.token, id, 'A_VALIDER_1');
    return { id, number: sent.number as string };
  };

  it('the engagement it is charged to does not show the recipient an invoice still with its validator, or refused by it', async () => {
    const engagement = await givenEngagement(t, recipient, supplier, { amount: '5000.00' });
    const read = async (token: string) => (await t.http.get(`/api/v1/engagements/${engagement.id}`, { token })).body;
    const ids = (view: { invoices: { invoiceId: string }[] }) => view.invoices.map((i) => i.invoiceId);

    const waiting = await circuitInvoice(recipient, { engagementNumber: engagement.number });
    // The recipient cannot read the invoice (404) and its engagement does not list it either.
    expect((await t.http.get(`/api/v1/invoices/${waiting.id}`, { token: recipient.manager.token })).status).toBe(404);
    expect(ids(await read(recipient.manager.token))).not.toContain(waiting.id);
    // The supplier, whose invoice it is, sees what it consumes.
    expect(await read(supplier.owner.token)).toMatchObject({ consumed: '1200.00', invoices: [expect.objectContaining({ invoiceId: waiting.id, counts: true })] });

    // Refused: it will never reach the recipient, gives back what it consumed, and stays out of the recipient's view.
    expect((await decide(waiting.id, { status: 'REFUSEE_1', reason: 'Travaux non réceptionnés' })).status).toBe(200);
    await waitUntil(async () => {
      await t.flushOutbox();
      return (await read(supplier.owner.token)).consumed === '0.00';
    });
    expect((await read(supplier.owner.token)).invoices).toEqual([expect.objectContaining({ invoiceId: waiting.id, counts: false, releaseReason: 'REFUSEE_1' })]);
    expect(ids(await read(recipient.manager.token))).not.toContain(waiting.id);

    // Validated: the recipient's, listed as any other.
    const validated = await circuitInvoice(recipient, { engagementNumber: engagement.number });
    expect(ids(await read(recipient.manager.token))).not.toContain(validated.id);
    expect((await decide(validated.id, { status: 'VALIDEE_1' })).status).toBe(200);
    expect(ids(await read(recipient.manager.token))).toEqual([validated.id]);
  });

  it('a corrected invoice can use what a refused one had consumed of the engagement', async () => {
    const engagement = await givenEngagement(t, recipient, supplier, { amount: '1200.00' });
    const refused = await circuitInvoice(recipient, { engagementNumber: engagement.number });
    expect((await decide(refused.id, { status: 'REFUSEE_1', reason: 'Montant erroné' })).status).toBe(200);
    await waitUntil(async () => {
      await t.flushOutbox();
      return (await t.http.get(`/api/v1/engagements/${engagement.id}`, { token: supplier.owner.token })).body.consumed === '0.00';
    });
    await circuitInvoice(recipient, { engagementNumber: engagement.number });
  });

  it('the validator sees no more of the recipient’s processing than the supplier does (an unreported payment)', async () => {
    const { id } = await circuitInvoice(silent);
    expect((await decide(id, { status: 'VALIDEE_1' })).status).toBe(200);
    await waitForStatus(t, silent.clerk.token, id, 'MISE_A_DISPOSITION');
    expect((await t.http.post(`/api/v1/invoices/${id}/transitions`, { status: 'MISE_EN_PAIEMENT' }, { token: silent.clerk.token })).status).toBe(200);

    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body.status).toBe('MISE_A_DISPOSITION');
    const asValidator = await t.http.get(`/api/v1/invoices/${id}`, { token: validator.owner.token });
    expect(asValidator.body).toMatchObject({ side: 'VALIDATOR', status: 'MISE_A_DISPOSITION' });
    const history = (await t.http.get(`/api/v1/invoices/${id}/history`, { token: validator.owner.token })).body as { status: string }[];
    expect(history.map((h) => h.status)).not.toContain('MISE_EN_PAIEMENT');
    expect((await t.http.get(`/api/v1/invoices/${id}/allowed-transitions`, { token: validator.owner.token })).body).toEqual({ side: 'VALIDATOR', status: 'MISE_A_DISPOSITION', allowed: [] });
  });

  it('a question « pour le destinataire de ma facture » is not sent to the recipient while the invoice is not its own', async () => {
    const ask = (number: string) =>
      t.http.post(
        '/api/v1/tickets',
        { subCategoryCode: 'FE_M_DESTINATAIRE', emitterStructureId: supplier.id, title: 'Où en est ma facture ?', description: 'x', objectType: 'FACTURE', objectNumber: number },
        { token: supplier.owner.token },
      );
    const waiting = await circuitInvoice(silent);
    const refusedAsk = await ask(waiting.number);
    expect(refusedAsk.body).toMatchObject({ status: 400, code: 'SUPPORT.INVOICE_NOT_WITH_RECIPIENT', field: 'objectNumber' });
    const received = await t.http.get('/api/v1/tickets', { token: silent.manager.token });
    expect(JSON.stringify(received.body)).not.toContain(waiting.number);

    // Refused by its validator: never the recipient's.
    expect((await decide(waiting.id, { status: 'REFUSEE_1', reason: 'Non' })).status).toBe(200);
    expect((await ask(waiting.number)).body).toMatchObject({ code: 'SUPPORT.INVOICE_NOT_WITH_RECIPIENT' });

    // Validated and delivered: the recipient's, a question may go to it.
    const validated = await circuitInvoice(silent);
    expect((await decide(validated.id, { status: 'VALIDEE_1' })).status).toBe(200);
    await waitForStatus(t, silent.clerk.token, validated.id, 'MISE_A_DISPOSITION');
    const asked = await ask(validated.number);
    expect(asked.status).toBe(201);
    const ticket = await t.http.get(`/api/v1/tickets/${asked.body.id}`, { token: silent.manager.token });
    expect(ticket.body).toMatchObject({ receiverStructureId: silent.id, invoice: { id: validated.id, status: 'MISE_A_DISPOSITION' } });
  });
});
