import { makeTar, ublInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { givenEngagement } from '../../factories/engagements';
import { depositFlow, finalFlowReport, readdressed } from '../../factories/flows';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';
import { decodingErrors, missing } from './client-decoding';
import { goSoumettre, odooCheckCommitmentNumber, PORTAL_CONSULTER_DETAIL_ENGAGEMENT, PORTAL_RECHERCHER_ENGAGEMENT, portalRechercherEngagement } from './connector-requests';

/**
 * Issue 19: engagementsJuridiques/v1/rechercher with the requests public connectors and the portal's
 * documentation send (connector-requests.ts cites them), and soumettre's refusal of an engagement.
 */
describe('PISTE API mode: engagementsJuridiques/v1/rechercher', () => {
  let t: TestApp;
  let supplier: Supplier;
  let stranger: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let strangerErp: ErpConnection;
  let buyerErp: ErpConnection;
  let order: Record<string, any>;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    stranger = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { parameters: { engagementRequired: true }, services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    strangerErp = await givenErpConnection(t, stranger.owner.token, stranger.id);
    buyerErp = await givenErpConnection(t, recipient.manager.token, recipient.id);
    order = await givenEngagement(t, recipient, supplier, { number: '4500012345', amount: '5000.00', amountExclTax: '4166.67', serviceCode: 'SERV-01', notificationDate: '2026-01-15' });
    await givenEngagement(t, recipient, supplier, { number: '4500012346', amount: '300.00' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the commitment number Odoo checks before invoicing: one row for its SIRET and number in state COMMANDE', async () => {
    const res = await cpro(t, erp, 'engagementsJuridiques/v1/rechercher', odooCheckCommitmentNumber(supplier.identifier, '4500012345'));
    expect(res.status).toBe(200);
    expect(res.body.codeRetour).toBe(0);
    expect(res.body.listeEngagementJuridique).toHaveLength(1);
    expect(res.body.listeEngagementJuridique[0]).toMatchObject({
      idEngagementJuridique: order.publicId,
      numeroEngagementJuridique: '4500012345',
      libelleTypeEngagementJuridique: 'BON_DE_COMMANDE',
      libelleEtatCourantEJ: 'COMMANDE',
      identifiantStructureReceptrice: supplier.identifier,
      identifiantStructureEmettrice: recipient.identifier,
      codeServiceExecutant: 'SERV-01',
      libelleServiceExecutant: 'Service SERV-01',
      montantTotalTtc: 5000,
      montantTotalHt: 4166.67,
      deviseEngagement: 'EUR',
    });
    // An unknown number, another supplier's SIRET, or another supplier's account: nothing (Odoo: "not found").
    expect((await cpro(t, erp, 'engagementsJuridiques/v1/rechercher', odooCheckCommitmentNumber(supplier.identifier, '999'))).body.listeEngagementJuridique).toEqual([]);
    expect((await cpro(t, erp, 'engagementsJuridiques/v1/rechercher', odooCheckCommitmentNumber(stranger.identifier, '4500012345'))).body.listeEngagementJuridique).toEqual([]);
    expect((await cpro(t, strangerErp, 'engagementsJuridiques/v1/rechercher', odooCheckCommitmentNumber(supplier.identifier, '4500012345'))).body.listeEngagementJuridique).toEqual([]);
  });

  it('answers the portal documentation’s full request with its answer’s shape, for the supplier and for the issuer', async () => {
    for (const account of [erp, buyerErp]) {
      const res = await cpro(t, account, 'engagementsJuridiques/v1/rechercher', portalRechercherEngagement());
      expect(decodingErrors(PORTAL_RECHERCHER_ENGAGEMENT, res.body)).toEqual([]);
      expect(missing(res.body, ['listeEngagementJuridique.0.idEngagementJuridique', 'listeEngagementJuridique.0.dateNotificationEJ', 'parametresRetour.total'])).toEqual([]);
      expect(res.body.parametresRetour).toEqual({ pageCourante: 1, pages: 1, nbResultatsParPage: 10, total: 2 });
      // triSens Descendant on DateCreationEJ: the newest first.
      expect(res.body.listeEngagementJuridique.map((e: { numeroEngagementJuridique: string }) => e.numeroEngagementJuridique)).toEqual(['4500012346', '4500012345']);
    }
    const byAmount = await cpro(t, erp, 'engagementsJuridiques/v1/rechercher', portalRechercherEngagement({ montantTTCMin: 1000 }));
    expect(byAmount.body.listeEngagementJuridique.map((e: { numeroEngagementJuridique: string }) => e.numeroEngagementJuridique)).toEqual(['4500012345']);
    expect(byAmount.body.listeEngagementJuridique[0].dateNotificationEJ).toMatch(/^2026-01-15T00:00:00(\.000)?\+00:00$/);
  });

  it('refuses an unknown state with the field named, in the envelope', async () => {
    const res = await cpro(t, erp, 'engagementsJuridiques/v1/rechercher', { etatCourantEngagementJuridique: 'PAYEE' });
    expect(res.status).toBe(400);
    expect(res.body.codeRetour).toBeGreaterThan(0);
    expect(res.body.libelle).toContain('etatCourantEngagementJuridique');
  });

  it('refuses soumettre beyond what is left of the engagement, with its codeRetour and field, and writes nothing', async () => {
    const body = goSoumettre({
      numero: `EJ-CT-${Date.now().toString(36)}`.slice(0, 20),
      codeDestinataire: recipient.identifier,
      codeServiceExecutant: 'SERV-01',
      idFournisseur: supplier.publicId,
      lignes: [{ quantite: 1, prixUnitaire: 500, codeTva: 'TVA20', tauxManuel: 20 }],
      tva: [{ codeTva: 'TVA20', tauxManuel: 20, base: 500, montant: 100 }],
      totaux: { ht: 500, tva: 100, ttc: 600 },
    });
    const refused = await cpro(t, erp, 'factures/v1/soumettre', { ...body, references: { ...body.references, numeroBonCommande: '4500012346' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ codeRetour: 1193, codeErreur: 'ENGAGEMENTS.EXCEEDED', champ: 'references.numeroBonCommande' });
    expect(refused.body.libelle).toContain('4500012346');
    const accepted = await cpro(t, erp, 'factures/v1/soumettre', { ...body, references: { ...body.references, numeroBonCommande: '4500012345' } });
    expect(accepted.body.codeRetour).toBe(0);
    const consumed = await t.http.get(`/api/v1/engagements/${order.id}`, { token: supplier.owner.token });
    expect(consumed.body).toMatchObject({ consumed: '600.00', remaining: '4400.00' });

    // consulterDetail: the engagement with the invoice it counts, for its supplier and for its issuer.
    for (const account of [erp, buyerErp]) {
      const detail = await cpro(t, account, 'engagementsJuridiques/v1/consulterDetail', { numeroEngagementJuridique: '4500012345' });
      expect(decodingErrors(PORTAL_CONSULTER_DETAIL_ENGAGEMENT, detail.body)).toEqual([]);
      expect(detail.body).toMatchObject({
        codeRetour: 0,
        idEngagement: order.publicId,
        etatCourantEngagement: 'COMMANDE',
        emetteur: { identifiantStructureEmettrice: recipient.identifier, idStructureEmettrice: recipient.publicId, codeServiceExecutant: 'SERV-01' },
        recepteur: { identifiantStructureReceptrice: supplier.identifier, idStructureReceptrice: supplier.publicId },
        demandePaiement: [expect.objectContaining({ idDemandePaiement: accepted.body.identifiantFactureCPP, montantTtcDemandePaiement: 600, typeDemandePaiement: 'FACTURE' })],
      });
    }
    const unknown = await cpro(t, erp, 'engagementsJuridiques/v1/consulterDetail', { numeroEngagementJuridique: 'EJ-INCONNU' });
    expect(unknown.body).toMatchObject({ codeRetour: 4191, codeErreur: 'ENGAGEMENTS.ENGAGEMENT_NOT_FOUND' });
    expect((await cpro(t, strangerErp, 'engagementsJuridiques/v1/consulterDetail', { numeroEngagementJuridique: '4500012345' })).body.codeRetour).toBe(4191);
  });

  it('charges a flow’s invoices too: one beyond what is left is refused in the report, on BT-13, the others integrated', async () => {
    const small = await givenEngagement(t, recipient, supplier, { amount: '150.00' });
    const header = `<cbc:BuyerReference>SERV-01</cbc:BuyerReference><cac:OrderReference><cbc:ID>${small.number}</cbc:ID></cac:OrderReference>`;
    const fits = `FL-${Date.now().toString(36)}-1`;
    const beyond = `FL-${Date.now().toString(36)}-2`;
    const tarball = makeTar([
      { name: 'lot/1.xml', content: readdressed(ublInvoice({ number: fits, header }), supplier, recipient) },
      { name: 'lot/2.xml', content: readdressed(ublInvoice({ number: beyond, header }), supplier, recipient) },
    ]);
    const report = await finalFlowReport(t, erp, await depositFlow(t, erp, tarball, 'engagements.tar.gz'));
    expect(report.etatCourantDepotFlux).toBe('IN_INTEGRE_PARTIEL');
    expect(report.listeErreurDP).toEqual([
      expect.objectContaining({ numeroDP: beyond, codeRegle: 'LIASSE-ENGAGEMENT-EXCEEDED', etape: 'recipient', termeMetier: 'BT-13' }),
    ]);
    const after = await t.http.get(`/api/v1/engagements/${small.id}`, { token: recipient.manager.token });
    expect(after.body).toMatchObject({ consumed: '120.00', remaining: '30.00' });
  });
});
