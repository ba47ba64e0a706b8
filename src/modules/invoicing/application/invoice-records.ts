import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { CorrectedRouting, InvoiceCatalog, InvoiceFacts, InvoiceWrites } from '../contracts/invoices';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { RoutingCheck } from './submit-invoice.use-case';

const facts = (i: Invoice, publicId: number | null = null): InvoiceFacts => ({
  id: i.id,
  publicId,
  number: i.number,
  invoiceDate: i.invoiceDate,
  type: i.type,
  supplierStructureId: i.supplierStructureId,
  supplierServiceId: i.supplierServiceId,
  recipientStructureId: i.recipientStructureId,
  recipientServiceId: i.recipientServiceId,
  recipientServiceCode: i.recipientServiceCode,
  engagementNumber: i.engagementNumber,
  amountDue: i.amountDue,
  currency: i.currency,
  submittedAt: i.submittedAt,
});

@Injectable()
export class MikroInvoiceCatalog extends InvoiceCatalog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async findFacts(invoiceId: string): Promise<InvoiceFacts | null> {
    const invoice = await this.em.findOne(Invoice, { id: invoiceId });
    return invoice ? facts(invoice, invoice.publicId ?? null) : null;
  }

  async findFactsByIds(invoiceIds: readonly string[]): Promise<InvoiceFacts[]> {
    if (invoiceIds.length === 0) return [];
    const invoices = await this.em.find(Invoice, { id: { $in: [...invoiceIds] } });
    return invoices.map((i) => facts(i, i.publicId ?? null));
  }
}

@Injectable()
export class MikroInvoiceWrites extends InvoiceWrites {
  constructor(
    private readonly routing: RoutingCheck,
    private readonly catalog: StructureCatalog,
  ) {
    super();
  }

  async projectStatus(em: EntityManager, invoiceId: string, status: string, supplierStatus: string, at: Date): Promise<void> {
    const invoice = await em.findOneOrFail(Invoice, { id: invoiceId });
    invoice.status = status;
    invoice.supplierStatus = supplierStatus;
    invoice.statusChangedAt = at;
  }

  async reroute(em: EntityManager, invoiceId: string, routing: CorrectedRouting): Promise<InvoiceFacts> {
    const invoice = await em.findOneOrFail(Invoice, { id: invoiceId });
    if (routing.recipientStructureId !== undefined) {
      const recipient = await this.catalog.findById(routing.recipientStructureId);
      if (!recipient) throw new DomainError(InvoicingErrors.RECIPIENT_NOT_FOUND, {}, 'recipientStructureId');
      invoice.recipientStructureId = recipient.id;
      invoice.recipientIsState = false;
    }
    if (routing.recipientServiceCode !== undefined) invoice.recipientServiceCode = routing.recipientServiceCode?.trim() || null;
    if (routing.engagementNumber !== undefined) invoice.engagementNumber = routing.engagementNumber?.trim() || null;
    const { serviceId } = await this.routing.resolve(invoice);
    invoice.recipientServiceId = serviceId;
    return facts(invoice);
  }
}
