/** Events of the connections context: ids only, handlers read the rest. */
export interface ConnectionsEvents {
  /** The account's password expires within EXPIRY_WARNING_DAYS: its structure's connection managers are told once. */
  'connections.technical-account-expiring': { technicalAccountId: string; structureId: string; expiresAt: string };
  /** A manager created a technical account: the structure's principal manager is told. */
  'connections.technical-account-created': { technicalAccountId: string; structureId: string; createdBy: string };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends ConnectionsEvents {}
}
