import { TransactionPropagation } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { ActingMandate, Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceLifecycle } from '../../lifecycle/contracts/lifecycle';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { ApiSubmissionInput } from '../contracts/api-mode';
import { InvoiceFile } from '../domain/invoice-file.entity';
import { Invoice } from '../domain/invoice.entity';
import { checkInvoiceInput } from '../domain/input-rules';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { FileStore } from '../../../shared/files/file-store';
import { txOf } from '../../../shared/persistence/tx';
import { eventActorOf, InvoiceAccess } from './invoice-access';
import { violation } from './submit-invoice.use-case';

/** The State's single SIRET (DOMAIN.md): the "is it the State" shortcut. */
export const STATE_SIRET = '11000201100044';

/**
 * What an API submission says (submitWith creates its draft from one), each field optional (a PATCH:
 * absent = unchanged), plus the portal's recipientIsState.
 */
export interface DraftFields extends Partial<Omit<ApiSubmissionInput, 'supplierStructureId'>> {
  recipientIsState?: boolean;
}

export interface CreateDraftInput extends DraftFields {
  supplierStructureId: string;
}

const amount = (value: string | null | undefined): string | null | undefined =>
  value === undefined || value === null ? value : value.trim().replace(',', '.');
const text = (value: string | null | undefined): string | null | undefined =>
  value === undefined || value === null ? value : value.trim() === '' ? null : value.trim();

/**
 * Applies draft fields (a PATCH: absent = unchanged, null = cleared) after resolving the recipient. Every
 * entry path goes through here (portal drafts, API submissions, flows): the input rules (date range, no
 * bidi control in identifiers) refuse a value before it is stored; submission checks them again.
 */
/** Who issued a draft under a billing mandate, as the lifecycle keeps it (null: the supplier itself). */
const issuanceOf = (invoice: Invoice): { issuerStructureId: string; mandateId: string } | null =>
  invoice.issuerStructureId && invoice.mandateId ? { issuerStructureId: invoice.issuerStructureId, mandateId: invoice.mandateId } : null;

@Injectable()
export class DraftEditor {
  constructor(
    private readonly catalog: StructureCatalog,
    private readonly clock: Clock,
  ) {}

  async apply(invoice: Invoice, fields: DraftFields): Promise<void> {
    const refused = checkInvoiceInput(fields, this.clock.now());
    if (refused) throw violation(refused);
    if (fields.supplierServiceId !== undefined) {
      if (fields.supplierServiceId !== null) {
        const service = await this.catalog.findServiceById(fields.supplierServiceId);
        if (!service || service.structureId !== invoice.supplierStructureId) {
          throw new DomainError(InvoicingErrors.SUPPLIER_SERVICE_NOT_FOUND, {}, 'supplierServiceId');
        }
      }
      invoice.supplierServiceId = fields.supplierServiceId;
    }
    await this.applyRecipient(invoice, fields);
    await this.applyValidator(invoice, fields);
    const assign = <K extends keyof Invoice & keyof DraftFields>(key: K, value: Invoice[K] | undefined): void => {
      if (value !== undefined) invoice[key] = value;
    };
    assign('billingFramework', fields.billingFramework?.trim());
    assign('number', text(fields.number));
    assign('invoiceDate', fields.invoiceDate);
    assign('currency', fields.currency);
    assign('type', fields.type);
    assign('engagementNumber', text(fields.engagementNumber));
    assign('contractNumber', text(fields.contractNumber));
    assign('vatRegime', fields.vatRegime);
    assign('paymentMode', fields.paymentMode);
    assign('totalExclTax', amount(fields.totalExclTax));
    assign('totalVat', amount(fields.totalVat));
    assign('totalInclTax', amount(fields.totalInclTax));
    assign('amountDue', amount(fields.amountDue));
    assign('vatBreakdown', fields.vatBreakdown?.map((l) => ({ rate: l.rate, taxableAmount: amount(l.taxableAmount)!, vatAmount: amount(l.vatAmount)! })));
    assign('lines', fields.lines);
    assign('bankAccountId', fields.bankAccountId);
    assign('comment', fields.comment);
    assign('depositMode', fields.depositMode);
  }

  /** The validating structure, by id or identifier; unknown: refused here, naming the field that named it. */
  private async applyValidator(invoice: Invoice, fields: DraftFields): Promise<void> {
    const identifier = text(fields.validatorIdentifier);
    if (identifier) {
      const found = await this.catalog.findByIdentifier(identifier);
      if (!found) throw new DomainError(InvoicingErrors.VALIDATOR_NOT_FOUND, {}, 'validatorIdentifier');
      invoice.validatorStructureId = found.id;
    } else if (fields.validatorStructureId !== undefined) {
      if (fields.validatorStructureId !== null && !(await this.catalog.findById(fields.validatorStructureId))) {
        throw new DomainError(InvoicingErrors.VALIDATOR_NOT_FOUND, {}, 'validatorStructureId');
      }
      invoice.validatorStructureId = fields.validatorStructureId;
    }
  }

  private async applyRecipient(invoice: Invoice, fields: DraftFields): Promise<void> {
    if (fields.recipientServiceCode !== undefined) {
      invoice.recipientServiceCode = text(fields.recipientServiceCode) ?? null;
      invoice.recipientServiceId = null;
    }
    let field: string | undefined;
    let found: { id: string } | null = null;
    if (fields.recipientIsState === true) {
      field = 'recipientIsState';
      found = await this.catalog.findByIdentifier(STATE_SIRET, 'SIRET');
    } else if (fields.recipientIdentifier) {
      field = 'recipientIdentifier';
      found = await this.catalog.findByIdentifier(fields.recipientIdentifier.trim());
    } else if (fields.recipientStructureId) {
      field = 'recipientStructureId';
      found = await this.catalog.findById(fields.recipientStructureId);
    } else if (fields.recipientStructureId === null) {
      invoice.recipientStructureId = null;
      invoice.recipientIsState = false;
      return;
    }
    if (!field) return;
    if (!found) throw new DomainError(InvoicingErrors.RECIPIENT_NOT_FOUND, {}, field);
    invoice.recipientStructureId = found.id;
    invoice.recipientIsState = fields.recipientIsState === true;
    invoice.recipientServiceId = null;
  }
}

/**
 * The supplier's own grant, or else an active billing mandate from the supplier to a structure where the
 * actor holds Factures émises (the invoice is then issued under it); neither: the ordinary refusal.
 */
async function issuingMandate(authorization: Authorization, actor: Actor, input: Pick<CreateDraftInput, 'supplierStructureId' | 'supplierServiceId'>): Promise<ActingMandate | null> {
  const serviceId = input.supplierServiceId ?? null;
  if (await authorization.allows(actor, input.supplierStructureId, 'FACTURES_EMISES', 'MODIFICATION', serviceId)) return null;
  const mandate = await authorization.actingMandate(actor, input.supplierStructureId, 'MODIFICATION');
  if (mandate) return mandate;
  await authorization.require(actor, input.supplierStructureId, 'FACTURES_EMISES', 'MODIFICATION', serviceId);
  return null;
}

@Injectable()
export class CreateDraft {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly authorization: Authorization,
    private readonly editor: DraftEditor,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  /**
   * `depositFlowNumber`: the flow an invoice came in, written with the draft's own insert (a flow's
   * invoices carry it from the start). Joins the caller's transaction when there is one (a flow
   * document's savepoint, which undoes it whole on refusal): one savepoint less per document.
   */
  async execute(actor: Actor, input: CreateDraftInput, options: { depositFlowNumber?: string } = {}): Promise<string> {
    return this.insert(actor, await this.prepare(actor, input, options));
  }

  /**
   * The draft, checked and filled but not written: its reads (grant, recipient) done before the caller's
   * transaction, where the catalog's cache would not keep them (it may see uncommitted changes there).
   */
  async prepare(actor: Actor, input: CreateDraftInput, options: { depositFlowNumber?: string } = {}): Promise<Invoice> {
    // The grant implies the structure: a membership or a technical account exists only on one, and
    // structures are never deleted.
    const mandate = await issuingMandate(this.authorization, actor, input);
    const invoice = new Invoice(input.supplierStructureId, this.clock.now());
    invoice.createdBy = actor.kind === 'user' ? actor.userId : null;
    invoice.issuerStructureId = mandate?.mandataryStructureId ?? null;
    invoice.mandateId = mandate?.mandateId ?? null;
    await this.editor.apply(invoice, input);
    if (options.depositFlowNumber) invoice.depositFlowNumber = options.depositFlowNumber;
    return invoice;
  }

  /** Writes a prepared draft with its lifecycle; returns its id. */
  async insert(actor: Actor, invoice: Invoice): Promise<string> {
    await this.em.transactional(
      async (em) => {
        em.persist(invoice);
        await this.lifecycle.open(txOf(em), {
          invoiceId: invoice.id,
          supplierStructureId: invoice.supplierStructureId,
          supplierServiceId: invoice.supplierServiceId,
          actor: eventActorOf(actor),
          at: invoice.statusChangedAt,
          issuance: issuanceOf(invoice),
        });
        // Joining a transaction (REQUIRED) does not flush at the end of the callback: written here.
        await em.flush();
      },
      { propagation: TransactionPropagation.REQUIRED },
    );
    return invoice.id;
  }
}

@Injectable()
export class UpdateDraft {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly access: InvoiceAccess,
    private readonly editor: DraftEditor,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  async execute(actor: Actor, invoiceId: string, fields: DraftFields): Promise<void> {
    await this.em.transactional(async (em) => {
      const invoice = await this.access.forSupplierChange(em, actor, invoiceId, true);
      if (!invoice.isDraft) throw new DomainError(InvoicingErrors.NOT_A_DRAFT, { status: invoice.status });
      const serviceBefore = invoice.supplierServiceId;
      if (fields.supplierServiceId !== undefined) await this.access.requireSupplierService(actor, invoice, fields.supplierServiceId);
      await this.editor.apply(invoice, fields);
      if (invoice.supplierServiceId !== serviceBefore) await this.lifecycle.draftMoved(txOf(em), invoiceId, invoice.supplierServiceId);
      invoice.updatedAt = this.clock.now();
    });
  }
}

@Injectable()
export class DeleteDraft {
  constructor(
    private readonly em: EntityManager,
    private readonly access: InvoiceAccess,
    private readonly files: FileStore,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  /** `keep`: stored keys not to remove with the draft's files (kept files a refused API submission attached by reference). */
  async execute(actor: Actor, invoiceId: string, keep: readonly string[] = []): Promise<void> {
    await this.em.transactional(async (em) => {
      const invoice = await this.access.forSupplierChange(em, actor, invoiceId, true);
      if (!invoice.isDraft) throw new DomainError(InvoicingErrors.NOT_A_DRAFT, { status: invoice.status });
      const attached = await em.find(InvoiceFile, { invoiceId });
      await this.files.remove(em, attached.map((f) => f.storedFileId).filter((key) => !keep.includes(key)));
      await em.nativeDelete(InvoiceFile, { invoiceId });
      await this.lifecycle.discard(txOf(em), invoiceId);
      em.remove(invoice);
    });
  }
}

/** A new draft with the same content (files excepted, number cleared: it must be new). */
@Injectable()
export class DuplicateInvoice {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly access: InvoiceAccess,
    private readonly lifecycle: InvoiceLifecycle,
    private readonly authorization: Authorization,
  ) {}

  async execute(actor: Actor, invoiceId: string): Promise<string> {
    const source = await this.access.forSupplierChange(this.em.fork(), actor, invoiceId);
    const copy = new Invoice(source.supplierStructureId, this.clock.now());
    // A mandatary's copy is issued under the mandate it acts under now.
    const mandate = await issuingMandate(this.authorization, actor, source);
    copy.issuerStructureId = mandate?.mandataryStructureId ?? null;
    copy.mandateId = mandate?.mandateId ?? null;
    const copied: (keyof Invoice)[] = [
      'supplierServiceId', 'billingFramework', 'recipientStructureId', 'recipientServiceCode', 'recipientIsState', 'invoiceDate', 'currency', 'type',
      'engagementNumber', 'contractNumber', 'vatRegime', 'paymentMode', 'totalExclTax', 'totalVat', 'totalInclTax', 'amountDue',
      'vatBreakdown', 'lines', 'bankAccountId', 'comment', 'depositMode',
    ];
    for (const key of copied) (copy as unknown as Record<string, unknown>)[key] = source[key];
    copy.createdBy = actor.kind === 'user' ? actor.userId : null;
    await this.em.transactional(async (em) => {
      em.persist(copy);
      await this.lifecycle.open(txOf(em), {
        invoiceId: copy.id,
        supplierStructureId: copy.supplierStructureId,
        supplierServiceId: copy.supplierServiceId,
        actor: eventActorOf(actor),
        at: copy.statusChangedAt,
        issuance: issuanceOf(copy),
      });
    });
    return copy.id;
  }
}
