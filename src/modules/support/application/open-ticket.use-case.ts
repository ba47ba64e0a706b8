import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { assertNoBidiControl } from '../../../shared/domain/bidi-controls';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { UserDirectory } from '../../accounts/contracts/users';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceLookup, InvoiceReference } from '../../invoicing/contracts/invoices';
import { isBeforeRecipient } from '../../lifecycle/contracts/lifecycle';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { TicketObjectType } from '../domain/support-reference';
import { SupportErrors } from '../domain/support.errors';
import { TicketActivity } from '../domain/ticket-activity.entity';
import { Ticket } from '../domain/ticket.entity';
import { activeSubCategory } from './categories';
import { actorIdOf, eventActorOf } from './ticket-access';
import { TicketContactAddresses } from './ticket-contact';
import { nextTicketNumber } from './ticket-numbers';

export interface OpenTicketInput {
  subCategoryCode: string;
  objectType?: TicketObjectType;
  objectNumber?: string;
  emitterStructureId: string;
  emitterServiceId?: string;
  receiverStructureId?: string;
  contactEmail?: string;
  title: string;
  description: string;
}

/**
 * Opens a ticket for one of the caller's structures (Sollicitations émises – modification). An "M -"
 * ticket goes to the recipient of the invoice it is about (the emitter must be able to see that
 * invoice), or to the public structure the emitter chose; any other goes to platform support.
 */
@Injectable()
export class OpenTicket {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly structures: StructureCatalog,
    private readonly invoices: InvoiceLookup,
    private readonly users: UserDirectory,
    private readonly contacts: TicketContactAddresses,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, input: OpenTicketInput): Promise<{ id: string; number: string }> {
    // null without a service: a member attached to one service must name it (he could not see the ticket otherwise).
    await this.authorization.require(actor, input.emitterStructureId, 'SOLLICITATIONS_EMISES', 'MODIFICATION', input.emitterServiceId ?? null);
    if (input.emitterServiceId) {
      const service = await this.structures.findServiceById(input.emitterServiceId);
      if (!service || service.structureId !== input.emitterStructureId) throw new DomainError(SupportErrors.EMITTER_SERVICE_NOT_FOUND, {}, 'emitterServiceId');
    }
    const { category, subCategory } = await activeSubCategory(this.em, input.subCategoryCode);

    const objectNumber = input.objectNumber?.trim() || null;
    assertNoBidiControl({ objectNumber });
    const objectType = input.objectType ?? (objectNumber ? subCategory.objectType : null) ?? null;
    if (subCategory.objectRequired && (!objectType || !objectNumber)) {
      throw new DomainError(SupportErrors.OBJECT_REQUIRED, { objectType: subCategory.objectType ?? 'FACTURE' }, objectNumber ? 'objectType' : 'objectNumber');
    }
    if (objectType && subCategory.objectType && objectType !== subCategory.objectType) {
      throw new DomainError(SupportErrors.OBJECT_TYPE_INVALID, { objectType: subCategory.objectType }, 'objectType');
    }
    if (objectType && !objectNumber) throw new DomainError(SupportErrors.OBJECT_REQUIRED, { objectType }, 'objectNumber');

    let invoice: InvoiceReference | null = null;
    if (objectType === 'FACTURE' && objectNumber) invoice = await this.visibleInvoice(actor, input.emitterStructureId, objectNumber);

    let receiverStructureId: string | null = null;
    let receiverServiceId: string | null = null;
    if (subCategory.routing === 'BUSINESS') {
      receiverStructureId = await this.receiverOf(input, invoice);
      // The invoice's service on the receiver's side: only that service's members (and structure-level ones) handle it.
      if (invoice) receiverServiceId = receiverStructureId === invoice.recipientStructureId ? invoice.recipientServiceId : invoice.supplierServiceId;
    }

    const contactEmail = await this.contactEmailOf(actor, input.emitterStructureId, input.contactEmail);
    return this.em.transactional(async (em) => {
      const now = this.clock.now();
      const ticket = new Ticket({
        number: await nextTicketNumber(em),
        categoryCode: category.code,
        categoryLabel: category.label,
        subCategoryCode: subCategory.code,
        subCategoryLabel: subCategory.label,
        routing: subCategory.routing,
        contactEmail,
        title: input.title.trim(),
        description: input.description.trim(),
        now,
      });
      ticket.objectType = objectType;
      ticket.objectNumber = objectNumber;
      ticket.invoiceId = invoice?.id ?? null;
      ticket.emitterStructureId = input.emitterStructureId;
      ticket.emitterServiceId = input.emitterServiceId ?? null;
      ticket.emitterUserId = actor.kind === 'user' ? actor.userId : null;
      ticket.receiverStructureId = receiverStructureId;
      ticket.receiverServiceId = receiverServiceId;
      em.persist(ticket);
      em.persist(new TicketActivity({ ticketId: ticket.id, kind: 'CREATED', at: now, side: 'EMITTER', actorKind: actor.kind, actorId: actorIdOf(actor), toStatus: 'OUVERT' }));
      this.outbox.record(em, 'support.ticket-opened', { ticketId: ticket.id, viaContactForm: false }, eventActorOf(actor));
      return { id: ticket.id, number: ticket.number };
    });
  }

  /**
   * The invoice, if the emitting structure is its supplier or recipient and the caller may read it there
   * (a member attached to one service: only that service's invoices, as the invoice routes decide).
   */
  private async visibleInvoice(actor: Actor, structureId: string, number: string): Promise<InvoiceReference> {
    const readable =
      (await this.authorization.allows(actor, structureId, 'FACTURES_EMISES', 'CONSULTATION')) ||
      (await this.authorization.allows(actor, structureId, 'FACTURES_RECUES', 'CONSULTATION'));
    const invoice = readable ? await this.invoices.findByNumber([structureId], number) : null;
    const visible =
      invoice !== null &&
      ((invoice.supplierStructureId === structureId &&
        (await this.authorization.allows(actor, structureId, 'FACTURES_EMISES', 'CONSULTATION', invoice.supplierServiceId))) ||
        (invoice.recipientStructureId === structureId &&
          (await this.authorization.allows(actor, structureId, 'FACTURES_RECUES', 'CONSULTATION', invoice.recipientServiceId))));
    if (!invoice || !visible) throw new DomainError(SupportErrors.INVOICE_NOT_VISIBLE, { number }, 'objectNumber');
    return invoice;
  }

  private async receiverOf(input: OpenTicketInput, invoice: InvoiceReference | null): Promise<string> {
    if (invoice) {
      const other = invoice.supplierStructureId === input.emitterStructureId ? invoice.recipientStructureId : invoice.supplierStructureId;
      if (!other) throw new DomainError(SupportErrors.RECEIVER_INVALID, {}, 'objectNumber');
      // Not the recipient's yet (with its validator) or ever (refused by it): the ticket would show it to the
      // recipient, with its status as it changes (architecture D25).
      if (other === invoice.recipientStructureId && isBeforeRecipient(invoice.status)) {
        throw new DomainError(SupportErrors.INVOICE_NOT_WITH_RECIPIENT, { number: invoice.number }, 'objectNumber');
      }
      return other;
    }
    if (!input.receiverStructureId) throw new DomainError(SupportErrors.RECEIVER_REQUIRED, {}, 'receiverStructureId');
    const receiver = await this.structures.findById(input.receiverStructureId);
    if (!receiver || !receiver.active || receiver.structureType !== 'PUBLIQUE' || receiver.id === input.emitterStructureId) {
      throw new DomainError(SupportErrors.RECEIVER_INVALID, {}, 'receiverStructureId');
    }
    return receiver.id;
  }

  /** The address given must belong to the emitting structure (TicketContactAddresses); else the caller's own. */
  private async contactEmailOf(actor: Actor, structureId: string, given: string | undefined): Promise<string> {
    if (given?.trim()) {
      const address = given.trim().toLowerCase();
      if (!(await this.contacts.belongsTo(structureId, address))) throw new DomainError(SupportErrors.CONTACT_EMAIL_NOT_ALLOWED, {}, 'contactEmail');
      return address;
    }
    if (actor.kind === 'user') {
      const user = await this.users.findById(actor.userId);
      if (user) return user.notifyEmail;
    }
    throw new DomainError(SupportErrors.CONTACT_EMAIL_REQUIRED, {}, 'contactEmail');
  }
}
