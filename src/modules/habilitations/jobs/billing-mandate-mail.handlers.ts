import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { MailSender } from '../../notifications/contracts/mail';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { MembershipRegistry } from '../contracts/authorization';
import { BillingMandate, MandateSide } from '../domain/billing-mandate.entity';

/**
 * Every change of a mandate is told to both sides' managers (members holding Organisation – modification,
 * the principal manager always among them): the other side learns there is something to accept, both
 * learn when it starts or ends. One e-mail per manager, even one who manages both structures.
 */
@OnDomainEvent('habilitations.billing-mandate-changed', 'habilitations.billing-mandate-notice')
@Injectable()
export class NotifyMandateChange implements DomainEventHandler<'habilitations.billing-mandate-changed'> {
  constructor(
    private readonly em: EntityManager,
    private readonly registry: MembershipRegistry,
    private readonly catalog: StructureCatalog,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'habilitations.billing-mandate-changed'>): Promise<void> {
    const mandate = await this.em.findOne(BillingMandate, { id: event.payload.mandateId });
    if (!mandate) return;
    const [mandator, mandatary] = await Promise.all([this.catalog.findById(mandate.mandatorStructureId), this.catalog.findById(mandate.mandataryStructureId)]);
    if (!mandator || !mandatary) return;
    const entry = [...mandate.history].reverse().find((h) => h.action === event.payload.action);
    const told = new Set<string>();
    for (const side of ['MANDATOR', 'MANDATARY'] as MandateSide[]) {
      const structure = side === 'MANDATOR' ? mandator : mandatary;
      for (const manager of await this.registry.usersWithGrant(structure.id, 'ORGANISATION', 'MODIFICATION')) {
        if (told.has(manager.id)) continue;
        told.add(manager.id);
        await this.mail.send({
          template: 'habilitations.billing-mandate-changed',
          to: manager.notifyEmail,
          data: {
            firstName: manager.firstName,
            action: event.payload.action,
            side,
            byOwnSide: entry?.side === side,
            mandateNumber: mandate.number,
            mandatorName: `${mandator.companyName} (${mandator.identifier})`,
            mandataryName: `${mandatary.companyName} (${mandatary.identifier})`,
            startDate: mandate.startDate,
            endDate: mandate.endDate,
            comment: entry?.comment ?? null,
            manageUrl: `${this.config.publicUrl}/mandats-de-facturation/${mandate.id}`,
          },
          idempotencyKey: `${event.id}:mandate:${manager.id}`,
        });
      }
    }
  }
}
