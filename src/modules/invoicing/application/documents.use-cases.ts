import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { parseRate } from '../../../shared/domain/money';
import { Clock } from '../../../shared/time/clock';
import {
  extractFacturXXml,
  renderDepositCertificate,
  renderFacturX,
  writeCiiInvoice,
  writeUblInvoice,
  type CertifiedFile,
  type InvoiceDocument,
  type PostalAddress,
} from '../../../lib/einvoice';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceLifecycle } from '../../lifecycle/contracts/lifecycle';
import { StructureCatalog, StructureSummary } from '../../organisation/contracts/structures';
import { InvoiceFile } from '../domain/invoice-file.entity';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { PAYMENT_MODES } from '../domain/reference';
import { frenchVatNumberOf } from '../domain/vat-number';
import { FileStore } from '../../../shared/files/file-store';
import { fileView, InvoiceFileView, storeFileBytes } from './files.use-cases';
import { InvoiceAccess } from './invoice-access';

/**
 * Documents out (issue 17): every submitted invoice has a legal document its recipient can download.
 * With a deposited main file, that file; without one (entered on the portal, SAISIE_API, a UBL or CII
 * flow), a Factur-X (PDF/A-3b + CII EN 16931) the platform renders from the invoice's data on first
 * request and keeps with the invoice's files (kind `rendered`), so every later download serves the same
 * bytes (docs/architecture.md D22: why lazily rather than at submission). On request, the same invoice
 * as CII or UBL, written from its data; for the supplier, a deposit certificate.
 */

export type DocumentFormat = 'facturx' | 'cii' | 'ubl';
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['facturx', 'cii', 'ubl'];

/** A document to send: kept bytes (streamed from the store) or bytes made now. */
export interface OutgoingDocument {
  file: Pick<InvoiceFileView, 'fileName' | 'mediaType' | 'size' | 'sha256'>;
  stream: Readable;
}

/** UNTDID 5305 category of a whole invoice's VAT regime (the rate decides otherwise: S, or Z at 0 %). */
const VAT_CATEGORY_OF_REGIME: Record<string, string> = { EXONERATION: 'E', SANS_TVA: 'O' };
/** UNTDID 4461 payment means of the portal's payment modes. */
const PAYMENT_MEANS_OF_MODE: Record<string, string> = { VIREMENT: '30', CHEQUE: '20', PRELEVEMENT: '49', ESPECE: '10', AUTRE: '1', REPORT: '1' };
const isZero = (value: string): boolean => {
  const parsed = parseRate(value);
  return parsed.ok && parsed.value === 0n;
};

function addressOf(structure: StructureSummary | null): PostalAddress | undefined {
  const a = structure?.address;
  if (a) return { line1: a.line1, line2: a.line2 ?? undefined, line3: a.line3 ?? undefined, postalCode: a.postalCode, city: a.city, countryCode: a.country || 'FR' };
  // EN 16931 requires the country of both parties (BR-09, BR-11): structures are French (SIRET) unless told.
  return structure ? { countryCode: 'FR' } : undefined;
}

/**
 * An invoice entered without lines (the portal allows it: totals and VAT breakdown only) is written with
 * one line per VAT rate, for the taxable amount at that rate: EN 16931 needs at least one line (BR-16) and
 * the lines' sum is then the total without VAT, as BR-CO-10/13 want.
 */
function linesOfBreakdown(invoice: Invoice): InvoiceDocument['lines'] {
  return invoice.vatBreakdown.map((v, i) => ({
    number: String(i + 1),
    description: `Montant hors TVA au taux de ${v.rate} %`,
    quantity: '1',
    unitPrice: v.taxableAmount,
    netAmount: v.taxableAmount,
    vatRate: v.rate,
  }));
}

/** A file name from an invoice number: what a file system accepts, the number still recognisable. */
const fileStem = (invoice: Invoice): string => (invoice.number ?? String(invoice.publicId ?? invoice.id)).replace(/[^\w.-]+/g, '_').slice(0, 100);

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

const FILE_ROLES: Record<string, string> = { main: 'Document déposé', additional: 'Pièce jointe', rendered: 'Factur-X rendue' };

@Injectable()
export class InvoiceDocuments {
  private readonly logger = new Logger(InvoiceDocuments.name);

  constructor(
    private readonly em: EntityManager,
    private readonly store: FileStore,
    private readonly catalog: StructureCatalog,
    private readonly lifecycle: InvoiceLifecycle,
    private readonly clock: Clock,
  ) {}

  /** The invoice as an EN 16931 document: its data, its parties' details, its due date and the payee's account. */
  async documentOf(invoice: Invoice): Promise<InvoiceDocument> {
    const [supplier, recipient, state, account] = await Promise.all([
      this.catalog.findById(invoice.supplierStructureId),
      invoice.recipientStructureId ? this.catalog.findById(invoice.recipientStructureId) : Promise.resolve(null),
      invoice.submittedAt ? this.lifecycle.view(invoice.id) : Promise.resolve(null),
      invoice.bankAccountId ? this.catalog.payeeAccount(invoice.supplierStructureId, invoice.bankAccountId) : Promise.resolve(null),
    ]);
    const category = VAT_CATEGORY_OF_REGIME[invoice.vatRegime ?? ''];
    // Not subject to VAT (O): no VAT identifier at all (BR-O-02, BR-O-04); otherwise the seller's, known or
    // derived from its SIREN (BR-S-02 and siblings).
    const subjectToVat = category !== 'O';
    const supplierVat = subjectToVat ? (supplier?.vatNumber ?? (supplier?.identifierType === 'SIRET' ? frenchVatNumberOf(supplier.identifier) : null) ?? undefined) : undefined;
    const paymentMode = PAYMENT_MODES.find((m) => m.code === invoice.paymentMode);
    const credit = invoice.type === 'AVOIR';
    return {
      number: invoice.number ?? '',
      issueDate: invoice.invoiceDate ?? '',
      type: credit ? 'AVOIR' : 'FACTURE',
      typeCode: credit ? '381' : '380',
      currency: invoice.currency,
      supplier: { siret: supplier?.identifier, name: supplier?.companyName, vatNumber: supplierVat, address: addressOf(supplier) },
      recipient: {
        siret: recipient?.identifier,
        name: recipient ? (recipient.label ?? recipient.companyName) : undefined,
        vatNumber: subjectToVat ? (recipient?.vatNumber ?? undefined) : undefined,
        serviceCode: invoice.recipientServiceCode ?? undefined,
        address: addressOf(recipient),
      },
      engagementNumber: invoice.engagementNumber ?? undefined,
      contractNumber: invoice.contractNumber ?? undefined,
      totals: {
        totalExclTax: invoice.totalExclTax ?? '0',
        totalVat: invoice.totalVat ?? '0',
        totalInclTax: invoice.totalInclTax ?? '0',
        amountDue: invoice.amountDue ?? invoice.totalInclTax ?? '0',
      },
      vatBreakdown: invoice.vatBreakdown.map((v) => ({ ...v, category: category ?? (isZero(v.rate) ? 'Z' : 'S') })),
      lines:
        invoice.lines.length > 0
          ? invoice.lines.map((l, i) => ({
              number: String(i + 1),
              description: l.description,
              quantity: l.quantity,
              unitPrice: l.unitPrice,
              netAmount: l.amountExclTax,
              vatRate: l.vatRate,
            }))
          : linesOfBreakdown(invoice),
      paymentMeansCode: PAYMENT_MEANS_OF_MODE[invoice.paymentMode ?? ''],
      iban: account?.iban,
      accountName: account?.name,
      dueDate: state?.paymentDeadline ?? undefined,
      paymentTerms: paymentMode ? `${paymentMode.labelFr}${state?.paymentDeadline ? '' : ' à réception'}` : undefined,
      note: invoice.comment ?? undefined,
    };
  }

  /** The deposited main file, or null. */
  mainFile(em: EntityManager, invoiceId: string): Promise<InvoiceFile | null> {
    return em.findOne(InvoiceFile, { invoiceId, kind: 'main' });
  }

  /**
   * The invoice's legal document: its deposited main file, else (submitted invoices only) the Factur-X
   * rendered from its data, rendered and kept on the first call. Null for a draft without a main file.
   */
  async legalDocument(invoice: Invoice): Promise<InvoiceFile | null> {
    const main = await this.mainFile(this.em.fork(), invoice.id);
    if (main) return main;
    if (!invoice.submittedAt) return null;
    return this.renderedFacturX(invoice);
  }

  /**
   * The kept Factur-X of an invoice without a deposited document. Rendered outside any transaction (CPU
   * does not hold a connection); kept under the invoice's row lock, so two first downloads at once keep
   * one file and both answer it.
   */
  async renderedFacturX(invoice: Invoice): Promise<InvoiceFile> {
    const em = this.em.fork();
    const kept = await em.findOne(InvoiceFile, { invoiceId: invoice.id, kind: 'rendered' });
    if (kept) return kept;
    const started = process.hrtime.bigint();
    const now = this.clock.now();
    const content = await renderFacturX(await this.documentOf(invoice), { at: now, paymentModeLabel: PAYMENT_MODES.find((m) => m.code === invoice.paymentMode)?.labelFr });
    const file = await em.transactional(async (tx) => {
      await tx.execute('select id from invoice where id = ? for update', [invoice.id]);
      const raced = await tx.findOne(InvoiceFile, { invoiceId: invoice.id, kind: 'rendered' });
      if (raced) return raced;
      const created = new InvoiceFile({
        invoiceId: invoice.id,
        kind: 'rendered',
        fileName: `${fileStem(invoice)}_factur-x.pdf`,
        mediaType: 'application/pdf',
        ...(await storeFileBytes(this.store, tx, content, now)),
        createdAt: now,
      });
      tx.persist(created);
      return created;
    });
    this.logger.log({ invoiceId: invoice.id, bytes: content.length, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'Factur-X rendered and kept');
    return file;
  }

  /** A kept file as a download. */
  async open(file: InvoiceFile): Promise<OutgoingDocument> {
    const stream = await this.store.open(file.storedFileId);
    if (!stream) throw new DomainError(InvoicingErrors.FILE_NOT_FOUND);
    return { file: fileView(file), stream };
  }

  /** Whether a PDF carries an invoice XML (is a Factur-X / ZUGFeRD): read from the store. */
  async isFacturX(file: InvoiceFile): Promise<boolean> {
    const content = await this.store.read(file.storedFileId);
    if (!content) return false;
    try {
      extractFacturXXml(content);
      return true;
    } catch {
      return false;
    }
  }

  /** Bytes made now, as a download. */
  made(fileName: string, mediaType: string, content: Buffer): OutgoingDocument {
    return { file: { fileName, mediaType, size: content.length, sha256: sha256(content) }, stream: Readable.from([content]) };
  }

  async certificateOf(invoice: Invoice): Promise<Buffer> {
    // The document the recipient gets is part of what is certified: rendered first when it is the platform's.
    await this.legalDocument(invoice);
    const em = this.em.fork();
    const [files, supplier, recipient] = await Promise.all([
      em.find(InvoiceFile, { invoiceId: invoice.id }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      this.catalog.findById(invoice.supplierStructureId),
      invoice.recipientStructureId ? this.catalog.findById(invoice.recipientStructureId) : Promise.resolve(null),
    ]);
    const certified: CertifiedFile[] = files.map((f) => ({ fileName: f.fileName, role: FILE_ROLES[f.kind] ?? f.kind, size: f.size, sha256: f.sha256 }));
    return renderDepositCertificate(
      {
        invoiceNumber: invoice.number ?? '',
        publicId: invoice.publicId ?? undefined,
        kind: invoice.type === 'AVOIR' ? 'AVOIR' : 'FACTURE',
        issueDate: invoice.invoiceDate ?? '',
        depositedAt: invoice.submittedAt!,
        depositMode: invoice.depositMode,
        depositFlowNumber: invoice.depositFlowNumber ?? undefined,
        supplier: { name: supplier?.companyName, siret: supplier?.identifier },
        recipient: { name: recipient ? (recipient.label ?? recipient.companyName) : undefined, siret: recipient?.identifier, serviceCode: invoice.recipientServiceCode ?? undefined },
        currency: invoice.currency,
        totals: {
          totalExclTax: invoice.totalExclTax ?? '0',
          totalVat: invoice.totalVat ?? '0',
          totalInclTax: invoice.totalInclTax ?? '0',
          amountDue: invoice.amountDue ?? invoice.totalInclTax ?? '0',
        },
        files: certified,
      },
      { at: this.clock.now() },
    );
  }

  fileStem(invoice: Invoice): string {
    return fileStem(invoice);
  }
}

/**
 * `GET /api/v1/invoices/{id}/document`: the invoice's legal document (no format), or the invoice as a
 * Factur-X, CII or UBL. Same access as the invoice's other reads; a recipient's download is recorded as
 * the invoice's files' are.
 */
@Injectable()
export class DownloadInvoiceDocument {
  constructor(
    private readonly em: EntityManager,
    private readonly access: InvoiceAccess,
    private readonly documents: InvoiceDocuments,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, invoiceId: string, format: DocumentFormat | undefined): Promise<OutgoingDocument> {
    const { invoice, side } = await this.access.readable(this.em, actor, invoiceId);
    if (!invoice.submittedAt) throw new DomainError(InvoicingErrors.DOCUMENT_OF_DRAFT);
    const document = await this.documentIn(invoice, format);
    if (side === 'RECIPIENT') {
      await this.em.nativeUpdate(Invoice, { id: invoiceId, recipientDownloadedAt: null }, { recipientDownloadedAt: this.clock.now() });
    }
    return document;
  }

  private async documentIn(invoice: Invoice, format: DocumentFormat | undefined): Promise<OutgoingDocument> {
    if (format === 'cii') return this.documents.made(`${this.documents.fileStem(invoice)}_cii.xml`, 'application/xml', writeCiiInvoice(await this.documents.documentOf(invoice)));
    if (format === 'ubl') return this.documents.made(`${this.documents.fileStem(invoice)}_ubl.xml`, 'application/xml', writeUblInvoice(await this.documents.documentOf(invoice)));
    const main = await this.documents.mainFile(this.em.fork(), invoice.id);
    if (main && format === 'facturx' && !(await this.documents.isFacturX(main))) {
      throw new DomainError(InvoicingErrors.DOCUMENT_NOT_FACTURX, {}, 'format');
    }
    return this.documents.open(main ?? (await this.documents.renderedFacturX(invoice)));
  }
}

/** `GET /api/v1/invoices/{id}/deposit-certificate`: the supplier's proof of deposit. */
@Injectable()
export class GetDepositCertificate {
  constructor(
    private readonly em: EntityManager,
    private readonly access: InvoiceAccess,
    private readonly authorization: Authorization,
    private readonly documents: InvoiceDocuments,
  ) {}

  async execute(actor: Actor, invoiceId: string): Promise<OutgoingDocument> {
    const { invoice } = await this.access.readable(this.em, actor, invoiceId);
    const supplier = await this.authorization.allows(actor, invoice.supplierStructureId, 'FACTURES_EMISES', 'CONSULTATION', invoice.supplierServiceId);
    if (!supplier) throw new DomainError(CommonErrors.FORBIDDEN);
    if (!invoice.submittedAt) throw new DomainError(InvoicingErrors.DOCUMENT_OF_DRAFT);
    const content = await this.documents.certificateOf(invoice);
    return this.documents.made(`${this.documents.fileStem(invoice)}_accuse-de-depot.pdf`, 'application/pdf', content);
  }
}
