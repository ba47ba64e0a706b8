import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  ciiInvoice,
  makePdf,
  makeTar,
  RECIPIENT_SIRET,
  SUPPLIER_SIRET,
  ublInvoice,
} from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { sql } from '../accounts/helpers';
import { waitUntil } from '../../factories/accounts';
import { clientToken, cpro, cproAccountHeader, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

/** An ERP connector's whole journey through /cpro, with only a client token and the cpro-account header. */
describe('PISTE API mode: an ERP end to end', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let buyerErp: ErpConnection;
  let counter = 0;
  const number = (): string => `ERP-${Date.now().toString(36)}-${++counter}`.slice(0, 20);

  const invoiceBody = (overrides: Record<string, unknown> = {}) => ({
    modeDepot: 'SAISIE_API',
    numeroFactureSaisi: number(),
    dateFacture: '2026-03-15',
    idUtilisateurCourant: 0,
    destinataire: { codeDestinataire: recipient.identifier, codeServiceExecutant: 'SERV-01' },
    fournisseur: { idFournisseur: supplier.publicId, idServiceFournisseur: 0, codeCoordonneesBancairesFournisseur: 0 },
    cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR', codeStructureValideur: null },
    references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT', numeroBonCommande: '', numeroMarche: '' },
    montantTotal: { montantHtTotal: 1000, montantTVA: 200, montantTtcTotal: 1200, montantAPayer: 1200 },
    ligneTva: [{ ligneTvaTauxValeur: 20, ligneTvaMontantBaseHtParTaux: 1000, ligneTvaMontantTvaParTaux: 200 }],
    lignePoste: [{ lignePosteNumero: 1, lignePosteDenomination: 'Prestation', lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 1000, lignePosteTauxTvaValeur: 20 }],
    champInconnu: 'ignoré',
    ...overrides,
  });

  const siretsOf = (xml: string): string => xml.split(SUPPLIER_SIRET).join(supplier.identifier).split(RECIPIENT_SIRET).join(recipient.identifier);

  async function depositFlow(content: Buffer, syntaxeFlux: string, nomFichier: string) {
    const res = await cpro(t, erp, 'factures/v1/deposer/flux', { fichierFlux: content.toString('base64'), nomFichier, syntaxeFlux, avecSignature: false });
    expect(res.status).toBe(200);
    expect(res.body.codeRetour).toBe(0);
    expect(res.body.numeroFluxDepot).toMatch(/^CPP\d+$/);
    return res.body.numeroFluxDepot as string;
  }

  async function finalReport(numeroFluxDepot: string) {
    let report: Record<string, any> = {};
    await waitUntil(async () => {
      await t.flushOutbox();
      report = (await cpro(t, erp, 'transverses/v1/consulterCRDetaille', { numeroFluxDepot })).body;
      return ['IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE', 'IN_INCIDENTE'].includes(report.etatCourantDepotFlux);
    }, 30_000);
    return report;
  }

  async function waitForRecipientStatus(identifiantFactureCPP: number, status: string): Promise<void> {
    await waitUntil(async () => {
      await t.flushOutbox();
      const res = await cpro(t, buyerErp, 'factures/v1/consulter/recipiendaire', { identifiantFactureCPP });
      return res.body.facture?.statutFacture === status;
    });
  }

  beforeAll(async () => {
    // Pool above the worker's concurrency (8): some event handlers of other contexts (status mails) take a
    // second connection inside their job transaction, which starves a pool of 5 when flows submit in bursts.
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }, { code: 'SERV-02' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    buyerErp = await givenErpConnection(t, recipient.manager.token, recipient.id, {
      grants: [
        { application: 'FACTURES_RECUES', level: 'MODIFICATION' },
        { application: 'SUIVI_FLUX', level: 'CONSULTATION' },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('tokens and the cpro-account header', () => {
    it('issues a PISTE-shaped token from a form and from HTTP Basic, and refuses bad clients per RFC 6749', async () => {
      const form = await clientToken(t, erp.clientId, erp.clientSecret);
      expect(form.status).toBe(200);
      expect(form.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'openid' });

      const basic = await t.http.post('/api/oauth/token', undefined, {
        payload: 'grant_type=client_credentials',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${erp.clientId}:${erp.clientSecret}`).toString('base64')}` },
      });
      expect(basic.status).toBe(200);
      expect(basic.body.token_type).toBe('Bearer');

      const wrong = await clientToken(t, erp.clientId, 'not-the-secret');
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_client');

      const grant = await t.http.post('/api/oauth/token', { grant_type: 'password', client_id: erp.clientId, client_secret: erp.clientSecret });
      expect(grant.status).toBe(400);
      expect(grant.body.error).toBe('unsupported_grant_type');

      const missing = await t.http.post('/api/oauth/token', undefined, { payload: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toBe('invalid_request');
    });

    it('refuses a wrong technical account with the exact PISTE challenge, and a missing token with 401', async () => {
      const wrong = await cpro(t, { token: erp.token, cproAccount: cproAccountHeader(erp.login, 'wrong-password') }, 'utilisateurs/v1/monCompte/recuperer/rattachements');
      expect(wrong.status).toBe(401);
      expect(wrong.headers['www-authenticate']).toBe('Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"');
      expect(wrong.body.codeRetour).toBeGreaterThan(0);

      const noToken = await t.http.post('/cpro/utilisateurs/v1/monCompte/recuperer/rattachements', {}, { headers: { 'cpro-account': erp.cproAccount } });
      expect(noToken.status).toBe(401);
      expect(noToken.body.codeRetour).toBeGreaterThan(0);
    });

    it('answers 403 for an API group the application was not given', async () => {
      const limited = await givenErpConnection(t, supplier.owner.token, supplier.id, { apiGroups: ['structures'] });
      const res = await cpro(t, limited, 'factures/v1/rechercher/fournisseur', {});
      expect(res.status).toBe(403);
      expect(res.body.codeErreur).toBe('CONNECTIONS.API_GROUP_FORBIDDEN');
      expect((await cpro(t, limited, 'structures/v1/rechercher', {})).status).toBe(200);
    });

    it('accepts the same pair on the REST API', async () => {
      const res = await t.http.get('/api/v1/invoices', { token: erp.token, headers: { 'cpro-account': erp.cproAccount }, query: { role: 'supplier' } });
      expect(res.status).toBe(200);
    });

    it('answers the health check, even with a body', async () => {
      const res = await t.http.request('GET', '/cpro/transverses/v1/health-check', undefined, { payload: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ statusCode: 'OK', statusCodeValue: 200 });
    });
  });

  describe('structures', () => {
    it('lists the technical account’s structure, finds and consults the recipient and its services', async () => {
      const mine = await cpro(t, erp, 'utilisateurs/v1/monCompte/recuperer/rattachements', { parametresRecherche: { nbResultatsParPage: 10 } });
      expect(mine.body.codeRetour).toBe(0);
      expect(mine.body.listeStructureRattachement).toEqual([expect.objectContaining({ idStructure: supplier.publicId, identifiantStructure: supplier.identifier })]);

      const actives = await cpro(t, erp, 'transverses/v1/recuperer/structures/actives/fournisseur', {});
      expect(actives.body.listeStructures).toEqual([expect.objectContaining({ idStructureCPP: supplier.publicId, identifiant: supplier.identifier })]);

      const found = await cpro(t, erp, 'structures/v1/rechercher', {
        structure: { identifiantStructure: Number(recipient.identifier), typeIdentifiantStructure: 'SIRET', raisonSocialeStructure: '' },
        restreindreStructuresPrivees: false,
        parametres: { pageResultatDemandee: 1, nbResultatsParPage: 10, triSens: ' Ascendant ' },
      });
      expect(found.body.codeRetour).toBe(0);
      expect(found.body.listeStructures).toEqual([expect.objectContaining({ idStructureCPP: recipient.publicId, statut: 'ACTIVE' })]);
      expect(found.body.parametresRetour).toMatchObject({ pageCourante: 1, total: 1 });

      const consulted = await cpro(t, erp, 'structures/v1/consulter', { idStructure: recipient.publicId, codeLangue: 'FR' });
      expect(consulted.body.parametres).toMatchObject({ codeServiceDoitEtreRenseigne: false, numeroEJDoitEtreRenseigne: false });
      expect(consulted.body.adressePostaleDuSiege).toMatchObject({ codePostal: '75002' });

      const services = await cpro(t, erp, 'structures/v1/rechercher/services', { idStructure: recipient.publicId, parametresRechercherServicesStructure: {} });
      expect(services.body.listeServices.map((s: { codeService: string }) => s.codeService)).toEqual(['SERV-01', 'SERV-02']);
      expect(services.body.listeServices[0].dateDbtService).toBe('2020-01-01 00:00');

      const service = await cpro(t, erp, 'structures/v1/consulter/service', { idStructure: recipient.publicId, idService: services.body.listeServices[0].idService });
      expect(service.body.informationsGenerales).toMatchObject({ codeService: 'SERV-01' });
    });

    it('serves reference lists', async () => {
      const vat = await cpro(t, erp, 'transverses/v1/recuperer/tauxtva', { codeLangue: 'fr' });
      expect(vat.body.listeTauxTva).toEqual(expect.arrayContaining([expect.objectContaining({ codeTauxTva: 'TVA20', valeurTauxTva: 20 })]));
      const frames = await cpro(t, erp, 'transverses/v1/recuperer/cadrefacturation', {});
      expect(frames.body.listeCadreFacturation.length).toBeGreaterThan(3);
      expect((await cpro(t, erp, 'transverses/v1/recuperer/typeidentifiant/structure', {})).body.listeTypeIdentifiant).toHaveLength(7);
      expect((await cpro(t, erp, 'engagementsJuridiques/v1/rechercher', {})).body).toMatchObject({ codeRetour: 0, listeEngagementJuridique: [] });
    });
  });

  describe('invoices', () => {
    it('submits an invoice (SAISIE_API) and a PDF one (deposer/pdf then DEPOT_PDF_API), then reads their history', async () => {
      const entered = await cpro(t, erp, 'factures/v1/soumettre', invoiceBody());
      expect(entered.status).toBe(200);
      expect(entered.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE', identifiantStructure: supplier.identifier });

      // 300 kB of random bytes after the header: the file must come out byte for byte (staged, then copied).
      const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(300_000), Buffer.from('\n%%EOF\n')]);
      const pdf = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: file.toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
      expect(pdf.body.codeRetour).toBe(0);
      const deposited = await cpro(
        t,
        erp,
        'factures/v1/soumettre',
        invoiceBody({ modeDepot: 'DEPOT_PDF_API', pieceJointePrincipale: [{ pieceJointePrincipaleDesignation: 'facture', pieceJointePrincipaleId: pdf.body.pieceJointeId }] }),
      );
      expect(deposited.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE' });
      const [stored] = await sql<{ sha256: string; content: Buffer }>(
        t,
        `select f.sha256, s.content from invoice_file f join invoice i on i.id = f.invoice_id join invoice_stored_file s on s.id = f.stored_file_id
          where i.public_id = ? and f.kind = 'main'`,
        [deposited.body.identifiantFactureCPP],
      );
      expect(stored!.sha256).toBe(createHash('sha256').update(file).digest('hex'));
      expect(stored!.content.equals(file)).toBe(true);

      await waitForRecipientStatus(deposited.body.identifiantFactureCPP, 'MISE_A_DISPOSITION');
      const history = await cpro(t, erp, 'factures/v1/consulter/historique', { idFacture: deposited.body.identifiantFactureCPP });
      expect(history.body.historiquesDesStatuts.histoStatut.map((h: { histoStatutCode: string }) => h.histoStatutCode)).toEqual([
        'MISE_A_DISPOSITION',
        'EN_COURS_ACHEMINEMENT',
        'DEPOSEE',
        'BROUILLON',
      ]);
      const consulted = await cpro(t, erp, 'factures/v1/consulter/fournisseur', { identifiantFactureCPP: deposited.body.identifiantFactureCPP });
      expect(consulted.body.facture).toMatchObject({ modeDepot: 'DEPOT_PDF_API', montantTotal: { montantAPayer: 1200 } });
      expect(consulted.body.facture.listeDesPiecesJointes.pieceJointe).toHaveLength(1);

      const download = await cpro(t, buyerErp, 'factures/v1/telecharger/groupe', { format: 'PDF', listeFacture: [{ idFacture: deposited.body.identifiantFactureCPP }] });
      expect(download.body.codeRetour).toBe(0);
      expect(Buffer.from(download.body.fichierResultat, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    });

    it('refuses malformed bodies with a precise codeRetour and libelle, never a 500', async () => {
      const cases: [unknown, string][] = [
        [invoiceBody({ numeroFactureSaisi: '' }), 'numeroFactureSaisi'],
        [invoiceBody({ modeDepot: 'FAX' }), 'modeDepot'],
        [invoiceBody({ montantTotal: { montantHtTotal: 'beaucoup' } }), 'montantTotal.montantHtTotal'],
        [invoiceBody({ dateFacture: '15/03/2026' }), 'dateFacture'],
        [invoiceBody({ destinataire: { codeDestinataire: '99999999999999' } }), 'destinataire.codeDestinataire'],
        [invoiceBody({ montantTotal: { montantHtTotal: 1000, montantTVA: 200, montantTtcTotal: 1300, montantAPayer: 1300 } }), ''],
        [[1, 2, 3], ''],
      ];
      for (const [body, field] of cases) {
        const res = await cpro(t, erp, 'factures/v1/soumettre', body);
        expect(res.status).toBe(400);
        expect(res.body.codeRetour).toBeGreaterThan(0);
        expect(typeof res.body.libelle).toBe('string');
        if (field) expect(res.body.champ ?? res.body.libelle).toContain(field);
      }
      const notJson = await t.http.post('/cpro/factures/v1/soumettre', '{"modeDepot":', {
        token: erp.token,
        headers: { 'cpro-account': erp.cproAccount, 'content-type': 'application/json' },
      });
      expect(notJson.status).toBe(400);
      expect(notJson.body.codeRetour).toBeGreaterThan(0);
    });

    it('lets the recipient suspend and the supplier complete; send back for recycling and recycle', async () => {
      const first = (await cpro(t, erp, 'factures/v1/soumettre', invoiceBody())).body.identifiantFactureCPP as number;
      const second = (await cpro(t, erp, 'factures/v1/soumettre', invoiceBody())).body.identifiantFactureCPP as number;
      await waitForRecipientStatus(first, 'MISE_A_DISPOSITION');
      await waitForRecipientStatus(second, 'MISE_A_DISPOSITION');

      const received = await cpro(t, buyerErp, 'factures/v1/rechercher/recipiendaire', { paramRecherche: { nbResultatsParPage: 50 } });
      expect(received.body.listeFactures.map((f: { identifiantFactureCPP: number }) => f.identifiantFactureCPP)).toEqual(expect.arrayContaining([first, second]));

      const possible = await cpro(t, buyerErp, 'transverses/v1/recuperer/etats/traitement', { statutCourant: 'MISE_A_DISPOSITION' });
      expect(possible.body.listeStatutsPossiblesPourTraitement.map((s: { statutPossiblePourTraitement: string }) => s.statutPossiblePourTraitement)).toEqual(
        expect.arrayContaining(['SUSPENDUE', 'A_RECYCLER', 'REJETEE']),
      );

      const suspended = await cpro(t, buyerErp, 'factures/v1/traiter/recue', { idFacture: first, nouveauStatut: 'SUSPENDUE', motif: 'Bon de livraison manquant' });
      expect(suspended.body).toMatchObject({ codeRetour: 0, nouveauStatut: 'SUSPENDUE' });
      const extra = await cpro(t, erp, 'transverses/v1/ajouter/fichier', { pieceJointeFichier: Buffer.from('bon de livraison').toString('base64'), nomFichier: 'bl.txt', typeMime: 'text/plain' });
      const completed = await cpro(t, erp, 'factures/v1/completer', { idFacture: first, commentaire: 'BL joint', pieceJointeComplementaire: [{ pieceJointeComplementaireId: extra.body.pieceJointeId }] });
      expect(completed.body).toMatchObject({ codeRetour: 0, statutFacture: 'COMPLETEE' });

      const sentBack = await cpro(t, buyerErp, 'factures/v1/traiter/recue', { idFacture: second, nouveauStatut: 'A_RECYCLER', motif: 'Mauvais service' });
      expect(sentBack.body.nouveauStatut).toBe('A_RECYCLER');
      const recycled = await cpro(t, erp, 'factures/v1/recycler', { idFacture: second, destinataire: { codeServiceExecutant: 'SERV-02' } });
      expect(recycled.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE' });

      const illegal = await cpro(t, buyerErp, 'factures/v1/traiter/recue', { idFacture: first, nouveauStatut: 'BROUILLON' });
      expect(illegal.status).toBe(400);
      expect(illegal.body.codeRetour).toBeGreaterThan(0);

      const notMine = await cpro(t, erp, 'factures/v1/traiter/recue', { idFacture: first, nouveauStatut: 'REJETEE', motif: 'x' });
      expect(notMine.status).toBeGreaterThanOrEqual(400);
    });
  });

  describe('flows', () => {
    it('integrates UBL, CII and Factur-X flows, and partially a tarball with one bad invoice; finds their invoices by flow number', async () => {
      const ubl = await depositFlow(Buffer.from(siretsOf(ublInvoice({ number: number() }))), 'IN_DP_E1_UBL_INVOICE', 'facture.xml');
      const cii = await depositFlow(Buffer.from(siretsOf(ciiInvoice({ number: number() }))), 'IN_DP_E1_CII_16B', 'facture-cii.xml');
      const facturx = await depositFlow(
        makePdf({ attachments: [{ name: 'factur-x.xml', data: Buffer.from(siretsOf(ciiInvoice({ number: number() }))) }] }),
        'IN_DP_E2_CII_FACTURX',
        'facturx.pdf',
      );
      const badNumber = number();
      const tarball = gzipSync(
        makeTar([
          { name: 'a.xml', content: siretsOf(ublInvoice({ number: number() })) },
          { name: 'b.xml', content: siretsOf(ublInvoice({ number: badNumber, header: '<cbc:BuyerReference>INCONNU</cbc:BuyerReference>' })) },
          { name: 'c.xml', content: siretsOf(ublInvoice({ number: number() })) },
        ]),
      );
      const mixed = await depositFlow(tarball, 'IN_DP_E1_UBL_INVOICE', 'lot.tar.gz');

      for (const flow of [ubl, cii, facturx]) {
        const report = await finalReport(flow);
        expect(report).toMatchObject({ etatCourantDepotFlux: 'IN_INTEGRE', listeErreurDP: [] });
        const found = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', { numeroFluxDepot: flow, rechercheFactureParFournisseur: { nbResultatsParPage: 10 } });
        expect(found.body.listeFactures).toHaveLength(1);
        const history = await cpro(t, erp, 'factures/v1/consulter/historique', { idFacture: found.body.listeFactures[0].identifiantFactureCPP });
        expect(history.body.codeRetour).toBe(0);
        expect(history.body.modeDepot).toBe('DEPOT_FLUX');
      }

      const report = await finalReport(mixed);
      expect(report.etatCourantDepotFlux).toBe('IN_INTEGRE_PARTIEL');
      expect(report.listeErreurDP).toEqual([expect.objectContaining({ numeroDP: badNumber, libelleErreurDP: expect.stringContaining('INCONNU') })]);
      const found = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', { numeroFluxDepot: mixed, statutCourant: [], typeFacture: '' });
      expect(found.body.listeFactures).toHaveLength(2);
      expect(found.body.parametresRetour.total).toBe(2);

      const summary = await cpro(t, erp, 'transverses/v1/consulterCR', { numeroFluxDepot: mixed });
      expect(summary.body).toMatchObject({ codeRetour: 0, etatCourantDepotFlux: 'IN_INTEGRE_PARTIEL' });
    }, 60_000);

    it('rejects hostile XML (DTD) and archives with path traversal, and refuses an unknown syntax at deposit', async () => {
      const dtd = Buffer.from('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><Invoice>&lol;</Invoice>');
      const hostile = await finalReport(await depositFlow(dtd, 'IN_DP_E1_UBL_INVOICE', 'dtd.xml'));
      expect(hostile.etatCourantDepotFlux).toBe('IN_REJETE');

      const traversal = gzipSync(makeTar([{ name: '../../etc/evil.xml', content: siretsOf(ublInvoice({ number: number() })) }]));
      const archive = await finalReport(await depositFlow(traversal, 'IN_DP_E1_UBL_INVOICE', 'evil.tar.gz'));
      expect(archive.etatCourantDepotFlux).toBe('IN_REJETE');

      const unknown = await cpro(t, erp, 'factures/v1/deposer/flux', { fichierFlux: Buffer.from('<x/>').toString('base64'), nomFichier: 'x.xml', syntaxeFlux: 'IN_DP_E9' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.champ).toBe('syntaxeFlux');
    }, 60_000);
  });

  describe('life of a technical account', () => {
    it('expires tokens after 3600 s, and stops a re-keyed or deactivated account at once', async () => {
      const other = await givenErpConnection(t, supplier.owner.token, supplier.id);
      expect((await cpro(t, other, 'utilisateurs/v1/monCompte/recuperer/rattachements')).status).toBe(200);

      const rekeyed = await t.http.post(`/api/v1/technical-accounts/${other.technicalAccountId}/password`, undefined, { token: supplier.owner.token });
      expect(rekeyed.status).toBe(200);
      expect((await cpro(t, other, 'utilisateurs/v1/monCompte/recuperer/rattachements')).status).toBe(401);
      const renewed = { token: other.token, cproAccount: cproAccountHeader(other.login, rekeyed.body.password) };
      expect((await cpro(t, renewed, 'utilisateurs/v1/monCompte/recuperer/rattachements')).status).toBe(200);

      const deactivated = await t.http.post(`/api/v1/technical-accounts/${other.technicalAccountId}/deactivation`, undefined, { token: supplier.owner.token });
      expect(deactivated.body.active).toBe(false);
      expect((await cpro(t, renewed, 'utilisateurs/v1/monCompte/recuperer/rattachements')).status).toBe(401);

      const listed = await t.http.get(`/api/v1/structures/${supplier.id}/technical-accounts`, { token: supplier.owner.token });
      expect(listed.body.find((a: { id: string }) => a.id === other.technicalAccountId)).toMatchObject({ active: false });
      expect(JSON.stringify(listed.body)).not.toContain('password');

      t.clock.advance(3601 * 1000);
      try {
        const expired = await cpro(t, erp, 'utilisateurs/v1/monCompte/recuperer/rattachements');
        expect(expired.status).toBe(401);
      } finally {
        t.clock.advance(-3601 * 1000);
      }
    });

    it('keeps technical accounts and API applications to their owners', async () => {
      const stranger = await t.http.post(`/api/v1/structures/${supplier.id}/technical-accounts`, {}, { token: recipient.clerk.token });
      expect(stranger.status).toBe(403);
      const clients = await t.http.get('/api/v1/oauth-clients', { token: supplier.owner.token });
      expect(clients.body.length).toBeGreaterThan(0);
      expect(JSON.stringify(clients.body)).not.toContain('clientSecret');
      const revoke = await t.http.delete(`/api/v1/oauth-clients/${erp.oauthClientId}`, { token: recipient.clerk.token });
      expect(revoke.status).toBe(404);
    });
  });
});
