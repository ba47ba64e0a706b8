import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { UserDirectory } from '../../accounts/contracts/users';
import { MailSender } from '../../notifications/contracts/mail';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { applicationLabel, Grant, normalizeGrants } from '../contracts/applications';
import { MembershipRegistry } from '../contracts/authorization';
import { MembershipRequest } from '../domain/membership-request.entity';

const LEVEL_FR = { CONSULTATION: 'consultation', MODIFICATION: 'modification' } as const;

/** "Factures émises : modification", one per grant, in the applications' order. */
export function grantLines(grants: readonly Grant[]): string[] {
  return normalizeGrants(grants).map((g) => `${applicationLabel(g.application, 'fr')} : ${LEVEL_FR[g.level]}`);
}

/** Who to tell when habilitations change. One delivery per event and recipient (idempotency key). */
@OnDomainEvent('habilitations.membership-requested', 'habilitations.request-to-approvers')
@Injectable()
export class NotifyApprovers implements DomainEventHandler<'habilitations.membership-requested'> {
  constructor(
    private readonly em: EntityManager,
    private readonly registry: MembershipRegistry,
    private readonly users: UserDirectory,
    private readonly catalog: StructureCatalog,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'habilitations.membership-requested'>): Promise<void> {
    const request = await this.em.findOne(MembershipRequest, { id: event.payload.requestId });
    const structure = await this.catalog.findById(event.payload.structureId);
    const requester = await this.users.findById(event.payload.userId);
    if (!request || !structure || !requester) return;
    // The approvers: structure-level members holding Organisation – modification (and the principal manager).
    const approvers = await this.registry.usersWithGrant(structure.id, 'ORGANISATION', 'MODIFICATION', null);
    for (const approver of approvers) {
      await this.mail.send({
        template: 'habilitations.membership-requested',
        to: approver.notifyEmail,
        data: {
          firstName: approver.firstName,
          requesterName: `${requester.firstName} ${requester.lastName}`,
          requesterEmail: requester.loginEmail,
          structureName: structure.companyName,
          kind: request.kind,
          comment: request.comment,
          inboxUrl: `${this.config.publicUrl}/validations`,
        },
        idempotencyKey: `${event.id}:request:${approver.id}`,
      });
    }
  }
}

@OnDomainEvent('habilitations.membership-request-decided', 'habilitations.decision-to-requester')
@Injectable()
export class NotifyRequester implements DomainEventHandler<'habilitations.membership-request-decided'> {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UserDirectory,
    private readonly catalog: StructureCatalog,
    private readonly mail: MailSender,
  ) {}

  async handle(event: DomainEventEnvelope<'habilitations.membership-request-decided'>): Promise<void> {
    const request = await this.em.findOne(MembershipRequest, { id: event.payload.requestId });
    const structure = await this.catalog.findById(event.payload.structureId);
    const user = await this.users.findById(event.payload.userId);
    if (!request || !structure || !user) return;
    if (event.payload.approved) {
      await this.mail.send({
        template: 'habilitations.membership-approved',
        to: user.notifyEmail,
        data: { firstName: user.firstName, structureName: structure.companyName, comment: request.decisionComment ?? null, grants: grantLines(request.grantedGrants ?? []) },
        idempotencyKey: `${event.id}:decision`,
      });
    } else {
      await this.mail.send({
        template: 'habilitations.membership-refused',
        to: user.notifyEmail,
        data: { firstName: user.firstName, structureName: structure.companyName, comment: request.decisionComment ?? '' },
        idempotencyKey: `${event.id}:decision`,
      });
    }
  }
}

/** @Injectable so its constructor's parameter types are emitted and inherited by the handlers below. */
@Injectable()
abstract class MemberNotice {
  constructor(
    protected readonly users: UserDirectory,
    protected readonly catalog: StructureCatalog,
    protected readonly mail: MailSender,
  ) {}
}

@OnDomainEvent('habilitations.member-attached', 'habilitations.attached-notice')
@Injectable()
export class NotifyAttached extends MemberNotice implements DomainEventHandler<'habilitations.member-attached'> {
  async handle(event: DomainEventEnvelope<'habilitations.member-attached'>): Promise<void> {
    const [user, structure] = await Promise.all([this.users.findById(event.payload.userId), this.catalog.findById(event.payload.structureId)]);
    if (!user || !structure) return;
    await this.mail.send({ template: 'habilitations.member-attached', to: user.notifyEmail, data: { firstName: user.firstName, structureName: structure.companyName }, idempotencyKey: `${event.id}:attached` });
  }
}

@OnDomainEvent('habilitations.attachment-without-account', 'habilitations.attachment-without-account-notice')
@Injectable()
export class NotifyAttachmentWithoutAccount extends MemberNotice implements DomainEventHandler<'habilitations.attachment-without-account'> {
  constructor(users: UserDirectory, catalog: StructureCatalog, mail: MailSender, private readonly config: AppConfig) {
    super(users, catalog, mail);
  }

  async handle(event: DomainEventEnvelope<'habilitations.attachment-without-account'>): Promise<void> {
    const structure = await this.catalog.findById(event.payload.structureId);
    if (!structure) return;
    await this.mail.send({
      template: 'habilitations.attachment-without-account',
      to: event.payload.loginEmail,
      data: { structureName: structure.companyName, identifier: structure.identifier, loginUrl: `${this.config.publicUrl}/connexion` },
      idempotencyKey: `${event.id}:attachment-without-account`,
    });
  }
}

@OnDomainEvent('habilitations.member-detached', 'habilitations.detached-notice')
@Injectable()
export class NotifyDetached extends MemberNotice implements DomainEventHandler<'habilitations.member-detached'> {
  async handle(event: DomainEventEnvelope<'habilitations.member-detached'>): Promise<void> {
    // Leaving by oneself needs no e-mail.
    if (event.payload.userId === event.payload.byUserId) return;
    const [user, structure] = await Promise.all([this.users.findById(event.payload.userId), this.catalog.findById(event.payload.structureId)]);
    if (!user || !structure) return;
    await this.mail.send({ template: 'habilitations.member-detached', to: user.notifyEmail, data: { firstName: user.firstName, structureName: structure.companyName }, idempotencyKey: `${event.id}:detached` });
  }
}

@OnDomainEvent('habilitations.principal-manager-transferred', 'habilitations.transfer-notice')
@Injectable()
export class NotifyTransfer extends MemberNotice implements DomainEventHandler<'habilitations.principal-manager-transferred'> {
  async handle(event: DomainEventEnvelope<'habilitations.principal-manager-transferred'>): Promise<void> {
    const structure = await this.catalog.findById(event.payload.structureId);
    if (!structure) return;
    const recipients: [string | null, 'NEW' | 'FORMER'][] = [
      [event.payload.toUserId, 'NEW'],
      [event.payload.fromUserId, 'FORMER'],
    ];
    for (const [userId, role] of recipients) {
      if (!userId) continue;
      const user = await this.users.findById(userId);
      if (!user) continue;
      await this.mail.send({
        template: 'habilitations.principal-manager-transferred',
        to: user.notifyEmail,
        data: { firstName: user.firstName, structureName: structure.companyName, role },
        idempotencyKey: `${event.id}:transfer:${role}`,
      });
    }
  }
}

export const HABILITATIONS_MAIL_HANDLERS = [NotifyApprovers, NotifyRequester, NotifyAttached, NotifyAttachmentWithoutAccount, NotifyDetached, NotifyTransfer];
