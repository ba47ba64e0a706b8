/** Events of the habilitations context: ids only, handlers read the rest. */
export interface HabilitationsEvents {
  'habilitations.membership-requested': { requestId: string; structureId: string; userId: string };
  'habilitations.membership-request-decided': { requestId: string; structureId: string; userId: string; approved: boolean };
  'habilitations.member-attached': { structureId: string; userId: string; byUserId: string };
  /** A manager tried to attach an address that has no active account: that address is told how to join. */
  'habilitations.attachment-without-account': { structureId: string; loginEmail: string; byUserId: string };
  'habilitations.member-detached': { structureId: string; userId: string; byUserId: string };
  'habilitations.principal-manager-transferred': { structureId: string; fromUserId: string | null; toUserId: string; byUserId: string };
  'habilitations.grants-changed': { structureId: string; userId: string; byUserId: string };
  /** A billing mandate was subscribed, accepted or revoked: both sides' managers are told. */
  'habilitations.billing-mandate-changed': { mandateId: string; action: 'SUBSCRIBED' | 'ACCEPTED' | 'REVOKED'; byUserId: string };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends HabilitationsEvents {}
}
