import { LockMode, MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { assertNoBidiControl } from '../../../shared/domain/bidi-controls';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { ApiSubmissionInput, DUPLICATE_DEPOSIT_WINDOW_MS, FlowDeposits, FlowReport, FlowStateCode } from '../contracts/api-mode';
import { DocumentSyntax, findingsOfDomainError, technicalFinding } from '../domain/flow-findings';
import { FlowDocumentRecord, InvoiceFlow, WAITING_FLOW_STATES } from '../domain/invoice-flow.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { FLOW_STATES } from '../domain/reference';
import { FileStore } from '../../../shared/files/file-store';
import { findingOfFlowFatal, FLOW_SYNTAXES, isFlowSyntax, readFlow, refusalReport, reportOf as validationReportOf, reportSyntaxOf } from '../../../lib/einvoice';
import type { Finding, FlowDocument, NormalisedInvoice } from '../../../lib/einvoice';
import { ApiInvoicesService } from './api-mode.service';
import { flowInvoiceFiles } from './flow-files';
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
    findings: flow.findings.map(inOrder),
    documents: flow.documents.map((d) => ({
      sourceName: d.sourceName,
      invoiceNumber: d.invoiceNumber,
      supplierIdentifier: d.supplierIdentifier,
      recipientIdentifier: d.recipientIdentifier,
      invoiceId: d.invoiceId,
      report: { valid: d.report.valid, ...(d.report.syntax === undefined ? {} : { syntax: d.report.syntax }), findings: d.report.findings.map(inOrder) },
    })),
    invoiceIds: flow.invoiceIds,
  };
}

/** A finding with its fields in the documented order (jsonb stores keys in its own order). */
function inOrder(f: Finding): Finding {
  return {
    rule: f.rule,
    stage: f.stage,
    severity: f.severity,
    ...(f.location === undefined ? {} : { location: f.location }),
    ...(f.businessTerm === undefined ? {} : { businessTerm: f.businessTerm }),
    message: { fr: f.message.fr, en: f.message.en },
    ...(f.values === undefined ? {} : { values: f.values }),
    ...(f.reform === undefined ? {} : { reform: { status: f.reform.status, reason: f.reform.reason } }),
  };
}

/** The structured syntax a flow's documents are read in (XPath locations of findings); CPPFactureMin may be either. */
function documentSyntaxOf(flowSyntax: string): DocumentSyntax | undefined {
  if (flowSyntax.includes('UBL')) return 'UBL';
  if (flowSyntax.includes('CII')) return 'CII';
  return undefined;
}


/** What processing decided for a flow, applied to it in one go. */
interface FlowOutcome {
  state: FlowStateCode;
  findings: Finding[];
  documents: FlowDocumentRecord[];
  invoiceIds: string[];
}

/** A flow whose processing failed as a whole: no document is reported, none integrated. */
const INCIDENT: FlowOutcome = {
  state: 'IN_INCIDENTE',
  findings: [
    {
      rule: 'LIASSE-TECHNICAL-ERROR',
      stage: 'platform',
      severity: 'fatal',
      message: { fr: 'Erreur technique lors du traitement du flux.', en: 'Technical error while processing the flow.' },
    },
  ],
  documents: [],
  invoiceIds: [],
};

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
      ...(l.priceBaseQuantity === undefined ? {} : { priceBaseQuantity: l.priceBaseQuantity }),
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
    const contentSha256 = createHash('sha256').update(input.content).digest('hex');
    return this.em.transactional(async (em) => {
      const now = this.clock.now();
      const first = await this.sameDepositSince(em, input.structureId, input.syntax, contentSha256, now);
      if (first) return { ...reportOf(first), duplicate: true as const };
      // On the transaction's own connection (em.execute): getConnection().execute would take a second one from
      // the pool per deposit, and concurrent deposits then deadlocked on a full pool.
      const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('${FLOW_NUMBER_SEQUENCE}') as n`);
      const flow = new InvoiceFlow({
        flowNumber: `CPP${String(n).padStart(10, '0')}`,
        structureId: input.structureId,
        actorKind: actor.kind,
        actorId: actor.kind === 'user' ? actor.userId : actor.technicalAccountId,
        syntax: input.syntax,
        fileName,
        withSignature: input.withSignature,
        storedFileId: await this.store.put(em, input.content, now),
        contentSha256,
        now,
      });
      em.persist(flow);
      this.outbox.record(em, 'invoicing.flow-deposited', { flowId: flow.id, flowNumber: flow.flowNumber }, eventActorOf(actor));
      return reportOf(flow);
    });
  }

  /**
   * The structure's flow of the same syntax and bytes deposited within DUPLICATE_DEPOSIT_WINDOW_MS, if any.
   * Two identical deposits at once wait for each other on a transaction lock of their content, so the
   * second one sees the first.
   */
  private async sameDepositSince(em: EntityManager, structureId: string, syntax: string, contentSha256: string, now: Date): Promise<InvoiceFlow | null> {
    await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`flow:${structureId}:${contentSha256}`]);
    return em.findOne(
      InvoiceFlow,
      { structureId, syntax, contentSha256, depositedAt: { $gte: new Date(now.getTime() - DUPLICATE_DEPOSIT_WINDOW_MS) } },
      { orderBy: { depositedAt: 'asc' } },
    );
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
    private readonly outbox: Outbox,
  ) {}

  /**
   * Runs inside the event handler's transaction (the worker opens one per event): everything here uses
   * that context's connection, never a fork, so a job never needs two pooled connections at once.
   * The processing runs in a savepoint and each document in one of its own: whatever one document does
   * (a duplicate number on the unique index, a refused rule, a bug), it is undone alone and reported, and
   * the flow always reaches its final state — it never fails the job and stays waiting.
   */
  async execute(flowId: string): Promise<void> {
    const em = this.em;
    // The row lock serialises the queued job and the sweep: whoever comes second sees a final state.
    const flow = await em.findOne(InvoiceFlow, { id: flowId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!flow || FINAL.has(flow.state)) return;
    // No IN_EN_COURS_TRAITEMENT_CPP written first: this transaction holds the flow until its final state,
    // so no reader could ever see it (it was one update per flow for nothing).
    let outcome: FlowOutcome;
    try {
      outcome = await em.transactional(() => this.process(flow), { clear: true });
    } catch (error) {
      this.logger.error({ err: error, flowNumber: flow.flowNumber }, 'flow processing failed');
      outcome = INCIDENT;
    }
    flow.findings = outcome.findings;
    flow.documents = outcome.documents;
    flow.invoiceIds = outcome.invoiceIds;
    flow.moveTo(outcome.state, this.clock.now());
    this.outbox.record(em, 'invoicing.flow-processed', {
      flowId: flow.id,
      flowNumber: flow.flowNumber,
      structureId: flow.structureId,
      state: outcome.state,
      invoiceIds: outcome.invoiceIds,
    });
    await em.flush();
  }

  private async process(flow: InvoiceFlow): Promise<FlowOutcome> {
    const content = await this.store.read(flow.storedFileId);
    if (!content) throw new Error(`stored file of flow ${flow.flowNumber} is missing`);
    const result = await readFlow({ syntax: flow.syntax, fileName: flow.fileName, content });
    if (result.fatal) return { state: 'IN_REJETE', findings: [findingOfFlowFatal(result.fatal)], documents: [], invoiceIds: [] };
    const structure = await this.catalog.findById(flow.structureId);
    const documents: FlowDocumentRecord[] = [];
    for (const document of result.documents) documents.push(await this.integrate(flow, structure?.identifier ?? null, document));
    const invoiceIds = documents.flatMap((d) => (d.invoiceId ? [d.invoiceId] : []));
    const technical = documents.some((d) => d.report.findings.some((f) => f.rule === 'LIASSE-TECHNICAL-ERROR'));
    const state: FlowStateCode =
      invoiceIds.length === documents.length ? 'IN_INTEGRE' : invoiceIds.length > 0 ? 'IN_INTEGRE_PARTIEL' : technical ? 'IN_INCIDENTE' : 'IN_REJETE';
    return { state, findings: [], documents, invoiceIds };
  }

  /** One document: integrated in a savepoint of its own, or refused with its findings (its savepoint undone). */
  private async integrate(flow: InvoiceFlow, supplierIdentifier: string | null, document: FlowDocument): Promise<FlowDocumentRecord> {
    const syntax = documentSyntaxOf(flow.syntax);
    const reportSyntax = reportSyntaxOf(flow.syntax);
    if (!document.result.ok) {
      const refused = document.result.invoice;
      return {
        sourceName: document.sourceName,
        invoiceNumber: refused?.number ?? null,
        supplierIdentifier: refused?.supplier.siret ?? null,
        recipientIdentifier: refused?.recipient.siret ?? null,
        invoiceId: null,
        report: refusalReport(document.result, reportSyntax),
      };
    }
    const read = document.result;
    const invoice = read.invoice;
    const record = {
      sourceName: document.sourceName,
      invoiceNumber: invoice.number,
      supplierIdentifier: invoice.supplier.siret ?? null,
      recipientIdentifier: invoice.recipient.siret ?? null,
    };
    try {
      const invoiceId = await this.em.transactional(
        async () => {
          if (invoice.supplier.siret && supplierIdentifier && invoice.supplier.siret !== supplierIdentifier) {
            throw new DomainError(InvoicingErrors.FLOW_SUPPLIER_MISMATCH, { siret: invoice.supplier.siret, expected: supplierIdentifier });
          }
          const files = flowInvoiceFiles(invoice, read.pdf, read.pdfName);
          return this.invoices.submitFromFlow(actorOf(flow), submissionOf(invoice, flow.structureId), files, flow.flowNumber);
        },
        { clear: true },
      );
      return { ...record, invoiceId, report: validationReportOf(read.warnings ?? [], { syntax: reportSyntax, completed: true }) };
    } catch (error) {
      if (error instanceof DomainError) {
        return { ...record, invoiceId: null, report: validationReportOf(findingsOfDomainError(error, syntax), { syntax: reportSyntax, completed: true }) };
      }
      this.logger.error({ err: error, flowNumber: flow.flowNumber, sourceName: document.sourceName }, 'flow document integration failed');
      return { ...record, invoiceId: null, report: validationReportOf([technicalFinding()], { syntax: reportSyntax, completed: false }) };
    }
  }

  /** For the sweep: flows stuck before processing (lost job), oldest first. */
  async pending(olderThan: Date): Promise<string[]> {
    const flows = await this.orm.em.fork().find(
      InvoiceFlow,
      { state: { $in: [...WAITING_FLOW_STATES] }, depositedAt: { $lt: olderThan } },
      { fields: ['id'], limit: 100, orderBy: { depositedAt: 'asc' } },
    );
    return flows.map((f) => f.id);
  }

  /**
   * Processes the flows deposited before `olderThan` that never started (job lost: Redis flushed, outbox
   * event never relayed), each in its own transaction like the worker's job. Flows being processed hold
   * their row lock and are skipped. One flow failing (its transaction rolled back) is logged and counted,
   * and the sweep goes on with the next. Returns how many were processed.
   */
  async sweep(olderThan: Date): Promise<number> {
    let processed = 0;
    let failed = 0;
    const ids = await this.pending(olderThan);
    for (const id of ids) {
      try {
        const done = await this.em.transactional(async (em) => {
          const stuck = await em.findOne(InvoiceFlow, { id, state: { $in: [...WAITING_FLOW_STATES] } }, { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
          if (!stuck) return false;
          this.logger.warn({ flowNumber: stuck.flowNumber, state: stuck.state }, 'stuck flow processed by the sweep');
          await this.execute(id);
          return true;
        });
        if (done) processed++;
      } catch (error) {
        failed++;
        this.logger.error({ err: error, flowId: id }, 'stuck flow could not be processed; the sweep goes on');
      }
    }
    if (ids.length > 0) {
      const line = { found: ids.length, processed, failed };
      if (failed > 0) this.logger.error(line, 'stuck-flow sweep: some flows failed');
      else this.logger.log(line, 'stuck-flow sweep');
    }
    return processed;
  }
}
