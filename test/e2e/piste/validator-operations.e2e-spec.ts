import { waitUntil } from '../../factories/accounts';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { givenStructure, GivenStructure } from '../../factories/organisation';
import { givenActiveUser } from '../../factories/accounts';
import { startTestApp, TestApp } from '../../support/test-app';
import { decodingErrors } from './client-decoding';
import {
  GO_RECHERCHER_VALIDEUR,
  GO_STATUTS_VISIBLES_VALIDEUR,
  GO_TRAITER_A_VALIDER,
  goRechercherValideur,
  goTraiterFactureAValider,
  SoumettreValues,
  soumettreWithRates,
} from './connector-requests';

/**
 * The validator family of /cpro (validation circuits A9, A12) as go-choruspro calls it: a subcontractor's ERP
 * submits naming the validator (cadreDeFacturation.codeStructureValideur), the validator's ERP searches,
 * consults and decides, the recipient's ERP finds the invoice only once validated. Answers are decoded with
 * go-choruspro's types; refusals are {codeRetour, libelle} naming the field.
 */
describe('PISTE API mode: the validator family', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let validator: GivenStructure;
  let erp: ErpConnection;
  let validatorErp: ErpConnection;
  let buyerErp: ErpConnection;
  let counter = 0;

  const values = (): SoumettreValues => ({
    numero: `VA-${Date.now().toString(36)}-${++counter}`.slice(0, 20),
    codeDestinataire: recipient.identifier,
    codeServiceExecutant: '',
    idFournisseur: supplier.publicId,
    lignes: [{ quantite: 2, prixUnitaire: 500, codeTva: 'TVA20', tauxManuel: 20 }],
    tva: [{ codeTva: 'TVA20', tauxManuel: 20, base: 1000, montant: 200 }],
    totaux: { ht: 1000, tva: 200, ttc: 1200 },
  });

  async function submitted(frame: Record<string, unknown>) {
    const v = values();
    return cpro(t, erp, 'factures/v1/soumettre', { ...soumettreWithRates(v), cadreDeFacturation: frame, destinataire: { codeDestinataire: v.codeDestinataire } });
  }

  async function toValidate(): Promise<number> {
    const res = await submitted({ codeCadreFacturation: 'A9_FACTURE_SOUSTRAITANT', codeStructureValideur: validator.identifier });
    if (res.status !== 200) throw new Error(`soumettre: ${res.status} ${res.text}`);
    return res.body.identifiantFactureCPP as number;
  }

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
    const owner = await givenActiveUser(t, { firstName: 'Titulaire' });
    validator = await givenStructure(t, owner);
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    validatorErp = await givenErpConnection(t, owner.token, validator.id, { grants: [{ application: 'FACTURES_A_VALIDER', level: 'MODIFICATION' }] });
    buyerErp = await givenErpConnection(t, recipient.manager.token, recipient.id, { grants: [{ application: 'FACTURES_RECUES', level: 'MODIFICATION' }] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('soumettre refuses A9 without codeStructureValideur and an unknown validator, naming the field', async () => {
    for (const frame of [{ codeCadreFacturation: 'A9_FACTURE_SOUSTRAITANT' }, { codeCadreFacturation: 'A12_FACTURE_COTRAITANT', codeStructureValideur: '00000000000000' }]) {
      const res = await submitted(frame);
      expect(res.status).toBe(400);
      expect(res.body.codeRetour).toBeGreaterThan(0);
      expect(typeof res.body.libelle).toBe('string');
      expect(res.body.champ).toBe('cadreDeFacturation.codeStructureValideur');
    }
  });

  it('recuperer/statutsFactureVisibles/valideur lists the validator’s statuses', async () => {
    const res = await cpro(t, validatorErp, 'factures/v1/recuperer/statutsFactureVisibles/valideur', { idUtilisateurCourant: 0 });
    expect(decodingErrors(GO_STATUTS_VISIBLES_VALIDEUR, res.body)).toEqual([]);
    expect(res.body).toMatchObject({ codeRetour: 0, listeStatutFacture: [{ codeStatutFacture: 'A_VALIDER_1' }, { codeStatutFacture: 'VALIDEE_1' }, { codeStatutFacture: 'REFUSEE_1' }] });
  });

  it('rechercher/valideur, consulter/valideur, traiter/factureAValider: the validator finds, reads and validates; then the recipient gets it', async () => {
    const id = await toValidate();
    // The recipient's ERP does not find it yet.
    const early = await cpro(t, buyerErp, 'factures/v1/consulter/recipiendaire', { identifiantFactureCPP: id });
    expect(early.status).toBe(400);
    expect(early.body.champ).toBe('identifiantFactureCPP');

    const search = await cpro(t, validatorErp, 'factures/v1/rechercher/valideur', goRechercherValideur(['A_VALIDER_1']));
    expect(search.status).toBe(200);
    expect(decodingErrors(GO_RECHERCHER_VALIDEUR, search.body)).toEqual([]);
    const found = search.body.listeFactures.find((f: { idFacture: number }) => f.idFacture === id);
    expect(found).toMatchObject({ statut: 'A_VALIDER_1', idFournisseur: supplier.publicId, idDestinataire: recipient.publicId, idValideur: validator.publicId, identifiantValideur: validator.identifier, montantAPayer: 1200 });
    expect(found.dateFacture).toBe('2026-03-15');
    // The supplier's ERP is no validator: nothing.
    expect((await cpro(t, erp, 'factures/v1/rechercher/valideur', goRechercherValideur())).body.listeFactures).toEqual([]);
    // A status a validator does not see is refused, naming the field.
    const wrong = await cpro(t, validatorErp, 'factures/v1/rechercher/valideur', goRechercherValideur(['MISE_A_DISPOSITION']));
    expect(wrong.status).toBe(400);
    expect(wrong.body.champ).toBe('statutCourant');

    const read = await cpro(t, validatorErp, 'factures/v1/consulter/valideur', { identifiantFactureCPP: id });
    expect(read.status).toBe(200);
    expect(read.body.facture).toMatchObject({ identifiantFactureCPP: id, statutFacture: 'A_VALIDER_1' });

    // Refusing needs motifRefus; an unknown action is refused naming `action`.
    const noReason = await cpro(t, validatorErp, 'factures/v1/traiter/factureAValider', goTraiterFactureAValider(id, 'REFUS'));
    expect(noReason.status).toBe(400);
    expect(noReason.body.champ).toBe('motifRefus');
    const unknown = await cpro(t, validatorErp, 'factures/v1/traiter/factureAValider', { idFacture: id, action: 'MISE_EN_PAIEMENT' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.champ).toBe('action');
    // The supplier's ERP may not decide.
    expect((await cpro(t, erp, 'factures/v1/traiter/factureAValider', goTraiterFactureAValider(id, 'VALIDATION'))).body.codeRetour).toBeGreaterThan(0);

    const done = await cpro(t, validatorErp, 'factures/v1/traiter/factureAValider', goTraiterFactureAValider(id, 'VALIDATION'));
    expect(done.status).toBe(200);
    expect(decodingErrors(GO_TRAITER_A_VALIDER, done.body)).toEqual([]);
    expect(done.body).toMatchObject({ codeRetour: 0, idFacture: id, statutFacture: 'VALIDEE_1' });
    const again = await cpro(t, validatorErp, 'factures/v1/traiter/factureAValider', goTraiterFactureAValider(id, 'REFUS', 'trop tard'));
    expect(again.status).toBe(400);
    expect(again.body.codeRetour).toBeGreaterThan(0);

    await waitUntil(async () => {
      await t.flushOutbox();
      const res = await cpro(t, buyerErp, 'factures/v1/consulter/recipiendaire', { identifiantFactureCPP: id });
      return res.body.facture?.statutFacture === 'MISE_A_DISPOSITION';
    });
    const history = await cpro(t, buyerErp, 'factures/v1/consulter/historique', { idFacture: id });
    expect(history.body.historiquesDesStatuts.histoStatut.map((h: { histoStatutCode: string }) => h.histoStatutCode)).toEqual(
      expect.arrayContaining(['A_VALIDER_1', 'VALIDEE_1', 'MISE_A_DISPOSITION']),
    );
  });

  it('a refusal (REFUS, motifRefus) ends the circuit: REFUSEE_1 for the supplier, never the recipient’s', async () => {
    const id = await toValidate();
    const res = await cpro(t, validatorErp, 'factures/v1/traiter/factureAValider', goTraiterFactureAValider(id, 'REFUS', 'Prestation non conforme'));
    expect(res.body).toMatchObject({ codeRetour: 0, statutFacture: 'REFUSEE_1' });
    await t.flushOutbox();
    expect((await cpro(t, erp, 'factures/v1/consulter/fournisseur', { identifiantFactureCPP: id })).body.facture).toMatchObject({ statutFacture: 'REFUSEE_1' });
    expect((await cpro(t, buyerErp, 'factures/v1/consulter/recipiendaire', { identifiantFactureCPP: id })).status).toBe(400);
    const refused = await cpro(t, validatorErp, 'factures/v1/rechercher/valideur', goRechercherValideur(['REFUSEE_1']));
    expect(refused.body.listeFactures.map((f: { idFacture: number }) => f.idFacture)).toContain(id);
    // The validator's ERP follows it through consulter/historique as Pastell and Odoo do; the recipient's does not.
    const history = await cpro(t, validatorErp, 'factures/v1/consulter/historique', { idFacture: id });
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ codeRetour: 0, idFacture: id, statutCourantCode: 'REFUSEE_1' });
    expect(history.body.historiquesDesStatuts.histoStatut.map((h: { histoStatutCode: string }) => h.histoStatutCode)).toEqual(expect.arrayContaining(['A_VALIDER_1', 'REFUSEE_1']));
    expect((await cpro(t, buyerErp, 'factures/v1/consulter/historique', { idFacture: id })).status).toBe(400);
  });
});
