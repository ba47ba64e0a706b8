import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import type { Finding } from '../../../lib/einvoice';
import { FlowDeposits, FlowReport, InvoicingReference, ReferenceListName } from '../../invoicing/contracts/api-mode';
import { InvoiceProcessing } from '../../lifecycle/contracts/processing';
import { PisteErrors } from '../domain/piste.errors';
import { base64File, Body, flag, oneOf, requiredText, text } from '../domain/readers';
import { day, instant, OK } from './piste-common';

/** `transverses/v1/recuperer/<path>` → the list, its name in the answer and how each item is written. */
interface ReferenceListSpec {
  source: ReferenceListName;
  key: string;
  item: (code: string, label: string, extra?: Record<string, unknown>) => Record<string, unknown>;
}
export const REFERENCE_LISTS = {
  tauxtva: { source: 'vatRates', key: 'listeTauxTva', item: (code, label, extra) => ({ codeTauxTva: code, libelleTauxTva: label, valeurTauxTva: extra?.rate ?? null }) },
  devises: { source: 'currencies', key: 'listeDevises', item: (code, label) => ({ codeDevise: code, libelleDevise: label }) },
  pays: { source: 'countries', key: 'listePays', item: (code, label) => ({ codePays: code, libellePays: label }) },
  modedepot: { source: 'depositModes', key: 'listeModeDepot', item: (code, label) => ({ modeDepot: code, libelleModeDepot: label }) },
  modereglements: { source: 'paymentModes', key: 'listeModePaiement', item: (code, label) => ({ modePaiement: code, libelleModePaiement: label }) },
  cadrefacturation: { source: 'billingFrameworks', key: 'listeCadreFacturation', item: (code, label) => ({ codeCadreFacturation: code, libelleCadreFacturation: label }) },
  typetva: { source: 'vatRegimes', key: 'listeTypeTva', item: (code, label) => ({ typeTva: code, libelleTypeTva: label }) },
  typespj: { source: 'attachmentTypes', key: 'listeTypePieceJointe', item: (code, label) => ({ codeTypePieceJointe: code, libelleTypePieceJointe: label }) },
  formatflux: { source: 'flowSyntaxes', key: 'listeFormatFlux', item: (code, label) => ({ codeFormatFlux: code, libelleFormatFlux: label }) },
  etatsflux: { source: 'flowStates', key: 'listeEtatFlux', item: (code, label) => ({ codeEtatFlux: code, libelleEtatFlux: label }) },
  'motifs/exonerationtva': {
    source: 'vatExemptionReasons',
    key: 'listeMotifsExonerationTva',
    item: (code, label) => ({ codeMotifExonerationTva: code, libelleMotifExonerationTva: label }),
  },
} satisfies Record<string, ReferenceListSpec>;
export type ReferenceListPath = keyof typeof REFERENCE_LISTS | 'typeidentifiant/structure' | 'typedp' | 'statuts';

const IDENTIFIER_TYPES = [
  ['SIRET', 'SIRET', 'SIRET'],
  ['UE_HORS_FRANCE', 'Structure européenne hors France', 'EU structure outside France'],
  ['HORS_UE', 'Structure hors UE', 'Structure outside the EU'],
  ['RIDET', 'RIDET', 'RIDET'],
  ['TAHITI', 'Numéro Tahiti', 'Tahiti number'],
  ['AUTRE', 'Autre', 'Other'],
  ['PARTICULIER', 'Particulier', 'Individual'],
] as const;

@Injectable()
export class PisteTransverses {
  constructor(
    private readonly reference: InvoicingReference,
    private readonly processing: InvoiceProcessing,
    private readonly flows: FlowDeposits,
  ) {}

  list(path: ReferenceListPath, body: Body) {
    const english = (text(body, 'codeLangue') ?? 'fr').toLowerCase().startsWith('en');
    if (path === 'typeidentifiant/structure') {
      return { ...OK, listeTypeIdentifiant: IDENTIFIER_TYPES.map(([code, fr, en]) => ({ typeIdentifiantStructure: code, libelleTypeIdentifiantStructure: english ? en : fr })) };
    }
    if (path === 'typedp') {
      // Payment request types (go-choruspro transverses_types.go: {typeDemandePaiement}), not invoice types
      // (FACTURE/AVOIR are typeFacture): invoices only, works invoices (FACTURE_TRAVAUX) are not modelled.
      return { ...OK, listeTypeDemandePaiement: [{ typeDemandePaiement: 'FACTURE', libelleTypeDemandePaiement: english ? 'Invoice' : 'Facture' }] };
    }
    if (path === 'statuts') {
      return { ...OK, listeStatuts: this.processing.statuses().map((s) => ({ statut: s.code, libelleStatut: english ? s.labelEn : s.labelFr })) };
    }
    const spec: ReferenceListSpec = REFERENCE_LISTS[path];
    return {
      ...OK,
      [spec.key]: this.reference.list(spec.source).map((e) => spec.item(e.code, english ? e.labelEn : e.labelFr, e.extra)),
    };
  }

  /**
   * `recuperer/etat/typedp`: the statuses a payment request of that type can take (go-choruspro
   * transverses_etats.go). Invoices (FACTURE) take the lifecycle's statuses; works invoices (FACTURE_TRAVAUX)
   * are not modelled, so none, as `rechercher/recipiendaire` finds none of them.
   */
  paymentRequestStates(body: Body) {
    const type = oneOf(body, 'typeDemandePaiement', ['FACTURE', 'FACTURE_TRAVAUX'] as const) ?? 'FACTURE';
    const statuses = type === 'FACTURE' ? this.processing.statuses().map((s) => s.code) : [];
    return { ...OK, listeEtatDemandePaiement: statuses.map((etatDemandePaiement) => ({ etatDemandePaiement })) };
  }

  async deposit(actor: TechnicalAccountActor, body: Body) {
    const content = base64File(body, 'fichierFlux');
    const report = await this.flows.deposit(actor, {
      structureId: actor.structureId,
      syntax: requiredText(body, 'syntaxeFlux'),
      fileName: requiredText(body, 'nomFichier'),
      content,
      withSignature: flag(body, 'avecSignature') ?? false,
    });
    // dateDepot is a business date: clients decode it as YYYY-MM-DD (go-choruspro's Date), a timestamp breaks them.
    // doublon: a byte-identical retry, answered with the first deposit's number (no second flow).
    return { ...OK, numeroFluxDepot: report.flowNumber, dateDepot: day(report.depositedAt), syntaxeFlux: report.syntax, ...(report.duplicate ? { doublon: true } : {}) };
  }

  private async report(actor: TechnicalAccountActor, body: Body): Promise<FlowReport> {
    const number = requiredText(body, 'numeroFluxDepot');
    const report = await this.flows.report(actor, number);
    if (!report) throw new DomainError(PisteErrors.FLOW_NOT_FOUND, { value: number }, 'numeroFluxDepot');
    return report;
  }

  async flowReport(actor: TechnicalAccountActor, body: Body, detailed: boolean) {
    const r = await this.report(actor, body);
    const base = {
      ...OK,
      numeroFluxDepot: r.flowNumber,
      codeInterfaceDepotFlux: r.syntax,
      syntaxeFlux: r.syntax,
      dateDepotFlux: instant(r.depositedAt),
      dateHeureEtatCourantFlux: instant(r.stateChangedAt),
      etatCourantDepotFlux: r.state,
      nomFichier: r.fileName,
    };
    if (!detailed) return base;
    return { ...base, listeErreurDP: listeErreurDP(r), listeErreurTechnique: listeErreurTechnique(r) };
  }
}

/**
 * The fields of a finding beside the ones real connectors read (`codeErreur`/`libelleErreur…`): its rule id,
 * severity, stage, business term, XPath, values and, for a duplicate, the reform's status and reason.
 */
function findingFields(f: Finding): Record<string, unknown> {
  return {
    codeRegle: f.rule,
    severite: f.severity,
    etape: f.stage,
    termeMetier: f.businessTerm ?? null,
    emplacement: f.location ?? null,
    valeurs: f.values ?? {},
    libelleErreurEn: f.message.en,
    ...(f.reform ? { statutCycleDeVie: f.reform.status, motifStatut: f.reform.reason } : {}),
  };
}

/**
 * One entry per finding of every document (Odoo and go-choruspro read `numeroDP`, `identifiantFournisseur`,
 * `identifiantDestinataire`, `libelleErreurDP`); a document that could not be read names its file in the text.
 */
function listeErreurDP(r: FlowReport): Record<string, unknown>[] {
  return r.documents.flatMap((d) =>
    d.report.findings.map((f) => ({
      identifiantDestinataire: d.recipientIdentifier,
      identifiantFournisseur: d.supplierIdentifier,
      numeroDP: d.invoiceNumber,
      libelleErreurDP: d.invoiceNumber === null ? `${d.sourceName} : ${f.message.fr}` : f.message.fr,
      nomFichierDP: d.sourceName,
      ...findingFields(f),
    })),
  );
}

/** Findings about the flow itself: `natureErreur` FLUX for an unreadable flow, TECHNIQUE for an incident. */
function listeErreurTechnique(r: FlowReport): Record<string, unknown>[] {
  return r.findings.map((f) => ({
    codeErreur: f.values?.code ?? f.rule,
    libelleErreur: f.message.fr,
    natureErreur: f.stage === 'file' ? 'FLUX' : 'TECHNIQUE',
    ...findingFields(f),
  }));
}
