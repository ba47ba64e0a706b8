/** Events of the support context. */
export interface SupportEvents {
  'support.ticket-opened': { ticketId: string; viaContactForm: boolean };
  'support.ticket-status-changed': { ticketId: string; from: string; to: string; by: 'EMITTER' | 'RECEIVER'; activityId: string };
  /** A plain message (no status change) was added to the ticket's activity stream. */
  'support.ticket-message-added': { ticketId: string; by: 'EMITTER' | 'RECEIVER'; activityId: string };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends SupportEvents {}
}
