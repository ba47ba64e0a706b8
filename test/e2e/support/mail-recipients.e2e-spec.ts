import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenSupplier, Supplier } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { mailsTo, openTicket, waitForMails } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The support forms are not a mail relay: text typed by one person reaches only addresses that were
 * verified or belong to the structure involved, and the anonymous contact form echoes nothing back.
 */
describe('support e-mails go only to verified or structure addresses', () => {
  let t: TestApp;
  let admin: GivenUser;
  let supplier: Supplier;
  const PHISHING = 'Votre compte est bloqué : payez sur http://evil.example/pay';

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenActiveUser(t, { isAdmin: true, firstName: 'Support' });
    supplier = await givenSupplier(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const sentTo = (address: string) => t.mail.mails.filter((m) => m.to.includes(address));

  it('the contact form acknowledgement is a fixed text with the reference: no typed name, title or message', async () => {
    const victim = 'victim.contact@example.test';
    const res = await t.http.post('/api/v1/contact', { email: victim, firstName: PHISHING, lastName: 'Dupont', title: PHISHING, description: PHISHING });
    expect(res.status).toBe(202);
    await waitForMails(t, victim, 'support.contact-received');
    const [ack] = mailsTo(t, victim, 'support.contact-received');
    expect(ack!.text).toMatch(/CPROCS\d{7}/);
    for (const body of [ack!.subject, ack!.text, ack!.html]) {
      expect(body).not.toContain('evil.example');
      expect(body).not.toContain('Dupont');
    }
    // the administrators (verified accounts) still get the whole request
    await waitForMails(t, admin.email, 'support.ticket-opened');
    expect(mailsTo(t, admin.email, 'support.ticket-opened').some((m) => m.text.includes('evil.example'))).toBe(true);

    // the platform's answer reaches the sender, without the title the sender typed
    const id = (await t.http.get('/api/v1/tickets', { token: admin.token, query: { q: 'bloqué' } })).body.items[0].id;
    await t.http.post(`/api/v1/tickets/${id}/messages`, { message: 'Nous avons bien reçu votre demande.' }, { token: admin.token });
    await waitForMails(t, victim, 'support.message-added');
    const answer = mailsTo(t, victim, 'support.message-added')[0]!;
    expect(answer.text).toContain('Nous avons bien reçu votre demande.');
    expect(answer.text).not.toContain('evil.example');
  });

  it('refuses a ticket contact address outside the emitting structure; no mail is ever sent there', async () => {
    const stranger = 'stranger@example.test';
    const res = await t.http.post(
      '/api/v1/tickets',
      { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: PHISHING, description: PHISHING, contactEmail: stranger },
      { token: supplier.owner.token },
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'SUPPORT.CONTACT_EMAIL_NOT_ALLOWED', field: 'contactEmail' });
    // an administrator answering every open ticket mails nobody outside the structure
    for (const item of (await t.http.get('/api/v1/tickets', { token: admin.token })).body.items as { id: string }[]) {
      await t.http.post(`/api/v1/tickets/${item.id}/transitions`, { status: 'RESOLU', message: 'Réponse' }, { token: admin.token });
    }
    await t.flushOutbox();
    expect(sentTo(stranger)).toEqual([]);
  });

  it('accepts a member’s address or the structure’s recorded e-mail, and mails it the answers', async () => {
    const colleague = await givenActiveUser(t, { firstName: 'Collègue' });
    await givenMember(t, supplier.owner, supplier.id, colleague);
    const toColleague = await openTicket(t, supplier.owner.token, {
      subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'Pour ma collègue', description: 'x', contactEmail: colleague.email.toUpperCase(),
    });
    await t.http.patch(`/api/v1/structures/${supplier.id}`, { email: 'accueil@example.test' }, { token: supplier.owner.token });
    const toStructure = await openTicket(t, supplier.owner.token, {
      subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'Pour l’accueil', description: 'x', contactEmail: 'accueil@example.test',
    });
    await t.http.post(`/api/v1/tickets/${toColleague.id}/transitions`, { status: 'RESOLU', message: 'Fait' }, { token: admin.token });
    await t.http.post(`/api/v1/tickets/${toStructure.id}/transitions`, { status: 'RESOLU', message: 'Fait' }, { token: admin.token });
    await waitForMails(t, colleague.email, 'support.ticket-resolved');
    await waitForMails(t, 'accueil@example.test', 'support.ticket-resolved');
    expect(mailsTo(t, colleague.email, 'support.ticket-resolved')[0]!.text).toContain('Pour ma collègue');
  });
});
