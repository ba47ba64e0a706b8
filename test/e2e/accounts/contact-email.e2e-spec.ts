import { tokenFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, GivenUser, logInWithEmailCode, uniqueEmail } from '../../factories/accounts';
import { givenMember, givenStructure, GivenStructure } from '../../factories/organisation';
import { activate, expectProblem, mailsTo, settle, signUp, sql, waitForNth } from './helpers';

const CONTACT_LINK_TTL_MS = 24 * 3_600_000;
const CONFIRMATION = 'accounts.contact-email-confirmation';

/**
 * Issue 15: a contact address is used only once its owner confirmed it. Notices carry text typed by
 * others (here a manager's refusal comment): before, setting one's contact address to a stranger's
 * mailbox made the platform relay that text there.
 */
describe('contact address verification', () => {
  let t: TestApp;
  let gp: GivenUser;
  let structure: GivenStructure;
  beforeAll(async () => {
    t = await startTestApp();
    gp = await givenActiveUser(t);
    structure = await givenStructure(t, gp);
  });
  afterAll(async () => {
    await t?.close();
  });

  const setContact = (user: GivenUser, contactEmail: string) => t.http.patch('/api/v1/me', { contactEmail }, { token: user.token });
  const confirm = (token: string) => t.http.post('/api/v1/accounts/contact-email-confirmation', { token });

  /** A membership request the principal manager refuses with a comment: a notice carrying someone else's text. */
  async function refusedWith(user: GivenUser, comment: string): Promise<void> {
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Bonjour' }, { token: user.token });
    expect(request.status).toBe(201);
    expect((await t.http.post(`/api/v1/approvals/${request.body.id}/refusal`, { comment }, { token: gp.token })).status).toBe(200);
  }

  it('sends nothing but a fixed-text link to an unconfirmed contact address; after confirmation, notices go there', async () => {
    const attacker = await givenActiveUser(t, { firstName: 'Gagnez', lastName: 'Mille-Euros' });
    const victim = uniqueEmail('victim');

    const res = await setContact(attacker, victim.toUpperCase());
    expect(res.status).toBe(200);
    const relayed = 'Appelez le 0899 000 000 pour gagner';
    await refusedWith(attacker, relayed);
    await settle(t);
    // The victim got the confirmation link and nothing else; the notice went to the login address.
    const toVictim = mailsTo(t, victim);
    expect(toVictim.map((m) => m.template)).toEqual([CONFIRMATION]);
    expect(mailsTo(t, attacker.email, 'habilitations.membership-refused')[0]?.text).toContain(relayed);
    // The verified address in use is told a change was asked for.
    expect(mailsTo(t, attacker.email, 'accounts.contact-email-change-requested')[0]?.text).toContain(victim);
    expect(res.body).toMatchObject({ contactEmail: attacker.email, pendingContactEmail: victim });
    expect((await t.http.get('/api/v1/me', { token: attacker.token })).body).toMatchObject({ contactEmail: attacker.email, pendingContactEmail: victim });
    for (const typed of [relayed, 'Gagnez', 'Mille-Euros', attacker.email]) {
      expect(toVictim[0]!.text).not.toContain(typed);
      expect(toVictim[0]!.subject).not.toContain(typed);
    }

    // The owner of the mailbox confirms: from now on notices go there, and the link is spent.
    const token = tokenFromMail(toVictim[0]!);
    expect(toVictim[0]!.text).toContain('/adresse-de-contact?token=');
    expect((await confirm(token)).status).toBe(204);
    expect((await t.http.get('/api/v1/me', { token: attacker.token })).body).toMatchObject({ contactEmail: victim, pendingContactEmail: null });
    await t.mail.waitForTemplate(victim, 'accounts.contact-email-changed');
    await t.mail.waitForTemplate(attacker.email, 'accounts.contact-email-changed');

    await refusedWith(attacker, 'Second refus');
    const second = await t.mail.waitForTemplate(victim, 'habilitations.membership-refused');
    expect(second.text).toContain('Second refus');
    expectProblem(await confirm(token), 410, 'ACCOUNTS.LINK_INVALID', 'token');
  });

  it('refuses an expired link, and sends a working one on request', async () => {
    const user = await givenActiveUser(t);
    const next = uniqueEmail('late');
    expect((await setContact(user, next)).status).toBe(200);
    const first = tokenFromMail(await t.mail.waitForTemplate(next, CONFIRMATION));
    t.clock.advance(CONTACT_LINK_TTL_MS + 60_000);
    expectProblem(await confirm(first), 410, 'ACCOUNTS.LINK_INVALID', 'token');

    // The form sent again changes nothing and sends nothing; the dedicated route sends a new link.
    expect((await setContact(user, next)).status).toBe(200);
    await settle(t);
    expect(mailsTo(t, next, CONFIRMATION)).toHaveLength(1);
    expect((await t.http.post('/api/v1/me/contact-email/confirmation-requests', {}, { token: user.token })).status).toBe(202);
    const second = tokenFromMail(await waitForNth(t, next, CONFIRMATION, 2));
    expect(second).not.toBe(first);
    expect((await confirm(second)).status).toBe(204);
    expect((await t.http.get('/api/v1/me', { token: user.token })).body).toMatchObject({ contactEmail: next, pendingContactEmail: null });

    expectProblem(await t.http.post('/api/v1/me/contact-email/confirmation-requests', {}, { token: user.token }), 409, 'ACCOUNTS.CONTACT_EMAIL_NOT_PENDING');
  });

  it('refuses the link of an address since replaced, and one that is not a contact link', async () => {
    const user = await givenActiveUser(t);
    const a = uniqueEmail('a');
    const b = uniqueEmail('b');
    expect((await setContact(user, a)).status).toBe(200);
    const tokenA = tokenFromMail(await t.mail.waitForTemplate(a, CONFIRMATION));
    expect((await setContact(user, b)).status).toBe(200);
    const tokenB = tokenFromMail(await t.mail.waitForTemplate(b, CONFIRMATION));
    expectProblem(await confirm(tokenA), 410, 'ACCOUNTS.LINK_INVALID', 'token');
    expect((await confirm(tokenB)).status).toBe(204);
    expect((await t.http.get('/api/v1/me', { token: user.token })).body.contactEmail).toBe(b);

    // Back to the login address: verified already, in use at once.
    const back = await setContact(user, user.email);
    expect(back.body).toMatchObject({ contactEmail: user.email, pendingContactEmail: null });

    // A password-reset link is not a contact link.
    expect((await t.http.post('/api/v1/password-resets', { email: user.email })).status).toBe(202);
    const reset = tokenFromMail(await t.mail.waitForTemplate(user.email, 'accounts.password-reset'));
    expectProblem(await confirm(reset), 410, 'ACCOUNTS.LINK_INVALID', 'token');
  });

  it('keeps a contact address given at sign-up pending after activation, and sends its link only when the owner asks', async () => {
    const login = uniqueEmail('newcomer');
    const contact = uniqueEmail('newcomer-contact');
    expect((await signUp(t, login, { contactEmail: contact, firstName: 'Publicité' })).status).toBe(202);
    const activation = tokenFromMail(await t.mail.waitForTemplate(login, 'accounts.activation'));
    await settle(t);
    expect(mailsTo(t, contact)).toHaveLength(0);
    const [row] = await sql<{ contact_email: string; pending_contact_email: string }>(t, 'select contact_email, pending_contact_email from account_user where login_email = ?', [login]);
    expect(row).toEqual({ contact_email: login, pending_contact_email: contact });

    expect((await activate(t, activation)).status).toBe(204);
    await t.mail.waitForTemplate(login, 'accounts.activated');
    await settle(t);
    expect(mailsTo(t, contact)).toHaveLength(0);

    // Signed in, the owner sees it and, since it is his, asks for its link.
    const session = await logInWithEmailCode(t, login);
    expect((await t.http.get('/api/v1/me', { token: session.accessToken })).body).toMatchObject({ contactEmail: login, pendingContactEmail: contact });
    expect((await t.http.post('/api/v1/me/contact-email/confirmation-requests', {}, { token: session.accessToken })).status).toBe(202);
    const link = await t.mail.waitForTemplate(contact, CONFIRMATION);
    expect(link.text).not.toContain('Publicité');
    expect((await confirm(tokenFromMail(link))).status).toBe(204);
  });

  it('does not let whoever signed up someone else’s address first become its contact address once the owner activates', async () => {
    const owner = uniqueEmail('owner');
    const squatter = uniqueEmail('squatter');
    // The squatter signs the owner's address up first, with his own mailbox as contact address…
    expect((await signUp(t, owner, { contactEmail: squatter })).status).toBe(202);
    await t.mail.waitForTemplate(owner, 'accounts.activation');
    // …then the owner signs up himself (same answer; his form only re-sends an activation link) and activates.
    expect((await signUp(t, owner, { firstName: 'Vrai', lastName: 'Titulaire' })).status).toBe(202);
    const activation = tokenFromMail(await waitForNth(t, owner, 'accounts.activation', 2));
    expect((await activate(t, activation)).status).toBe(204);
    await t.mail.waitForTemplate(owner, 'accounts.activated');
    await settle(t);

    // No link reached the squatter: he cannot make his mailbox the one notices go to.
    expect(mailsTo(t, squatter)).toHaveLength(0);
    const [row] = await sql<{ contact_email: string }>(t, 'select contact_email from account_user where login_email = ?', [owner]);
    expect(row!.contact_email).toBe(owner);
  });

  it('does not take a member’s unconfirmed contact address as a ticket contact address of the structure', async () => {
    const member = await givenActiveUser(t);
    await givenMember(t, gp, structure.id, member);
    const victim = uniqueEmail('ticket-victim');
    expect((await setContact(member, victim)).status).toBe(200);
    const ticket = { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: structure.id, title: 'Gagnez', description: 'Appelez vite', contactEmail: victim };
    expectProblem(await t.http.post('/api/v1/tickets', ticket, { token: gp.token }), 400, 'SUPPORT.CONTACT_EMAIL_NOT_ALLOWED', 'contactEmail');

    // Once its owner confirmed it, it is the member's address like the login one.
    expect((await confirm(tokenFromMail(await t.mail.waitForTemplate(victim, CONFIRMATION)))).status).toBe(204);
    expect((await t.http.post('/api/v1/tickets', ticket, { token: gp.token })).status).toBe(201);
  });
});
