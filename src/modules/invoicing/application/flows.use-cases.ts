import { LockMode, MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { assertNoBidiControl } from '../../../shared/domain/bidi-controls';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { ApiSubmissionInput, FlowDeposits, FlowReport, FlowStateCode } from '../contracts/api-mode';
import { InvoiceFlow } from '../domain/invoice-flow.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { FLOW_STATES } from '../domain/reference';
import { FileStore } from '../infrastructure/file-store/file-store';
import { FLOW_SYNTAXES, isFlowSyntax, readFlow } from '../../../lib/einvoice';
import type { NormalisedInvoice } from '../../../lib/einvoice';
import { ApiInvoicesService } from './api-mode.service';
import { eventActorOf } from './invoice-access';

export const FLOW_NUMBER_SEQUENCE = 'invoice_flow_number_seq';
export const MAX_FLOW_BYTES = 120 * 1024 * 1024;
export const MAX_FLOW_FILE_NAME = 50;

const FINAL = new Set<string>(FLOW_STATES.filter((s) => s.final).map((s) => s.code));

export function reportOf(flow: InvoiceFlow): FlowReport {
  return {
    flowNumber: flow.flowNumber,
    syntax: flow.syntax,
    fileName: flow.fileName,
    depositedAt: flow.depositedAt,
    state: flow.state as FlowStateCode,
    stateChangedAt: flow.stateChangedAt,
    final: FINAL.has(flow.state),
    invoiceErrors: flow.invoiceErrors,
    technicalErrors: flow.technicalErrors,
    invoiceIds: flow.invoiceIds,
  };
}

/** UNTDID 4461 payment means → modePaiement. */
export function paymentModeOf(code: string | undefined): string {
  switch (code) {
    case '10':
      return 'ESPECE';
    case '20':
      return 'CHEQUE';
    case '49':
    case '59':
      return 'PRELEVEMENT';
    default:
      return 'VIREMENT';
  }
}

export function submissionOf(invoice: NormalisedInvoice, supplierStructureId: string): ApiSubmissionInput {
  return {
    supplierStructureId,
    recipientIdentifier: invoice.recipient.siret ?? null,
    recipientServiceCode: invoice.recipient.serviceCode ?? null,
    engagementNumber: invoice.engagementNumber ?? null,
    contractNumber: invoice.contractNumber ?? null,
    number: invoice.number,
    invoiceDate: invoice.issueDate,
    type: invoice.type,
    currency: invoice.currency,
    billingFramework: 'A1_FACTURE_FOURNISSEUR',
    vatRegime: 'TVA_SUR_DEBIT',
    paymentMode: paymentModeOf(invoice.paymentMeansCode),
    totalExclTax: invoice.totals.totalExclTax,
    totalVat: invoice.totals.totalVat,
    totalInclTax: invoice.totals.totalInclTax,
    amountDue: invoice.totals.amountDue,
    vatBreakdown: invoice.vatBreakdown.map((v) => ({ rate: v.rate, taxableAmount: v.taxableAmount, vatAmount: v.vatAmount })),
    lines: invoice.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      vatRate: l.vatRate ?? '0',
      amountExclTax: l.netAmount,
    })),
    comment: invoice.note ? invoice.note.slice(0, 2000) : null,
    depositMode: 'DEPOT_FLUX',
  };
}

/** The actor a flow was deposited by, rebuilt for the worker (authorization is checked again there). */
function actorOf(flow: InvoiceFlow): Actor {
  return flow.actorKind === 'technical-account'
    ? { kind: 'technical-account', technicalAccountId: flow.actorId!, structureId: flow.structureId, oauthClientId: '', apiGroups: [] }
    : { kind: 'user', userId: flow.actorId!, sessionId: '', isAdmin: false };
}

@Injectable()
export class FlowDepositsService extends FlowDeposits {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly store: FileStore,
    private readonly authorization: Authorization,
  ) {
    super();
  }

  async deposit(
    actor: Actor,
    input: { structureId: string; syntax: string; fileName: string; content: Buffer; withSignature: boolean },
  ): Promise<FlowReport> {
    await this.authorization.require(actor, input.structureId, 'FACTURES_EMISES', 'MODIFICATION');
    if (!isFlowSyntax(input.syntax)) {
      throw new DomainError(InvoicingErrors.FLOW_SYNTAX_UNKNOWN, { syntax: input.syntax, allowed: [...FLOW_SYNTAXES] }, 'syntaxeFlux');
    }
    const fileName = input.fileName.trim();
    if (fileName === '' || fileName.length > MAX_FLOW_FILE_NAME) throw new DomainError(InvoicingErrors.FLOW_FILE_NAME_INVALID, {}, 'nomFichier');
    assertNoBidiControl({ nomFichier: fileName });
    if (input.content.length === 0) throw new DomainError(InvoicingErrors.FLOW_EMPTY, {}, 'fichierFlux');
    if (input.content.length > MAX_FLOW_BYTES) throw new DomainError(InvoicingErrors.FLOW_TOO_LARGE, { limit: '120 Mo' }, 'fichierFlux');
    return this.em.transactional(async (em) => {
      const [{ n }] = await em.getConnection().execute<{ n: string }[]>(`select nextval('${FLOW_NUMBER_SEQUENCE}') as n`);
      const now = this.clock.now();
      const flow = new InvoiceFlow({
        flowNumber: `CPP${String(n).padStart(10, '0')}`,
        structureId: input.structureId,
        actorKind: actor.kind,
        actorId: actor.kind === 'user' ? actor.userId : actor.technicalAccountId,
        syntax: input.syntax,
        fileName,
        withSignature: input.withSignature,
        storedFileId: await this.store.put(em, input.content, now),
        now,
      });
      em.persist(flow);
      this.outbox.record(em, 'invoicing.flow-deposited', { flowId: flow.id, flowNumber: flow.flowNumber }, eventActorOf(actor));
      return reportOf(flow);
    });
  }

  async report(actor: Actor, flowNumber: string): Promise<FlowReport | null> {
    const flow = await this.em.fork().findOne(InvoiceFlow, { flowNumber: flowNumber.trim() });
    if (!flow) return null;
    const allowed =
      (await this.authorization.allows(actor, flow.structureId, 'SUIVI_FLUX', 'CONSULTATION')) ||
      (await this.authorization.allows(actor, flow.structureId, 'FACTURES_EMISES', 'CONSULTATION'));
    return allowed ? reportOf(flow) : null;
  }
}

/**
 * The worker's half of a deposit: reads the flow (readFlow: UBL, CII, Factur-X, tar.gz; safe XML) and
 * submits each invoice through the portal's submission rules as the depositing actor. Final state:
 * IN_INTEGRE (all created), IN_INTEGRE_PARTIEL (some refused, listed), IN_REJETE (none), IN_INCIDENTE
 * (technical failure). Idempotent: a flow already in a final state is left alone.
 */
@Injectable()
export class ProcessFlow {
  private readonly logger = new Logger('ProcessFlow');

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly catalog: StructureCatalog,
    private readonly invoices: ApiInvoicesService,
    private readonly store: FileStore,
  ) {}

  /**
   * Runs inside the event handler's transaction (the worker opens one per event): everything here uses
   * that context's connection, never a fork, so a job never needs two pooled connections at once.
   */
  async execute(flowId: string): Promise<void> {
    const em = this.em;
    // The row lock serialises the queued job and the sweep: whoever comes second sees a final state.
    const flow = await em.findOne(InvoiceFlow, { id: flowId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!flow || FINAL.has(flow.state)) return;
    flow.moveTo('IN_EN_COURS_TRAITEMENT_CPP', this.clock.now());
    await em.flush();
    try {
      await this.process(flow);
    } catch (error) {
      this.logger.error({ err: error, flowNumber: flow.flowNumber }, 'flow processing failed');
      flow.technicalErrors = [{ code: 'ERREUR_TECHNIQUE', message: 'Erreur technique lors du traitement du flux.', nature: 'TECHNIQUE' }];
      flow.moveTo('IN_INCIDENTE', this.clock.now());
    }
    await em.flush();
  }

  private async process(flow: InvoiceFlow): Promise<void> {
    const content = await this.store.read(flow.storedFileId);
    if (!content) throw new Error(`stored file of flow ${flow.flowNumber} is missing`);
    const result = await readFlow({ syntax: flow.syntax, fileName: flow.fileName, content });
    if (result.fatal) {
      flow.technicalErrors = [{ code: result.fatal.code, message: result.fatal.message, nature: 'FLUX' }];
      flow.moveTo('IN_REJETE', this.clock.now());
      return;
    }
    const structure = await this.catalog.findById(flow.structureId);
    const actor = actorOf(flow);
    const created: string[] = [];
    const errors: InvoiceFlow['invoiceErrors'] = [];
    for (const document of result.documents) {
      if (!document.result.ok) {
        errors.push({
          supplierIdentifier: null,
          recipientIdentifier: null,
          invoiceNumber: null,
          message: `${document.sourceName} : ${document.result.errors.map((e) => e.message_fr).join(' ; ')}`,
        });
        continue;
      }
      const invoice = document.result.invoice;
      const identify = { supplierIdentifier: invoice.supplier.siret ?? null, recipientIdentifier: invoice.recipient.siret ?? null, invoiceNumber: invoice.number };
      try {
        if (invoice.supplier.siret && structure && invoice.supplier.siret !== structure.identifier) {
          throw new DomainError(InvoicingErrors.FLOW_SUPPLIER_MISMATCH, { siret: invoice.supplier.siret, expected: structure.identifier });
        }
        const pdf = document.result.pdf;
        const files = pdf ? { main: { fileName: (document.result.pdfName ?? `${invoice.number}.pdf`).slice(0, 255), mediaType: 'application/pdf', content: pdf } } : {};
        const submitted = await this.invoices.submitWith(actor, submissionOf(invoice, flow.structureId), files, flow.flowNumber);
        created.push(submitted.invoiceId);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        errors.push({ ...identify, message: error.localized('fr') });
      }
    }
    flow.invoiceIds = created;
    flow.invoiceErrors = errors;
    const state = created.length === 0 ? 'IN_REJETE' : errors.length > 0 ? 'IN_INTEGRE_PARTIEL' : 'IN_INTEGRE';
    flow.moveTo(state, this.clock.now());
  }

  /** For the sweep: flows stuck before processing (lost job), oldest first. */
  async pending(olderThan: Date): Promise<string[]> {
    const flows = await this.orm.em.fork().find(
      InvoiceFlow,
      { state: { $in: ['IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP'] }, depositedAt: { $lt: olderThan } },
      { fields: ['id'], limit: 100, orderBy: { depositedAt: 'asc' } },
    );
    return flows.map((f) => f.id);
  }

  /**
   * Processes the flows deposited before `olderThan` that never started (job lost: Redis flushed, outbox
   * event never relayed), each in its own transaction like the worker's job. Flows being processed hold
   * their row lock and are skipped. Returns how many were processed.
   */
  async sweep(olderThan: Date): Promise<number> {
    let processed = 0;
    for (const id of await this.pending(olderThan)) {
      const done = await this.em.transactional(async (em) => {
        const stuck = await em.findOne(
          InvoiceFlow,
          { id, state: { $in: ['IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP'] } },
          { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
        );
        if (!stuck) return false;
        this.logger.warn({ flowNumber: stuck.flowNumber, state: stuck.state }, 'stuck flow processed by the sweep');
        await this.execute(id);
        return true;
      });
      if (done) processed++;
    }
    return processed;
  }
}
