/** Events of the organisation context: ids only, handlers read the rest. */
export interface OrganisationEvents {
  'organisation.structure-created': { structureId: string; createdBy: string };
  'organisation.structure-updated': { structureId: string };
  'organisation.structure-deactivated': { structureId: string };
  'organisation.structure-reactivated': { structureId: string };
  'organisation.service-created': { structureId: string; serviceId: string };
  'organisation.service-updated': { structureId: string; serviceId: string };
  'organisation.bank-account-added': { structureId: string; bankAccountId: string };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends OrganisationEvents {}
}
