import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, soumettreBody, Supplier, uniqueNumber, waitForStatus } from '../../factories/invoicing';
import { TINY_PDF } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * What a technical account may name in a /cpro body: only its own structure's data (or a mandator's, see
 * billing mandates), whatever ids of other structures it puts there; and only with the grants it holds.
 */
describe('/cpro: a technical account acts for its own structure only', () => {
  let t: TestApp;
  let recipient: PublicRecipient;
  let mine: Supplier;
  let theirs: Supplier;
  let me: ErpConnection;
  let them: ErpConnection;
  let readOnly: ErpConnection;
  let theirInvoice: number;
  let theirFlow: string;
  let theirAttachment: number;
  let myInvoice: number;

  const refused = (body: { codeRetour: number }): void => expect(body.codeRetour).not.toBe(0);

  beforeAll(async () => {
    t = await startTestApp();
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    mine = await givenSupplier(t);
    theirs = await givenSupplier(t);
    me = await givenErpConnection(t, mine.owner.token, mine.id);
    them = await givenErpConnection(t, theirs.owner.token, theirs.id);
    readOnly = await givenErpConnection(t, mine.owner.token, mine.id, { grants: [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }, { application: 'FACTURES_RECUES', level: 'CONSULTATION' }] });
    const submitted = await cpro(t, them, 'factures/v1/soumettre', soumettreBody(theirs, recipient, uniqueNumber()));
    expect(submitted.body.codeRetour).toBe(0);
    theirInvoice = submitted.body.identifiantFactureCPP;
    const flow = await cpro(t, them, 'factures/v1/deposer/flux', { fichierFlux: Buffer.from('<x/>').toString('base64'), nomFichier: 'f.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' });
    expect(flow.body.codeRetour).toBe(0);
    theirFlow = flow.body.numeroFluxDepot;
    const staged = await cpro(t, them, 'transverses/v1/ajouter/fichier', { pieceJointeFichier: TINY_PDF.toString('base64'), nomFichier: 'annexe.pdf' });
    expect(staged.body.codeRetour).toBe(0);
    theirAttachment = staged.body.pieceJointeId;
    const own = await cpro(t, me, 'factures/v1/soumettre', soumettreBody(mine, recipient, uniqueNumber()));
    expect(own.body.codeRetour).toBe(0);
    myInvoice = own.body.identifiantFactureCPP;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not submit for another structure named in fournisseur.idFournisseur', async () => {
    refused((await cpro(t, me, 'factures/v1/soumettre', soumettreBody(theirs, recipient, uniqueNumber()))).body);
    const found = await cpro(t, them, 'factures/v1/rechercher/fournisseur', {});
    expect(found.body.listeFactures).toHaveLength(1);
  });

  it('does not read, download or act on another structure’s invoice', async () => {
    for (const path of ['factures/v1/consulter/fournisseur', 'factures/v1/consulter/recipiendaire', 'factures/v1/consulter/historique']) {
      refused((await cpro(t, me, path, { idFacture: theirInvoice, identifiantFactureCPP: theirInvoice })).body);
    }
    // One foreign invoice among the account's own: nothing is sent.
    const group = await cpro(t, me, 'factures/v1/telecharger/groupe', { listeFacture: [{ idFacture: myInvoice }, { idFacture: theirInvoice }], format: 'PDF' });
    refused(group.body);
    expect(group.body.fichierResultat).toBeUndefined();
    const pj = await cpro(t, me, 'transverses/v1/telecharger/pieceJointe', {
      objetPieceJointe: 'DEMANDE_PAIEMENT',
      demandePaiement: { listeFacture: [{ idFacture: theirInvoice }], avecPiecesJointesComplementaires: 'OUI' },
    });
    refused(pj.body);
    for (const path of ['factures/v1/recycler', 'factures/v1/traiterRejet', 'factures/v1/completer']) refused((await cpro(t, me, path, { idFacture: theirInvoice })).body);
  });

  it('does not read another structure’s flow report', async () => {
    refused((await cpro(t, me, 'transverses/v1/consulterCR', { numeroFluxDepot: theirFlow })).body);
    refused((await cpro(t, me, 'transverses/v1/consulterCRDetaille', { numeroFluxDepot: theirFlow })).body);
    expect((await cpro(t, them, 'transverses/v1/consulterCR', { numeroFluxDepot: theirFlow })).body.codeRetour).toBe(0);
  });

  it('does not attach a file another structure deposited, nor list it', async () => {
    const body = soumettreBody(mine, recipient, uniqueNumber(), { pieceJointeComplementaire: [{ pieceJointeComplementaireId: theirAttachment }] });
    refused((await cpro(t, me, 'factures/v1/soumettre', body)).body);
    const listed = await cpro(t, me, 'transverses/v1/rechercher/pj/structure', { idStructureCPP: theirs.publicId });
    refused(listed.body);
    // Still theirs to use.
    const theirs2 = await cpro(t, them, 'factures/v1/soumettre', soumettreBody(theirs, recipient, uniqueNumber(), { pieceJointeComplementaire: [{ pieceJointeComplementaireId: theirAttachment }] }));
    expect(theirs2.body.codeRetour).toBe(0);
  });

  it('keeps a deposited file’s declared type a plain media type, so that the file can still be downloaded', async () => {
    const staged = await cpro(t, me, 'transverses/v1/ajouter/fichier', {
      pieceJointeFichier: Buffer.from('<script>alert(1)</script>').toString('base64'),
      nomFichier: 'annexe.html',
      typeMime: 'text/html\r\nSet-Cookie: session=volee',
    });
    expect(staged.body.codeRetour).toBe(0);
    const body = soumettreBody(mine, recipient, uniqueNumber(), { pieceJointeComplementaire: [{ pieceJointeComplementaireId: staged.body.pieceJointeId }] });
    const submitted = await cpro(t, me, 'factures/v1/soumettre', body);
    expect(submitted.body.codeRetour).toBe(0);
    const invoice = (await t.http.get('/api/v1/invoices', { token: mine.owner.token, query: { role: 'supplier', number: body.numeroFactureSaisi as string } })).body.items[0];
    const file = (await t.http.get(`/api/v1/invoices/${invoice.id}`, { token: mine.owner.token })).body.files[0];
    expect(file.mediaType).toBe('application/octet-stream');
    const download = await t.http.get(`/api/v1/invoices/${invoice.id}/files/${file.id}`, { token: mine.owner.token });
    expect(download.status).toBe(200);
    expect(download.headers['set-cookie']).toBeUndefined();
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('lets an account with consultation grants read but neither submit nor process', async () => {
    expect((await cpro(t, readOnly, 'factures/v1/consulter/fournisseur', { idFacture: myInvoice })).body.codeRetour).toBe(0);
    refused((await cpro(t, readOnly, 'factures/v1/soumettre', soumettreBody(mine, recipient, uniqueNumber()))).body);
    refused((await cpro(t, readOnly, 'factures/v1/deposer/flux', { fichierFlux: Buffer.from('<y/>').toString('base64'), nomFichier: 'g.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' })).body);
    // Nor store files for a submission it may not make.
    refused((await cpro(t, readOnly, 'transverses/v1/ajouter/fichier', { pieceJointeFichier: Buffer.from('annexe').toString('base64'), nomFichier: 'a.txt' })).body);
    refused((await cpro(t, readOnly, 'factures/v1/deposer/pdf', { fichierFacture: TINY_PDF.toString('base64'), nomFichier: 'f.pdf', formatDepot: 'PDF_NON_SIGNE' })).body);
    expect((await cpro(t, readOnly, 'transverses/v1/rechercher/pj/moncompte', {})).body.listePiecesJointes).toEqual([]);
  });

  it('does not let the supplier perform the recipient’s transitions, nor the recipient the supplier’s', async () => {
    const id = await givenAvailableInvoice(t, mine, recipient);
    const publicId = (await t.http.get(`/api/v1/invoices/${id}`, { token: mine.owner.token })).body.publicId;
    refused((await cpro(t, me, 'factures/v1/traiter/recue', { idFacture: publicId, nouveauStatut: 'MISE_EN_PAIEMENT' })).body);
    // Its recipient downloads it before sending it back.
    expect((await t.http.get(`/api/v1/invoices/${id}/document`, { token: recipient.clerk.token })).status).toBe(200);
    const buyer = await givenErpConnection(t, recipient.manager.token, recipient.id, { grants: [{ application: 'FACTURES_RECUES', level: 'MODIFICATION' }] });
    const suspended = await cpro(t, buyer, 'factures/v1/traiter/recue', { idFacture: publicId, nouveauStatut: 'A_RECYCLER', motif: 'mauvais service' });
    expect(suspended.body.codeRetour).toBe(0);
    refused((await cpro(t, buyer, 'factures/v1/recycler', { idFacture: publicId, destinataire: { codeDestinataire: recipient.identifier } })).body);
    // Recycled elsewhere by its supplier: its former recipient no longer finds it.
    const other = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    const recycled = await cpro(t, me, 'factures/v1/recycler', { idFacture: publicId, destinataire: { codeDestinataire: other.identifier, codeServiceExecutant: 'SERV-01' } });
    expect(recycled.body.codeRetour).toBe(0);
    await t.flushOutbox();
    refused((await cpro(t, buyer, 'factures/v1/consulter/recipiendaire', { idFacture: publicId })).body);
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.clerk.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/invoices/${id}/history`, { token: recipient.clerk.token })).status).toBe(404);
    // The new recipient has not downloaded it: the former one's download is not its own.
    await waitForStatus(t, other.clerk.token, id, 'MISE_A_DISPOSITION');
    const pending = await t.http.get('/api/v1/invoices', { token: other.clerk.token, query: { role: 'recipient', downloaded: 'false' } });
    expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });
});
