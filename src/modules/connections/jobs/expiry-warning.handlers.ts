import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../../config/config';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { Clock } from '../../../shared/time/clock';
import { Authorization, MembershipRegistry } from '../../habilitations/contracts/authorization';
import { MailSender } from '../../notifications/contracts/mail';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { WarnExpiringTechnicalAccounts } from '../application/expiry-warnings.use-case';
import { passwordDaysLeft, TechnicalAccount } from '../domain/technical-account.entity';
import { managesConnections } from '../../habilitations/contracts/managers';
import { NoticeTechnicalAccountCreated } from './technical-account-created.handlers';

/** Daily (worker role): technical accounts whose password expires within 30 days, warned once. */
@Injectable()
export class TechnicalAccountExpirySweep {
  constructor(
    private readonly orm: MikroORM,
    private readonly warn: WarnExpiringTechnicalAccounts,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_6AM, { name: 'connections.technical-account-expiry-warnings', timeZone: 'Europe/Paris' })
  @CreateRequestContext()
  async run(): Promise<number> {
    return this.warn.execute();
  }
}

/**
 * The structure's connection managers (`managesConnections`: those who can re-key it) get one e-mail
 * each; not every member holding Raccordements – modification (a new member's default), who may not even
 * see the structure's technical accounts.
 */
@OnDomainEvent('connections.technical-account-expiring', 'connections.expiry-warning-mail')
@Injectable()
export class MailTechnicalAccountExpiring implements DomainEventHandler<'connections.technical-account-expiring'> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly catalog: StructureCatalog,
    private readonly memberships: MembershipRegistry,
    private readonly authorization: Authorization,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'connections.technical-account-expiring'>): Promise<void> {
    const account = await this.em.findOne(TechnicalAccount, { id: event.payload.technicalAccountId });
    const structure = await this.catalog.findById(event.payload.structureId);
    // Re-keyed or deactivated since: nothing to warn about.
    if (!account || !structure || !account.active || account.expiresAt.toISOString() !== event.payload.expiresAt) return;
    const managers = [];
    // One after the other: the job runs in a transaction, whose single connection they would share.
    for (const user of await this.memberships.usersWithGrant(structure.id, 'RACCORDEMENTS', 'MODIFICATION')) {
      if (managesConnections(await this.authorization.membershipOf(user.id, structure.id))) managers.push(user);
    }
    const daysLeft = passwordDaysLeft(account.expiresAt, this.clock.now());
    for (const user of managers) {
      await this.mail.send({
        template: 'connections.technical-account-expiring',
        to: user.notifyEmail,
        data: {
          firstName: user.firstName,
          login: account.login,
          label: account.label,
          structureName: structure.companyName,
          identifier: structure.identifier,
          expiresOn: account.expiresAt.toISOString().slice(0, 10),
          daysLeft,
          link: `${this.config.publicUrl}/structures/${structure.id}/raccordements`,
        },
        idempotencyKey: `${event.id}:expiring:${user.id}`,
      });
    }
  }
}

export const CONNECTIONS_JOB_HANDLERS = [TechnicalAccountExpirySweep, MailTechnicalAccountExpiring, NoticeTechnicalAccountCreated];
