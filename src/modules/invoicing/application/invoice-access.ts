import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Authorization, AuthorizedScope } from '../../habilitations/contracts/authorization';
import { GrantLevel } from '../../habilitations/contracts/applications';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { isBeforeRecipient } from '../../lifecycle/contracts/lifecycle';

/** VALIDATOR: the validating structure of a validation circuit (A9, A12), with « Factures à valider ». */
export type InvoiceSide = 'SUPPLIER' | 'RECIPIENT' | 'VALIDATOR';

/** What deciding a side reads of an invoice: the entity, or a row read for display. */
export type InvoiceParties = Pick<Invoice, 'submittedAt' | 'status' | 'supplierStructureId' | 'supplierServiceId' | 'recipientStructureId' | 'recipientServiceId'> &
  Partial<Pick<Invoice, 'issuerStructureId' | 'mandateId' | 'validatorStructureId'>>;

// The shared kernel's, re-exported for this context's use cases.
export { eventActorOf } from '../../../shared/events/domain-event';

/**
 * The rule of `InvoiceAccess.sideOf` (in CONSULTATION) on the scopes already read for the caller
 * (`Authorization.scopesAllowed` of Factures émises and Factures reçues): many invoices judged without a
 * check each. A scope of a whole structure (serviceId null) covers all of its invoices, a service's scope
 * only the invoices of that service, as for a member attached at service level.
 */
export function sideInScopes(invoice: InvoiceParties, scopes: { supplier: readonly AuthorizedScope[]; recipient: readonly AuthorizedScope[] }): InvoiceSide | null {
  const within = (list: readonly AuthorizedScope[], structureId: string, serviceId: string | null): boolean =>
    list.some((s) => s.structureId === structureId && (s.serviceId === null || s.serviceId === serviceId));
  if (
    invoice.submittedAt !== null &&
    !isBeforeRecipient(invoice.status) &&
    invoice.recipientStructureId !== null &&
    within(scopes.recipient, invoice.recipientStructureId, invoice.recipientServiceId)
  ) {
    return 'RECIPIENT';
  }
  if (within(scopes.supplier, invoice.supplierStructureId, invoice.supplierServiceId)) return 'SUPPLIER';
  // The mandatary that issued it under a mandate, as `InvoiceAccess.asIssuer` reads it (whole structure).
  const issuer = invoice.mandateId ? invoice.issuerStructureId : null;
  return issuer && scopes.supplier.some((s) => s.structureId === issuer && s.serviceId === null) ? 'SUPPLIER' : null;
}

/**
 * Loads an invoice for an actor. An invoice the actor may not even read answers 404 (its existence is
 * not disclosed); one they may read but not change answers 403.
 */
@Injectable()
export class InvoiceAccess {
  constructor(private readonly authorization: Authorization) {}

  /** Which side the actor reads the invoice from (recipient first), or null. */
  async sideOf(actor: Actor, invoice: InvoiceParties, level: GrantLevel = 'CONSULTATION'): Promise<InvoiceSide | null> {
    if (
      invoice.submittedAt !== null &&
      !isBeforeRecipient(invoice.status) &&
      invoice.recipientStructureId !== null &&
      (await this.authorization.allows(actor, invoice.recipientStructureId, 'FACTURES_RECUES', level, invoice.recipientServiceId))
    ) {
      return 'RECIPIENT';
    }
    if (await this.authorization.allows(actor, invoice.supplierStructureId, 'FACTURES_EMISES', level, invoice.supplierServiceId)) {
      return 'SUPPLIER';
    }
    if (await this.asIssuer(actor, invoice, level)) return 'SUPPLIER';
    if (
      invoice.submittedAt !== null &&
      invoice.validatorStructureId &&
      (await this.authorization.allows(actor, invoice.validatorStructureId, 'FACTURES_A_VALIDER', level))
    ) {
      return 'VALIDATOR';
    }
    return null;
  }

  /**
   * Moving a draft to another supplier service (or to none) takes MODIFICATION there too, as creating it
   * there would: a member attached to one service may not hand his draft to another. The mandatary that
   * issued it acts for the supplier's whole structure.
   */
  async requireSupplierService(actor: Actor, invoice: Invoice, serviceId: string | null): Promise<void> {
    if (serviceId === invoice.supplierServiceId || (await this.asIssuer(actor, invoice, 'MODIFICATION'))) return;
    await this.authorization.require(actor, invoice.supplierStructureId, 'FACTURES_EMISES', 'MODIFICATION', serviceId);
  }

  /** The mandatary that issued it under a mandate (habilitations' rule, shared with the lifecycle's reads). */
  private asIssuer(actor: Actor, invoice: InvoiceParties, level: GrantLevel): Promise<boolean> {
    return this.authorization.allowsAsIssuer(
      actor,
      { supplierStructureId: invoice.supplierStructureId, issuerStructureId: invoice.issuerStructureId ?? null, mandateId: invoice.mandateId ?? null },
      level,
    );
  }

  async readable(em: EntityManager, actor: Actor, invoiceId: string): Promise<{ invoice: Invoice; side: InvoiceSide }> {
    const invoice = await em.findOne(Invoice, { id: invoiceId });
    if (!invoice) throw new DomainError(InvoicingErrors.INVOICE_NOT_FOUND);
    const side = await this.sideOf(actor, invoice);
    if (!side) throw new DomainError(InvoicingErrors.INVOICE_NOT_FOUND);
    return { invoice, side };
  }

  /** The supplier side with MODIFICATION on Factures émises; the row is locked when `lock`. */
  async forSupplierChange(em: EntityManager, actor: Actor, invoiceId: string, lock = false): Promise<Invoice> {
    const invoice = await em.findOne(Invoice, { id: invoiceId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!invoice) throw new DomainError(InvoicingErrors.INVOICE_NOT_FOUND);
    // The usual case in one membership read; the refusal then tells 404 (not readable) from 403.
    const { supplierStructureId, supplierServiceId } = invoice;
    if (await this.authorization.allows(actor, supplierStructureId, 'FACTURES_EMISES', 'MODIFICATION', supplierServiceId)) return invoice;
    if (await this.asIssuer(actor, invoice, 'MODIFICATION')) return invoice;
    if (!(await this.sideOf(actor, invoice))) throw new DomainError(InvoicingErrors.INVOICE_NOT_FOUND);
    await this.authorization.require(actor, supplierStructureId, 'FACTURES_EMISES', 'MODIFICATION', supplierServiceId);
    return invoice;
  }
}
