/**
 * What other contexts may ask of notifications: send one templated e-mail, from a worker. Each
 * template's data is typed here so a caller cannot forget a field the text needs.
 */
export interface MailTemplateData {
  /** To the unverified login address: no typed name (see the template). */
  'accounts.activation': { link: string; expiresInHours: number };
  'accounts.already-registered': { firstName: string; loginUrl: string; resetUrl: string };
  'accounts.activated': { firstName: string };
  /** To a contact address nobody has verified yet (that is what the link does): fixed text, no typed name. */
  'accounts.contact-email-confirmation': { link: string; expiresInHours: number };
  /** To the verified address in use: a new contact address was asked for, and is not used until confirmed. */
  'accounts.contact-email-change-requested': { firstName: string; newEmail: string };
  /** To the former and the new address, both verified: the change took effect. */
  'accounts.contact-email-changed': { firstName: string; oldEmail: string; newEmail: string };
  'accounts.password-reset': { firstName: string; link: string; expiresInMinutes: number };
  'accounts.password-changed': { firstName: string };
  'accounts.authenticator-changed': { firstName: string; change: 'ENROLLED' | 'REPLACED' | 'REMOVED' };
  'accounts.mfa-code': { firstName: string; code: string; expiresInMinutes: number };
  'accounts.deactivated': { firstName: string; byAdministrator: boolean };
  'accounts.reactivation-requested': { firstName: string; loginEmail: string };
  'accounts.reactivated': { firstName: string };
  'accounts.locked': { firstName: string; unlockAt: string };
  'accounts.mfa-locked': { firstName: string; unlockAt: string };
  'organisation.structure-deactivated': { firstName: string; structureName: string; identifier: string };
  'habilitations.membership-requested': {
    firstName: string;
    requesterName: string;
    requesterEmail: string;
    structureName: string;
    kind: 'ATTACHMENT' | 'GRANTS';
    comment: string;
    inboxUrl: string;
  };
  /** grants: one line per application granted, e.g. "Factures émises : modification". */
  'habilitations.membership-approved': { firstName: string; structureName: string; comment: string | null; grants: string[] };
  'habilitations.membership-refused': { firstName: string; structureName: string; comment: string };
  'habilitations.member-attached': { firstName: string; structureName: string };
  'habilitations.attachment-without-account': { structureName: string; identifier: string; loginUrl: string };
  'habilitations.member-detached': { firstName: string; structureName: string };
  'habilitations.principal-manager-transferred': { firstName: string; structureName: string; role: 'NEW' | 'FORMER' };
  /** To a manager of either side of a billing mandate; `side` is the manager's, `byOwnSide` whether his side acted. */
  'habilitations.billing-mandate-changed': {
    firstName: string;
    action: 'SUBSCRIBED' | 'ACCEPTED' | 'REVOKED';
    side: 'MANDATOR' | 'MANDATARY';
    byOwnSide: boolean;
    mandateNumber: string;
    mandatorName: string;
    mandataryName: string;
    startDate: string;
    endDate: string | null;
    comment: string | null;
    manageUrl: string;
  };
  /** To the validating structure's users holding « Factures à valider » (validation circuits, A9 and A12). */
  'invoicing.invoice-to-validate': { firstName: string; invoiceNumber: string; supplierName: string; recipientName: string; amountDue: string; currency: string; link: string };
  'invoicing.invoice-received': { firstName: string; invoiceNumber: string; supplierName: string; amountDue: string; currency: string; paymentDeadline: string | null; link: string };
  'invoicing.invoice-status-changed': {
    firstName: string;
    invoiceNumber: string;
    recipientName: string;
    status: 'A_RECYCLER' | 'SUSPENDUE' | 'REJETEE' | 'MISE_EN_PAIEMENT' | 'VALIDEE_1' | 'REFUSEE_1';
    statusLabel: string;
    reason: string | null;
    link: string;
  };
  /** To a structure's connection managers: a webhook subscription was paused after repeated failures. */
  'webhooks.subscription-paused': { firstName: string; structureName: string; url: string; failures: number; link: string };
  'connections.technical-account-created': {
    firstName: string;
    login: string;
    label: string | null;
    structureName: string;
    identifier: string;
    creatorName: string;
    creatorEmail: string;
    grants: string;
    link: string;
  };
  'connections.technical-account-expiring': {
    firstName: string;
    login: string;
    label: string | null;
    structureName: string;
    identifier: string;
    expiresOn: string;
    daysLeft: number;
    link: string;
  };
  /** To the supplier's members holding Engagements: an engagement (order) was made to their structure. */
  'engagements.engagement-received': { firstName: string; structureName: string; issuerName: string; engagementNumber: string; amount: string; currency: string; link: string };
  'support.ticket-opened': { firstName: string; ticketNumber: string; title: string; categoryLabel: string; subCategoryLabel: string; emitterName: string; link: string };
  /**
   * To the ticket's contact address. `title` is null when that address was never verified (a contact-form
   * ticket): the title was typed by whoever filled the form, and must not reach a stranger's mailbox.
   */
  'support.information-requested': { ticketNumber: string; title: string | null; message: string; link: string };
  'support.ticket-resolved': { ticketNumber: string; title: string | null; message: string; link: string };
  'support.emitter-answered': { firstName: string; ticketNumber: string; title: string; message: string; reopened: boolean; link: string };
  /**
   * The contact form's acknowledgement, to an address nobody verified: a fixed text and the reference,
   * nothing the sender typed (name, title, message), so the form cannot relay a text to a stranger.
   */
  'support.contact-received': { ticketNumber: string };
  /**
   * A plain message on a ticket; `firstName` null when written to the ticket's contact address, `title`
   * null when that address was never verified (see support.information-requested).
   */
  'support.message-added': { firstName: string | null; ticketNumber: string; title: string | null; message: string; fromEmitter: boolean; link: string };
}

export type MailTemplate = keyof MailTemplateData;

export interface MailRequest<T extends MailTemplate = MailTemplate> {
  template: T;
  to: string;
  data: MailTemplateData[T];
  /** Same key → sent at most once (e.g. `<event id>:<recipient>`). */
  idempotencyKey: string;
}

export abstract class MailSender {
  abstract send<T extends MailTemplate>(request: MailRequest<T>): Promise<void>;
}
