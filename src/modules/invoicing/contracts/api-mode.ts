import type { Readable } from 'node:stream';
import type { Tx } from '../../../shared/persistence/tx';
import type { Finding, ValidationReport } from '../../../lib/einvoice';
import { Actor } from '../../../shared/auth/actor';

/**
 * What the API mode (piste) may ask of invoicing: submit an invoice in one call, read, search, attach
 * files, deposit flows, reference lists. Types here are plain data (never entities).
 */

export interface ApiVatLine {
  rate: string;
  taxableAmount: string;
  vatAmount: string;
}

export interface ApiInvoiceLine {
  description: string;
  quantity: string;
  unitPrice: string;
  /** The unit price is for this many units (EN 16931 BT-149; absent: 1). */
  priceBaseQuantity?: string;
  vatRate: string;
  amountExclTax: string;
}

export interface ApiSubmissionInput {
  supplierStructureId: string;
  supplierServiceId?: string | null;
  /** A bank account of the supplier structure (organisation's BankAccountSummary.id). */
  bankAccountId?: string | null;
  billingFramework?: string;
  /** SIRET (or other identifier) of the recipient. */
  recipientIdentifier?: string | null;
  recipientStructureId?: string | null;
  recipientServiceCode?: string | null;
  /** Validation circuit (A9, A12): the validating structure, by id or by identifier (SIRET). */
  validatorStructureId?: string | null;
  validatorIdentifier?: string | null;
  number?: string | null;
  invoiceDate?: string | null;
  currency?: string;
  type?: string;
  engagementNumber?: string | null;
  contractNumber?: string | null;
  vatRegime?: string | null;
  paymentMode?: string | null;
  totalExclTax?: string | null;
  totalVat?: string | null;
  totalInclTax?: string | null;
  amountDue?: string | null;
  vatBreakdown?: ApiVatLine[];
  lines?: ApiInvoiceLine[];
  comment?: string | null;
  /** SAISIE_API, DEPOT_PDF_API (DEPOT_FLUX is set by flow processing). */
  depositMode: string;
}

export interface ApiFile {
  fileName: string;
  mediaType: string;
  content: Buffer;
}

/** A stored file to be streamed (bulk downloads): its size is known before a byte is read. */
export interface ApiStreamableFile {
  fileName: string;
  mediaType: string;
  size: number;
  /** The bytes, read from the file store as they are consumed. */
  open(): Promise<Readable>;
}

/**
 * A file whose bytes invoicing already keeps (ApiInvoices.keepFile, for the API mode's deposits): attached
 * by reference to those bytes (no copy; a copy inside the store only when another invoice already took
 * them), so the bytes are not read back, sent or written again.
 */
export interface ApiKeptFile {
  fileName: string;
  mediaType: string;
  keptFileId: string;
  sha256: string;
}

export type ApiFileInput = ApiFile | ApiKeptFile;

/** Bytes read by `ApiInvoices.receiveFile`, not kept yet: what checks need (size, hash, first 16 bytes). */
export interface ApiReceivedFile {
  readonly size: number;
  readonly sha256: string;
  readonly head: Buffer;
}

export interface ApiSubmissionFiles {
  main?: ApiFileInput;
  additional?: ApiFileInput[];
}

export interface SubmittedInvoice {
  invoiceId: string;
  publicId: number;
  number: string;
  submittedAt: Date;
}

export interface ApiInvoiceFile {
  id: string;
  kind: string;
  fileName: string;
  mediaType: string;
  size: number;
}

/** One invoice as the caller's side sees it. */
export interface ApiInvoiceDetails {
  id: string;
  publicId: number | null;
  side: 'SUPPLIER' | 'RECIPIENT' | 'VALIDATOR';
  supplierStructureId: string;
  supplierServiceId: string | null;
  billingFramework: string;
  recipientStructureId: string | null;
  recipientServiceCode: string | null;
  recipientServiceId: string | null;
  number: string | null;
  invoiceDate: string | null;
  currency: string;
  type: string;
  engagementNumber: string | null;
  contractNumber: string | null;
  vatRegime: string | null;
  paymentMode: string | null;
  totalExclTax: string | null;
  totalVat: string | null;
  totalInclTax: string | null;
  amountDue: string | null;
  vatBreakdown: ApiVatLine[];
  lines: ApiInvoiceLine[];
  comment: string | null;
  depositMode: string;
  depositFlowNumber: string | null;
  status: string;
  statusChangedAt: string;
  submittedAt: string | null;
  rejectionAcknowledged: boolean;
  /** Validation circuit (A9, A12): the validating structure; who decided and when is in the history. */
  validatorStructureId: string | null;
  files: ApiInvoiceFile[];
}

export interface ApiInvoiceHeader {
  id: string;
  publicId: number;
  number: string | null;
  depositMode: string;
  /** As the caller's side sees it. */
  status: string;
}

export interface ApiSearchFilters {
  role: 'supplier' | 'recipient';
  recipientStructureId?: string;
  supplierStructureId?: string;
  type?: string;
  billingFramework?: string;
  status?: string[];
  dateFrom?: string;
  dateTo?: string;
  submittedFrom?: string;
  submittedTo?: string;
  /** Last status change within [from, to], both ISO 8601 instants, inclusive (periodeDateHeureEtatCourantDu/Au). */
  statusChangedFrom?: string;
  statusChangedTo?: string;
  /** rejetTraite: rejected and acknowledged by the supplier (true), or not (false). */
  rejectionAcknowledged?: boolean;
  number?: string;
  depositFlowNumber?: string;
  sort?: string;
  direction?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface ApiInvoiceRow {
  id: string;
  publicId: number;
  number: string | null;
  invoiceDate: string | null;
  type: string;
  status: string;
  billingFramework: string;
  supplierStructureId: string;
  recipientStructureId: string | null;
  recipientServiceCode: string | null;
  currency: string;
  totalExclTax: string | null;
  totalInclTax: string | null;
  amountDue: string | null;
  submittedAt: string | null;
  statusChangedAt: string;
  depositMode: string;
  depositFlowNumber: string | null;
  rejectionAcknowledged: boolean;
}

export interface ApiSearchPage {
  items: ApiInvoiceRow[];
  page: number;
  pageSize: number;
  total: number;
}

/** What a Factur-X PDF's embedded CII XML says (deposer/pdf pre-fills a submission with it). */
export interface ApiPdfInvoiceData {
  number: string;
  /** YYYY-MM-DD */
  invoiceDate: string;
  type: 'FACTURE' | 'AVOIR';
  currency: string;
  totalExclTax: string;
  totalVat: string;
  totalInclTax: string;
  amountDue: string;
  supplierIdentifier: string | null;
  recipientIdentifier: string | null;
  recipientServiceCode: string | null;
  engagementNumber: string | null;
  contractNumber: string | null;
}

export abstract class ApiInvoices {
  /**
   * The invoice data of a Factur-X PDF (embedded CII XML), or null for a plain PDF or one whose XML
   * cannot be read as an invoice. Never throws on the content.
   */
  abstract readPdf(content: Buffer): ApiPdfInvoiceData | null;
  /**
   * Creates and submits an invoice with the portal's submission rules, in one transaction; nothing is left
   * behind when refused. `alongside` runs last in that transaction (the caller's own writes that must
   * commit with the submission, e.g. consuming the deposits it attached).
   */
  abstract submit(
    actor: Actor,
    input: ApiSubmissionInput,
    files?: ApiSubmissionFiles,
    alongside?: (tx: Tx) => Promise<void>,
  ): Promise<SubmittedInvoice>;
  abstract get(actor: Actor, invoiceId: string): Promise<ApiInvoiceDetails>;
  /** `get` by the integer public id (idFacture); INVOICE_NOT_FOUND (404) when there is none or it may not be read. */
  abstract getByPublicId(actor: Actor, publicId: number): Promise<ApiInvoiceDetails>;
  /** The internal id of an invoice by its integer public id (identifiantFactureCPP), or null. */
  abstract idOfPublicId(publicId: number): Promise<string | null>;
  /**
   * The invoice `supplierStructureId` submitted since `since` with a main file of these bytes (SHA-256), or
   * null: a PDF deposit retried after its submission is that invoice (DUPLICATE_DEPOSIT_WINDOW_MS).
   */
  abstract submittedWithMainFile(supplierStructureId: string, sha256: string, since: Date): Promise<{ publicId: number; number: string; submittedAt: Date } | null>;
  /**
   * What a status history names of its invoice, by public id, with the status of the caller's side; null
   * when there is no such invoice or the caller may not read it (the same answer: no oracle).
   */
  abstract header(actor: Actor, publicId: number): Promise<ApiInvoiceHeader | null>;
  abstract search(actor: Actor, filters: ApiSearchFilters): Promise<ApiSearchPage>;
  /** Adds an additional file (e.g. to complete a suspended invoice). */
  abstract addAdditionalFile(actor: Actor, invoiceId: string, file: ApiFileInput): Promise<void>;
  /**
   * Keeps deposited bytes in invoicing's file store, in the caller's transaction, until a submission or a
   * completion attaches them (ApiKeptFile) or the caller discards them. Size and type checks are the
   * caller's; the attachment checks them again.
   */
  abstract keepFile(tx: Tx, content: Buffer, now: Date): Promise<{ keptFileId: string; sha256: string }>;
  /**
   * Reads deposited bytes as they arrive, hashing them, outside any transaction (FileStore.receive); then
   * `keepReceivedFile` keeps them as `keepFile` does, or `discardReceivedFile` drops them.
   */
  abstract receiveFile(stream: Readable): Promise<ApiReceivedFile>;
  abstract keepReceivedFile(tx: Tx, file: ApiReceivedFile, now: Date): Promise<{ keptFileId: string; sha256: string }>;
  abstract discardReceivedFile(file: ApiReceivedFile): Promise<void>;
  /** Forgets kept bytes that were not attached (unused ones expired); attached ones now belong to their invoice file. */
  abstract discardKeptFiles(tx: Tx, keptFileIds: readonly string[]): Promise<void>;
  /**
   * The legal document (PDF) of a readable invoice: its deposited main file, else, once submitted, the
   * Factur-X the platform renders from its data (rendered and kept on the first call); null for a draft
   * without a main file. Described but not read: bulk downloads check the sizes first, then stream the
   * bytes. 404 INVOICE_NOT_FOUND when the actor may not read the invoice.
   */
  abstract mainFile(actor: Actor, invoiceId: string): Promise<ApiStreamableFile | null>;
  /** The additional files of a readable invoice (pieces complémentaires), oldest first. */
  abstract additionalFiles(actor: Actor, invoiceId: string): Promise<ApiStreamableFile[]>;
  /**
   * The structured rendition of a readable invoice: CII D16B (EN 16931) written from its data, so every
   * invoice has a document, whether it came with one or was entered on the portal or through the API.
   */
  abstract structuredXml(actor: Actor, invoiceId: string): Promise<ApiFile>;
}

export type FlowStateCode = 'IN_RECU' | 'IN_EN_ATTENTE_TRAITEMENT_CPP' | 'IN_EN_COURS_TRAITEMENT_CPP' | 'IN_INTEGRE' | 'IN_INTEGRE_PARTIEL' | 'IN_REJETE' | 'IN_INCIDENTE';

/** One invoice document of a flow: what it says, the invoice it became (or null), and its validation report. */
export interface FlowDocumentReport {
  /** The file of the flow it came from (archive path, or the deposited file name). */
  sourceName: string;
  invoiceNumber: string | null;
  supplierIdentifier: string | null;
  recipientIdentifier: string | null;
  /** The invoice created from it; null when refused. */
  invoiceId: string | null;
  report: ValidationReport;
}

export interface FlowReport {
  flowNumber: string;
  syntax: string;
  fileName: string;
  depositedAt: Date;
  state: FlowStateCode;
  stateChangedAt: Date;
  final: boolean;
  /** Findings about the whole flow (unreadable, technical incident); each document has its own report. */
  findings: Finding[];
  /** Every document of the flow, in order, once processed (empty before). */
  documents: FlowDocumentReport[];
  invoiceIds: string[];
  /** Set by a deposit that was a byte-identical retry: the report is the first deposit's (DUPLICATE_DEPOSIT_WINDOW_MS). */
  duplicate?: true;
}

/**
 * A deposit (flow, or PDF then submission) retried with byte-identical content by the same structure within
 * this time is answered as the first one instead of being a second deposit: a network retry without an
 * Idempotency-Key must not deposit twice. Ten minutes covers client retries with backoff.
 */
export const DUPLICATE_DEPOSIT_WINDOW_MS = 10 * 60 * 1000;

export abstract class FlowDeposits {
  /** Stores the flow and answers at once (`CPP` + digits); a worker processes it. Unknown syntax is refused here. */
  abstract deposit(
    actor: Actor,
    input: { structureId: string; syntax: string; fileName: string; content: Buffer; withSignature: boolean },
  ): Promise<FlowReport>;
  /** The flow's report for an actor of the depositing structure (Suivi des flux), or null. */
  abstract report(actor: Actor, flowNumber: string): Promise<FlowReport | null>;
}

export interface ReferenceEntry {
  code: string;
  labelFr: string;
  labelEn: string;
  /** Extra attributes of some lists (e.g. VAT rate, supported). */
  extra?: Record<string, string | number | boolean>;
}

export type ReferenceListName =
  | 'vatRates'
  | 'currencies'
  | 'countries'
  | 'depositModes'
  | 'paymentModes'
  | 'billingFrameworks'
  | 'invoiceTypes'
  | 'vatRegimes'
  | 'attachmentTypes'
  | 'flowSyntaxes'
  | 'flowStates'
  | 'vatExemptionReasons';

export abstract class InvoicingReference {
  abstract list(name: ReferenceListName): ReferenceEntry[];
}
