import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { MembershipRegistry } from '../../habilitations/contracts/authorization';
import { InvoiceCatalog } from '../../invoicing/contracts/invoices';
import { MailSender } from '../../notifications/contracts/mail';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { rawRows } from '../../../shared/persistence/raw';
import { InvoiceState } from '../domain/invoice-state.entity';
import { INVOICE_STATUS_LABELS } from '../domain/invoice-status';
import { InvoiceNotificationKind } from '../domain/notification-opt-out.entity';

type SupplierStatus = 'A_RECYCLER' | 'SUSPENDUE' | 'REJETEE' | 'MISE_EN_PAIEMENT' | 'VALIDEE_1' | 'REFUSEE_1';
const SUPPLIER_KINDS: Record<SupplierStatus, InvoiceNotificationKind> = {
  A_RECYCLER: 'INVOICE_TO_RECYCLE',
  SUSPENDUE: 'INVOICE_SUSPENDED',
  REJETEE: 'INVOICE_REJECTED',
  MISE_EN_PAIEMENT: 'PAYMENT_INITIATED',
  VALIDEE_1: 'INVOICE_VALIDATED',
  REFUSEE_1: 'INVOICE_REFUSED',
};
const isSupplierStatus = (s: string): s is SupplierStatus => s in SUPPLIER_KINDS;

/**
 * E-mails on status changes: supplier users holding Factures émises when an invoice goes A_RECYCLER,
 * SUSPENDUE, REJETEE or MISE_EN_PAIEMENT (unless the recipient does not report payment); recipient users
 * holding Factures reçues when an invoice is made available; in a validation circuit, the validating
 * structure's users holding Factures à valider when an invoice awaits them (A_VALIDER_1), and the supplier's
 * when it was validated or refused. Users may opt out per kind.
 */
@OnDomainEvent('lifecycle.status-changed', 'lifecycle.status-mail', ({ to }) => to === 'MISE_A_DISPOSITION' || to === 'A_VALIDER_1' || isSupplierStatus(to))
@Injectable()
export class MailOnStatusChange implements DomainEventHandler<'lifecycle.status-changed'> {
  constructor(
    private readonly em: EntityManager,
    private readonly memberships: MembershipRegistry,
    private readonly structures: StructureCatalog,
    private readonly invoices: InvoiceCatalog,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'lifecycle.status-changed'>): Promise<void> {
    const { to, supplierStructureId, recipientStructureId } = event.payload;
    if (to === 'MISE_A_DISPOSITION' && recipientStructureId) {
      await this.toRecipients(event, recipientStructureId);
    } else if (to === 'A_VALIDER_1') {
      await this.toValidators(event);
    } else if (isSupplierStatus(to)) {
      if (to === 'MISE_EN_PAIEMENT' && recipientStructureId) {
        const recipient = await this.structures.findById(recipientStructureId);
        if (recipient?.rules.paymentStatusNotReported) return;
      }
      await this.toSuppliers(event, to, supplierStructureId, recipientStructureId);
    }
  }

  /**
   * Who may read the invoice on that side: a member attached to one service only when the invoice is that
   * service's (`serviceId`; null: structure-level members only), as the invoice routes decide. A mail
   * carries the invoice's number, amount and the other side's name: never to a member who cannot see it.
   */
  private async recipientsOf(
    structureId: string,
    serviceId: string | null,
    application: 'FACTURES_EMISES' | 'FACTURES_RECUES' | 'FACTURES_A_VALIDER',
    kind: InvoiceNotificationKind,
  ) {
    const users = await this.memberships.usersWithGrant(structureId, application, 'CONSULTATION', serviceId);
    if (users.length === 0) return [];
    const optedOut = new Set(
      (await rawRows<{ user_id: string }>(this.em, 'select user_id from invoice_notification_opt_out where user_id = any(?) and kind = ?', [users.map((u) => u.id), kind])).map((o) => o.user_id),
    );
    return users.filter((u) => !optedOut.has(u.id));
  }

  private link(invoiceId: string): string {
    return `${this.config.publicUrl}/invoices/${invoiceId}`;
  }

  private async toRecipients(event: DomainEventEnvelope<'lifecycle.status-changed'>, recipientStructureId: string): Promise<void> {
    const facts = await this.invoices.findFacts(event.payload.invoiceId);
    if (!facts) return;
    // The deadline set by this change; events recorded before it was carried read the lifecycle.
    const paymentDeadline =
      event.payload.paymentDeadline !== undefined
        ? event.payload.paymentDeadline
        : ((await this.em.findOne(InvoiceState, { invoiceId: event.payload.invoiceId }))?.paymentDeadline ?? null);
    const supplier = await this.structures.findById(facts.supplierStructureId);
    for (const user of await this.recipientsOf(recipientStructureId, facts.recipientServiceId, 'FACTURES_RECUES', 'INVOICE_RECEIVED')) {
      await this.mail.send({
        template: 'invoicing.invoice-received',
        to: user.notifyEmail,
        data: {
          firstName: user.firstName,
          invoiceNumber: facts.number ?? '',
          supplierName: supplier?.companyName ?? '',
          amountDue: facts.amountDue ?? '',
          currency: facts.currency,
          paymentDeadline,
          link: this.link(facts.id),
        },
        idempotencyKey: `${event.id}:${user.id}`,
      });
    }
  }

  private async toValidators(event: DomainEventEnvelope<'lifecycle.status-changed'>): Promise<void> {
    const validatorStructureId =
      event.payload.validatorStructureId ?? (await this.em.findOne(InvoiceState, { invoiceId: event.payload.invoiceId }))?.validatorStructureId ?? null;
    const facts = validatorStructureId ? await this.invoices.findFacts(event.payload.invoiceId) : null;
    if (!validatorStructureId || !facts) return;
    const [supplier, recipient] = await Promise.all([
      this.structures.findById(facts.supplierStructureId),
      facts.recipientStructureId ? this.structures.findById(facts.recipientStructureId) : null,
    ]);
    for (const user of await this.recipientsOf(validatorStructureId, null, 'FACTURES_A_VALIDER', 'INVOICE_TO_VALIDATE')) {
      await this.mail.send({
        template: 'invoicing.invoice-to-validate',
        to: user.notifyEmail,
        data: {
          firstName: user.firstName,
          invoiceNumber: facts.number ?? '',
          supplierName: supplier?.companyName ?? '',
          recipientName: recipient?.companyName ?? '',
          amountDue: facts.amountDue ?? '',
          currency: facts.currency,
          link: this.link(facts.id),
        },
        idempotencyKey: `${event.id}:${user.id}`,
      });
    }
  }

  private async toSuppliers(
    event: DomainEventEnvelope<'lifecycle.status-changed'>,
    status: SupplierStatus,
    supplierStructureId: string,
    recipientStructureId: string | null,
  ): Promise<void> {
    const facts = await this.invoices.findFacts(event.payload.invoiceId);
    if (!facts) return;
    const recipient = recipientStructureId ? await this.structures.findById(recipientStructureId) : null;
    for (const user of await this.recipientsOf(supplierStructureId, facts.supplierServiceId, 'FACTURES_EMISES', SUPPLIER_KINDS[status])) {
      await this.mail.send({
        template: 'invoicing.invoice-status-changed',
        to: user.notifyEmail,
        data: {
          firstName: user.firstName,
          invoiceNumber: facts.number ?? '',
          recipientName: recipient?.companyName ?? '',
          status,
          statusLabel: INVOICE_STATUS_LABELS[status].fr,
          reason: event.payload.comment,
          link: this.link(facts.id),
        },
        idempotencyKey: `${event.id}:${user.id}`,
      });
    }
  }
}
