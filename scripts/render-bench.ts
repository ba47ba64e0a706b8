// Rendering cost of the documents out (issue 17), in one process, no server: documents per second and CPU
// per document for the Factur-X renderer (PDF/A-3b + CII), the deposit certificate and the CII/UBL writers.
//
//   node -r @swc-node/register scripts/render-bench.ts            # BENCH_DURATION=10 seconds per case
//
// Each case runs unmeasured for BENCH_WARMUP seconds first (V8 optimises hot paths after many calls).
import { cpuUsage } from 'node:process';
import { renderDepositCertificate, renderFacturX, writeCiiInvoice, writeUblInvoice, type InvoiceDocument } from '../src/lib/einvoice';
import { FULL_INVOICE } from '../src/lib/einvoice/__fixtures__/invoice-document';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);

const withLines = (count: number): InvoiceDocument => ({
  ...FULL_INVOICE,
  lines: Array.from({ length: count }, (_, i) => ({ ...FULL_INVOICE.lines[i % 2]!, number: String(i + 1) })),
});

const certificate = {
  invoiceNumber: 'F-2026/001',
  publicId: 4242,
  kind: 'FACTURE' as const,
  issueDate: '2026-03-15',
  depositedAt: new Date(),
  depositMode: 'SAISIE_WEB',
  supplier: { name: 'Dupont & Fils', siret: '12345678900011' },
  recipient: { name: 'Commune de Lyon', siret: '21690123100011', serviceCode: 'SERV-01' },
  currency: 'EUR',
  totals: FULL_INVOICE.totals,
  files: [{ fileName: 'F-2026_001_factur-x.pdf', role: 'Factur-X rendue', size: 36000, sha256: 'a'.repeat(64) }],
};

const cases: [string, () => unknown][] = [
  ['facturx, 2 lines', () => renderFacturX(FULL_INVOICE, { at: new Date() })],
  ['facturx, 20 lines', () => renderFacturX(withLines(20), { at: new Date() })],
  ['facturx, 200 lines (5 pages)', () => renderFacturX(withLines(200), { at: new Date() })],
  ['deposit certificate', () => renderDepositCertificate(certificate, { at: new Date() })],
  ['cii writer, 20 lines', () => writeCiiInvoice(withLines(20))],
  ['ubl writer, 20 lines', () => writeUblInvoice(withLines(20))],
];

async function loop(task: () => unknown, seconds: number): Promise<{ count: number; wall: number; cpu: number; sizes: number }> {
  const end = performance.now() + seconds * 1000;
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  let count = 0;
  let sizes = 0;
  while (performance.now() < end) {
    const out = (await task()) as Buffer;
    sizes += out.length;
    count++;
  }
  const cpu = cpuUsage(cpu0);
  return { count, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1000, sizes };
}

async function main(): Promise<void> {
  const first = performance.now();
  await renderFacturX(FULL_INVOICE, { at: new Date() });
  console.log(`first Factur-X in a fresh process (fonts read and parsed): ${Math.round(performance.now() - first)} ms`);
  const rows = [];
  for (const [name, task] of cases) {
    await loop(task, WARMUP);
    const r = await loop(task, DURATION);
    rows.push({ case: name, 'docs/s (1 core)': Math.round((r.count / r.wall) * 10) / 10, 'CPU ms/doc': Math.round((r.cpu / r.count) * 100) / 100, 'bytes/doc': Math.round(r.sizes / r.count) });
  }
  console.table(rows);
  console.log(JSON.stringify({ node: process.version, duration: DURATION, warmup: WARMUP }));
}

void main();
