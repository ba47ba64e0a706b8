import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { UserDirectory } from '../../accounts/contracts/users';
import { applicationLabel } from '../../habilitations/contracts/applications';
import { MembershipRegistry } from '../../habilitations/contracts/authorization';
import { MailSender } from '../../notifications/contracts/mail';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { TechnicalAccount } from '../domain/technical-account.entity';

const LEVELS = { CONSULTATION: 'consultation', MODIFICATION: 'modification' } as const;

/** The structure's principal manager is told of every technical account created on it (who, which grants). */
@OnDomainEvent('connections.technical-account-created', 'connections.created-notice')
@Injectable()
export class NoticeTechnicalAccountCreated implements DomainEventHandler<'connections.technical-account-created'> {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: StructureCatalog,
    private readonly memberships: MembershipRegistry,
    private readonly users: UserDirectory,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'connections.technical-account-created'>): Promise<void> {
    const { technicalAccountId, structureId, createdBy } = event.payload;
    // One after the other: the job runs in a transaction, whose single connection they would share.
    const account = await this.em.findOne(TechnicalAccount, { id: technicalAccountId });
    const structure = await this.catalog.findById(structureId);
    const principal = await this.memberships.principalManagerOf(structureId);
    if (!account || !structure || !principal) return;
    const creator = await this.users.findById(createdBy);
    await this.mail.send({
      template: 'connections.technical-account-created',
      to: principal.notifyEmail,
      data: {
        firstName: principal.firstName,
        login: account.login,
        label: account.label,
        structureName: structure.companyName,
        identifier: structure.identifier,
        creatorName: creator ? `${creator.firstName} ${creator.lastName}` : 'Un utilisateur',
        creatorEmail: creator?.loginEmail ?? createdBy,
        grants: account.grants.map((g) => `${applicationLabel(g.application, 'fr')} (${LEVELS[g.level]})`).join(', ') || 'aucune',
        link: `${this.config.publicUrl}/structures/${structure.id}/raccordements`,
      },
      idempotencyKey: `${event.id}:created:${principal.id}`,
    });
  }
}
