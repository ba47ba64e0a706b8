import { StructureNames } from './structure-names';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, StreamableFile } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { ApiInvoiceDetails, ApiInvoices, ApiKeptFile, ApiSubmissionInput, InvoicingReference } from '../../invoicing/contracts/api-mode';
import { InvoiceProcessing } from '../../lifecycle/contracts/processing';
import { StructureCatalog, StructureSummary } from '../../organisation/contracts/structures';
import { PisteErrors } from '../domain/piste.errors';
import {
  amount,
  base64File,
  block,
  Body,
  codes,
  date,
  filterFlag,
  firstSet,
  instantOf,
  integer,
  list,
  oneOf,
  paging,
  parametresRetour,
  required,
  requiredAmount,
  requiredInteger,
  requiredText,
  text,
} from '../domain/readers';
import { rawRows } from '../../../shared/persistence/raw';
import { StagedAttachment } from '../infrastructure/staged-attachment.entity';
import { deleteStagedAttachments } from '../infrastructure/staged-attachments';
import { day, instant, minute, num, OK, safeFileName } from './piste-common';
import { consultedInvoice } from './invoice-answer';
import { PisteStructures } from './piste-structures.service';
import { implicitLineRate, lineAmount, readVatRate, requiredVatRate, VatRateCodes } from './vat-lines';
import { distinctInvoiceIds, DownloadBundle } from './bulk-download';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Our field names → the PISTE names clients sent, so error texts name what the client knows. */
const FIELD_NAMES: Record<string, string> = {
  number: 'numeroFactureSaisi',
  invoiceDate: 'dateFacture',
  recipientStructureId: 'destinataire.codeDestinataire',
  recipientIdentifier: 'destinataire.codeDestinataire',
  recipientServiceCode: 'destinataire.codeServiceExecutant',
  engagementNumber: 'references.numeroBonCommande',
  contractNumber: 'references.numeroMarche',
  billingFramework: 'cadreDeFacturation.codeCadreFacturation',
  totalExclTax: 'montantTotal.montantHtTotal',
  totalVat: 'montantTotal.montantTVA',
  totalInclTax: 'montantTotal.montantTtcTotal',
  amountDue: 'montantTotal.montantAPayer',
  vatBreakdown: 'ligneTva',
  files: 'pieceJointePrincipale',
  file: 'pieceJointePrincipale',
  supplierServiceId: 'fournisseur.idServiceFournisseur',
  bankAccountId: 'fournisseur.codeCoordonneesBancairesFournisseur',
  status: 'nouveauStatut',
};

function inPisteTerms(error: unknown): unknown {
  if (!(error instanceof DomainError) || !error.field || !FIELD_NAMES[error.field]) return error;
  const field = FIELD_NAMES[error.field];
  const params = { ...error.params, ...(error.params.field !== undefined ? { field } : {}) };
  return new DomainError(error.definition, params, field, error.issues.map((i) => ({ ...i, field: FIELD_NAMES[i.field] ?? i.field })));
}



@Injectable()
export class PisteInvoices {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly invoices: ApiInvoices,
    private readonly processing: InvoiceProcessing,
    private readonly catalog: StructureCatalog,
    private readonly structures: PisteStructures,
    private readonly names: StructureNames,
    private readonly reference: InvoicingReference,
  ) {}

  /** `recuperer/tauxtva` codes → rates, as soumettre reads `ligneTvaTaux` / `lignePosteTauxTva`. */
  private vatRateCodes(): VatRateCodes {
    return new Map(this.reference.list('vatRates').map((r) => [r.code.toUpperCase(), String(r.extra?.value ?? r.extra?.rate)]));
  }

  // ------------------------------------------------------------------ attachments

  async stage(actor: TechnicalAccountActor, body: Body, contentField: string, pdfOnly: boolean) {
    const content = base64File(body, contentField);
    if (content.length > MAX_ATTACHMENT_BYTES) throw new DomainError(PisteErrors.FIELD_INVALID, { field: contentField, reason: 'fichier de plus de 10 Mo' }, contentField);
    const isPdf = content.subarray(0, 5).toString('latin1') === '%PDF-';
    if (pdfOnly && !isPdf) throw new DomainError(PisteErrors.FIELD_INVALID, { field: contentField, reason: "le fichier n'est pas un PDF" }, contentField);
    const fileName = (text(body, ['nomFichier', 'pieceJointeNom']) ?? (isPdf ? 'facture.pdf' : 'fichier')).slice(0, 255);
    const mediaType = isPdf ? 'application/pdf' : (text(body, ['typeMime', 'pieceJointeTypeMime']) ?? 'application/octet-stream').slice(0, 100);
    const now = this.clock.now();
    // One transaction (flushed as it commits): the bytes go to invoicing's file store, the row that names them here.
    const staged = await this.em.fork().transactional(async (em) => {
      const kept = await this.invoices.keepFile(em, content, now);
      const attachment = new StagedAttachment({
        structureId: actor.structureId,
        technicalAccountId: actor.technicalAccountId,
        fileName,
        mediaType,
        keptFileId: kept.keptFileId,
        size: content.length,
        sha256: kept.sha256,
        now,
      });
      em.persist(attachment);
      return attachment;
    });
    return { publicId: staged.publicId, content };
  }

  async depositPdf(actor: TechnicalAccountActor, body: Body) {
    oneOf(body, 'formatDepot', ['PDF_NON_SIGNE', 'PDF_SIGNE'] as const);
    const staged = await this.stage(actor, body, 'fichierFacture', true);
    // A Factur-X PDF carries its invoice as CII XML: answered with soumettre's field names. A plain PDF: the id only.
    const read = this.invoices.readPdf(staged.content);
    if (!read) return { ...OK, pieceJointeId: staged.publicId };
    return {
      ...OK,
      pieceJointeId: staged.publicId,
      numeroFacture: read.number,
      dateFacture: read.invoiceDate,
      typeFacture: read.type,
      deviseFacture: read.currency,
      montantHtTotal: num(read.totalExclTax),
      montantTVA: num(read.totalVat),
      montantTtcTotal: num(read.totalInclTax),
      montantAPayer: num(read.amountDue),
      destinataire: { codeDestinataire: read.recipientIdentifier, codeServiceExecutant: read.recipientServiceCode },
      fournisseur: { codeFournisseur: read.supplierIdentifier },
      references: { deviseFacture: read.currency, typeFacture: read.type, numeroBonCommande: read.engagementNumber, numeroMarche: read.contractNumber },
      montantTotal: { montantHtTotal: num(read.totalExclTax), montantTVA: num(read.totalVat), montantTtcTotal: num(read.totalInclTax), montantAPayer: num(read.amountDue) },
    };
  }

  async addFile(actor: TechnicalAccountActor, body: Body) {
    const staged = await this.stage(actor, body, firstSet(body, ['pieceJointeFichier', 'fichier']) ?? 'pieceJointeFichier', false);
    return { ...OK, pieceJointeId: staged.publicId };
  }

  /** A staged file by its pieceJointeId, as invoicing attaches it: by reference to the bytes it keeps. */
  private async takeStaged(actor: TechnicalAccountActor, id: number, field: string, used: string[]): Promise<ApiKeptFile> {
    const [staged] = await rawRows<{ id: string; file_name: string; media_type: string; kept_file_id: string; sha256: string }>(
      this.em.fork(),
      `select id, file_name, media_type, kept_file_id, sha256 from piste_staged_attachment where public_id = ? and structure_id = ?`,
      [id, actor.structureId],
    );
    if (!staged) throw new DomainError(PisteErrors.ATTACHMENT_NOT_FOUND, { field, value: id }, field);
    used.push(staged.id);
    return { fileName: staged.file_name, mediaType: staged.media_type, keptFileId: staged.kept_file_id, sha256: staged.sha256 };
  }

  /** Staged files are copied into the invoice when used: once the call succeeded, they are consumed (row and bytes). */
  private async consume(used: string[]): Promise<void> {
    if (used.length === 0) return;
    await this.em.fork().transactional((em) => deleteStagedAttachments(em, this.invoices, { ids: used }));
  }

  // ------------------------------------------------------------------ submission

  async submit(actor: TechnicalAccountActor, body: Body) {
    const mode = oneOf(body, 'modeDepot', ['SAISIE_API', 'DEPOT_PDF_API'] as const);
    if (!mode) throw required('modeDepot');
    const recipient = block(body, 'destinataire');
    const supplier = block(body, 'fournisseur');
    const frame = block(body, 'cadreDeFacturation', 'codeCadreFacturation');
    const rateCodes = this.vatRateCodes();
    const refs = block(body, 'references');
    const totals = block(body, 'montantTotal');

    const supplierPublicId = integer(supplier, 'idFournisseur', 'fournisseur.idFournisseur');
    const own = await this.catalog.findById(actor.structureId);
    if (supplierPublicId !== undefined && own?.publicId !== supplierPublicId) {
      throw new DomainError(PisteErrors.SUPPLIER_NOT_ACCOUNT_STRUCTURE, { value: supplierPublicId }, 'fournisseur.idFournisseur');
    }
    const supplierServicePublicId = integer(supplier, 'idServiceFournisseur', 'fournisseur.idServiceFournisseur');
    const supplierServiceId = supplierServicePublicId
      ? (await this.structures.serviceByPublicId(actor.structureId, supplierServicePublicId, 'fournisseur.idServiceFournisseur')).id
      : null;
    const bankAccountPublicId = integer(supplier, 'codeCoordonneesBancairesFournisseur', 'fournisseur.codeCoordonneesBancairesFournisseur');
    const bankAccountId = bankAccountPublicId
      ? (await this.structures.bankAccountByPublicId(actor.structureId, bankAccountPublicId, 'fournisseur.codeCoordonneesBancairesFournisseur')).id
      : null;

    const vatBreakdown = list(body, 'ligneTva').map((l, i) => ({
      rate: requiredVatRate(l, 'ligneTva', `ligneTva[${i}]`, rateCodes),
      taxableAmount: requiredAmount(l, 'ligneTvaMontantBaseHtParTaux', `ligneTva[${i}].ligneTvaMontantBaseHtParTaux`),
      vatAmount: requiredAmount(l, 'ligneTvaMontantTvaParTaux', `ligneTva[${i}].ligneTvaMontantTvaParTaux`),
    }));
    const input: ApiSubmissionInput = {
      supplierStructureId: actor.structureId,
      supplierServiceId,
      bankAccountId,
      depositMode: mode,
      number: requiredText(body, ['numeroFactureSaisi', 'numeroFacture'], 'numeroFactureSaisi'),
      invoiceDate: date(body, 'dateFacture') ?? null,
      recipientIdentifier: requiredText(recipient, 'codeDestinataire', 'destinataire.codeDestinataire'),
      recipientServiceCode: text(recipient, 'codeServiceExecutant', 'destinataire.codeServiceExecutant') ?? null,
      billingFramework: text(frame, 'codeCadreFacturation', 'cadreDeFacturation.codeCadreFacturation') ?? 'A1_FACTURE_FOURNISSEUR',
      currency: text(refs, 'deviseFacture', 'references.deviseFacture') ?? 'EUR',
      type: oneOf(refs, 'typeFacture', ['FACTURE', 'AVOIR'] as const, 'references.typeFacture') ?? 'FACTURE',
      vatRegime: oneOf(refs, 'typeTva', ['TVA_SUR_DEBIT', 'TVA_SUR_ENCAISSEMENT', 'EXONERATION', 'SANS_TVA'] as const, 'references.typeTva') ?? 'TVA_SUR_DEBIT',
      paymentMode: oneOf(refs, 'modePaiement', ['CHEQUE', 'PRELEVEMENT', 'VIREMENT', 'ESPECE', 'AUTRE', 'REPORT'] as const, 'references.modePaiement') ?? 'VIREMENT',
      engagementNumber: text(refs, 'numeroBonCommande', 'references.numeroBonCommande') ?? null,
      contractNumber: text(refs, 'numeroMarche', 'references.numeroMarche') ?? null,
      totalExclTax: requiredAmount(totals, 'montantHtTotal', 'montantTotal.montantHtTotal'),
      totalVat: requiredAmount(totals, 'montantTVA', 'montantTotal.montantTVA'),
      totalInclTax: requiredAmount(totals, 'montantTtcTotal', 'montantTotal.montantTtcTotal'),
      amountDue: amount(totals, 'montantAPayer', 'montantTotal.montantAPayer') ?? requiredAmount(totals, 'montantTtcTotal', 'montantTotal.montantTtcTotal'),
      vatBreakdown,
      lines: list(body, 'lignePoste').map((l, i) => {
        const quantity = requiredAmount(l, 'lignePosteQuantite', `lignePoste[${i}].lignePosteQuantite`);
        const unitPrice = requiredAmount(l, 'lignePosteMontantUnitaireHT', `lignePoste[${i}].lignePosteMontantUnitaireHT`);
        return {
          description: text(l, ['lignePosteDenomination', 'lignePosteReference'], `lignePoste[${i}].lignePosteDenomination`) ?? '',
          quantity,
          unitPrice,
          vatRate: readVatRate(l, 'lignePoste', `lignePoste[${i}]`, rateCodes) ?? implicitLineRate(vatBreakdown, `lignePoste[${i}]`),
          amountExclTax: lineAmount(l, `lignePoste[${i}]`, quantity, unitPrice),
        };
      }),
      comment: text(body, 'commentaire')?.slice(0, 2000) ?? null,
    };
    if (!input.invoiceDate) throw required('dateFacture');

    const mainIds = list(body, 'pieceJointePrincipale').map((p, i) => integer(p, 'pieceJointePrincipaleId', `pieceJointePrincipale[${i}].pieceJointePrincipaleId`));
    const extraIds = list(body, 'pieceJointeComplementaire').map((p, i) =>
      integer(p, ['pieceJointeComplementaireId', 'pieceJointeId'], `pieceJointeComplementaire[${i}].pieceJointeComplementaireId`),
    );
    const mainId = mainIds.find((x) => x !== undefined);
    if (mode === 'DEPOT_PDF_API' && mainId === undefined) throw required('pieceJointePrincipale[0].pieceJointePrincipaleId');
    const used: string[] = [];
    const main = mainId !== undefined ? await this.takeStaged(actor, mainId, 'pieceJointePrincipale.pieceJointePrincipaleId', used) : undefined;
    const additional: ApiKeptFile[] = [];
    for (const id of extraIds) if (id !== undefined) additional.push(await this.takeStaged(actor, id, 'pieceJointeComplementaire.pieceJointeComplementaireId', used));

    const submitted = await this.invoices.submit(actor, input, { main, additional }).catch((e: unknown) => {
      throw inPisteTerms(e);
    });
    await this.consume(used);
    return {
      ...OK,
      identifiantFactureCPP: submitted.publicId,
      numeroFacture: submitted.number,
      statutFacture: 'DEPOSEE',
      dateDepot: day(submitted.submittedAt),
      identifiantStructure: own?.identifier ?? null,
    };
  }

  // ------------------------------------------------------------------ reading

  async invoiceIdOf(body: Body, names: readonly string[]): Promise<{ id: string; publicId: number }> {
    const publicId = requiredInteger(body, names, names[0]);
    const id = await this.invoices.idOfPublicId(publicId);
    if (!id) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field: names[0]!, value: publicId }, names[0]);
    return { id, publicId };
  }

  private async read(actor: TechnicalAccountActor, body: Body, names: readonly string[]): Promise<ApiInvoiceDetails> {
    const { id, publicId } = await this.invoiceIdOf(body, names);
    return this.invoices.get(actor, id).catch((e: unknown) => {
      if (e instanceof DomainError && e.status === 404) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field: names[0]!, value: publicId }, names[0]);
      throw e;
    });
  }

  private structuresById(ids: (string | null)[]): Promise<Map<string, StructureSummary>> {
    return this.names.byIds(ids);
  }

  async search(actor: TechnicalAccountActor, body: Body, role: 'supplier' | 'recipient') {
    const page = paging(block(body, role === 'supplier' ? 'rechercheFactureParFournisseur' : 'paramRecherche'));
    const criteria = role === 'supplier' ? body : { ...body, ...block(body, 'paramRecherche') };
    const statuses = codes(criteria, 'statutCourant');
    const counterpartPublicIds = role === 'supplier'
      ? list(criteria, 'listeDestinataire').map((d) => integer(d, 'idDestinataire')).filter((x): x is number => x !== undefined)
      : [integer(criteria, 'idFournisseur'), ...list(criteria, 'listeFournisseurs').map((f) => integer(f, 'idFournisseur'))].filter((x): x is number => x !== undefined);
    const counterparts = await Promise.all(counterpartPublicIds.map((id) => this.catalog.findByPublicId(id)));
    const counterpartId = counterparts.find((c) => c !== null)?.id;
    // Payment requests are invoices (FACTURE); works invoices (FACTURE_TRAVAUX) are not modelled: asking for them
    // finds none, instead of the same invoices again (Pastell asks for both and appends the two lists).
    const requestType = oneOf(criteria, 'typeDemandePaiement', ['FACTURE', 'FACTURE_TRAVAUX'] as const);
    if ((counterpartPublicIds.length > 0 && !counterpartId) || requestType === 'FACTURE_TRAVAUX') {
      const none = parametresRetour(page, 0);
      return role === 'supplier' ? { ...OK, listeFactures: [], parametresRetour: none } : { ...OK, listeFactures: [], ...none, parametresRetour: none };
    }
    const sortColumns: Record<string, string> = {
      NumeroFacture: 'number',
      DateFacture: 'invoiceDate',
      DateDepot: 'submittedAt',
      MontantAPayer: 'amountDue',
      MontantTTC: 'totalInclTax',
      Statut: 'status',
      DateHeureEtatCourant: 'statusChangedAt',
    };
    const rejetTraite = filterFlag(criteria, 'rejetTraite');
    const found = await this.invoices.search(actor, {
      role,
      depositFlowNumber: text(criteria, 'numeroFluxDepot'),
      number: text(criteria, 'numeroFacture'),
      type: oneOf(criteria, 'typeFacture', ['FACTURE', 'AVOIR'] as const),
      status: statuses.length > 0 ? statuses : undefined,
      billingFramework: text(criteria, 'cadreFacturation'),
      ...(role === 'supplier' ? { recipientStructureId: counterpartId } : { supplierStructureId: counterpartId }),
      submittedFrom: date(criteria, 'periodeDateDepotDu'),
      submittedTo: date(criteria, 'periodeDateDepotAu'),
      // Pastell asks for the invoices changed since its last run (Du: a date, Au: the date + "T23:59:59").
      statusChangedFrom: instantOf(criteria, 'periodeDateHeureEtatCourantDu', 'start'),
      statusChangedTo: instantOf(criteria, 'periodeDateHeureEtatCourantAu', 'end'),
      dateFrom: date(criteria, 'periodeDateFactureDu'),
      dateTo: date(criteria, 'periodeDateFactureAu'),
      sort: page.sort ? (sortColumns[page.sort] ?? 'submittedAt') : 'submittedAt',
      direction: page.direction,
      page: page.page,
      pageSize: page.pageSize,
    });
    const structures = await this.structuresById(found.items.flatMap((r) => [r.recipientStructureId, r.supplierStructureId]));
    const details = rejetTraite === undefined ? null : await Promise.all(found.items.map((r) => this.invoices.get(actor, r.id)));
    const rows = found.items
      .map((r, i) => ({ r, acknowledged: details ? details[i]!.rejectionAcknowledged : false }))
      .filter(({ acknowledged }) => rejetTraite === undefined || acknowledged === rejetTraite)
      .map(({ r, acknowledged }) => {
        const recipient = r.recipientStructureId ? structures.get(r.recipientStructureId) : undefined;
        const supplier = structures.get(r.supplierStructureId);
        return {
          identifiantFactureCPP: r.publicId,
          idFacture: r.publicId,
          typeDemandePaiement: 'FACTURE',
          numeroFacture: r.number,
          statut: r.status,
          numeroFluxDepot: r.depositFlowNumber,
          modeDepot: r.depositMode,
          dateDepot: day(r.submittedAt),
          dateFacture: r.invoiceDate,
          dateHeureEtatCourant: instant(r.statusChangedAt),
          typeFacture: r.type,
          cadreFacturation: r.billingFramework,
          codeDestinataire: recipient?.identifier ?? null,
          idDestinataire: recipient?.publicId ?? null,
          designationDestinataire: recipient ? (recipient.label ?? recipient.companyName) : null,
          codeServiceExecutant: r.recipientServiceCode,
          codeFournisseur: supplier?.identifier ?? null,
          idFournisseur: supplier?.publicId ?? null,
          designationFournisseur: supplier ? (supplier.label ?? supplier.companyName) : null,
          montantHT: num(r.totalExclTax),
          montantTTC: num(r.totalInclTax),
          montantAPayer: num(r.amountDue),
          devise: r.currency,
          rejetTraite: acknowledged,
          commentaireEtatCourant: null,
        };
      });
    const retour = parametresRetour(page, found.total);
    return role === 'supplier' ? { ...OK, listeFactures: rows, parametresRetour: retour } : { ...OK, listeFactures: rows, ...retour, parametresRetour: retour };
  }

  async history(actor: TechnicalAccountActor, body: Body) {
    const invoice = await this.read(actor, body, ['idFacture', 'identifiantFactureCPP']);
    const max = integer(body, 'nbResultatsMaximum');
    // go-choruspro pages the statuses (paramRechercheHistoStatuts); Pastell and Odoo ask for at most
    // nbResultatsMaximum, or all of them.
    const asked = block(body, 'paramRechercheHistoStatuts');
    const entries = await this.processing.history(actor, invoice.id);
    const perPage = Math.min(integer(asked, 'nbResultatsParPageListeHistoStatut') ?? max ?? Math.max(entries.length, 1), 1000);
    const page = integer(asked, 'pageResultatDemandeeListeHistoStatut') ?? 1;
    const shown = entries.slice((page - 1) * perPage, page * perPage);
    return {
      ...OK,
      idFacture: invoice.publicId,
      numeroFacture: invoice.number,
      modeDepot: invoice.depositMode,
      statutCourantCode: invoice.status,
      historiquesDesStatuts: {
        histoStatut: shown.map((e) => ({
          histoStatutId: e.seq,
          histoStatutCode: e.status,
          histoStatutLibelle: e.labelFr,
          histoStatutCodeCycleDeVie: e.reformCode,
          histoStatutDatePassage: minute(e.at),
          histoStatutCommentaire: e.comment,
          histoStatutUtilisateurNom: e.actorKind === 'technical-account' ? 'Compte technique' : e.actorKind === 'system' ? 'Plateforme' : null,
          histoStatutUtilisateurPrenom: null,
        })),
        nbResultatsParPageHistoStatut: perPage,
        pageCouranteHistoStatut: page,
        pagesHistoStatut: Math.max(1, Math.ceil(entries.length / perPage)),
        totalHistoStatut: entries.length,
        nbResultatsMaximum: max ?? null,
        nbTotalResultats: entries.length,
      },
    };
  }

  async consult(actor: TechnicalAccountActor, body: Body) {
    const invoice = await this.read(actor, body, ['identifiantFactureCPP', 'idFacture']);
    const [supplier, recipient] = await Promise.all([
      this.catalog.findById(invoice.supplierStructureId),
      invoice.recipientStructureId ? this.catalog.findById(invoice.recipientStructureId) : Promise.resolve(null),
    ]);
    const codes = [...this.vatRateCodes()];
    const rateCodeOf = (rate: string): string | null => codes.find(([, value]) => Number(value) === Number(rate))?.[0] ?? null;
    return { ...OK, facture: consultedInvoice(invoice, { supplier, recipient }, rateCodeOf, body) };
  }

  // ------------------------------------------------------------------ processing

  async process(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await this.invoiceIdOf(body, ['idFacture', 'identifiantFactureCPP']);
    const status = requiredText(body, 'nouveauStatut');
    const view = await this.processing
      .changeStatus(actor, id, { status, reason: text(body, 'motif'), mandateNumber: text(body, 'numeroDPMandat') })
      .catch((e: unknown) => {
        throw inPisteTerms(e);
      });
    const invoice = await this.invoices.get(actor, id);
    // dateTraitement is a date: go-choruspro decodes it as YYYY-MM-DD (TraiterFactureRecueResponse, CompleterFactureResponse).
    return { ...OK, idFacture: publicId, numeroFacture: invoice.number, nouveauStatut: view.status, dateTraitement: day(view.statusChangedAt) };
  }

  possibleStatuses(body: Body) {
    const status = text(body, 'statutCourant');
    const statuses = status ? this.processing.recipientTargetsFrom(status) : [];
    return { ...OK, listeStatutsPossiblesPourTraitement: statuses.map((s) => ({ statutPossiblePourTraitement: s })) };
  }

  async complete(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await this.invoiceIdOf(body, ['idFacture', 'identifiantFactureCPP']);
    for (const p of list(body, 'pieceJointeComplementaire')) {
      const pid = integer(p, ['pieceJointeComplementaireId', 'pieceJointeId']);
      if (pid === undefined) continue;
      const used: string[] = [];
      await this.invoices.addAdditionalFile(actor, id, await this.takeStaged(actor, pid, 'pieceJointeComplementaire.pieceJointeComplementaireId', used));
      await this.consume(used);
    }
    const view = await this.processing.complete(actor, id, text(body, 'commentaire'));
    return { ...OK, idFacture: publicId, identifiantFactureCPP: publicId, statutFacture: view.supplierStatus, dateTraitement: day(view.statusChangedAt) };
  }

  async recycle(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await this.invoiceIdOf(body, ['idFacture', 'identifiantFactureCPP']);
    const recipient = block(body, 'destinataire');
    const code = text(body, 'idDestinataire') ? undefined : text(recipient, 'codeDestinataire', 'destinataire.codeDestinataire');
    const publicRecipient = integer(body, 'idDestinataire') ?? integer(recipient, 'idDestinataire', 'destinataire.idDestinataire');
    let recipientStructureId: string | undefined;
    if (publicRecipient !== undefined) recipientStructureId = (await this.structures.structureByPublicId(publicRecipient, 'idDestinataire')).id;
    else if (code) {
      const found = await this.catalog.findByIdentifier(code);
      if (!found) throw new DomainError(PisteErrors.STRUCTURE_NOT_FOUND, { field: 'destinataire.codeDestinataire', value: code }, 'destinataire.codeDestinataire');
      recipientStructureId = found.id;
    }
    const view = await this.processing
      .recycle(actor, id, {
        recipientStructureId,
        recipientServiceCode: text(body, 'codeServiceExecutant') ?? text(recipient, 'codeServiceExecutant', 'destinataire.codeServiceExecutant'),
        engagementNumber: text(body, 'numeroEngagement') ?? text(body, 'numeroBonCommande'),
        comment: text(body, 'commentaire'),
      })
      .catch((e: unknown) => {
        throw inPisteTerms(e);
      });
    return { ...OK, idFacture: publicId, identifiantFactureCPP: publicId, statutFacture: view.supplierStatus, dateTraitement: day(view.statusChangedAt) };
  }

  async acknowledgeRejection(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await this.invoiceIdOf(body, ['idFacture', 'identifiantFactureCPP']);
    const view = await this.processing.acknowledgeRejection(actor, id);
    return { ...OK, idFacture: publicId, statutFacture: view.supplierStatus, rejetTraite: view.rejectionAcknowledged };
  }

  /**
   * telecharger/groupe. PDF/ZIP: each invoice's deposited document, else its structured XML (an invoice
   * entered on the portal or through the API has no other yet); PIVOT/XML: the structured XML, itself (not
   * archived) for one invoice. At most MAX_DOWNLOAD_INVOICES distinct invoices and MAX_DOWNLOAD_BYTES in
   * all; everything (ids, access, sizes) is checked before the first byte is sent, then the archive is
   * streamed as a base64 .tar.gz inside the JSON answer, never built in memory.
   */
  async downloadGroup(actor: TechnicalAccountActor, body: Body): Promise<StreamableFile> {
    const format = oneOf(body, 'format', ['PDF', 'ZIP', 'XML', 'PIVOT'] as const) ?? 'PDF';
    const structured = format === 'XML' || format === 'PIVOT';
    const requested = list(body, 'listeFacture').map((f, i) => requiredInteger(f, ['idFacture', 'identifiantFactureCPP'], `listeFacture[${i}].idFacture`));
    if (requested.length === 0) throw required('listeFacture');
    const ids = distinctInvoiceIds(requested, 'listeFacture');
    const bundle = new DownloadBundle('listeFacture', this.clock.now());
    for (const publicId of ids) {
      const id = await this.invoices.idOfPublicId(publicId);
      if (!id) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field: 'listeFacture.idFacture', value: publicId }, 'listeFacture.idFacture');
      const notFound = (e: unknown): never => {
        if (e instanceof DomainError && e.status === 404) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field: 'listeFacture.idFacture', value: publicId }, 'listeFacture.idFacture');
        throw e;
      };
      const file = structured ? null : await this.invoices.mainFile(actor, id).catch(notFound);
      if (file) bundle.addStored(`${publicId}_${safeFileName(file.fileName)}`, file);
      else bundle.addWritten(`${publicId}.xml`, await this.invoices.structuredXml(actor, id).catch(notFound), () => this.invoices.structuredXml(actor, id));
    }
    return bundle.answer({ ...OK, format }, 'fichierResultat', 'nomFichier', 'factures.tar.gz', structured);
  }

}
