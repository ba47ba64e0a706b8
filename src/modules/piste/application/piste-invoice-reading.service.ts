import { Injectable, StreamableFile } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { ApiInvoices, InvoicingReference } from '../../invoicing/contracts/api-mode';
import { InvoiceProcessing } from '../../lifecycle/contracts/processing';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { PisteErrors } from '../domain/piste.errors';
import {
  block,
  Body,
  integer,
  list,
  oneOf,
  required,
  requiredInteger,
} from '../domain/readers';
import { distinctInvoiceIds, DownloadBundle } from './bulk-download';
import { consultedInvoice } from './invoice-answer';
import { readInvoice } from './invoice-ids';
import { minute, OK, safeFileName } from './piste-common';
import { sameRate, vatRateCodesOf } from './vat-lines';

/** `factures/v1/consulter/historique`, `factures/v1/consulter/…` and `factures/v1/telecharger/groupe`. */
@Injectable()
export class PisteInvoiceReading {
  constructor(
    private readonly clock: Clock,
    private readonly invoices: ApiInvoices,
    private readonly processing: InvoiceProcessing,
    private readonly catalog: StructureCatalog,
    private readonly reference: InvoicingReference,
  ) {}

  async history(actor: TechnicalAccountActor, body: Body) {
    // The header only (five columns, one statement), not the whole invoice: a history is asked for each
    // invoice an ERP synchronises.
    const publicId = requiredInteger(body, ['idFacture', 'identifiantFactureCPP'], 'idFacture');
    const invoice = await this.invoices.header(actor, publicId);
    if (!invoice) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field: 'idFacture', value: publicId }, 'idFacture');
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
    const invoice = await readInvoice(this.invoices, actor, body, ['identifiantFactureCPP', 'idFacture']);
    const [supplier, recipient] = await Promise.all([
      this.catalog.findById(invoice.supplierStructureId),
      invoice.recipientStructureId ? this.catalog.findById(invoice.recipientStructureId) : Promise.resolve(null),
    ]);
    const codes = [...vatRateCodesOf(this.reference)];
    const rateCodeOf = (rate: string): string | null => codes.find(([, value]) => sameRate(value, rate))?.[0] ?? null;
    return { ...OK, facture: consultedInvoice(invoice, { supplier, recipient }, rateCodeOf, body) };
  }

  /**
   * telecharger/groupe. PDF/ZIP: each invoice's legal document: the deposited one, else the Factur-X the
   * platform renders for an invoice entered on the portal or through the API (ApiInvoices.mainFile; a
   * draft's structured XML otherwise); PIVOT/XML: the structured XML, itself (not
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
