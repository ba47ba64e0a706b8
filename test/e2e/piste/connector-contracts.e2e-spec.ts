import { ublInvoice, RECIPIENT_SIRET, SUPPLIER_SIRET } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { extractFacturXXml, parseCiiInvoice } from '../../../src/lib/einvoice';
import { sql } from '../accounts/helpers';
import { waitUntil } from '../../factories/accounts';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';
import { untar } from './archives';
import { decodingErrors, missing } from './client-decoding';
import {
  DATE,
  GO_CONSULTER_FACTURE,
  GO_CONSULTER_FACTURE_READS,
  GO_DATETIME,
  GO_HISTORIQUE,
  GO_RECHERCHER_FOURNISSEUR,
  GO_RECHERCHER_RECIPIENDAIRE,
  goCompleter,
  goConsulterHistorique,
  goConsulterFournisseur,
  goConsulterRecipiendaire,
  goDeposerFlux,
  goRechercherFournisseur,
  goSoumettre,
  goTraiterRecue,
  ODOO_CR,
  ODOO_HISTORIQUE,
  ODOO_RECHERCHER_FOURNISSEUR,
  odooConsulterCR,
  odooConsulterHistorique,
  odooDeposerFlux,
  odooRechercherFournisseur,
  pastellConsulterHistorique,
  pastellDeposerFlux,
  pastellRechercherRecipiendaire,
  pastellTelechargerGroupe,
  pythonConsulterFournisseur,
  RFC3339,
  SoumettreValues,
  soumettreWithRates,
} from './connector-requests';


/**
 * Issue 16: public connectors replayed against /cpro with their own request bodies (connector-requests.ts
 * cites where each comes from), and their answers checked with their own parsers' expectations.
 */
describe('PISTE API mode: public connectors’ contracts', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let buyerErp: ErpConnection;
  let counter = 0;
  const number = (): string => `CT-${Date.now().toString(36)}-${++counter}`.slice(0, 20);

  const values = (overrides: Partial<SoumettreValues> = {}): SoumettreValues => ({
    numero: number(),
    codeDestinataire: recipient.identifier,
    codeServiceExecutant: 'SERV-01',
    idFournisseur: supplier.publicId,
    lignes: [{ quantite: 2, prixUnitaire: 500, codeTva: 'TVA20', tauxManuel: 20 }],
    tva: [{ codeTva: 'TVA20', tauxManuel: 20, base: 1000, montant: 200 }],
    totaux: { ht: 1000, tva: 200, ttc: 1200 },
    ...overrides,
  });

  const invoiceCount = async (numero: string): Promise<number> =>
    Number((await sql<{ n: string }>(t, 'select count(*) as n from invoice where number = ?', [numero]))[0]!.n);

  /**
   * An invoice for the other operations' tests, submitted with the rate as a number (`…TauxValeur`, which
   * /cpro always read), so that each test fails only on the breakage it is about.
   */
  async function submitted(v: SoumettreValues = values()): Promise<number> {
    const res = await cpro(t, erp, 'factures/v1/soumettre', soumettreWithRates(v));
    if (res.status !== 200) throw new Error(`soumettre: ${res.status} ${res.text}`);
    return res.body.identifiantFactureCPP as number;
  }

  async function availableToRecipient(id: number): Promise<void> {
    await waitUntil(async () => {
      await t.flushOutbox();
      const res = await cpro(t, buyerErp, 'factures/v1/consulter/recipiendaire', { identifiantFactureCPP: id });
      return res.body.facture?.statutFacture === 'MISE_A_DISPOSITION';
    });
  }

  function expectRefusal(res: { status: number; body: any }, champ: string): void {
    expect(res.status).toBe(400);
    expect(res.body.codeRetour).toEqual(expect.any(Number));
    expect(res.body.codeRetour).toBeGreaterThan(0);
    expect(typeof res.body.libelle).toBe('string');
    expect(res.body.champ).toBe(champ);
  }

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    buyerErp = await givenErpConnection(t, recipient.manager.token, recipient.id, { grants: [{ application: 'FACTURES_RECUES', level: 'MODIFICATION' }] });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('factures/v1/deposer/flux', () => {
    it('answers dateDepot as the YYYY-MM-DD date every connector parses, next to numeroFluxDepot', async () => {
      const xml = Buffer.from(ublInvoice({ number: number() }).split(SUPPLIER_SIRET).join(supplier.identifier).split(RECIPIENT_SIRET).join(recipient.identifier));
      for (const body of [
        pastellDeposerFlux(xml, 'facture.xml'),
        odooDeposerFlux(xml, 'UBL_chorus_facture_F-1.xml', 'IN_DP_E1_UBL_INVOICE'),
        goDeposerFlux(xml, 'facture.xml', 'IN_DP_E1_UBL_INVOICE'),
      ]) {
        const res = await cpro(t, erp, 'factures/v1/deposer/flux', body);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(
          expect.objectContaining({ codeRetour: 0, libelle: expect.any(String), numeroFluxDepot: expect.stringMatching(/^CPP\d+$/), syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' }),
        );
        expect(res.body.dateDepot).toMatch(DATE);

        // The flow's report keeps timestamps: go-choruspro's CompteRenduDetaille decodes them as time.Time (RFC 3339).
        const report = await cpro(t, erp, 'transverses/v1/consulterCRDetaille', { numeroFluxDepot: res.body.numeroFluxDepot });
        expect(report.body.dateDepotFlux).toMatch(RFC3339);
        expect(report.body.dateHeureEtatCourantFlux).toMatch(RFC3339);
      }
    });
  });

  describe('Odoo (OCA l10n_fr_chorus_account): a flow followed to its invoices and their status', () => {
    it('answers what Odoo reads at each step: the flow report, the flow’s invoices, then each invoice’s current status', async () => {
      const numero = number();
      const xml = Buffer.from(ublInvoice({ number: numero }).split(SUPPLIER_SIRET).join(supplier.identifier).split(RECIPIENT_SIRET).join(recipient.identifier));
      const deposit = await cpro(t, erp, 'factures/v1/deposer/flux', odooDeposerFlux(xml, `UBL_chorus_facture_${numero}.xml`, 'IN_DP_E1_UBL_INVOICE'));
      expect(deposit.status).toBe(200);
      const flux = deposit.body.numeroFluxDepot as string;

      let report: any;
      await waitUntil(async () => {
        await t.flushOutbox();
        report = (await cpro(t, erp, 'transverses/v1/consulterCRDetaille', odooConsulterCR(flux))).body;
        return ['IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE', 'IN_INCIDENTE'].includes(report.etatCourantDepotFlux);
      }, 30_000);
      expect(decodingErrors(ODOO_CR, report)).toEqual([]);
      expect(report).toMatchObject({ etatCourantDepotFlux: 'IN_INTEGRE', libelle: 'TRA_MSG_00.000', listeErreurDP: [], listeErreurTechnique: [] });

      const found = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', odooRechercherFournisseur(flux));
      expect(decodingErrors(ODOO_RECHERCHER_FOURNISSEUR, found.body)).toEqual([]);
      expect(found.body.listeFactures).toEqual([expect.objectContaining({ numeroFacture: numero, identifiantFactureCPP: expect.any(Number), statut: expect.any(String) })]);
      const id = found.body.listeFactures[0].identifiantFactureCPP as number;

      const history = await cpro(t, erp, 'factures/v1/consulter/historique', odooConsulterHistorique(id));
      expect(decodingErrors(ODOO_HISTORIQUE, history.body)).toEqual([]);
      // Odoo keeps the status only when idFacture is its integer identifier (== in Python: 42 != "42").
      expect(history.body.idFacture).toBe(id);
      // The invoice moves on asynchronously (DEPOSEE → … → MISE_A_DISPOSITION): any status of its history.
      expect(history.body.historiquesDesStatuts.histoStatut.map((h: { histoStatutCode: string }) => h.histoStatutCode)).toContain(history.body.statutCourantCode);
      expect(history.body.historiquesDesStatuts.histoStatut.map((h: { histoStatutCode: string }) => h.histoStatutCode)).toContain(found.body.listeFactures[0].statut);
    });
  });

  describe('factures/v1/soumettre', () => {
    it('refuses a number already used and leaves nothing behind (no draft of the refused call)', async () => {
      const v = values();
      await submitted(v);
      const again = await cpro(t, erp, 'factures/v1/soumettre', goSoumettre(v));
      expect(again.status).toBe(400);
      expect(again.body.codeErreur).toBe('INVOICING.DUPLICATE_NUMBER');
      expect(await invoiceCount(v.numero)).toBe(1);
    });

    it('takes VAT lines and item lines as go-choruspro sends them: rate codes of recuperer/tauxtva with the manual rate', async () => {
      const v = values({
        lignes: [{ quantite: 1, prixUnitaire: 1000, codeTva: 'TVA5_5', tauxManuel: 5.5 }],
        tva: [{ codeTva: 'TVA5_5', tauxManuel: 5.5, base: 1000, montant: 55 }],
        totaux: { ht: 1000, tva: 55, ttc: 1055 },
      });
      const res = await cpro(t, erp, 'factures/v1/soumettre', goSoumettre(v));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ codeRetour: 0, identifiantFactureCPP: expect.any(Number), statutFacture: 'DEPOSEE', numeroFacture: v.numero }));
      expect(res.body.dateDepot).toMatch(DATE);

      const consulted = await cpro(t, erp, 'factures/v1/consulter/fournisseur', { identifiantFactureCPP: res.body.identifiantFactureCPP });
      expect(consulted.body.facture.recapitulatifDeTva.ligneTva).toEqual([
        expect.objectContaining({ ligneTvaTauxRefCode: 'TVA5_5', ligneTvaTauxManuel: 5.5, ligneTvaMontantBaseHtParTaux: 1000, ligneTvaMontantTvaParTaux: 55 }),
      ]);
      expect(consulted.body.facture.lignesDePoste.lignePoste[0]).toMatchObject({ lignePosteTauxTva: 'TVA5_5', lignePosteTauxTvaManuel: 5.5, lignePosteMontantHtApresRemise: 1000 });
    });

    it('computes a line amount in decimals: 1 × 1.005 is 1.01 (half-up), not the 1.00 of floating point', async () => {
      const v = values({
        lignes: [{ quantite: 1, prixUnitaire: 1.005, codeTva: 'TVA20', tauxManuel: 20 }],
        tva: [{ codeTva: 'TVA20', tauxManuel: 20, base: 1.01, montant: 0.2 }],
        totaux: { ht: 1.01, tva: 0.2, ttc: 1.21 },
      });
      const id = await submitted(v);
      const consulted = await cpro(t, erp, 'factures/v1/consulter/fournisseur', { identifiantFactureCPP: id });
      expect(consulted.body.facture.lignesDePoste.lignePoste[0].lignePosteMontantHtApresRemise).toBe(1.01);
    });

    it('refuses an unknown rate code, or a manual rate that contradicts the code, naming the field, and writes nothing', async () => {
      const unknown = values({ tva: [{ codeTva: 'TVA99', tauxManuel: 0, base: 1000, montant: 200 }] });
      expectRefusal(await cpro(t, erp, 'factures/v1/soumettre', goSoumettre(unknown)), 'ligneTva[0].ligneTvaTaux');
      expect(await invoiceCount(unknown.numero)).toBe(0);

      const contradicting = values({ lignes: [{ quantite: 2, prixUnitaire: 500, codeTva: 'TVA20', tauxManuel: 10 }] });
      expectRefusal(await cpro(t, erp, 'factures/v1/soumettre', goSoumettre(contradicting)), 'lignePoste[0].lignePosteTauxTvaManuel');
      expect(await invoiceCount(contradicting.numero)).toBe(0);
    });
    it('gives an item line sent without a rate the invoice’s only rate, never a silent 0 %, and refuses the guess among several', async () => {
      const v = values();
      const body = goSoumettre(v);
      const withoutRate = { ...body, lignePoste: body.lignePoste.map(({ lignePosteTauxTva: _c, lignePosteTauxTvaManuel: _m, ...rest }) => rest) };
      const res = await cpro(t, erp, 'factures/v1/soumettre', withoutRate);
      expect(res.status).toBe(200);
      const consulted = await cpro(t, erp, 'factures/v1/consulter/fournisseur', { identifiantFactureCPP: res.body.identifiantFactureCPP });
      expect(consulted.body.facture.lignesDePoste.lignePoste[0].lignePosteTauxTvaManuel).toBe(20);

      const two = values({
        lignes: [
          { quantite: 1, prixUnitaire: 1000, codeTva: 'TVA20', tauxManuel: 20 },
          { quantite: 1, prixUnitaire: 100, codeTva: 'TVA5_5', tauxManuel: 5.5 },
        ],
        tva: [
          { codeTva: 'TVA20', tauxManuel: 20, base: 1000, montant: 200 },
          { codeTva: 'TVA5_5', tauxManuel: 5.5, base: 100, montant: 5.5 },
        ],
        totaux: { ht: 1100, tva: 205.5, ttc: 1305.5 },
      });
      const twoBody = goSoumettre(two);
      const ambiguous = { ...twoBody, lignePoste: twoBody.lignePoste.map(({ lignePosteTauxTva: _c, lignePosteTauxTvaManuel: _m, ...rest }) => rest) };
      expectRefusal(await cpro(t, erp, 'factures/v1/soumettre', ambiguous), 'lignePoste[0].lignePosteTauxTva');
      expect(await invoiceCount(two.numero)).toBe(0);
    });
  });

  describe('factures/v1/consulter/fournisseur and /recipiendaire', () => {
    it('answers an invoice go-choruspro decodes: the lists wrapped in objects with their paging, dates and currency in references', async () => {
      const v = values({
        lignes: [
          { quantite: 2, prixUnitaire: 250, codeTva: 'TVA20', tauxManuel: 20 },
          { quantite: 1, prixUnitaire: 500, codeTva: 'TVA20', tauxManuel: 20 },
        ],
      });
      const id = await submitted(v);
      await availableToRecipient(id);
      for (const [account, path, body] of [
        [erp, 'factures/v1/consulter/fournisseur', goConsulterFournisseur(id)],
        [erp, 'factures/v1/consulter/fournisseur', pythonConsulterFournisseur(id)],
        [buyerErp, 'factures/v1/consulter/recipiendaire', goConsulterRecipiendaire(id)],
      ] as const) {
        const res = await cpro(t, account, path, body);
        expect(res.status).toBe(200);
        expect(decodingErrors(GO_CONSULTER_FACTURE, res.body)).toEqual([]);
        expect(missing(res.body, GO_CONSULTER_FACTURE_READS)).toEqual([]);
        const facture = res.body.facture;
        expect(facture).toMatchObject({ identifiantFactureCPP: id, numeroFacture: v.numero, cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' } });
        expect(facture.references).toMatchObject({ codeDeviseFacture: 'EUR', dateFacture: '2026-03-15', typeFacture: 'FACTURE' });
        expect(facture.references.dateDepot).toMatch(DATE);
        expect(facture.lignesDePoste).toMatchObject({ totalLignesPoste: 2, pagesLignesPoste: 1, pageCouranteLignesPoste: 1 });
        expect(facture.lignesDePoste.lignePoste.map((l: { lignePosteNumero: number }) => l.lignePosteNumero)).toEqual([1, 2]);
        expect(facture.recapitulatifDeTva).toMatchObject({ totalLignesRecapitulativesTVA: 1, ligneTva: [{ ligneTvaTauxRefCode: 'TVA20', ligneTvaMontantBaseHtParTaux: 1000 }] });
        expect(facture.listeDesPiecesJointes).toMatchObject({ totalListePiecesJointe: 0, pieceJointe: [] });
        expect(facture.fournisseur).toMatchObject({ idFournisseur: supplier.publicId, codeFournisseur: supplier.identifier });
        expect(facture.destinataire).toMatchObject({ idDestinataire: recipient.publicId, codeDestinataire: recipient.identifier, codeServiceExecutant: 'SERV-01' });
      }
    });

    it('pages the item lines as go-choruspro asks (pLignesPoste)', async () => {
      const v = values({
        lignes: [
          { quantite: 1, prixUnitaire: 400, codeTva: 'TVA20', tauxManuel: 20 },
          { quantite: 1, prixUnitaire: 300, codeTva: 'TVA20', tauxManuel: 20 },
          { quantite: 1, prixUnitaire: 300, codeTva: 'TVA20', tauxManuel: 20 },
        ],
      });
      const id = await submitted(v);
      const res = await cpro(t, erp, 'factures/v1/consulter/fournisseur', goConsulterFournisseur(id, { parPage: 2, page: 2 }));
      expect(res.body.facture.lignesDePoste).toMatchObject({ nbResultatsParPageLignesPoste: 2, pageCouranteLignesPoste: 2, pagesLignesPoste: 2, totalLignesPoste: 3 });
      expect(res.body.facture.lignesDePoste.lignePoste).toEqual([expect.objectContaining({ lignePosteNumero: 3, lignePosteMontantUnitaireHT: 300 })]);
    });

    it('refuses an invoice the account cannot read, naming the field, with the envelope', async () => {
      const id = await submitted();
      const stranger = await givenSupplier(t);
      const strangerErp = await givenErpConnection(t, stranger.owner.token, stranger.id);
      const res = await cpro(t, strangerErp, 'factures/v1/consulter/fournisseur', goConsulterFournisseur(id));
      expectRefusal(res, 'identifiantFactureCPP');
      expect(res.body.facture).toBeUndefined();
    });
  });

  describe('factures/v1/rechercher/fournisseur', () => {
    it('accepts go-choruspro’s whole body: cadreFacturation as an object, every other filter at its zero value', async () => {
      const v = values();
      const id = await submitted(v);
      const res = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', goRechercherFournisseur({ numeroFacture: v.numero, codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' }));
      expect(res.status).toBe(200);
      expect(res.body.codeRetour).toBe(0);
      expect(res.body.listeFactures).toHaveLength(1);
      expect(decodingErrors(GO_RECHERCHER_FOURNISSEUR, res.body)).toEqual([]);
      const row = res.body.listeFactures[0];
      expect(row).toMatchObject({ identifiantFactureCPP: id, numeroFacture: v.numero, montantHT: 1000, montantTTC: 1200, montantAPayer: 1200, devise: 'EUR' });
      expect(row.dateDepot).toMatch(DATE);
      expect(row.dateFacture).toMatch(DATE);
      expect(row.dateHeureEtatCourant).toMatch(RFC3339);
      expect(typeof row.idDestinataire).toBe('number');

      // The object form is a real filter, not ignored: another framework finds nothing.
      const other = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', goRechercherFournisseur({ numeroFacture: v.numero, codeCadreFacturation: 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE' }));
      expect(other.body.listeFactures).toHaveLength(0);
      // The string form of the same filter (other clients) still works.
      const asString = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', { numeroFacture: v.numero, cadreFacturation: 'A1_FACTURE_FOURNISSEUR' });
      expect(asString.body.listeFactures).toHaveLength(1);
    });

    it('filters on rejetTraite before paging: pages and total count only the matching invoices', async () => {
      const prefix = `RT-${Date.now().toString(36)}`;
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push(await submitted(values({ numero: `${prefix}-${i}` })));
      for (const id of ids) await availableToRecipient(id);
      // The first one submitted is rejected and its rejection acknowledged; it is the last by deposit date.
      const [treated] = ids as [number];
      expect((await cpro(t, buyerErp, 'factures/v1/traiter/recue', goTraiterRecue(treated, 'REJETEE', 'Montant erroné'))).body.codeRetour).toBe(0);
      expect((await cpro(t, erp, 'factures/v1/traiterRejet', { idFacture: treated })).body).toMatchObject({ codeRetour: 0, rejetTraite: true });

      const page = (rejetTraite: boolean, pageResultatDemandee: number) =>
        cpro(t, erp, 'factures/v1/rechercher/fournisseur', { rejetTraite, periodeDateDepotDu: new Date().toISOString().slice(0, 10), rechercheFactureParFournisseur: { nbResultatsParPage: 1, pageResultatDemandee, triColonne: 'DateDepot', triSens: 'Descendant' } });
      const first = await page(true, 1);
      expect(first.body.listeFactures.map((r: { identifiantFactureCPP: number }) => r.identifiantFactureCPP)).toEqual([treated]);
      expect(first.body.listeFactures[0].rejetTraite).toBe(true);
      expect(first.body.parametresRetour).toMatchObject({ total: 1, pages: 1 });

      // false is a typed client's zero value (go-choruspro always sends it): no filter, every invoice.
      const unfiltered = await page(false, 1);
      const all = (await cpro(t, erp, 'factures/v1/rechercher/fournisseur', { periodeDateDepotDu: new Date().toISOString().slice(0, 10), rechercheFactureParFournisseur: { nbResultatsParPage: 100 } })).body;
      expect(unfiltered.body.parametresRetour.total).toBe(all.parametresRetour.total);
      expect(all.listeFactures.filter((r: { rejetTraite: boolean }) => r.rejetTraite).map((r: { identifiantFactureCPP: number }) => r.identifiantFactureCPP)).toEqual([treated]);
    });
  });

  describe('factures/v1/rechercher/recipiendaire', () => {
    it('lists each invoice once when Pastell asks for FACTURE then FACTURE_TRAVAUX, with idFacture and top-level paging', async () => {
      const ids = [await submitted(), await submitted()];
      for (const id of ids) await availableToRecipient(id);

      const seen: number[] = [];
      for (const type of ['FACTURE', 'FACTURE_TRAVAUX'] as const) {
        let page = 0;
        let answer: any;
        do {
          page++;
          answer = (await cpro(t, buyerErp, 'factures/v1/rechercher/recipiendaire', pastellRechercherRecipiendaire(type, page, recipient.publicId))).body;
          expect(answer.codeRetour).toBe(0);
          expect(decodingErrors(GO_RECHERCHER_RECIPIENDAIRE, answer)).toEqual([]);
          expect(answer.pageCourante).toEqual(expect.any(Number));
          expect(answer.pages).toEqual(expect.any(Number));
          for (const row of answer.listeFactures) {
            expect(row.idFacture).toBe(row.identifiantFactureCPP);
            expect(row.typeDemandePaiement).toBe('FACTURE');
            seen.push(row.idFacture);
          }
        } while (answer.pageCourante < answer.pages);
      }
      expect(seen).toEqual(expect.arrayContaining(ids));
      expect(new Set(seen).size).toBe(seen.length);
    });
  });

  describe('periodeDateHeureEtatCourantDu/Au (Pastell’s synchronisation window, go-choruspro’s time.Time)', () => {
    it('finds the invoices whose status changed within the window, and only those', async () => {
      const v = values();
      const id = await submitted(v);
      await availableToRecipient(id);
      const list = async (body: Record<string, unknown>): Promise<number[]> => {
        const res = await cpro(t, buyerErp, 'factures/v1/rechercher/recipiendaire', body);
        expect(res.status).toBe(200);
        return res.body.listeFactures.map((r: { idFacture: number }) => r.idFacture);
      };
      const row = (await cpro(t, buyerErp, 'factures/v1/rechercher/recipiendaire', { numeroFacture: v.numero })).body.listeFactures[0];
      const changed = new Date(row.dateHeureEtatCourant);
      const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
      const before = new Date(changed.getTime() - 86_400_000);
      const after = new Date(changed.getTime() + 86_400_000);

      expect(await list(pastellRechercherRecipiendaire('FACTURE', 1, recipient.publicId, { du: dayOf(changed), au: dayOf(changed) }))).toContain(id);
      expect(await list(pastellRechercherRecipiendaire('FACTURE', 1, recipient.publicId, { du: dayOf(before), au: dayOf(before) }))).not.toContain(id);
      expect(await list(pastellRechercherRecipiendaire('FACTURE', 1, recipient.publicId, { du: dayOf(after), au: dayOf(after) }))).not.toContain(id);
      // RFC 3339 instants, as go-choruspro encodes time.Time: a window of one second around the change.
      const around = { periodeDateHeureEtatCourantDu: new Date(changed.getTime() - 1000).toISOString(), periodeDateHeureEtatCourantAu: new Date(changed.getTime() + 1000).toISOString() };
      expect(await list(around)).toContain(id);
      expect(await list({ periodeDateHeureEtatCourantDu: new Date(changed.getTime() + 1000).toISOString() })).not.toContain(id);
      expectRefusal(await cpro(t, buyerErp, 'factures/v1/rechercher/recipiendaire', { periodeDateHeureEtatCourantDu: '15/03/2026' }), 'periodeDateHeureEtatCourantDu');
    });
  });

  describe('factures/v1/traiter/recue, completer, consulter/historique', () => {
    it('answers dateTraitement as a date and the history’s dates as go-choruspro’s Datetime', async () => {
      const id = await submitted();
      await availableToRecipient(id);
      const suspended = await cpro(t, buyerErp, 'factures/v1/traiter/recue', goTraiterRecue(id, 'SUSPENDUE', 'Bon de livraison manquant'));
      expect(suspended.body).toMatchObject({ codeRetour: 0, idFacture: id, nouveauStatut: 'SUSPENDUE' });
      expect(suspended.body.dateTraitement).toMatch(DATE);

      const completed = await cpro(t, erp, 'factures/v1/completer', goCompleter(id, 'BL joint'));
      expect(completed.body).toMatchObject({ codeRetour: 0, identifiantFactureCPP: id, statutFacture: 'COMPLETEE' });
      expect(completed.body.dateTraitement).toMatch(DATE);

      const history = await cpro(t, erp, 'factures/v1/consulter/historique', pastellConsulterHistorique(id));
      expect(history.body).toMatchObject({ codeRetour: 0, idFacture: id, statutCourantCode: 'COMPLETEE' });
      for (const entry of history.body.historiquesDesStatuts.histoStatut) {
        expect(entry).toEqual(expect.objectContaining({ histoStatutCode: expect.any(String), histoStatutId: expect.any(Number) }));
        expect(entry.histoStatutDatePassage).toMatch(GO_DATETIME);
      }
      expect(decodingErrors(GO_HISTORIQUE, history.body)).toEqual([]);

      // go-choruspro pages the statuses: 4 and more statuses by 2, second page.
      const paged = await cpro(t, erp, 'factures/v1/consulter/historique', goConsulterHistorique(id, 2, 2));
      expect(decodingErrors(GO_HISTORIQUE, paged.body)).toEqual([]);
      const total = history.body.historiquesDesStatuts.histoStatut.length;
      expect(paged.body.historiquesDesStatuts).toMatchObject({ nbResultatsParPageHistoStatut: 2, pageCouranteHistoStatut: 2, pagesHistoStatut: Math.ceil(total / 2), totalHistoStatut: total });
      expect(paged.body.historiquesDesStatuts.histoStatut).toEqual(history.body.historiquesDesStatuts.histoStatut.slice(2, 4));
    });
  });

  describe('factures/v1/telecharger/groupe', () => {
    it('answers PIVOT with the invoice’s structured XML itself, as Pastell stores it (<id>.xml), for an invoice entered through the API', async () => {
      const v = values();
      const id = await submitted(v);
      const res = await cpro(t, erp, 'factures/v1/telecharger/groupe', pastellTelechargerGroupe('PIVOT', id));
      expect(res.status).toBe(200);
      expect(res.body.codeRetour).toBe(0);
      const xml = Buffer.from(res.body.fichierResultat, 'base64');
      expect(xml.subarray(0, 5).toString()).toBe('<?xml');
      const parsed = parseCiiInvoice(xml);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.invoice).toMatchObject({
        number: v.numero,
        issueDate: '2026-03-15',
        type: 'FACTURE',
        currency: 'EUR',
        supplier: { siret: supplier.identifier },
        recipient: { siret: recipient.identifier, serviceCode: 'SERV-01' },
        totals: { totalExclTax: '1000.00', totalVat: '200.00', totalInclTax: '1200.00', amountDue: '1200.00' },
      });
      expect(parsed.invoice.vatBreakdown).toEqual([expect.objectContaining({ rate: '20.00', taxableAmount: '1000.00', vatAmount: '200.00' })]);
      expect(parsed.invoice.lines).toEqual([expect.objectContaining({ quantity: '2.00', unitPrice: '500.00', netAmount: '1000.00', vatRate: '20.00' })]);
    });

    it('answers XML for such an invoice too, and PDF with the Factur-X the platform renders (its CII embedded) instead of "nothing to download"; several invoices come as an archive', async () => {
      const first = await submitted();
      const second = await submitted();
      const xml = await cpro(t, erp, 'factures/v1/telecharger/groupe', pastellTelechargerGroupe('XML', first));
      expect(xml.status).toBe(200);
      expect(parseCiiInvoice(Buffer.from(xml.body.fichierResultat, 'base64')).ok).toBe(true);

      const pdf = await cpro(t, erp, 'factures/v1/telecharger/groupe', { format: 'PDF', listeFacture: [{ idFacture: first }, { idFacture: second }] });
      expect(pdf.status).toBe(200);
      const files = await untar(Buffer.from(pdf.body.fichierResultat, 'base64'));
      expect([...files.keys()].map((name) => name.split('_')[0]).sort()).toEqual([String(first), String(second)].sort());
      for (const [name, content] of files) {
        expect(name).toMatch(/_factur-x\.pdf$/);
        expect(parseCiiInvoice(extractFacturXXml(content).xml).ok).toBe(true);
      }
    });

    it('never renders another structure’s invoice: PIVOT and PDF of an invoice the account cannot read answer “not found”', async () => {
      const id = await submitted();
      const stranger = await givenSupplier(t);
      const strangerErp = await givenErpConnection(t, stranger.owner.token, stranger.id);
      for (const format of ['PIVOT', 'XML', 'PDF']) {
        const res = await cpro(t, strangerErp, 'factures/v1/telecharger/groupe', pastellTelechargerGroupe(format, id));
        expectRefusal(res, 'listeFacture.idFacture');
        expect(res.body.codeErreur).toBe('PISTE.INVOICE_NOT_FOUND');
        expect(res.body.fichierResultat).toBeUndefined();
      }
    });

    it('refuses an unknown format with the field named', async () => {
      const id = await submitted();
      expectRefusal(await cpro(t, erp, 'factures/v1/telecharger/groupe', pastellTelechargerGroupe('DOCX', id)), 'format');
    });
  });

  describe('one lenient reading for every operation', () => {
    it('takes numbers as strings, strings as numbers, an object or a string for a coded field, and null/0/"" as absent', async () => {
      const v = values();
      const body: Record<string, any> = goSoumettre(v);
      body.cadreDeFacturation = 'A1_FACTURE_FOURNISSEUR';
      body.fournisseur = { idFournisseur: String(supplier.publicId), idServiceFournisseur: null, codeCoordonneesBancairesFournisseur: '' };
      body.montantTotal = { montantHtTotal: '1000,00', montantTVA: '200', montantTtcTotal: 1200, montantAPayer: null };
      body.references.typeFacture = { codeTypeFacture: 'FACTURE' };
      body.commentaire = null;
      body.inconnu = { nimporte: 'quoi' };
      const res = await cpro(t, erp, 'factures/v1/soumettre', body);
      expect(res.status).toBe(200);
      const id = res.body.identifiantFactureCPP as number;

      const history = await cpro(t, erp, 'factures/v1/consulter/historique', { idFacture: String(id), nbResultatsMaximum: '' });
      expect(history.body).toMatchObject({ codeRetour: 0, idFacture: id });
      const found = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {
        numeroFacture: v.numero,
        typeFacture: { codeTypeFacture: 'FACTURE' },
        statutCourant: [{ statutCourant: 'DEPOSEE' }, 'MISE_A_DISPOSITION', 'EN_COURS_ACHEMINEMENT'],
        rejetTraite: false,
        rechercheFactureParFournisseur: { nbResultatsParPage: '10', pageResultatDemandee: '1' },
      });
      expect(found.body.listeFactures.map((r: { identifiantFactureCPP: number }) => r.identifiantFactureCPP)).toEqual([id]);
      const download = await cpro(t, erp, 'factures/v1/telecharger/groupe', { format: { format: 'PIVOT' }, listeFacture: { idFacture: String(id) } });
      expect(download.status).toBe(200);
      // Either spelling of the file field, the other one null (a typed client's zero value).
      const added = await cpro(t, erp, 'transverses/v1/ajouter/fichier', { pieceJointeFichier: null, fichier: Buffer.from('bon').toString('base64'), nomFichier: 'bl.txt' });
      expect(added.body).toMatchObject({ codeRetour: 0, pieceJointeId: expect.any(Number) });
    });

    it('still refuses what it cannot read, with the field named', async () => {
      const v = values();
      const body: Record<string, any> = goSoumettre(v);
      body.cadreDeFacturation = { codeCadreFacturation: ['A1'] };
      expectRefusal(await cpro(t, erp, 'factures/v1/soumettre', body), 'cadreDeFacturation.codeCadreFacturation');
      expectRefusal(await cpro(t, erp, 'factures/v1/rechercher/fournisseur', { cadreFacturation: { codeCadreFacturation: { code: 'A1' } } }), 'cadreFacturation.codeCadreFacturation');
      expectRefusal(await cpro(t, erp, 'factures/v1/rechercher/fournisseur', { cadreFacturation: { autre: 'A1_FACTURE_FOURNISSEUR' } }), 'cadreFacturation');
      expect(await invoiceCount(v.numero)).toBe(0);
    });
  });
});
