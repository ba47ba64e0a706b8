import { TransactionPropagation, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { txOf } from '../../../shared/persistence/tx';
import { Clock } from '../../../shared/time/clock';
import { EngagementLedger, InvoiceCharge } from '../../engagements/contracts/engagements';
import { InvoiceLifecycle } from '../../lifecycle/contracts/lifecycle';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { InvoiceFile } from '../domain/invoice-file.entity';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { projectedColumns } from './lifecycle-projection';
import { checkInvoiceInput } from '../domain/input-rules';
import { checkBankAccount, checkContent, checkRouting, checkValidator, engagementChecked, invoiceYearOf, RuleViolation } from '../domain/submission-rules';
import { eventActorOf, InvoiceAccess } from './invoice-access';

export const NUMBER_UNIQUE_INDEX = 'invoice_number_unique';

/** What a totals issue compared, kept for validation reports (absent when it compared nothing). */
function issueValues(issue: { expected?: string; actual?: string }): { values?: Record<string, string> } {
  const values: Record<string, string> = {};
  if (issue.expected !== undefined) values.expected = issue.expected;
  if (issue.actual !== undefined) values.actual = issue.actual;
  return Object.keys(values).length > 0 ? { values } : {};
}

export function violation(v: RuleViolation): DomainError {
  return new DomainError(
    v.error,
    v.params ?? {},
    v.field,
    (v.issues ?? []).map((i) => ({
      field: i.field,
      code: i.code,
      message: { fr: i.messageFr, en: i.message },
      ...(i.rule === undefined ? {} : { rule: i.rule }),
      ...issueValues(i),
    })),
  );
}

/** Routing rules against the catalog; resolves the service. Shared by submission and recycling. */
@Injectable()
export class RoutingCheck {
  constructor(private readonly catalog: StructureCatalog) {}

  async resolve(
    invoice: Pick<Invoice, 'recipientStructureId' | 'recipientServiceCode' | 'engagementNumber'>,
  ): Promise<{ recipientStructureId: string; serviceId: string | null; engagementChecked: boolean }> {
    const found = invoice.recipientStructureId ? await this.catalog.findWithService(invoice.recipientStructureId, invoice.recipientServiceCode || null) : null;
    const recipient = found?.structure ?? null;
    const service = found?.service ?? null;
    const refused = checkRouting({ recipient, service, serviceCode: invoice.recipientServiceCode, engagementNumber: invoice.engagementNumber });
    if (refused) throw violation(refused);
    return { recipientStructureId: recipient!.id, serviceId: service?.id ?? null, engagementChecked: engagementChecked({ recipient, service, engagementNumber: invoice.engagementNumber }) };
  }
}

/** What the engagement ledger charges for an invoice just routed (submission, recycling). */
export const chargeOf = (invoice: Invoice, routed: { recipientStructureId: string; engagementChecked: boolean }): InvoiceCharge => ({
  invoiceId: invoice.id,
  invoiceNumber: invoice.number ?? '',
  invoiceType: invoice.type,
  recipientStructureId: routed.recipientStructureId,
  supplierStructureId: invoice.supplierStructureId,
  engagementNumber: invoice.engagementNumber,
  checked: routed.engagementChecked,
  amountInclTax: invoice.totalInclTax ?? '0',
  currency: invoice.currency,
});

/**
 * "Valider et envoyer": checks every submission rule, then marks the invoice submitted in one
 * transaction with its lifecycle (BROUILLON → DEPOSEE) and the `invoicing.invoice-submitted` event that
 * the routing worker consumes. The number's uniqueness is the database's partial unique index.
 */
@Injectable()
export class SubmitInvoice {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly access: InvoiceAccess,
    private readonly routing: RoutingCheck,
    private readonly lifecycle: InvoiceLifecycle,
    private readonly catalog: StructureCatalog,
    private readonly engagements: EngagementLedger,
  ) {}

  async execute(actor: Actor, invoiceId: string): Promise<void> {
    let number = '';
    let year = 0;
    try {
      await this.em.transactional(async (em) => {
        const invoice = await this.access.forSupplierChange(em, actor, invoiceId, true);
        if (!invoice.isDraft) throw new DomainError(InvoicingErrors.NOT_A_DRAFT, { status: invoice.status });
        const hasMainFile = (await em.count(InvoiceFile, { invoiceId, kind: 'main' })) > 0;
        // Again at submission: a draft saved before these rules, or whose date left the range since.
        const content = checkContent({ ...invoice, hasMainFile }) ?? checkInvoiceInput(invoice, this.clock.now());
        if (content) throw violation(content);
        const accounts = invoice.bankAccountId ? await this.catalog.listBankAccounts(invoice.supplierStructureId) : [];
        const bank = checkBankAccount({
          supplierStructureId: invoice.supplierStructureId,
          bankAccountId: invoice.bankAccountId,
          account: accounts.find((a) => a.id === invoice.bankAccountId) ?? null,
        });
        if (bank) throw violation(bank);
        const routed = await this.routing.resolve(invoice);
        const { recipientStructureId, serviceId } = routed;
        const { validatorStructureId } = invoice;
        const validator = validatorStructureId ? await this.catalog.findById(validatorStructureId) : null;
        const circuit = checkValidator({ ...invoice, recipientStructureId, validator });
        if (circuit) throw violation(circuit);
        // Last of the checks: it consumes the engagement (a conditional update in this transaction).
        await this.engagements.charge(txOf(em), chargeOf(invoice, routed));
        const now = this.clock.now();
        number = invoice.number!;
        year = invoiceYearOf(invoice.invoiceDate!);
        invoice.invoiceYear = year;
        invoice.recipientServiceId = serviceId;
        invoice.submittedAt = now;
        invoice.updatedAt = now;
        this.outbox.record(em, 'invoicing.invoice-submitted', { invoiceId, supplierStructureId: invoice.supplierStructureId, recipientStructureId }, eventActorOf(actor));
        // The lifecycle decides (DEPOSEE, its history and event) and writes nothing yet; its projection is
        // set here on the invoice (architecture D25), so that one flush writes everything at once: one
        // update of the invoice (these fields and the status read model), both events in one insert. The
        // number's unique index answers at that flush.
        const projection = await this.lifecycle.submit(txOf(em), {
          invoiceId,
          supplierServiceId: invoice.supplierServiceId,
          recipientStructureId,
          recipientServiceId: serviceId,
          validatorStructureId,
          actor: eventActorOf(actor),
        });
        Object.assign(invoice, projectedColumns(projection));
        // Nothing is written before this flush, so joining a caller's transaction (a flow document's
        // savepoint) instead of opening a savepoint of its own changes nothing on refusal; joined, the
        // transaction does not flush at the callback's end, hence the explicit flush.
        await em.flush();
      }, { propagation: TransactionPropagation.REQUIRED });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException && error.message.includes(NUMBER_UNIQUE_INDEX)) {
        throw new DomainError(InvoicingErrors.DUPLICATE_NUMBER, { number, year }, 'number');
      }
      throw error;
    }
  }
}
