/** Events of the support context. */
export interface SupportEvents {
  'support.ticket-opened': { ticketId: string; viaContactForm: boolean };
  'support.ticket-status-changed': { ticketId: string; from: string; to: string; by: 'EMITTER' | 'RECEIVER'; activityId: string };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends SupportEvents {}
}
