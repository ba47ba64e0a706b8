import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { MembershipRegistry } from '../../habilitations/contracts/authorization';
import { MailSender } from '../../notifications/contracts/mail';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { EntityManager } from '@mikro-orm/postgresql';
import '../contracts/events';
import { amountText } from '../domain/engagement-rules';
import { Engagement } from '../domain/engagement.entity';

/** The supplier's members holding Engagements (consultation) learn of an engagement made to their structure. */
@OnDomainEvent('engagements.engagement-recorded', 'engagements.engagement-mail')
@Injectable()
export class MailOnEngagementRecorded implements DomainEventHandler<'engagements.engagement-recorded'> {
  constructor(
    private readonly em: EntityManager,
    private readonly memberships: MembershipRegistry,
    private readonly structures: StructureCatalog,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'engagements.engagement-recorded'>): Promise<void> {
    const engagement = await this.em.findOne(Engagement, { id: event.payload.engagementId });
    if (!engagement) return;
    const [issuer, supplier] = await Promise.all([this.structures.findById(engagement.structureId), this.structures.findById(event.payload.supplierStructureId)]);
    for (const user of await this.memberships.usersWithGrant(event.payload.supplierStructureId, 'ENGAGEMENTS', 'CONSULTATION')) {
      await this.mail.send({
        template: 'engagements.engagement-received',
        to: user.notifyEmail,
        data: {
          firstName: user.firstName,
          structureName: supplier ? (supplier.label ?? supplier.companyName) : '',
          issuerName: issuer ? (issuer.label ?? issuer.companyName) : '',
          engagementNumber: engagement.number,
          amount: amountText(String(engagement.amount)),
          currency: engagement.currency,
          link: `${this.config.publicUrl}/api/v1/engagements/${engagement.id}`,
        },
        idempotencyKey: `${event.id}:${user.id}`,
      });
    }
  }
}
