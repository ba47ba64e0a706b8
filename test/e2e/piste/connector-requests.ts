/**
 * Request bodies exactly as public PISTE connectors build them, and what they parse in the answers. Each
 * function cites the repository and file it reproduces; only the values (ids, numbers, amounts) are ours.
 * The answers' expected types come from the same files (Go: struct tags and types; PHP: the keys read).
 */

import { Shape } from './client-decoding';

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

// ------------------------------------------------------------------------------------------------ consulter/fournisseur, /recipiendaire

/**
 * antoine2116/go-choruspro factures_consultations.go `ConsulterFactureFournisseurOptions` (all omitempty): the
 * lists' paging blocks are `pLignesPoste`, `pListePiecesJointes`, `pLigneRecapTva` (pagination.go field names).
 * `ConsulterFactureOptions` (consulter/recipiendaire) names them `rechercheLignePoste`, `recherchePj`,
 * `rechercheligneTvaRecap`.
 */
export const goConsulterFournisseur = (identifiantFactureCPP: number, lignes?: { parPage: number; page: number }) => ({
  codeLangue: 'FR',
  identifiantFactureCPP,
  ...(lignes ? { pLignesPoste: { nbResultatsParPageLignesPoste: lignes.parPage, pageResultatDemandeeLignesPoste: lignes.page } } : {}),
});
export const goConsulterRecipiendaire = (identifiantFactureCPP: number) => ({ codeLangue: 'FR', identifiantFactureCPP });

/** thierryjmartin/facturation_electronique facture_electronique/api/chorus_pro.py `obtenir_statut_facture()`. */
export const pythonConsulterFournisseur = (identifiantFactureCPP: number) => ({ identifiantFactureCPP });

/**
 * go-choruspro factures_consultations.go `ConsulterFactureResponse` → `Facture`, as its decoder takes it
 * (client-decoding.ts): the three lists are pointers to structs wrapping the list (`ListeLignesDePoste`,
 * `ListeLignesRecapTVA`, `ListePiecesJointesFacture`), the dates are in `References` (`Date`, `Datetime`).
 */
export const GO_CONSULTER_FACTURE: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  facture: {
    cadreDeFacturation: { codeCadreFacturation: 'string', dateValidation1: 'date', dateValidation2: 'date', idMoa: 'int', idMoe: 'int' },
    commentaire: 'string',
    destinataire: { codeDestinataire: 'string', codeServiceExecutant: 'string', idDestinataire: 'int', idServiceExecutant: 'int', libelleDestinataire: 'string', libelleServiceExecutant: 'string', destinataireEtat: 'string' },
    fournisseur: {
      codeFournisseur: 'string',
      designationFournisseur: 'string',
      idFournisseur: 'int',
      idServiceFournisseur: 'int',
      typeIdentifiantFournisseur: 'string',
      numeroRcsFournisseur: 'string',
      coordBancairesFournisseurId: 'int',
      affactureur: { affactureurCode: 'string', affactureurId: 'int' },
    },
    identifiantFactureCPP: 'int',
    lignesDePoste: {
      lignePoste: [
        {
          lignePosteDenomination: 'string',
          lignePosteMontantHtApresRemise: 'float',
          lignePosteMontantRemiseHT: 'float',
          lignePosteMontantTtcApresRemise: 'float',
          lignePosteMontantTva: 'float',
          lignePosteMontantUnitaireHT: 'float',
          lignePosteNumero: 'int',
          lignePosteQuantite: 'float',
          lignePosteReference: 'string',
          lignePosteTauxTva: 'string',
          lignePosteTauxTvaManuel: 'float',
          lignePosteUniteCode: 'int',
          lignePosteUniteLibelle: 'string',
        },
      ],
      nbResultatsParPageLignesPoste: 'int',
      pageCouranteLignesPoste: 'int',
      pagesLignesPoste: 'int',
      totalLignesPoste: 'int',
    },
    listeDesPiecesJointes: {
      pieceJointe: [
        {
          pieceJointeDesignation: 'string',
          pieceJointeExtension: 'string',
          pieceJointeId: 'int',
          pieceJointeIdLiaison: 'int',
          pieceJointeNumeroLigneFacture: 'int',
          pieceJointeTypeCode: 'string',
          pieceJointeTypeLibelle: 'string',
        },
      ],
      nbResultatsParPageListePiecesJointe: 'int',
      pageCouranteListePiecesJointe: 'int',
      pagesListePiecesJointe: 'int',
      totalListePiecesJointe: 'int',
    },
    modeDepot: 'string',
    montantTotal: { montantAPayer: 'float', montantHtTotal: 'float', montantRemiseGlobaleTTC: 'float', montantTVA: 'float', montantTtcAvantRemiseGlobalTTC: 'float', montantTtcTotal: 'float', motifRemiseGlobaleTTC: 'string' },
    numeroFacture: 'string',
    pieceJointePrincipale: { idLiaisonPieceJointePrincipale: 'int', idPieceJointePrincipale: 'int' },
    piecePrecedente: { idPiecePrecedente: 'int', numeroPiecePrecedente: 'string' },
    pieceSuivante: { idPieceSuivante: 'int', numeroPieceSuivante: 'string' },
    recapitulatifDeTva: {
      ligneTva: [
        {
          ligneTvaMontantBaseHtParTaux: 'float',
          ligneTvaMontantTvaParTaux: 'float',
          ligneTvaTauxManuel: 'float',
          ligneTvaTauxRefCode: 'string',
          ligneTvaTauxRefId: 'int',
          ligneTvaTauxRefLibelle: 'string',
          ligneTvaTauxRefValeur: 'float',
        },
      ],
      nbResultatsParPageLignesRecapitulativesTVA: 'int',
      pageCouranteLignesRecapitulativesTVA: 'int',
      pagesLignesRecapitulativesTVA: 'int',
      totalLignesRecapitulativesTVA: 'int',
    },
    references: {
      codeDeviseFacture: 'string',
      dateCreationFacture: 'datetime',
      dateDepot: 'date',
      dateEcheancePaiement: 'date',
      dateFacture: 'date',
      libelleDeviseFacture: 'string',
      modePaiement: 'string',
      motifExonerationTva: 'string',
      numeroBonCommande: 'string',
      numeroMarche: 'string',
      tailleTotalePiecesJointes: 'float',
      typeFacture: 'string',
      typeTva: 'string',
    },
    statutFacture: 'string',
  },
};

/** What a go-choruspro user reads of the invoice (the rest it tolerates absent). */
export const GO_CONSULTER_FACTURE_READS = [
  'facture.identifiantFactureCPP',
  'facture.numeroFacture',
  'facture.statutFacture',
  'facture.references.dateFacture',
  'facture.references.dateDepot',
  'facture.references.codeDeviseFacture',
  'facture.cadreDeFacturation.codeCadreFacturation',
  'facture.destinataire.codeDestinataire',
  'facture.fournisseur.idFournisseur',
  'facture.montantTotal.montantAPayer',
  'facture.lignesDePoste.lignePoste',
  'facture.lignesDePoste.totalLignesPoste',
  'facture.recapitulatifDeTva.ligneTva',
  'facture.listeDesPiecesJointes.pieceJointe',
] as const;

// ------------------------------------------------------------------------------------------------ transverses reference lists and lookups

const PAGINATION: Shape = { nbResultatsParPage: 'int', pageCourante: 'int', pages: 'int', total: 'int' };

/** go-choruspro transverses_tva.go `RecupererMotifsExonerationTva`: `{codeLangue}` → `ListeMotifsExonerationTva`. */
export const goMotifsExonerationTva = { codeLangue: 'FR' };
export const GO_MOTIFS_EXONERATION_TVA: Shape = { codeRetour: 'int', libelle: 'string', listeMotifsExonerationTva: [{ codeMotifExonerationTva: 'string', libelleMotifExonerationTva: 'string' }] };

/** go-choruspro transverses_etats.go `RecupererEtatParTypeDemandePaiement`: `{typeDemandePaiement}` (omitempty). */
export const goEtatTypeDp = (typeDemandePaiement?: string) => (typeDemandePaiement ? { typeDemandePaiement } : {});
export const GO_ETAT_TYPE_DP: Shape = { codeRetour: 'int', libelle: 'string', listeEtatDemandePaiement: [{ etatDemandePaiement: 'string' }] };

/** go-choruspro transverses_types.go `RecupererTypesDemandePaiement`: `{}` → `[{typeDemandePaiement}]`. */
export const GO_TYPES_DP: Shape = { codeRetour: 'int', libelle: 'string', listeTypeDemandePaiement: [{ typeDemandePaiement: 'string' }] };

/** go-choruspro transverses_structures.go `ConsulterInformationsSIRET`: `{siretStructure}` → `InformationsSIRETResponse`. */
export const goInformationsSiret = (siretStructure: string) => ({ siretStructure });
export const GO_INFORMATIONS_SIRET: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  adresse: 'string',
  categorieEntreprise: 'string',
  estActif: 'bool',
  nonDiffusibleInsee: 'bool',
  raisonSociale: 'string',
  siege: 'string',
  siren: 'string',
  siret: 'string',
};

/**
 * go-choruspro transverses_structures.go `RechercherDestinataires`: `ListeDestinatairesOptions` (omitempty),
 * paging in `parametresRecherche` (pagination.go: note `triSense`) → `ListeDestinatairesResponse`.
 */
export const goRechercherDestinataires = (criteria: { identifiant?: string; nomVilleCodePostal?: string }) => ({
  ...criteria,
  parametresRecherche: { nbResultatsParPage: 10, pageResultatDemandee: 1, triSense: 'Ascendant ' },
});
export const GO_DESTINATAIRES: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listeDestinataires: [{ idStructureCPP: 'int', siret: 'string', nomDestinataire: 'string', adresseCodePostal: 'string', adresseVille: 'string' }],
  parametresRetour: PAGINATION,
};

/** go-choruspro transverses_misc.go `TelechargerAnnuaireDestinataire`: `{}` → `{fichierResultat}` (base64). */
export const GO_ANNUAIRE: Shape = { codeRetour: 'int', libelle: 'string', fichierResultat: 'string' };

// ------------------------------------------------------------------------------------------------ attachments

/**
 * go-choruspro transverses_pieces_jointes.go `AjouterPieceOptions` (pieceJointe* names) and
 * thierryjmartin/facturation_electronique facture_electronique/api/chorus_pro.py `ajouter_fichier_dans_systeme()`.
 */
export const goAjouterFichier = (content: Buffer, nom: string) => ({
  pieceJointeExtension: nom.slice(nom.lastIndexOf('.') + 1).toUpperCase(),
  pieceJointeFichier: content.toString('base64'),
  pieceJointeNom: nom,
  pieceJointeTypeMime: 'text/plain',
});

/** go-choruspro `RechercherPiecesJointesMonCompte`: `pieceJointeTypeId` is required by its Validate() and not omitempty. */
export const goRechercherPjMonCompte = (pieceJointeTypeId: number) => ({ codeLangue: 'FR', pieceJointeTypeId });
/** go-choruspro `RechercherPiecesJointesStructure`: `idStructureCPP` required, not omitempty. */
export const goRechercherPjStructure = (idStructureCPP: number) => ({ codeLangue: 'FR', idStructureCPP });
export const GO_PJ_LISTE: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listePiecesJointes: [
    {
      pieceJointeDesignation: 'string',
      pieceJointeExtension: 'string',
      pieceJointeId: 'int',
      pieceJointeObjetId: 'int',
      pieceJointeStructureCode: 'string',
      pieceJointeStructureId: 'int',
      pieceJointeStructureRaisonSociale: 'string',
      pieceJointeTypeCode: 'string',
      pieceJointeTypeLibelle: 'string',
      pieceJointeUtilisateurId: 'int',
    },
  ],
  parametresRetour: PAGINATION,
};

/**
 * go-choruspro `TelechargerPieceJointeOptions`: no omitempty, so the other objects go out as `null`; for a
 * payment request `avecPiecesJointesComplementaires` is OUI or NON and `format` PDF or PIVOT (its Validate()).
 */
export const goTelechargerPieceJointe = (idFacture: number, format: 'PDF' | 'PIVOT', avecPiecesJointesComplementaires: 'OUI' | 'NON') => ({
  objetPieceJointe: 'DEMANDE_PAIEMENT',
  demandePaiement: { avecPiecesJointesComplementaires, format, listeFacture: [{ idFacture }] },
  engagementJuridique: null,
  sollicitation: null,
  structure: null,
});
export const GO_PIECE_JOINTE: Shape = { pieceJointe: 'string' };

// ------------------------------------------------------------------------------------------------ structures/v1/lister/rattachementsutilisateur

/** go-choruspro structures_rattachements.go `ListeRattachementsServicesUtilisateurOptions` (no omitempty: zero values). */
export const goListerRattachementsUtilisateur = (idStructure: number) => ({
  adresseEmailConnexionUtilisateur: '',
  idStructure,
  idUtilisateur: 0,
  identifiantStructure: '',
  parametresListerRattachementsStructureUtilisateur: null,
  typeIdentifiantStructure: '',
});
export const GO_RATTACHEMENTS_UTILISATEUR: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  designationStructure: 'string',
  idStructure: 'int',
  identifiantStructure: 'string',
  listeServices: [
    { codeService: 'string', commentaire: 'string', dateDebut: 'time', dateFin: 'time', idRattachement: 'int', idService: 'int', nomService: 'string', statutRattachement: 'string' },
  ],
  parametresRetour: PAGINATION,
  premierService: 'bool',
};

// ------------------------------------------------------------------------------------------------ factures/v1/rechercher/demandePaiement

/** go-choruspro factures_recherches.go `RechercherDemandePaiementOptions` (omitempty; time.Time as RFC 3339). */
export const goRechercherDemandePaiement = (criteria: { roleUtilisateur?: string; numeroFacture?: string; periodeDateHeureEtatCourantDu?: string }) => criteria;
export const GO_DEMANDE_PAIEMENT: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listeDemandePaiement: [
    {
      cadreFacturation: 'string',
      codeServiceDestinataire: 'string',
      commentaireEtatCourant: 'string',
      dateDepot: 'date',
      dateFournisseur: 'date',
      dateHeureEtatCourant: 'time',
      dpOuDpArchive: 'string',
      etatCourant: 'string',
      idDemandePaiement: 'int',
      idStructureDestinataire: 'int',
      idStructureFournisseur: 'int',
      identifiantStructureDestinataire: 'string',
      identifiantStructureFournisseur: 'string',
      montantAPayer: 'float',
      montantHT: 'float',
      montantTTC: 'float',
      nombreResultatTotal: 'string',
      numeroDemandePaiement: 'string',
      typeDemandePaiement: 'string',
      typeFacture: 'string',
    },
  ],
};

// ------------------------------------------------------------------------------------------------ Odoo's flow follow-up

/**
 * OCA/l10n-france l10n_fr_chorus_account/models/chorus_flow.py `_chorus_api_consulter_cr()`: `{numeroFluxDepot}` to
 * transverses/v1/consulterCRDetaille; reads `etatCourantDepotFlux`, `libelle`, and when they are lists
 * `listeErreurTechnique[].libelleErreur` and `listeErreurDP[].{identifiantFournisseur, identifiantDestinataire,
 * numeroDP, libelleErreurDP}`. `_chorus_api_rechercher_fournisseur()`: `{numeroFluxDepot}` to
 * factures/v1/rechercher/fournisseur; reads `listeFactures[].{numeroFacture, identifiantFactureCPP, statut}`.
 * models/account_move.py `chorus_api_consulter_historique()`: `{idFacture}`; keeps `statutCourantCode` only when
 * `idFacture` equals its integer identifier.
 */
export const odooConsulterCR = (numeroFluxDepot: string) => ({ numeroFluxDepot });
export const odooRechercherFournisseur = (numeroFluxDepot: string) => ({ numeroFluxDepot });
export const odooConsulterHistorique = (idFacture: number) => ({ idFacture });
export const ODOO_CR: Shape = {
  etatCourantDepotFlux: 'string',
  libelle: 'string',
  listeErreurTechnique: [{ libelleErreur: 'string' }],
  listeErreurDP: [{ identifiantFournisseur: 'string', identifiantDestinataire: 'string', numeroDP: 'string', libelleErreurDP: 'string' }],
};
export const ODOO_RECHERCHER_FOURNISSEUR: Shape = { listeFactures: [{ numeroFacture: 'string', identifiantFactureCPP: 'int', statut: 'string' }] };
export const ODOO_HISTORIQUE: Shape = { idFacture: 'int', statutCourantCode: 'string' };

// ------------------------------------------------------------------------------------------------ go-choruspro's search and history answers

/** The fields go-choruspro's `FactureParFournisseur` and `FactureParRecipiendaire` share (factures_recherches.go). */
const GO_FACTURE_ROW = {
  codeDestinataire: 'string',
  codeFournisseur: 'string',
  codeServiceExecutant: 'string',
  commentaireEtatCourant: 'string',
  dateDepot: 'date',
  dateFacture: 'date',
  dateHeureEtatCourant: 'time',
  designationDestinataire: 'string',
  designationFournisseur: 'string',
  devise: 'string',
} as const satisfies Record<string, Shape>;

/** go-choruspro factures_recherches.go `RechercherFactureParFournisseurResponse` → `FactureParFournisseur` (fields we answer). */
export const GO_RECHERCHER_FOURNISSEUR: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listeFactures: [
    {
      ...GO_FACTURE_ROW,
      idDestinataire: 'int',
      idServiceExecutant: 'int',
      identifiantFactureCPP: 'int',
      modeDepot: 'string',
      montantAPayer: 'float',
      montantHT: 'float',
      montantTTC: 'float',
      numeroFacture: 'string',
      numeroFluxDepot: 'string',
      rejetTraite: 'bool',
      statut: 'string',
      taille: 'int',
      typeDemandePaiement: 'string',
      typeFacture: 'string',
    },
  ],
  parametresRetour: { nbResultatsParPage: 'int', pageCourante: 'int', pages: 'int', total: 'int' },
};

/** go-choruspro `RechercherFactureParRecipiendaireResponse` → `FactureParRecipiendaire`: paging at the top level. */
export const GO_RECHERCHER_RECIPIENDAIRE: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listeFactures: [
    {
      ...GO_FACTURE_ROW,
      factureTelechargeeParDestinataire: 'bool',
      idDestinataire: 'int',
      idFacture: 'int',
      idFournisseur: 'int',
      idServiceExecutant: 'int',
      montantAPayer: 'float',
      montantHT: 'float',
      montantTTC: 'float',
      numeroFacture: 'string',
      statut: 'string',
      typeDemandePaiement: 'string',
      typeFacture: 'string',
    },
  ],
  nbResultatsParPage: 'int',
  pageCourante: 'int',
  pages: 'int',
  total: 'int',
};

/** go-choruspro factures_consultations.go `ConsulterHistoriqueFactureOptions`: statuses paged by `paramRechercheHistoStatuts`. */
export const goConsulterHistorique = (idFacture: number, parPage: number, page: number) => ({
  idEspace: 0,
  idFacture,
  idUtilisateurCourant: 0,
  paramRechercheHistoActionsUtilisateurs: null,
  paramRechercheHistoEvenementsComplementaires: null,
  paramRechercheHistoStatuts: {
    nbResultatsParPageListeHistoStatut: parPage,
    pageResultatDemandeeListeHistoStatut: page,
    triColonneListeHistoStatut: '',
    triSensListeHistoStatut: '',
  },
});
/** go-choruspro `ConsulterHistoriqueFactureResponse` (non-pointer int32 counters, `Datetime` dates). */
export const GO_HISTORIQUE: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  idFacture: 'int',
  modeDepot: 'string',
  numeroFacture: 'string',
  statutCourantCode: 'string',
  historiquesDesStatuts: {
    histoStatut: [
      {
        histoStatutCode: 'string',
        histoStatutCommentaire: 'string',
        histoStatutDatePassage: 'datetime',
        histoStatutId: 'int',
        histoStatutUtilisateurEmail: 'string',
        histoStatutUtilisateurNom: 'string',
        histoStatutUtilisateurPrenom: 'string',
      },
    ],
    nbResultatsParPageHistoStatut: 'int',
    pageCouranteHistoStatut: 'int',
    pagesHistoStatut: 'int',
    totalHistoStatut: 'int',
  },
};

// ------------------------------------------------------------------------------------------------ support ticket categories

/** go-choruspro transverses_categories.go `ListeCategoriesSollicitationOptions` (omitempty): paging in `pagination`. */
export const goRechercherCategories = (criteria: { codeCategorie?: string; libelleCategorie?: string }) => ({
  ...criteria,
  estActif: true,
  pagination: { nbResultatsParPage: 50, pageResultatDemandee: 1 },
});
export const GO_CATEGORIES: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listeCategories: [{ codeCategorie: 'string', libelleCategorie: 'string', idTechniqueCategorie: 'int' }],
  parametresRetour: { nbResultatsParPage: 'int', pageCourante: 'int', pages: 'int', total: 'int' },
};
/** go-choruspro `ListeSousCategoriesSollicitationOptions`: `code`, `libelle`, `idTechniqueCategorie` (omitempty). */
export const goRechercherSousCategories = (criteria: { code?: string; libelle?: string; idTechniqueCategorie?: number }) => ({ ...criteria, estActif: true });
export const GO_SOUS_CATEGORIES: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listeSousCategories: [
    {
      categorie: [{ codeCategorie: 'string', libelleCategorie: 'string', idTechniqueCategorie: 'int' }],
      ssCategorie: [{ code: 'string', dateCreation: 'time', dateDerniereModification: 'time', estActif: 'bool', idTechniqueCategorie: 'int', libelle: 'string' }],
    },
  ],
  parametresRetour: { nbResultatsParPage: 'int', pageCourante: 'int', pages: 'int', total: 'int' },
};

// ------------------------------------------------------------------------------------------------ engagementsJuridiques/v1/rechercher

/**
 * OCA/l10n-france l10n_fr_chorus_account/models/res_company.py `_chorus_api_check_commitment_number()`: before
 * invoicing, the supplier's Odoo checks the customer's order reference with its own SIRET as the receiving
 * structure and the state COMMANDE; it reads `listeEngagementJuridique` only (one row: found; none: not found).
 */
export const odooCheckCommitmentNumber = (companyIdentifier: string, orderRef: string) => ({
  structureReceptriceEngagementJuridique: String(companyIdentifier),
  numeroEngagementJuridique: orderRef,
  etatCourantEngagementJuridique: 'COMMANDE',
});

/**
 * The full request of the portal's documentation (communaute.chorus-pro.gouv.fr, "Rechercher engagement
 * juridique" / "Search for a legal commitment"): every filter, null when unused, and `parametresRecherche`.
 */
export const portalRechercherEngagement = (filters: { numero?: string; montantTTCMin?: number | null; montantTTCMax?: number | null } = {}) => ({
  codeEngagementJuridique: null,
  numeroEngagementJuridique: filters.numero ?? null,
  numeroMarcheEngagementJuridique: null,
  structureReceptriceEngagementJuridique: null,
  etatCourantEngagementJuridique: null,
  periodeDateNotificationEJDu: null,
  periodeDateNotificationEJAu: null,
  montantTTCMin: filters.montantTTCMin ?? null,
  montantTTCMax: filters.montantTTCMax ?? null,
  parametresRecherche: { pageResultatDemandee: 1, nbResultatsParPage: 10, triSens: 'Descendant', triColonne: 'DateCreationEJ' },
});

/** The answer's rows as the same documentation shows them (both of its examples' fields). */
export const PORTAL_ENGAGEMENT_ROW: Shape = {
  idEngagementJuridique: 'int',
  numeroEngagementJuridique: 'string',
  libelleTypeEngagementJuridique: 'string',
  libelleEtatCourantEJ: 'string',
  structureReceptrice: 'string',
  codeServiceExecutant: 'string',
  libelleServiceExecutant: 'string',
  dateNotificationEJ: 'time',
  dateCreationEJ: 'time',
  montantTotalTtc: 'float',
  montantTotalHt: 'float',
  deviseEngagement: 'string',
};
export const PORTAL_RECHERCHER_ENGAGEMENT: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listeEngagementJuridique: [PORTAL_ENGAGEMENT_ROW],
  parametresRetour: { nbResultatsParPage: 'int', pageCourante: 'int', pages: 'int', total: 'int' },
};

/** `engagementsJuridiques/v1/consulterDetail`'s answer as the portal's documentation shows it ("Show commitment details"). */
export const PORTAL_CONSULTER_DETAIL_ENGAGEMENT: Shape = {
  codeRetour: 'int',
  idEngagement: 'int',
  numeroEngagementJuridique: 'string',
  etatCourantEngagement: 'string',
  demandePaiement: [{ dateFournisseur: 'date', etatCourantDemandePaiement: 'string', idDemandePaiement: 'int', montantTtcDemandePaiement: 'float', numeroDemandePaiement: 'string', typeDemandePaiement: 'string', sousType: 'string' }],
  emetteur: { codeServiceExecutant: 'string', idServiceExecutant: 'int', idStructureEmettrice: 'int', nomServiceExecutant: 'string', raisonSocialeStructureEmettrice: 'string' },
  recepteur: { designationStructureReceptrice: 'string', idStructureReceptrice: 'int' },
};

/**
 * go-choruspro factures_recherche.go `RechercherFactureParValideurOptions` (POST factures/v1/rechercher/valideur):
 * the validator's search, with its pagination block and the statuses it asks for.
 */
export const goRechercherValideur = (statutCourant: string[] = []) => ({
  cadreFacturation: { code: '' },
  idStructureValideur: 0,
  idUtilisateurCourant: 0,
  numeroFacture: '',
  pagination: { nbResultatsParPage: 50, pageResultatDemandee: 1 },
  statutCourant,
});

/** go-choruspro `RechercherFactureParValideurResponse` / `FactureParValideur` (dates are its `Date`, amounts float32). */
export const GO_RECHERCHER_VALIDEUR: Shape = {
  codeRetour: 'int',
  libelle: 'string',
  listeFactures: [
    {
      dateDepot: 'date',
      dateFacture: 'date',
      designationDestinataire: 'string',
      designationFournisseur: 'string',
      designationValideur: 'string',
      idDestinataire: 'int',
      idFacture: 'int',
      idFournisseur: 'int',
      idValideur: 'int',
      identifiantDestinataire: 'string',
      identifiantFournisseur: 'string',
      identifiantValideur: 'string',
      montantAPayer: 'float',
      numeroFacture: 'string',
      statut: 'string',
    },
  ],
  parametresRetour: { pageCourante: 'int', pages: 'int', nbResultatsParPage: 'int', total: 'int' },
};

/** go-choruspro factures_traitement.go `TraiterFactureAValiderOptions` (action VALIDATION | REFUS, motifRefus). */
export const goTraiterFactureAValider = (idFacture: number, action: 'VALIDATION' | 'REFUS', motifRefus = '') => ({ action, idFacture, motifRefus });

/** go-choruspro `TraiterFactureAValiderResponse` (dateTraitement is its `Date`). */
export const GO_TRAITER_A_VALIDER: Shape = { codeRetour: 'int', libelle: 'string', dateTraitement: 'date', idFacture: 'int', numeroFacture: 'string', statutFacture: 'string' };

/** go-choruspro `RecupererStatutsVisiblesParValideurResponse`. */
export const GO_STATUTS_VISIBLES_VALIDEUR: Shape = { codeRetour: 'int', libelle: 'string', listeStatutFacture: [{ codeStatutFacture: 'string' }] };

/** `goSoumettre` with each rate as a number (`…TauxValeur`, which /cpro always read) instead of a rate code. */
export const soumettreWithRates = (v: SoumettreValues) => {
  const body = goSoumettre(v);
  return {
    ...body,
    ligneTva: v.tva.map((x) => ({ ligneTvaTauxValeur: x.tauxManuel, ligneTvaMontantBaseHtParTaux: x.base, ligneTvaMontantTvaParTaux: x.montant })),
    lignePoste: body.lignePoste.map(({ lignePosteTauxTva: _code, lignePosteTauxTvaManuel: rate, ...rest }) => ({ ...rest, lignePosteTauxTvaValeur: rate })),
  };
};
