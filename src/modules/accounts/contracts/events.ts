/** Events of the accounts context. Payloads carry ids, never secrets: tokens and codes are minted by the workers that e-mail them. */
export interface AccountsEvents {
  'accounts.user-registered': { userId: string };
  'accounts.activation-link-requested': { userId: string };
  'accounts.sign-up-repeated': { userId: string };
  'accounts.user-activated': { userId: string };
  'accounts.mfa-code-requested': { challengeId: string; userId: string };
  /** A new contact address was asked for (PATCH /me, or at activation for the one given at sign-up): not in use until confirmed. */
  'accounts.contact-email-change-requested': { userId: string; newEmail: string };
  /** The contact address in use changed (confirmed from its link, or set back to the login address): both are verified. */
  /** A new confirmation link for the pending contact address (the user asked again). */
  'accounts.contact-email-confirmation-requested': { userId: string; newEmail: string };
  'accounts.contact-email-changed': { userId: string; oldEmail: string; newEmail: string };
  'accounts.password-reset-requested': { userId: string };
  'accounts.password-changed': { userId: string };
  'accounts.authenticator-changed': { userId: string; change: 'ENROLLED' | 'REPLACED' | 'REMOVED' };
  'accounts.user-locked': { userId: string; unlockAt: string };
  /** Too many wrong second-factor codes: the password is known to whoever typed them. */
  'accounts.mfa-locked': { userId: string; unlockAt: string };
  'accounts.user-deactivated': { userId: string; byAdministrator: boolean };
  'accounts.reactivation-requested': { userId: string };
  'accounts.user-reactivated': { userId: string };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends AccountsEvents {}
}

declare module '../../../shared/queue/handlers' {
  interface JobMap {
    'accounts.purge-pending-account': { userId: string };
  }
}
