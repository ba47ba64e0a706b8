import { User } from './user.entity';

const newUser = (contactEmail?: string): User =>
  new User({ loginEmail: 'login@example.test', contactEmail, firstName: 'Marie', lastName: 'Curie', surveyConsent: false, now: new Date('2026-12-06T12:00:00Z') });

/** Which contact address is used: only a verified one (issue 15). */
describe('User contact address', () => {
  it('uses the login address at sign-up and keeps a distinct contact address pending', () => {
    const user = newUser(' Contact@Example.TEST ');
    expect({ contactEmail: user.contactEmail, pending: user.pendingContactEmail }).toEqual({ contactEmail: 'login@example.test', pending: 'contact@example.test' });
    const same = newUser('LOGIN@example.test');
    expect({ contactEmail: same.contactEmail, pending: same.pendingContactEmail }).toEqual({ contactEmail: 'login@example.test', pending: undefined });
  });

  it('keeps a new address pending, changes nothing for the address in use or the pending one', () => {
    const user = newUser();
    expect(user.requestContactEmail('New@example.test')).toEqual({ kind: 'PENDING', newEmail: 'new@example.test' });
    expect(user.contactEmail).toBe('login@example.test');
    expect(user.requestContactEmail('new@example.test')).toEqual({ kind: 'UNCHANGED' });
    expect(user.requestContactEmail('login@example.test')).toEqual({ kind: 'UNCHANGED' });
    expect(user.pendingContactEmail).toBe('new@example.test');
  });

  it('confirms only the address the link was sent to, once', () => {
    const user = newUser();
    user.requestContactEmail('a@example.test');
    user.requestContactEmail('b@example.test');
    expect(user.confirmContactEmail('a@example.test')).toBeNull();
    expect(user.confirmContactEmail('b@example.test')).toEqual({ oldEmail: 'login@example.test', newEmail: 'b@example.test' });
    expect({ contactEmail: user.contactEmail, pending: user.pendingContactEmail }).toEqual({ contactEmail: 'b@example.test', pending: undefined });
    expect(user.confirmContactEmail('b@example.test')).toBeNull();
  });

  it('goes back to the login address at once (verified by activation), cancelling a pending request', () => {
    const user = newUser();
    user.requestContactEmail('a@example.test');
    user.confirmContactEmail('a@example.test');
    user.requestContactEmail('c@example.test');
    expect(user.requestContactEmail('LOGIN@example.test')).toEqual({ kind: 'CHANGED', oldEmail: 'a@example.test', newEmail: 'login@example.test' });
    expect({ contactEmail: user.contactEmail, pending: user.pendingContactEmail }).toEqual({ contactEmail: 'login@example.test', pending: undefined });
  });
});
