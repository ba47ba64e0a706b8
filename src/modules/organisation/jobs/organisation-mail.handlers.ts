import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { UserDirectory } from '../../accounts/contracts/users';
import { MembershipRegistry } from '../../habilitations/contracts/authorization';
import { MailSender } from '../../notifications/contracts/mail';
import { Structure } from '../domain/structure.entity';

/** Every active member hears that the structure was deactivated (one delivery per event and member). */
@OnDomainEvent('organisation.structure-deactivated', 'organisation.deactivated-notice')
@Injectable()
export class NoticeStructureDeactivated implements DomainEventHandler<'organisation.structure-deactivated'> {
  constructor(
    private readonly em: EntityManager,
    private readonly memberships: MembershipRegistry,
    private readonly users: UserDirectory,
    private readonly mail: MailSender,
  ) {}

  async handle(event: DomainEventEnvelope<'organisation.structure-deactivated'>): Promise<void> {
    const structure = await this.em.findOne(Structure, { id: event.payload.structureId });
    if (!structure) return;
    const members = await this.users.findByIds(await this.memberships.memberUserIds(structure.id));
    for (const user of members.filter((u) => u.status === 'ACTIVE')) {
      await this.mail.send({
        template: 'organisation.structure-deactivated',
        to: user.notifyEmail,
        data: { firstName: user.firstName, structureName: structure.companyName, identifier: structure.identifier },
        idempotencyKey: `${event.id}:deactivated:${user.id}`,
      });
    }
  }
}

export const ORGANISATION_MAIL_HANDLERS = [NoticeStructureDeactivated];
