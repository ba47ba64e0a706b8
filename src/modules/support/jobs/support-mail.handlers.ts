import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { UserDirectory, UserSummary } from '../../accounts/contracts/users';
import { MembershipRegistry } from '../../habilitations/contracts/authorization';
import { MailSender } from '../../notifications/contracts/mail';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { TicketContactAddresses } from '../application/ticket-contact';
import { TicketActivity } from '../domain/ticket-activity.entity';
import { Ticket } from '../domain/ticket.entity';

/**
 * Who handles a ticket: members of the receiving structure holding Sollicitations reçues who may see it
 * (those of its service, or structure-level ones: the rule of TicketAccess), or the administrators.
 */
@Injectable()
export class TicketReceivers {
  constructor(
    private readonly memberships: MembershipRegistry,
    private readonly users: UserDirectory,
  ) {}

  /** Both sources answer active users only. */
  async of(ticket: Ticket): Promise<UserSummary[]> {
    return ticket.routing === 'BUSINESS' && ticket.receiverStructureId
      ? this.memberships.usersWithGrant(ticket.receiverStructureId, 'SOLLICITATIONS_RECUES', 'CONSULTATION', ticket.receiverServiceId)
      : this.users.findAdministrators();
  }
}

const linkOf = (config: AppConfig, ticketId: string): string => `${config.publicUrl}/tickets/${ticketId}`;

/**
 * What a mail to the ticket's contact address may show of the title: the title when the address belongs to
 * the emitting structure; null (number only) for a contact-form ticket, whose address nobody verified;
 * undefined (send nothing) for a structure ticket whose address no longer belongs to the structure.
 */
async function contactTitle(contacts: TicketContactAddresses, ticket: Ticket): Promise<string | null | undefined> {
  if (ticket.emitterStructureId === null) return null;
  return (await contacts.verified(ticket)) ? ticket.title : undefined;
}

@OnDomainEvent('support.ticket-opened', 'support.ticket-opened-to-receivers')
@Injectable()
export class MailReceiversOnTicketOpened implements DomainEventHandler<'support.ticket-opened'> {
  constructor(
    private readonly em: EntityManager,
    private readonly receivers: TicketReceivers,
    private readonly structures: StructureCatalog,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'support.ticket-opened'>): Promise<void> {
    const ticket = await this.em.findOne(Ticket, { id: event.payload.ticketId });
    if (!ticket) return;
    const emitter = ticket.emitterStructureId ? await this.structures.findById(ticket.emitterStructureId) : null;
    const emitterName = emitter?.companyName ?? ticket.contactName ?? ticket.contactEmail;
    for (const user of await this.receivers.of(ticket)) {
      await this.mail.send({
        template: 'support.ticket-opened',
        to: user.notifyEmail,
        data: {
          firstName: user.firstName,
          ticketNumber: ticket.number,
          title: ticket.title,
          categoryLabel: ticket.categoryLabel,
          subCategoryLabel: ticket.subCategoryLabel,
          emitterName,
          link: linkOf(this.config, ticket.id),
        },
        idempotencyKey: `${event.id}:opened:${user.id}`,
      });
    }
  }
}

@OnDomainEvent('support.ticket-opened', 'support.contact-form-confirmation')
@Injectable()
export class ConfirmContactForm implements DomainEventHandler<'support.ticket-opened'> {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: MailSender,
  ) {}

  async handle(event: DomainEventEnvelope<'support.ticket-opened'>): Promise<void> {
    if (!event.payload.viaContactForm) return;
    const ticket = await this.em.findOne(Ticket, { id: event.payload.ticketId });
    if (!ticket) return;
    await this.mail.send({
      template: 'support.contact-received',
      to: ticket.contactEmail,
      data: { ticketNumber: ticket.number },
      idempotencyKey: `${event.id}:contact`,
    });
  }
}

/**
 * Status e-mails: information requested and resolution → the emitter's contact address; the emitter's
 * answer or sending back → the receivers.
 */
@OnDomainEvent('support.ticket-status-changed', 'support.status-mail')
@Injectable()
export class MailOnTicketStatusChange implements DomainEventHandler<'support.ticket-status-changed'> {
  constructor(
    private readonly em: EntityManager,
    private readonly receivers: TicketReceivers,
    private readonly contacts: TicketContactAddresses,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'support.ticket-status-changed'>): Promise<void> {
    const { ticketId, activityId, from, to, by } = event.payload;
    const [ticket, activity] = await Promise.all([this.em.findOne(Ticket, { id: ticketId }), this.em.findOne(TicketActivity, { id: activityId })]);
    if (!ticket) return;
    const message = activity?.message ?? '';
    const link = linkOf(this.config, ticket.id);
    if (by === 'RECEIVER' && (to === 'EN_ATTENTE_INFORMATIONS' || to === 'RESOLU')) {
      const title = await contactTitle(this.contacts, ticket);
      if (title === undefined) return;
      await this.mail.send({
        template: to === 'RESOLU' ? 'support.ticket-resolved' : 'support.information-requested',
        to: ticket.contactEmail,
        data: { ticketNumber: ticket.number, title, message, link },
        idempotencyKey: `${event.id}:emitter`,
      });
      return;
    }
    if (by === 'EMITTER' && to === 'OUVERT') {
      for (const user of await this.receivers.of(ticket)) {
        await this.mail.send({
          template: 'support.emitter-answered',
          to: user.notifyEmail,
          data: { firstName: user.firstName, ticketNumber: ticket.number, title: ticket.title, message, reopened: from === 'RESOLU', link },
          idempotencyKey: `${event.id}:answer:${user.id}`,
        });
      }
    }
  }
}

/** A plain message: the emitter's goes to the receivers, a receiver's to the ticket's contact e-mail. */
@OnDomainEvent('support.ticket-message-added', 'support.message-mail')
@Injectable()
export class MailOnTicketMessage implements DomainEventHandler<'support.ticket-message-added'> {
  constructor(
    private readonly em: EntityManager,
    private readonly receivers: TicketReceivers,
    private readonly contacts: TicketContactAddresses,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'support.ticket-message-added'>): Promise<void> {
    const { ticketId, activityId, by } = event.payload;
    const [ticket, activity] = await Promise.all([this.em.findOne(Ticket, { id: ticketId }), this.em.findOne(TicketActivity, { id: activityId })]);
    if (!ticket || !activity) return;
    const common = { ticketNumber: ticket.number, title: ticket.title, message: activity.message ?? '', link: linkOf(this.config, ticket.id) };
    if (by === 'RECEIVER') {
      const title = await contactTitle(this.contacts, ticket);
      if (title === undefined) return;
      await this.mail.send({
        template: 'support.message-added',
        to: ticket.contactEmail,
        data: { ...common, title, firstName: null, fromEmitter: false },
        idempotencyKey: `${event.id}:emitter`,
      });
      return;
    }
    for (const user of await this.receivers.of(ticket)) {
      await this.mail.send({
        template: 'support.message-added',
        to: user.notifyEmail,
        data: { ...common, firstName: user.firstName, fromEmitter: true },
        idempotencyKey: `${event.id}:message:${user.id}`,
      });
    }
  }
}

export const SUPPORT_MAIL_HANDLERS = [TicketReceivers, MailReceiversOnTicketOpened, ConfirmContactForm, MailOnTicketStatusChange, MailOnTicketMessage];
