/**
 * Request bodies exactly as public PISTE connectors build them, and what they parse in the answers. Each
 * function cites the repository and file it reproduces; only the values (ids, numbers, amounts) are ours.
 * The answers' expected types come from the same files (Go: struct tags and types; PHP: the keys read).
 */

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Go's time.Time (RFC 3339), as go-choruspro decodes `dateHeureEtatCourant`. */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// ------------------------------------------------------------------------------------------------ deposer/flux

/**
 * libriciel/pastell connecteur/cpp/CPP.php `deposerXML()`: `{fichierFlux, nomFichier, syntaxeFlux}`.
 */
export const pastellDeposerFlux = (content: Buffer, nomFichier: string, syntaxeFlux = 'IN_DP_E1_UBL_INVOICE') => ({
  fichierFlux: content.toString('base64'),
  nomFichier,
  syntaxeFlux,
});

/**
 * OCA/l10n-france l10n_fr_chorus_account/models/account_move.py `prepare_chorus_deposer_flux_payload()`.
 */
export const odooDeposerFlux = (content: Buffer, nomFichier: string, syntaxeFlux: string) => ({
  fichierFlux: content.toString('base64'),
  nomFichier,
  syntaxeFlux,
  avecSignature: false,
});

/**
 * antoine2116/go-choruspro factures_depots.go `DeposerFluxFactureOptions` (all omitempty). Its answer
 * `DeposerFluxFactureResponse` decodes `dateDepot` with date.go's `Date`: `time.Parse("\"2006-01-02\"")`,
 * so anything but a bare YYYY-MM-DD fails the whole decoding and the client never sees `numeroFluxDepot`.
 */
export const goDeposerFlux = (content: Buffer, nomFichier: string, syntaxeFlux: string) => ({
  fichierFlux: content.toString('base64'),
  nomFichier,
  syntaxeFlux,
});

// ------------------------------------------------------------------------------------------------ rechercher/fournisseur

/**
 * go-choruspro factures_recherches.go `RechercherFactureParFournisseurOptions`: no `omitempty`, so every field
 * goes out with Go's zero value (0, "", false, null), and `cadreFacturation` is the struct
 * `CadreDeFacturation` (factures_consultations.go): `{"codeCadreFacturation": …}`, an object, never a string.
 */
export const goRechercherFournisseur = (filters: { numeroFluxDepot?: string; codeCadreFacturation?: string; numeroFacture?: string }) => ({
  cadreFacturation: filters.codeCadreFacturation ? { codeCadreFacturation: filters.codeCadreFacturation } : {},
  coordonneeBancaire: 0,
  idFournisseur: 0,
  idServiceFournisseur: 0,
  idStructureValideur: 0,
  idUtilisateurCourant: 0,
  idUtilisateurCreateur: null,
  listeDestinataire: null,
  modeDepot: '',
  montantApayerMax: 0,
  montantApayerMin: 0,
  montantHTMax: 0,
  montantHTMin: 0,
  montantTTCMax: 0,
  montantTTCMin: 0,
  numeroBonCommande: '',
  numeroFacture: filters.numeroFacture ?? '',
  numeroFactureOrigine: '',
  numeroFluxDepot: filters.numeroFluxDepot ?? '',
  numeroMarche: '',
  periodeDateDepotAu: '',
  periodeDateDepotDu: '',
  periodeDateFactureAu: null,
  periodeDateFactureDu: null,
  periodeDateHeureEtatCourantAu: null,
  periodeDateHeureEtatCourantDu: null,
  rechercheFactureParFournisseur: { nbResultatsParPage: 50, pageResultatDemandee: 1, triColonne: '', triSens: '' },
  rechercheSirenDestinataire: false,
  recupererTaille: false,
  rejetTraite: false,
  statutCourant: null,
  typeFacture: '',
});

/** libriciel/pastell connecteur/cpp/lib/CPPWrapper.php `getInfoByNumeroFluxDepot()`: reads `listeFactures[0]`. */
export const pastellRechercherFournisseur = (numeroFluxDepot: string) => ({ numeroFluxDepot });

// ------------------------------------------------------------------------------------------------ rechercher/recipiendaire

/**
 * libriciel/pastell connecteur/cpp/lib/CPPWrapper.php `rechercheFactureParRecipiendaire()`: the same search
 * once per `typeDemandePaiement` (FACTURE, then FACTURE_TRAVAUX), every page, and the rows of both appended
 * to one list. It reads `pageCourante` and `pages` at the top level; `getCppInvoiceId()` reads `idFacture`.
 * The window of status changes is a date (`Du`) and that date + "T23:59:59" (`Au`), from CPP.php's
 * `getDateDepuisLe()` / `getDateJusquAu()` (Y-m-d).
 */
export const pastellRechercherRecipiendaire = (
  typeDemandePaiement: 'FACTURE' | 'FACTURE_TRAVAUX',
  page: number,
  idDestinataire?: number,
  window?: { du: string; au: string },
) => ({
  typeDemandePaiement,
  paramRecherche: { nbResultatsParPage: 1000, pageResultatDemandee: page, nbResultatsMaximum: 999999 },
  ...(idDestinataire ? { idDestinataire } : {}),
  ...(window ? { periodeDateHeureEtatCourantDu: window.du, periodeDateHeureEtatCourantAu: `${window.au}T23:59:59` } : {}),
});

// ------------------------------------------------------------------------------------------------ soumettre

export interface SoumettreValues {
  numero: string;
  codeDestinataire: string;
  codeServiceExecutant: string;
  idFournisseur: number;
  lignes: { quantite: number; prixUnitaire: number; codeTva: string; tauxManuel: number }[];
  tva: { codeTva: string; tauxManuel: number; base: number; montant: number }[];
  totaux: { ht: number; tva: number; ttc: number };
}

/**
 * go-choruspro factures_depots.go `SoumettreFactureOptions`: VAT lines as `SoumettreFactureLigneTva`
 * (`ligneTvaTaux` = the code of transverses/recuperer/tauxtva, `ligneTvaTauxManuel` = the rate as a number),
 * item lines as `SoumettreFactureLignePoste` (`lignePosteTauxTva` + `lignePosteTauxTvaManuel`), amounts as
 * float32. `SoumettreFactureResponse.dateDepot` is a `Date` (YYYY-MM-DD).
 */
export const goSoumettre = (v: SoumettreValues) => ({
  cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
  dateFacture: '2026-03-15',
  destinataire: { codeDestinataire: v.codeDestinataire, codeServiceExecutant: v.codeServiceExecutant },
  fournisseur: { idFournisseur: v.idFournisseur },
  lignePoste: v.lignes.map((l, i) => ({
    lignePosteDenomination: `Article ${i + 1}`,
    lignePosteMontantUnitaireHT: l.prixUnitaire,
    lignePosteNumero: i + 1,
    lignePosteQuantite: l.quantite,
    lignePosteReference: `REF-${i + 1}`,
    lignePosteTauxTva: l.codeTva,
    lignePosteTauxTvaManuel: l.tauxManuel,
    lignePosteUnite: 'lot',
  })),
  ligneTva: v.tva.map((t) => ({
    ligneTvaMontantBaseHtParTaux: t.base,
    ligneTvaMontantTvaParTaux: t.montant,
    ligneTvaTaux: t.codeTva,
    ligneTvaTauxManuel: t.tauxManuel,
  })),
  modeDepot: 'SAISIE_API',
  montantTotal: { montantAPayer: v.totaux.ttc, montantHtTotal: v.totaux.ht, montantTVA: v.totaux.tva, montantTtcTotal: v.totaux.ttc },
  numeroFactureSaisi: v.numero,
  references: { deviseFacture: 'EUR', modePaiement: 'VIREMENT', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT' },
});

// ------------------------------------------------------------------------------------------------ telecharger/groupe

/**
 * libriciel/pastell connecteur/cpp/lib/CPPWrapper.php `telechargerGroupeFacture()`, called with "PIVOT" by the
 * facture-cpp module's synchronisation: it base64-decodes `fichierResultat` and stores it as `<id>.xml`.
 */
export const pastellTelechargerGroupe = (format: string, idFacture: number) => ({ format, listeFacture: [{ idFacture }] });

// ------------------------------------------------------------------------------------------------ traiter/recue, completer, historique

/**
 * go-choruspro factures_traitements.go `TraiterFactureRecueOptions` (no omitempty); its answer
 * `TraiterFactureRecueResponse.dateTraitement` is a `Date` (YYYY-MM-DD).
 */
export const goTraiterRecue = (idFacture: number, nouveauStatut: string, motif: string) => ({
  idFacture,
  idUtilisateurCourant: 0,
  motif,
  nouveauStatut,
  numeroDPMandat: '',
});

/**
 * go-choruspro factures_depots.go `CompleterFactureOptions` (omitempty); its answer `CompleterFactureResponse`
 * reads `identifiantFactureCPP` and `dateTraitement` as a `Date` (YYYY-MM-DD).
 */
export const goCompleter = (identifiantFactureCPP: number, commentaire: string) => ({ commentaire, identifiantFactureCPP });

/**
 * libriciel/pastell connecteur/cpp/lib/CPPWrapper.php `consulterHistoriqueFacture()`: `{idFacture, nbResultatsMaximum}`.
 * go-choruspro factures_consultations.go `HistoStatut.DatePassage` is a `Datetime`: `2006-01-02 15:04`.
 */
export const pastellConsulterHistorique = (idFacture: number) => ({ idFacture, nbResultatsMaximum: 50 });
export const GO_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
