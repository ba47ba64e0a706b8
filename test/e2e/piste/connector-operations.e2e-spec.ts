import { extractFacturXXml, parseCiiInvoice } from '../../../src/lib/einvoice';
import { buildOpenApiDocument } from '../../../src/shared/http/swagger';
import { givenActiveUser, waitUntil } from '../../factories/accounts';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';
import { untar } from './archives';
import { decodingErrors, missing } from './client-decoding';
import {
  GO_ANNUAIRE,
  GO_CATEGORIES,
  GO_SOUS_CATEGORIES,
  goRechercherCategories,
  goRechercherSousCategories,
  GO_DEMANDE_PAIEMENT,
  GO_DESTINATAIRES,
  GO_ETAT_TYPE_DP,
  GO_INFORMATIONS_SIRET,
  GO_MOTIFS_EXONERATION_TVA,
  GO_PIECE_JOINTE,
  GO_PJ_LISTE,
  GO_RATTACHEMENTS_UTILISATEUR,
  GO_TYPES_DP,
  goAjouterFichier,
  goEtatTypeDp,
  goInformationsSiret,
  goListerRattachementsUtilisateur,
  goMotifsExonerationTva,
  goRechercherDemandePaiement,
  goRechercherDestinataires,
  goRechercherPjMonCompte,
  goRechercherPjStructure,
  goSoumettre,
  goTelechargerPieceJointe,
} from './connector-requests';


/**
 * Issue 16, second pass: the live operations of the families we serve that were missing, each under its
 * real path, replayed with go-choruspro's request bodies and checked with its decoder's types
 * (connector-requests.ts, client-decoding.ts); and the attacks each one must resist.
 */
describe('PISTE API mode: the missing operations, as public connectors call them', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let buyerErp: ErpConnection;
  let stranger: Supplier;
  let strangerErp: ErpConnection;
  let counter = 0;
  const number = (): string => `OP-${Date.now().toString(36)}-${++counter}`.slice(0, 20);

  const decodes = (shape: Parameters<typeof decodingErrors>[0], res: { status: number; body: unknown }): void => {
    expect(res.status).toBe(200);
    expect((res.body as { codeRetour: number }).codeRetour).toBe(0);
    expect(decodingErrors(shape, res.body)).toEqual([]);
  };

  function expectRefusal(res: { status: number; body: any }, champ: string): void {
    expect(res.status).toBe(400);
    expect(res.body.codeRetour).toBeGreaterThan(0);
    expect(typeof res.body.libelle).toBe('string');
    expect(res.body.champ).toBe(champ);
  }

  async function submitted(): Promise<{ id: number; numero: string }> {
    const numero = number();
    const res = await cpro(
      t,
      erp,
      'factures/v1/soumettre',
      goSoumettre({
        numero,
        codeDestinataire: recipient.identifier,
        codeServiceExecutant: 'SERV-01',
        idFournisseur: supplier.publicId,
        lignes: [{ quantite: 2, prixUnitaire: 500, codeTva: 'TVA20', tauxManuel: 20 }],
        tva: [{ codeTva: 'TVA20', tauxManuel: 20, base: 1000, montant: 200 }],
        totaux: { ht: 1000, tva: 200, ttc: 1200 },
      }),
    );
    if (res.status !== 200) throw new Error(`soumettre: ${res.status} ${res.text}`);
    return { id: res.body.identifiantFactureCPP as number, numero };
  }

  async function availableToRecipient(id: number): Promise<void> {
    await waitUntil(async () => {
      await t.flushOutbox();
      const res = await cpro(t, buyerErp, 'factures/v1/consulter/recipiendaire', { identifiantFactureCPP: id });
      return res.body.facture?.statutFacture === 'MISE_A_DISPOSITION';
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }, { code: 'SERV-02', engagementRequired: true }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    buyerErp = await givenErpConnection(t, recipient.manager.token, recipient.id, { grants: [{ application: 'FACTURES_RECUES', level: 'MODIFICATION' }] });
    stranger = await givenSupplier(t);
    strangerErp = await givenErpConnection(t, stranger.owner.token, stranger.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('named operations only', () => {
    it('publishes every /cpro operation under its own path, with no path parameter standing for several', () => {
      const document = buildOpenApiDocument(t.app);
      const cproPaths = Object.keys(document.paths).filter((p) => p.startsWith('/cpro/'));
      expect(cproPaths.filter((p) => p.includes('{'))).toEqual([]);
      for (const path of [
        'transverses/v1/recuperer/tauxtva',
        'transverses/v1/recuperer/motifs/exonerationtva',
        'transverses/v1/recuperer/etat/typedp',
        'transverses/v1/recuperer/typedp',
        'transverses/v1/rechercher/destinataire',
        'transverses/v1/telecharger/annuaire/destinataire',
        'transverses/v1/consulter/information/siret',
        'transverses/v1/rechercher/pj/moncompte',
        'transverses/v1/rechercher/pj/structure',
        'transverses/v1/telecharger/pieceJointe',
        'transverses/v1/rechercher/categorieSollicitation',
        'transverses/v1/rechercher/sousCategorieSollicitation',
        'structures/v1/lister/rattachementsutilisateur',
        'factures/v1/rechercher/demandePaiement',
      ]) {
        expect(cproPaths).toContain(`/cpro/${path}`);
      }
    });

    it('answers an unknown list as an unknown route, with the envelope', async () => {
      const res = await cpro(t, erp, 'transverses/v1/recuperer/inconnue', {});
      expect(res.status).toBe(404);
      expect(res.body.codeRetour).toBeGreaterThan(0);
    });
  });

  describe('transverses reference lists', () => {
    it('serves the VAT exemption reasons, the payment request types and their statuses as go-choruspro decodes them', async () => {
      const reasons = await cpro(t, erp, 'transverses/v1/recuperer/motifs/exonerationtva', goMotifsExonerationTva);
      decodes(GO_MOTIFS_EXONERATION_TVA, reasons);
      expect(reasons.body.listeMotifsExonerationTva).toEqual(expect.arrayContaining([expect.objectContaining({ codeMotifExonerationTva: 'VATEX-FR-FRANCHISE' })]));

      const types = await cpro(t, erp, 'transverses/v1/recuperer/typedp', {});
      decodes(GO_TYPES_DP, types);
      // typeDemandePaiement, not typeFacture: AVOIR is not a payment request type.
      expect(types.body.listeTypeDemandePaiement.map((x: { typeDemandePaiement: string }) => x.typeDemandePaiement)).toEqual(['FACTURE']);

      const states = await cpro(t, erp, 'transverses/v1/recuperer/etat/typedp', goEtatTypeDp('FACTURE'));
      decodes(GO_ETAT_TYPE_DP, states);
      const codes = states.body.listeEtatDemandePaiement.map((x: { etatDemandePaiement: string }) => x.etatDemandePaiement);
      expect(codes).toEqual(expect.arrayContaining(['DEPOSEE', 'MISE_A_DISPOSITION', 'SUSPENDUE', 'REJETEE', 'MANDATEE']));
      expect((await cpro(t, erp, 'transverses/v1/recuperer/etat/typedp', goEtatTypeDp('FACTURE_TRAVAUX'))).body.listeEtatDemandePaiement).toEqual([]);
      expectRefusal(await cpro(t, erp, 'transverses/v1/recuperer/etat/typedp', goEtatTypeDp('DEVIS')), 'typeDemandePaiement');
    });
  });

  describe('support ticket categories', () => {
    it('lists the active categories and their sub-categories as go-choruspro decodes them; an inactive one is never listed', async () => {
      const admin = await givenActiveUser(t, { isAdmin: true });
      const hidden = `ZZ_HIDDEN_${counter++}`;
      expect((await t.http.post('/api/v1/support/categories', { code: hidden, label: 'Catégorie retirée' }, { token: admin.token })).status).toBe(201);
      expect((await t.http.patch(`/api/v1/support/categories/${hidden}`, { active: false }, { token: admin.token })).status).toBe(200);

      const all = await cpro(t, erp, 'transverses/v1/rechercher/categorieSollicitation', goRechercherCategories({}));
      decodes(GO_CATEGORIES, all);
      const codes = all.body.listeCategories.map((c: { codeCategorie: string }) => c.codeCategorie);
      expect(codes).toContain('FACTURES_EMISES');
      expect(codes).not.toContain(hidden);
      const byLabel = await cpro(t, erp, 'transverses/v1/rechercher/categorieSollicitation', goRechercherCategories({ libelleCategorie: 'factures emises' }));
      expect(byLabel.body.listeCategories).toEqual([{ codeCategorie: 'FACTURES_EMISES', libelleCategorie: 'Factures émises' }]);

      const subs = await cpro(t, erp, 'transverses/v1/rechercher/sousCategorieSollicitation', { ...goRechercherSousCategories({}), codeCategorie: 'FACTURES_EMISES' });
      decodes(GO_SOUS_CATEGORIES, subs);
      expect(subs.body.listeSousCategories).toHaveLength(1);
      expect(subs.body.listeSousCategories[0].categorie).toEqual([{ codeCategorie: 'FACTURES_EMISES', libelleCategorie: 'Factures émises' }]);
      expect(subs.body.listeSousCategories[0].ssCategorie).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'FE_M_DESTINATAIRE', estActif: true })]));
      const one = await cpro(t, erp, 'transverses/v1/rechercher/sousCategorieSollicitation', goRechercherSousCategories({ code: 'FE_TRAITEMENT' }));
      expect(one.body.listeSousCategories.flatMap((g: { ssCategorie: { code: string }[] }) => g.ssCategorie.map((x) => x.code))).toEqual(['FE_TRAITEMENT']);
      expectRefusal(await cpro(t, erp, 'transverses/v1/rechercher/sousCategorieSollicitation', goRechercherSousCategories({ idTechniqueCategorie: 3 })), 'idTechniqueCategorie');
    });
  });

  describe('recipients: search, directory, SIRET information', () => {
    it('finds a public recipient by its SIRET and by its city, never a private structure', async () => {
      const bySiret = await cpro(t, erp, 'transverses/v1/rechercher/destinataire', goRechercherDestinataires({ identifiant: recipient.identifier }));
      decodes(GO_DESTINATAIRES, bySiret);
      expect(bySiret.body.listeDestinataires).toEqual([
        expect.objectContaining({ idStructureCPP: recipient.publicId, siret: recipient.identifier, adresseCodePostal: '75002', adresseVille: 'Paris' }),
      ]);
      const byCity = await cpro(t, erp, 'transverses/v1/rechercher/destinataire', { nomVilleCodePostal: 'Paris', parametresRecherche: { nbResultatsParPage: 200 } });
      expect(byCity.body.listeDestinataires.map((d: { siret: string }) => d.siret)).toContain(recipient.identifier);
      expect(byCity.body.listeDestinataires.map((d: { siret: string }) => d.siret)).not.toContain(supplier.identifier);

      // The attack: a private supplier is not a recipient, whatever the criterion names.
      const privateOne = await cpro(t, strangerErp, 'transverses/v1/rechercher/destinataire', goRechercherDestinataires({ identifiant: supplier.identifier }));
      expect(privateOne.body.listeDestinataires).toEqual([]);
      expectRefusal(await cpro(t, erp, 'transverses/v1/rechercher/destinataire', { typeStructure: 'PRIVEE' }), 'typeStructure');
    });

    it('downloads the directory of public recipients with their services, without private structures', async () => {
      const res = await cpro(t, erp, 'transverses/v1/telecharger/annuaire/destinataire', {});
      decodes(GO_ANNUAIRE, res);
      const csv = Buffer.from(res.body.fichierResultat, 'base64').toString('utf8');
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toBe('identifiant;typeIdentifiant;raisonSociale;codeService;nomService;numeroEJDoitEtreRenseigne;codeServiceDoitEtreRenseigne;adresseCodePostal;adresseVille');
      expect(lines.filter((l) => l.startsWith(`${recipient.identifier};`)).map((l) => l.split(';')[3])).toEqual(['', 'SERV-01', 'SERV-02']);
      expect(lines.find((l) => l.startsWith(`${recipient.identifier};SIRET;`) && l.split(';')[3] === 'SERV-02')?.split(';')[5]).toBe('true');
      expect(csv).not.toContain(supplier.identifier);
    });

    it('answers the legal information of a SIRET, and refuses a malformed or unknown one naming siretStructure', async () => {
      const res = await cpro(t, erp, 'transverses/v1/consulter/information/siret', goInformationsSiret(recipient.identifier));
      decodes(GO_INFORMATIONS_SIRET, res);
      expect(res.body).toMatchObject({ siret: recipient.identifier, siren: recipient.identifier.slice(0, 9), estActif: true, adresse: '1 rue de la Paix 75002 Paris' });
      expect(missing(res.body, ['siret', 'siren', 'raisonSociale'])).toEqual([]);
      // A private structure's address goes to its own account only, never to another one.
      const own = await cpro(t, erp, 'transverses/v1/consulter/information/siret', goInformationsSiret(supplier.identifier));
      expect(own.body).toMatchObject({ siret: supplier.identifier, adresse: expect.stringContaining('Paris') });
      const outsider = await cpro(t, strangerErp, 'transverses/v1/consulter/information/siret', goInformationsSiret(supplier.identifier));
      decodes(GO_INFORMATIONS_SIRET, outsider);
      expect(outsider.body).toMatchObject({ siret: supplier.identifier, adresse: null });
      expectRefusal(await cpro(t, erp, 'transverses/v1/consulter/information/siret', goInformationsSiret('1234')), 'siretStructure');
      expectRefusal(await cpro(t, erp, 'transverses/v1/consulter/information/siret', goInformationsSiret('00000000000000')), 'siretStructure');
    });
  });

  describe('structures/v1/lister/rattachementsutilisateur', () => {
    it('lists the services of the account’s structure, and refuses another structure or another user', async () => {
      const res = await cpro(t, buyerErp, 'structures/v1/lister/rattachementsutilisateur', goListerRattachementsUtilisateur(recipient.publicId));
      decodes(GO_RATTACHEMENTS_UTILISATEUR, res);
      expect(res.body).toMatchObject({ idStructure: recipient.publicId, identifiantStructure: recipient.identifier });
      expect(res.body.listeServices.map((s: { codeService: string }) => s.codeService)).toEqual(['SERV-01', 'SERV-02']);

      const other = await cpro(t, strangerErp, 'structures/v1/lister/rattachementsutilisateur', goListerRattachementsUtilisateur(recipient.publicId));
      expectRefusal(other, 'idStructure');
      expect(other.body.listeServices).toBeUndefined();
      expectRefusal(await cpro(t, buyerErp, 'structures/v1/lister/rattachementsutilisateur', { ...goListerRattachementsUtilisateur(recipient.publicId), idUtilisateur: 12 }), 'idUtilisateur');
    });
  });

  describe('attachments: search and download', () => {
    it('lists the files the account deposited and has not used, never another structure’s', async () => {
      const added = await cpro(t, erp, 'transverses/v1/ajouter/fichier', goAjouterFichier(Buffer.from('bon de livraison'), 'bl-recherche.txt'));
      expect(added.status).toBe(200);
      const mine = await cpro(t, erp, 'transverses/v1/rechercher/pj/moncompte', goRechercherPjMonCompte(10));
      decodes(GO_PJ_LISTE, mine);
      expect(mine.body.listePiecesJointes).toEqual(expect.arrayContaining([expect.objectContaining({ pieceJointeId: added.body.pieceJointeId, pieceJointeDesignation: 'bl-recherche.txt', pieceJointeExtension: 'TXT' })]));
      const ours = await cpro(t, erp, 'transverses/v1/rechercher/pj/structure', goRechercherPjStructure(supplier.publicId));
      decodes(GO_PJ_LISTE, ours);
      expect(ours.body.listePiecesJointes.map((p: { pieceJointeId: number }) => p.pieceJointeId)).toContain(added.body.pieceJointeId);

      // The attacks: another account sees none of them, and may not name the supplier's structure.
      const theirs = await cpro(t, strangerErp, 'transverses/v1/rechercher/pj/moncompte', goRechercherPjMonCompte(10));
      expect(theirs.body.listePiecesJointes.map((p: { pieceJointeId: number }) => p.pieceJointeId)).not.toContain(added.body.pieceJointeId);
      const named = await cpro(t, strangerErp, 'transverses/v1/rechercher/pj/structure', goRechercherPjStructure(supplier.publicId));
      expectRefusal(named, 'idStructureCPP');
      expect(named.body.listePiecesJointes).toBeUndefined();
    });

    it('downloads an invoice’s document (PIVOT: its XML) and, with OUI, its additional files; another structure gets “not found”', async () => {
      const { id, numero } = await submitted();
      const pivot = await cpro(t, erp, 'transverses/v1/telecharger/pieceJointe', goTelechargerPieceJointe(id, 'PIVOT', 'NON'));
      decodes(GO_PIECE_JOINTE, pivot);
      const parsed = parseCiiInvoice(Buffer.from(pivot.body.pieceJointe, 'base64'));
      expect(parsed.ok && parsed.invoice.number).toBe(numero);

      await availableToRecipient(id);
      expect((await cpro(t, buyerErp, 'factures/v1/traiter/recue', { idFacture: id, nouveauStatut: 'SUSPENDUE', motif: 'BL manquant' })).status).toBe(200);
      const bl = await cpro(t, erp, 'transverses/v1/ajouter/fichier', goAjouterFichier(Buffer.from('bon de livraison signé'), 'bl.txt'));
      expect((await cpro(t, erp, 'factures/v1/completer', { idFacture: id, pieceJointeComplementaire: [{ pieceJointeComplementaireId: bl.body.pieceJointeId }] })).status).toBe(200);
      const all = await cpro(t, buyerErp, 'transverses/v1/telecharger/pieceJointe', goTelechargerPieceJointe(id, 'PDF', 'OUI'));
      decodes(GO_PIECE_JOINTE, all);
      const files = await untar(Buffer.from(all.body.pieceJointe, 'base64'));
      // An invoice entered through the API: its legal document is the Factur-X the platform renders.
      expect([...files.keys()].sort()).toEqual([`${id}_0_${numero}_factur-x.pdf`, `${id}_1_bl.txt`]);
      const facturx = parseCiiInvoice(extractFacturXXml(files.get(`${id}_0_${numero}_factur-x.pdf`)!).xml);
      expect(facturx.ok && facturx.invoice.number).toBe(numero);
      expect(files.get(`${id}_1_bl.txt`)!.toString()).toBe('bon de livraison signé');

      for (const format of ['PDF', 'PIVOT'] as const) {
        const res = await cpro(t, strangerErp, 'transverses/v1/telecharger/pieceJointe', goTelechargerPieceJointe(id, format, 'OUI'));
        expectRefusal(res, 'demandePaiement.listeFacture.idFacture');
        expect(res.body.codeErreur).toBe('PISTE.INVOICE_NOT_FOUND');
        expect(res.body.pieceJointe).toBeUndefined();
      }
      expectRefusal(await cpro(t, erp, 'transverses/v1/telecharger/pieceJointe', { objetPieceJointe: 'UTILISATEUR' }), 'objetPieceJointe');
      expectRefusal(await cpro(t, erp, 'transverses/v1/telecharger/pieceJointe', { ...goTelechargerPieceJointe(id, 'PDF', 'NON'), demandePaiement: { format: 'DOCX', listeFacture: [{ idFacture: id }] } }), 'demandePaiement.format');
    });
  });

  describe('factures/v1/rechercher/demandePaiement', () => {
    it('finds the account’s payment requests as supplier and as recipient, as go-choruspro decodes them; a stranger finds none', async () => {
      const { id, numero } = await submitted();
      await availableToRecipient(id);
      const asSupplier = await cpro(t, erp, 'factures/v1/rechercher/demandePaiement', goRechercherDemandePaiement({ roleUtilisateur: 'FOURNISSEUR', numeroFacture: numero }));
      decodes(GO_DEMANDE_PAIEMENT, asSupplier);
      expect(asSupplier.body.listeDemandePaiement).toEqual([
        expect.objectContaining({
          idDemandePaiement: id,
          numeroDemandePaiement: numero,
          typeDemandePaiement: 'FACTURE',
          etatCourant: 'MISE_A_DISPOSITION',
          dateFournisseur: '2026-03-15',
          identifiantStructureDestinataire: recipient.identifier,
          identifiantStructureFournisseur: supplier.identifier,
          montantAPayer: 1200,
          nombreResultatTotal: '1',
        }),
      ]);
      const asRecipient = await cpro(
        t,
        buyerErp,
        'factures/v1/rechercher/demandePaiement',
        goRechercherDemandePaiement({ roleUtilisateur: 'DESTINATAIRE', numeroFacture: numero, periodeDateHeureEtatCourantDu: new Date(Date.now() - 3_600_000).toISOString() }),
      );
      decodes(GO_DEMANDE_PAIEMENT, asRecipient);
      expect(asRecipient.body.listeDemandePaiement.map((r: { idDemandePaiement: number }) => r.idDemandePaiement)).toEqual([id]);

      // The attack: another structure's account asks for the same number under every role it may name.
      for (const roleUtilisateur of ['FOURNISSEUR', 'DESTINATAIRE', 'VALIDATEUR']) {
        const res = await cpro(t, strangerErp, 'factures/v1/rechercher/demandePaiement', goRechercherDemandePaiement({ roleUtilisateur, numeroFacture: numero }));
        expect(res.status).toBe(200);
        expect(res.body.listeDemandePaiement).toEqual([]);
      }
      expectRefusal(await cpro(t, erp, 'factures/v1/rechercher/demandePaiement', { roleUtilisateur: 'PIRATE' }), 'roleUtilisateur');
    });
  });
});
