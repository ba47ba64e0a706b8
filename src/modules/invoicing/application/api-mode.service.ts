import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { emOf, Tx, txOf } from '../../../shared/persistence/tx';
import {
  ApiFile,
  ApiFileInput,
  ApiInvoiceDetails,
  ApiInvoiceHeader,
  ApiInvoices,
  ApiPdfInvoiceData,
  ApiReceivedFile,
  ApiSearchFilters,
  ApiSearchPage,
  ApiStreamableFile,
  ApiSubmissionFiles,
  ApiSubmissionInput,
  SubmittedInvoice,
} from '../contracts/api-mode';
import { InvoiceFile } from '../domain/invoice-file.entity';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { FileStore, ReceivedFile } from '../../../shared/files/file-store';
import { extractFacturXXml, parseCiiInvoice, writeCiiInvoice } from '../../../lib/einvoice';
import { CreateDraft } from './draft.use-cases';
import { InvoiceDocuments } from './documents.use-cases';
import { AddInvoiceFile, storeFileBytes } from './files.use-cases';
import { InvoiceAccess } from './invoice-access';
import { GetInvoice, SearchInvoices } from './read.use-cases';
import { SubmitInvoice } from './submit-invoice.use-case';

/**
 * The API mode's way in, composed of the portal's own use cases (same authorization, same submission
 * rules): draft → files → submission, and the draft is removed when submission is refused.
 */
@Injectable()
export class ApiInvoicesService extends ApiInvoices {
  constructor(
    private readonly em: EntityManager,
    private readonly createDraft: CreateDraft,
    private readonly addFile: AddInvoiceFile,
    private readonly submitInvoice: SubmitInvoice,
    private readonly getInvoice: GetInvoice,
    private readonly searchInvoices: SearchInvoices,
    private readonly access: InvoiceAccess,
    private readonly store: FileStore,
    private readonly documents: InvoiceDocuments,
  ) {
    super();
  }

  readPdf(content: Buffer): ApiPdfInvoiceData | null {
    let xml: Buffer;
    try {
      xml = extractFacturXXml(content).xml;
    } catch {
      // A plain PDF (no factur-x.xml), an encrypted or damaged one: nothing to read, not an error.
      return null;
    }
    // Parties without a SIRET are still worth pre-filling the rest: routing is checked at submission.
    const parsed = parseCiiInvoice(xml, { requirePartyIds: false, calculationRules: false });
    if (!parsed.ok) return null;
    const i = parsed.invoice;
    return {
      number: i.number,
      invoiceDate: i.issueDate,
      type: i.type,
      currency: i.currency,
      totalExclTax: i.totals.totalExclTax,
      totalVat: i.totals.totalVat,
      totalInclTax: i.totals.totalInclTax,
      amountDue: i.totals.amountDue,
      supplierIdentifier: i.supplier.siret ?? null,
      recipientIdentifier: i.recipient.siret ?? null,
      recipientServiceCode: i.recipient.serviceCode ?? null,
      engagementNumber: i.engagementNumber ?? null,
      contractNumber: i.contractNumber ?? null,
    };
  }

  /**
   * Draft, files, submission and the caller's `alongside` in one transaction. A refusal rolls it all back,
   * so no draft is left to clean up and the kept files it attached by reference stay as they were; and the
   * chain commits once instead of three times (each commit waits for its WAL flush, the commonest wait
   * under load). The draft's reads are done first, outside it (CreateDraft.prepare).
   */
  async submit(actor: Actor, input: ApiSubmissionInput, files: ApiSubmissionFiles = {}, alongside?: (tx: Tx) => Promise<void>): Promise<SubmittedInvoice> {
    const draft = await this.createDraft.prepare(actor, { ...input });
    return this.em.transactional(async (em) => {
      const id = await this.createDraft.insert(actor, draft);
      await this.attachAndSubmit(actor, id, files);
      await alongside?.(txOf(em));
      // The invoice as this transaction left it (its identity map: no read); the public id came back
      // with the draft's insert (its sequence default, `returning`).
      const invoice = await em.findOneOrFail(Invoice, id);
      return { invoiceId: id, publicId: invoice.publicId, number: invoice.number!, submittedAt: invoice.submittedAt! };
    });
  }

  /**
   * A flow document's invoice (flow processing), inside the caller's transaction: the document's savepoint
   * undoes the draft, its files and the submission together when any step refuses, so there is no draft
   * to clean up here and nothing to read back (the flow reports the invoice's id only). The draft is
   * inserted with its flow number, and the draft and submission steps join that savepoint instead of
   * opening their own.
   */
  async submitFromFlow(actor: Actor, input: ApiSubmissionInput, files: ApiSubmissionFiles, depositFlowNumber: string): Promise<string> {
    const id = await this.createDraft.execute(actor, { ...input }, { depositFlowNumber });
    await this.attachAndSubmit(actor, id, files);
    return id;
  }

  private async attachAndSubmit(actor: Actor, id: string, files: ApiSubmissionFiles): Promise<void> {
    if (files.main) await this.addFile.execute(actor, id, { kind: 'main', ...files.main });
    for (const file of files.additional ?? []) await this.addFile.execute(actor, id, { kind: 'additional', ...file });
    await this.submitInvoice.execute(actor, id);
  }

  get(actor: Actor, invoiceId: string): Promise<ApiInvoiceDetails> {
    return this.getInvoice.execute(actor, invoiceId);
  }

  getByPublicId(actor: Actor, publicId: number): Promise<ApiInvoiceDetails> {
    return this.getInvoice.execute(actor, { publicId });
  }

  async idOfPublicId(publicId: number): Promise<string | null> {
    if (!Number.isSafeInteger(publicId) || publicId <= 0) return null;
    const [row] = await this.em.execute<{ id: string }[]>('select id from invoice where public_id = ?', [publicId]);
    return row?.id ?? null;
  }

  /** The supplier's latest submissions by index (invoice_supplier_submitted_desc_idx), their main file by invoice id. */
  async submittedWithMainFile(supplierStructureId: string, sha256: string, since: Date): Promise<{ publicId: number; number: string; submittedAt: Date } | null> {
    const [row] = await rawRows<{ public_id: string; number: string; submitted_at: Date }>(
      this.em,
      `select i.public_id, i.number, i.submitted_at from invoice i join invoice_file f on f.invoice_id = i.id and f.kind = 'main'
        where i.supplier_structure_id = ? and i.submitted_at >= ? and f.sha256 = ? order by i.submitted_at limit 1`,
      [supplierStructureId, since, sha256],
    );
    return row ? { publicId: Number(row.public_id), number: row.number, submittedAt: row.submitted_at } : null;
  }

  /** One bound statement and the access rule (D15): the history's header needs five columns, not the invoice. */
  async header(actor: Actor, publicId: number): Promise<ApiInvoiceHeader | null> {
    if (!Number.isSafeInteger(publicId) || publicId <= 0) return null;
    const [row] = await rawRows<{
      id: string;
      number: string | null;
      deposit_mode: string;
      status: string;
      supplier_status: string;
      submitted_at: string | null;
      supplier_structure_id: string;
      supplier_service_id: string | null;
      recipient_structure_id: string | null;
      recipient_service_id: string | null;
      validator_structure_id: string | null;
      issuer_structure_id: string | null;
      mandate_id: string | null;
    }>(
      this.em,
      `select id, number, deposit_mode, status, supplier_status, submitted_at, supplier_structure_id, supplier_service_id,
              recipient_structure_id, recipient_service_id, validator_structure_id, issuer_structure_id, mandate_id
         from invoice where public_id = ?`,
      [publicId],
    );
    if (!row) return null;
    const side = await this.access.sideOf(actor, {
      submittedAt: row.submitted_at === null ? null : new Date(row.submitted_at),
      status: row.status,
      supplierStructureId: row.supplier_structure_id,
      supplierServiceId: row.supplier_service_id,
      recipientStructureId: row.recipient_structure_id,
      recipientServiceId: row.recipient_service_id,
      // The validator of a circuit and the mandatary that issued it read its history too.
      validatorStructureId: row.validator_structure_id,
      issuerStructureId: row.issuer_structure_id,
      mandateId: row.mandate_id,
    });
    if (!side) return null;
    // The lifecycle's read model on the invoice, written in the same transaction as its state (D18); the
    // recipient's status to the recipient, the supplier's to every other side.
    return { id: row.id, publicId, number: row.number, depositMode: row.deposit_mode, status: side === 'RECIPIENT' ? row.status : row.supplier_status };
  }

  search(actor: Actor, filters: ApiSearchFilters): Promise<ApiSearchPage> {
    return this.searchInvoices.execute(actor, filters);
  }

  async addAdditionalFile(actor: Actor, invoiceId: string, file: ApiFileInput): Promise<void> {
    await this.addFile.execute(actor, invoiceId, { kind: 'additional', ...file });
  }

  async keepFile(tx: Tx, content: Buffer, now: Date): Promise<{ keptFileId: string; sha256: string }> {
    const { storedFileId, sha256 } = await storeFileBytes(this.store, emOf(tx), content, now);
    return { keptFileId: storedFileId, sha256 };
  }

  receiveFile(stream: Readable): Promise<ApiReceivedFile> {
    return this.addFile.receive(stream);
  }

  async keepReceivedFile(tx: Tx, file: ApiReceivedFile, now: Date): Promise<{ keptFileId: string; sha256: string }> {
    return { keptFileId: await this.store.putReceived(emOf(tx), file as ReceivedFile, now), sha256: file.sha256 };
  }

  discardReceivedFile(file: ApiReceivedFile): Promise<void> {
    return this.addFile.discard(file as ReceivedFile);
  }

  /**
   * Kept keys an invoice file names (attached by reference) stay. Their rows are locked first: an
   * attachment in progress holds its key's row, so this waits for it and then sees its file.
   */
  async discardKeptFiles(tx: Tx, keptFileIds: readonly string[]): Promise<void> {
    const em = emOf(tx);
    if (keptFileIds.length === 0) return;
    const keys = [...keptFileIds];
    await rawRows(em, 'select id from invoice_stored_file where id = any(?::uuid[]) order by id for update', [keys]);
    const named = new Set(
      (await rawRows<{ stored_file_id: string }>(em, 'select stored_file_id from invoice_file where stored_file_id = any(?::uuid[])', [keys])).map((r) => r.stored_file_id),
    );
    await this.store.remove(em, keys.filter((key) => !named.has(key)));
  }

  async mainFile(actor: Actor, invoiceId: string): Promise<ApiStreamableFile | null> {
    const em = this.em.fork();
    const { invoice } = await this.access.readable(em, actor, invoiceId);
    // The deposited document, else the Factur-X the platform renders (and keeps) for a submitted invoice.
    const file = await this.documents.legalDocument(invoice);
    return file ? this.streamable(file) : null;
  }

  async additionalFiles(actor: Actor, invoiceId: string): Promise<ApiStreamableFile[]> {
    const em = this.em.fork();
    await this.access.readable(em, actor, invoiceId);
    const files = await em.find(InvoiceFile, { invoiceId, kind: 'additional' }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return files.map((file) => this.streamable(file));
  }

  /** Read from the file store only when opened, as it is consumed. */
  private streamable(file: InvoiceFile): ApiStreamableFile {
    const { storedFileId } = file;
    return {
      fileName: file.fileName,
      mediaType: file.mediaType,
      size: file.size,
      open: async () => {
        const stream = await this.store.open(storedFileId);
        if (!stream) throw new DomainError(InvoicingErrors.FILE_NOT_FOUND);
        return stream;
      },
    };
  }

  async structuredXml(actor: Actor, invoiceId: string): Promise<ApiFile> {
    const { invoice } = await this.access.readable(this.em.fork(), actor, invoiceId);
    const content = writeCiiInvoice(await this.documents.documentOf(invoice));
    return { fileName: `${invoice.publicId ?? invoice.id}.xml`, mediaType: 'application/xml', content };
  }
}
