import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { BEFORE_RECIPIENT_STATUSES, CorrectedRouting, LifecycleListener, LifecycleProjection } from '../../lifecycle/contracts/lifecycle';
import { projectedColumns } from './lifecycle-projection';
import { InvoiceCatalog, InvoiceFacts, InvoiceLookup, InvoiceReference } from '../contracts/invoices';
import { rawRows } from '../../../shared/persistence/raw';
import { emOf, Tx } from '../../../shared/persistence/tx';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { EngagementLedger } from '../../engagements/contracts/engagements';
import { chargeOf, RoutingCheck } from './submit-invoice.use-case';

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

/** The driver leaves dates and timestamps as PostgreSQL's text (MikroORM's type parsers). */
interface FactsRow {
  id: string;
  public_id: string | null;
  number: string | null;
  invoice_date: string | null;
  type: string;
  supplier_structure_id: string;
  supplier_service_id: string | null;
  recipient_structure_id: string | null;
  recipient_service_id: string | null;
  recipient_service_code: string | null;
  engagement_number: string | null;
  amount_due: string | null;
  currency: string;
  submitted_at: string | null;
}

const FACTS_SQL = `select id, public_id, number, invoice_date, type, supplier_structure_id, supplier_service_id, recipient_structure_id,
  recipient_service_id, recipient_service_code, engagement_number, amount_due, currency, submitted_at from invoice where id = ?`;

@Injectable()
export class MikroInvoiceCatalog extends InvoiceCatalog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  /**
   * The columns the facts need, not the entity: a mail per status change read the whole row (a 100-line
   * invoice's lines and VAT breakdown as JSON, turned to text by PostgreSQL, parsed, hydrated and copied
   * into the change-tracking snapshot) for fourteen fields. Dates go through the platform's own parsing,
   * as the entity's do.
   */
  async findFacts(invoiceId: string): Promise<InvoiceFacts | null> {
    const [row] = await rawRows<FactsRow>(this.em, FACTS_SQL, [invoiceId]);
    if (!row) return null;
    return {
      id: row.id,
      publicId: row.public_id === null ? null : Number(row.public_id),
      number: row.number,
      invoiceDate: row.invoice_date,
      type: row.type,
      supplierStructureId: row.supplier_structure_id,
      supplierServiceId: row.supplier_service_id,
      recipientStructureId: row.recipient_structure_id,
      recipientServiceId: row.recipient_service_id,
      recipientServiceCode: row.recipient_service_code,
      engagementNumber: row.engagement_number,
      amountDue: row.amount_due,
      currency: row.currency,
      submittedAt: row.submitted_at === null ? null : this.em.getPlatform().parseDate(row.submitted_at),
    };
  }

  async findFactsByIds(invoiceIds: readonly string[]): Promise<InvoiceFacts[]> {
    if (invoiceIds.length === 0) return [];
    const invoices = await this.em.find(Invoice, { id: { $in: [...invoiceIds] } });
    return invoices.map((i) => facts(i, i.publicId ?? null));
  }

  async hiddenFromRecipient(invoiceIds: readonly string[]): Promise<Set<string>> {
    if (invoiceIds.length === 0) return new Set();
    const rows = await rawRows<{ id: string }>(
      this.em,
      'select id from invoice where id = any(?::uuid[]) and (submitted_at is null or status = any(?::text[]))',
      [[...invoiceIds], [...BEFORE_RECIPIENT_STATUSES]],
    );
    return new Set(rows.map((r) => r.id));
  }
}

/** Invoicing's side of the transitions the lifecycle starts (architecture D25). */
@Injectable()
export class InvoicingLifecycleListener extends LifecycleListener {
  constructor(
    private readonly routing: RoutingCheck,
    private readonly catalog: StructureCatalog,
    private readonly engagements: EngagementLedger,
  ) {
    super();
  }

  async statusChanged(tx: Tx, invoiceId: string, projection: LifecycleProjection): Promise<void> {
    const em = emOf(tx);
    const columns = projectedColumns(projection);
    // Loaded in this transaction (a recycling): set on the entity, so that the caller's flush writes the
    // invoice once with its other changes. Otherwise (routing, processing) one update by id, without
    // reading and hydrating the row first.
    const loaded = em.getUnitOfWork().getById<Invoice>(Invoice.name, invoiceId);
    if (loaded) {
      Object.assign(loaded, columns);
      return;
    }
    const updated = await em.nativeUpdate(Invoice, { id: invoiceId }, columns);
    if (updated === 0) throw new DomainError(InvoicingErrors.INVOICE_NOT_FOUND, {}, 'invoiceId');
  }

  async rerouted(tx: Tx, invoiceId: string, routing: CorrectedRouting): Promise<{ recipientStructureId: string; recipientServiceId: string | null }> {
    const invoice = await emOf(tx).findOneOrFail(Invoice, { id: invoiceId });
    if (routing.recipientStructureId !== undefined) {
      const recipient = await this.catalog.findById(routing.recipientStructureId);
      if (!recipient) throw new DomainError(InvoicingErrors.RECIPIENT_NOT_FOUND, {}, 'recipientStructureId');
      invoice.recipientStructureId = recipient.id;
      invoice.recipientIsState = false;
    }
    if (routing.recipientServiceCode !== undefined) invoice.recipientServiceCode = routing.recipientServiceCode?.trim() || null;
    if (routing.engagementNumber !== undefined) invoice.engagementNumber = routing.engagementNumber?.trim() || null;
    const routed = await this.routing.resolve(invoice);
    invoice.recipientServiceId = routed.serviceId;
    // Delivered anew: whoever downloaded it before (the former recipient, or another service) was not its recipient now.
    invoice.recipientDownloadedAt = null;
    // The recycled invoice moves its charge to the engagement it now names (or drops it).
    await this.engagements.charge(tx, chargeOf(invoice, routed));
    return { recipientStructureId: routed.recipientStructureId, recipientServiceId: routed.serviceId };
  }
}

const reference = (i: Invoice): InvoiceReference => ({
  id: i.id,
  number: i.number ?? '',
  supplierStructureId: i.supplierStructureId,
  supplierServiceId: i.supplierServiceId ?? null,
  recipientStructureId: i.recipientStructureId,
  recipientServiceId: i.recipientServiceId ?? null,
  status: i.status,
  supplierStatus: i.supplierStatus,
});

@Injectable()
export class MikroInvoiceLookup extends InvoiceLookup {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async findByNumber(structureIds: readonly string[], number: string): Promise<InvoiceReference | null> {
    if (structureIds.length === 0 || !number.trim()) return null;
    const ids = [...structureIds];
    const invoice = await this.em.findOne(
      Invoice,
      {
        number: number.trim(),
        submittedAt: { $ne: null },
        // A recipient does not see an invoice still with its validator, or refused by it (architecture D25).
        $or: [{ supplierStructureId: { $in: ids } }, { recipientStructureId: { $in: ids }, status: { $nin: [...BEFORE_RECIPIENT_STATUSES] } }],
      },
      { orderBy: { submittedAt: 'desc' } },
    );
    return invoice ? reference(invoice) : null;
  }

  async findReference(invoiceId: string): Promise<InvoiceReference | null> {
    const invoice = await this.em.findOne(Invoice, { id: invoiceId });
    return invoice ? reference(invoice) : null;
  }
}
