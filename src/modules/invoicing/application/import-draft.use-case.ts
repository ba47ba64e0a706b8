import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { documentReport, extractFacturXXml, isTar, isGzip, parseInvoiceXml, readFlow, recognisedSyntax, type FlowDocument, type NormalisedInvoice, type ValidationReport } from '../../../lib/einvoice';
import { Actor } from '../../../shared/auth/actor';
import { DomainError, interpolate, type DefinedError, type ErrorParams } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { InvoiceFile } from '../domain/invoice-file.entity';
import { checkFileName, checkInvoiceDate } from '../domain/input-rules';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { isPdf, MAX_INVOICE_FILE_BYTES } from '../domain/submission-rules';
import { sanitiseFileName } from '../../../shared/files/file-name';
import { FileStore } from '../../../shared/files/file-store';
import { CreateDraft, type DraftFields } from './draft.use-cases';
import { storeFileBytes } from './files.use-cases';
import { submissionOf } from './flows.use-cases';

export type ImportSource = 'FACTURX' | 'PDF' | 'UBL' | 'CII';

/** A value of the document the draft could not take, and why (the user picks another before submitting). */
export interface ImportNotice {
  field: string;
  value: string;
  code: string;
  messageFr: string;
  message: string;
}

export interface ImportedDraft {
  id: string;
  source: ImportSource;
  /** What the reader and the EN 16931 rules said of the document; null for a PDF without structured data. */
  report: ValidationReport | null;
  notices: ImportNotice[];
}

/**
 * The portal's "start from a document": a UBL, CII or Factur-X file pre-fills a new draft, read and
 * validated by the flows' own reader and EN 16931 rules (the report comes back with the draft). A PDF
 * (Factur-X or plain) becomes the draft's main file (DEPOT_PDF_WEB); an XML only fills the fields
 * (SAISIE_WEB: the user's entry, which the platform renders as Factur-X once submitted). To deposit a
 * document as the legal invoice itself, as an ERP does, POST /api/v1/flows is the way.
 *
 * A document the reader refuses still pre-fills what it could read; an unreadable one creates nothing.
 * References the platform does not know (recipient, service) are left empty and reported as notices.
 */
@Injectable()
export class ImportDraft {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
    private readonly drafts: CreateDraft,
    private readonly store: FileStore,
  ) {}

  async execute(actor: Actor, input: { supplierStructureId: string; fileName: string; content: Buffer }): Promise<ImportedDraft> {
    const badName = checkFileName(input.fileName);
    if (badName) throw new DomainError(badName.error, badName.params ?? {}, badName.field);
    if (input.content.length === 0) throw new DomainError(InvoicingErrors.FILE_MISSING, {}, 'file');
    if (input.content.length > MAX_INVOICE_FILE_BYTES) throw new DomainError(InvoicingErrors.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
    if (isTar(input.content) || isGzip(input.content)) throw new DomainError(InvoicingErrors.IMPORT_ARCHIVE, {}, 'file');
    // Checked before the file is read (a stranger's upload is not parsed); CreateDraft checks it again, from the cache.
    await this.authorization.require(actor, input.supplierStructureId, 'FACTURES_EMISES', 'MODIFICATION');

    const pdf = isPdf(input.content);
    const syntax = recognisedSyntax(input.content);
    const read = await readFlow({ syntax, fileName: input.fileName, content: input.content }, { maxFlowBytes: MAX_INVOICE_FILE_BYTES });
    const document = read.documents[0];
    if (read.fatal || !document) {
      throw new DomainError(InvoicingErrors.IMPORT_UNREADABLE, { detail: read.fatal?.message ?? '', detailEn: read.fatal?.message_en ?? '' }, 'file');
    }
    const plainPdf = pdf && !document.result.ok && document.result.errors.some((e) => e.code === 'FACTURX_XML_NOT_FOUND');
    const invoice = plainPdf ? undefined : (document.result.invoice ?? readLeniently(input.content, pdf));
    if (!pdf && !invoice) throw new DomainError(InvoicingErrors.IMPORT_UNREADABLE, firstError(document), 'file');

    const notices: ImportNotice[] = [];
    const fields: DraftFields = invoice ? await this.prefill(invoice, input.supplierStructureId, notices) : {};
    fields.depositMode = pdf ? 'DEPOT_PDF_WEB' : 'SAISIE_WEB';

    const draft = await this.drafts.prepare(actor, { ...fields, supplierStructureId: input.supplierStructureId });
    await this.em.transactional(async (em) => {
      await this.drafts.insert(actor, draft); // joins this transaction: the draft and its main file commit together
      if (pdf) {
        const now = this.clock.now();
        em.persist(
          new InvoiceFile({
            invoiceId: draft.id,
            kind: 'main',
            fileName: sanitiseFileName(input.fileName),
            mediaType: 'application/pdf',
            ...(await storeFileBytes(this.store, em, input.content, now)),
            createdAt: now,
          }),
        );
      }
    });
    return {
      id: draft.id,
      source: plainPdf ? 'PDF' : pdf ? 'FACTURX' : syntax === 'IN_DP_E1_CII_16B' ? 'CII' : 'UBL',
      report: plainPdf ? null : documentReport(document, syntax),
      notices,
    };
  }

  /** The document's fields as a draft takes them; references the platform does not know are left out and noticed. */
  private async prefill(invoice: NormalisedInvoice, supplierStructureId: string, notices: ImportNotice[]): Promise<DraftFields> {
    const { supplierStructureId: _, ...fields }: DraftFields & { supplierStructureId?: string } = submissionOf(invoice, supplierStructureId);
    const supplier = await this.catalog.findById(supplierStructureId);
    const documentSupplier = invoice.supplier.siret;
    if (documentSupplier && supplier && documentSupplier !== supplier.identifier) {
      notices.push(notice('supplierIdentifier', documentSupplier, InvoicingErrors.IMPORT_SUPPLIER_MISMATCH, { siret: documentSupplier, expected: supplier.identifier }));
    }
    // An old document's date (outside the portal's accepted range) is left for the user to set.
    const badDate = checkInvoiceDate(fields.invoiceDate, this.clock.now());
    if (badDate && fields.invoiceDate) {
      notices.push(notice('invoiceDate', fields.invoiceDate, badDate.error, badDate.params ?? {}));
      fields.invoiceDate = undefined;
    }
    const recipientIdentifier = fields.recipientIdentifier?.trim();
    if (!recipientIdentifier) return fields;
    const recipient = await this.catalog.findByIdentifier(recipientIdentifier);
    if (!recipient) {
      notices.push(notice('recipientIdentifier', recipientIdentifier, InvoicingErrors.RECIPIENT_NOT_FOUND, {}));
      return { ...fields, recipientIdentifier: undefined, recipientServiceCode: undefined };
    }
    const serviceCode = fields.recipientServiceCode?.trim();
    if (serviceCode && !(await this.catalog.findService(recipient.id, serviceCode))) {
      notices.push(notice('recipientServiceCode', serviceCode, InvoicingErrors.SERVICE_NOT_FOUND, { serviceCode }));
      return { ...fields, recipientServiceCode: undefined };
    }
    return fields;
  }
}

function notice(field: string, value: string, error: DefinedError, params: ErrorParams): ImportNotice {
  return { field, value, code: error.code, messageFr: interpolate(error.fr, params), message: interpolate(error.en, params) };
}

/**
 * A document refused before it was read whole (no recipient SIRET, say) still pre-fills what it says:
 * read again without the routing and calculation requirements, which the report has already named.
 */
function readLeniently(content: Buffer, pdf: boolean): NormalisedInvoice | undefined {
  try {
    const xml = pdf ? extractFacturXXml(content).xml : content;
    const result = parseInvoiceXml(xml, { requirePartyIds: false, calculationRules: false });
    return result.invoice;
  } catch {
    return undefined; // unreadable: the report says why
  }
}

function firstError(document: FlowDocument): { detail: string; detailEn: string } {
  const first = document.result.ok ? undefined : document.result.errors[0];
  return { detail: first?.message_fr ?? '', detailEn: first?.message_en ?? '' };
}
