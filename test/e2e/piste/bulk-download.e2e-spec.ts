import { createHash, randomBytes } from 'node:crypto';
import { get, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, Transform, TransformCallback } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { MAX_DOWNLOAD_INVOICES } from '../../../src/modules/piste/application/bulk-download';
import { untar } from './archives';
import { sql } from '../accounts/helpers';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const FILE_BYTES = 300_000;

/** Decodes base64 as it flows (keeps the 0–3 characters that do not make a whole quantum for the next chunk). */
class Base64Decoder extends Transform {
  private rest = '';
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    const text = this.rest + chunk.toString('ascii');
    const whole = text.length - (text.length % 4);
    this.rest = text.slice(whole);
    if (whole > 0) this.push(Buffer.from(text.slice(0, whole), 'base64'));
    done();
  }
  override _flush(done: TransformCallback): void {
    if (this.rest) this.push(Buffer.from(this.rest, 'base64'));
    done();
  }
}

/** Passes through what lies between `"fichierResultat":"` and the closing quote; keeps the JSON around it. */
class FieldExtractor extends Transform {
  head = '';
  tail = '';
  private state: 'head' | 'value' | 'tail' = 'head';
  private static readonly MARK = '"fichierResultat":"';
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    let text = chunk.toString('ascii');
    if (this.state === 'head') {
      this.head += text;
      const at = this.head.indexOf(FieldExtractor.MARK);
      if (at < 0) return done();
      text = this.head.slice(at + FieldExtractor.MARK.length);
      this.head = this.head.slice(0, at + FieldExtractor.MARK.length);
      this.state = 'value';
    }
    if (this.state === 'value') {
      const end = text.indexOf('"');
      if (end < 0) {
        this.push(Buffer.from(text, 'ascii'));
        return done();
      }
      this.push(Buffer.from(text.slice(0, end), 'ascii'));
      this.state = 'tail';
      text = text.slice(end);
    }
    this.tail += text;
    done();
  }
}

describe('PISTE telecharger/groupe: bounded, streamed', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let port: number;
  let counter = 0;
  /** identifiantFactureCPP → SHA-256 of its main file. */
  const invoices = new Map<number, string>();

  const number = (): string => `DL-${Date.now().toString(36)}-${++counter}`.slice(0, 20);

  async function givenPdfInvoice(): Promise<void> {
    const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(FILE_BYTES), Buffer.from('\n%%EOF\n')]);
    const pdf = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: file.toString('base64'), nomFichier: `facture ${counter}.pdf`, formatDepot: 'PDF_NON_SIGNE' });
    expect(pdf.body.codeRetour).toBe(0);
    const res = await cpro(t, erp, 'factures/v1/soumettre', {
      modeDepot: 'DEPOT_PDF_API',
      numeroFactureSaisi: number(),
      dateFacture: '2026-03-15',
      destinataire: { codeDestinataire: recipient.identifier, codeServiceExecutant: 'SERV-01' },
      fournisseur: { idFournisseur: supplier.publicId, codeCoordonneesBancairesFournisseur: 0 },
      montantTotal: { montantHtTotal: 100, montantTVA: 20, montantTtcTotal: 120, montantAPayer: 120 },
      ligneTva: [{ ligneTvaTauxValeur: 20, ligneTvaMontantBaseHtParTaux: 100, ligneTvaMontantTvaParTaux: 20 }],
      pieceJointePrincipale: [{ pieceJointePrincipaleDesignation: 'facture', pieceJointePrincipaleId: pdf.body.pieceJointeId }],
    });
    expect(res.body).toMatchObject({ codeRetour: 0 });
    invoices.set(res.body.identifiantFactureCPP, createHash('sha256').update(file).digest('hex'));
  }

  beforeAll(async () => {
    // API role only: no worker routes the invoices meanwhile (the measure is the download's alone).
    t = await startTestApp({ APP_ROLE: 'api' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    for (let i = 0; i < MAX_DOWNLOAD_INVOICES; i++) await givenPdfInvoice();
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  const ids = (): number[] => [...invoices.keys()];
  const listeFacture = (list: number[]) => list.map((idFacture) => ({ idFacture }));

  function healthLive(): Promise<{ status: number; ms: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/health/live' }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
      }).on('error', reject);
    });
  }

  it(`streams ${MAX_DOWNLOAD_INVOICES} invoices (30 MB of PDFs) without moving the API's memory by more than a few MB, /health/live answering meanwhile`, async () => {
    const body = JSON.stringify({ format: 'PDF', listeFacture: listeFacture(ids()) });
    const received = new Map<string, { sha256: string; size: number }>();
    const extractor = new FieldExtractor();
    const health: { status: number; ms: number }[] = [];

    // What the process holds (after a full collection, so garbage does not count), every second (a full
    // collection of this process takes a good 200 ms on the 2-core machine).
    const live = (): number => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const before = live();
    let peak = before;
    let samples = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, live());
      samples++;
    }, 1000);

    const status = await new Promise<number>((resolve, reject) => {
      setTimeout(() => reject(new Error('download not finished within 100 s')), 100_000).unref();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/cpro/factures/v1/telecharger/groupe',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${erp.token}`, 'cpro-account': erp.cproAccount },
        },
        (res) => {
          // Mid-download, the API still answers its liveness probe.
          let asked = false;
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (!asked && bytes > 5_000_000) {
              asked = true;
              res.pause();
              void healthLive().then((h) => {
                health.push(h);
                res.resume();
              }, reject);
            }
          });
          const tar = extract();
          tar.on('entry', (header, stream, next) => {
            const hash = createHash('sha256');
            let size = 0;
            stream.on('data', (c: unknown) => {
              hash.update(c as Buffer);
              size += (c as Buffer).length;
            });
            stream.on('end', () => {
              expect(received.has(header.name)).toBe(false);
              received.set(header.name, { sha256: hash.digest('hex'), size });
              next();
            });
          });
          pipeline(res, extractor, new Base64Decoder(), createGunzip(), tar, (error) => (error ? reject(error) : resolve(res.statusCode ?? 0)));
        },
      );
      req.on('error', reject);
      req.end(body);
    }).finally(() => clearInterval(sampler));

    expect(status).toBe(200);
    const envelope = JSON.parse(`${extractor.head}${extractor.tail}`);
    expect(envelope).toMatchObject({ codeRetour: 0, format: 'PDF', nomFichier: 'factures.tar.gz', fichierResultat: '' });
    // The archive holds each invoice's main file, byte for byte.
    expect(received.size).toBe(MAX_DOWNLOAD_INVOICES);
    for (const [publicId, sha256] of invoices) {
      const name = [...received.keys()].find((n) => n.startsWith(`${publicId}_`))!;
      expect(name).toMatch(new RegExp(`^${publicId}_facture_\\d+\\.pdf$`));
      expect(received.get(name)).toEqual({ sha256, size: FILE_BYTES + 16 });
    }
    expect(health).toHaveLength(1);
    expect(health[0]!.status).toBe(200);
    expect(health[0]!.ms).toBeLessThan(1000);

    // 40 MB of base64 went through. Built in memory (tar, its gzip, the base64 text, the JSON), the live
    // memory of this process rose by about 150 MB. Streamed, it stays within a few MB above where it began
    // (server and this test's client together); the bound leaves room for a transient peak (once 28 MB).
    expect(samples).toBeGreaterThanOrEqual(2);
    expect((peak - before) / (1024 * 1024)).toBeLessThan(32);
  }, 150_000);

  it('dedupes repeated ids: each invoice once in the archive', async () => {
    const [a, b] = ids();
    const res = await cpro(t, erp, 'factures/v1/telecharger/groupe', { listeFacture: listeFacture([a!, b!, a!, a!, b!]) });
    expect(res.body.codeRetour).toBe(0);
    const names = [...(await untar(Buffer.from(res.body.fichierResultat, 'base64'))).keys()];
    expect(names.map((n) => Number(n.split('_')[0]))).toEqual([a, b]);
  });

  it(`refuses more than ${MAX_DOWNLOAD_INVOICES} distinct invoices, naming listeFacture, before reading any file`, async () => {
    const res = await cpro(t, erp, 'factures/v1/telecharger/groupe', { listeFacture: listeFacture([...ids(), 999_999_999]) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ codeRetour: 6201, champ: 'listeFacture' });
    expect(res.body.libelle).toContain(String(MAX_DOWNLOAD_INVOICES));
    expect(res.body.libelle).toContain('listeFacture');
  });

  it('refuses before the first byte when the files weigh more than the total allowed (the rows’ sizes decide)', async () => {
    const [a, b] = ids();
    const fileOf = `select f.id from invoice_file f join invoice i on i.id = f.invoice_id where i.public_id = ? and f.kind = 'main'`;
    // Two files declared 60 MB each (the limit is 100 MB); no byte of them would be read to find out.
    await sql(t, `update invoice_file set size = 60 * 1024 * 1024 where id in ((${fileOf}), (${fileOf}))`, [a, b]);
    try {
      const res = await cpro(t, erp, 'factures/v1/telecharger/groupe', { listeFacture: listeFacture([a!, b!]) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ codeRetour: 6202, champ: 'listeFacture' });
      expect(res.body.libelle).toContain('120 Mo');
      expect(res.body.libelle).toContain('100 Mo');
      expect(res.headers['content-type']).toContain('application/json');
    } finally {
      await sql(t, `update invoice_file set size = ? where id in ((${fileOf}), (${fileOf}))`, [FILE_BYTES + 16, a, b]);
    }
  });

  it('bounds telecharger/pieceJointe the same way: distinct invoices, total size, streamed', async () => {
    const pieceJointe = (listeFacture: { idFacture: number }[]) =>
      cpro(t, erp, 'transverses/v1/telecharger/pieceJointe', { objetPieceJointe: 'DEMANDE_PAIEMENT', demandePaiement: { listeFacture, avecPiecesJointesComplementaires: 'OUI' } });
    const tooMany = await pieceJointe(listeFacture([...ids(), 999_999_999]));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ codeRetour: 6201, champ: 'demandePaiement.listeFacture' });

    const [a, b] = ids();
    const fileOf = `select f.id from invoice_file f join invoice i on i.id = f.invoice_id where i.public_id = ? and f.kind = 'main'`;
    await sql(t, `update invoice_file set size = 60 * 1024 * 1024 where id in ((${fileOf}), (${fileOf}))`, [a, b]);
    try {
      const tooLarge = await pieceJointe(listeFacture([a!, b!]));
      expect(tooLarge.status).toBe(400);
      expect(tooLarge.body).toMatchObject({ codeRetour: 6202, champ: 'demandePaiement.listeFacture' });
    } finally {
      await sql(t, `update invoice_file set size = ? where id in ((${fileOf}), (${fileOf}))`, [FILE_BYTES + 16, a, b]);
    }

    // A repeat is one file once; two invoices are an archive of their two PDFs, byte for byte.
    const both = await pieceJointe(listeFacture([a!, b!, a!]));
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ codeRetour: 0, nomFichier: 'pieces-jointes.tar.gz' });
    const names = [...(await untar(Buffer.from(both.body.pieceJointe, 'base64'))).keys()];
    expect(names.map((n) => Number(n.split('_')[0]))).toEqual([a, b]);

    const one = await pieceJointe(listeFacture([a!]));
    expect(one.body.nomFichier).toMatch(new RegExp(`^${a}_0_.+\\.pdf$`));
    expect(Buffer.from(one.body.pieceJointe, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('checks every invoice before sending anything: one unknown or unreadable id refuses the whole request', async () => {
    const other = await givenSupplier(t);
    const otherErp = await givenErpConnection(t, other.owner.token, other.id);
    const mine = ids().slice(0, 3);
    const foreign = await cpro(t, otherErp, 'factures/v1/telecharger/groupe', { listeFacture: listeFacture(mine) });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ codeRetour: 1052, champ: 'listeFacture.idFacture' });
    const unknown = await cpro(t, erp, 'factures/v1/telecharger/groupe', { listeFacture: listeFacture([...mine, 999_999_999]) });
    expect(unknown.body).toMatchObject({ codeRetour: 1052, champ: 'listeFacture.idFacture' });
  });
});

