/** Events of the engagements context. */
export interface EngagementsEvents {
  /** Recorded with a supplier structure on the platform: its members are told (engagements.engagement-received). */
  'engagements.engagement-recorded': { engagementId: string; structureId: string; supplierStructureId: string };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends EngagementsEvents {}
}
