// The CPU cost of EN 16931 validation per document, native rules vs the official artefacts (saxon-js),
// warm (after 20 unmeasured runs), and what the flow reader (readFlow: decoding, parsing, reading, the native rules) costs
// per E1 document. Run: node -r @swc-node/register scripts/en16931-cost.ts
// Figures: docs/benchmarks/archive-2026.md ("EN 16931 validation"). Single process, no server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { largeUblInvoice } from '../src/lib/einvoice/__fixtures__/en16931-mutations';
import { validateWithArtefacts } from '../test/support/en16931-artefacts';
import type { En16931Syntax } from '../src/lib/einvoice/en16931/findings';
import { validateEn16931 } from '../src/lib/einvoice/en16931/validate';
import { parseXmlSafely } from '../src/lib/einvoice/safe-xml';
import { writeCiiInvoice } from '../src/lib/einvoice/cii-invoice.writer';
import { FULL_INVOICE } from '../src/lib/einvoice/__fixtures__/invoice-document';
import { readFlow } from '../src/lib/einvoice/flow-reader';

const fixtures = join(__dirname, '..', 'src', 'lib', 'einvoice', '__fixtures__', 'en16931');
const documents: Array<[string, En16931Syntax, string]> = [
  ...(['ubl', 'cii'] as const).flatMap((folder) =>
    readdirSync(join(fixtures, folder)).map((name): [string, En16931Syntax, string] => [
      name,
      folder === 'ubl' ? 'UBL' : 'CII',
      readFileSync(join(fixtures, folder, name), 'utf8'),
    ]),
  ),
  ['large UBL, 10 lines', 'UBL', largeUblInvoice(10)],
  ['large UBL, 100 lines', 'UBL', largeUblInvoice(100)],
  ['CII as written, 10 lines', 'CII', largeCiiInvoice(10)],
  ['CII as written, 45 lines', 'CII', largeCiiInvoice(45)],
];

/** What the worker pays per document of an E1 flow: decoding, parsing, the reader and the native rules. */
async function flowReaderMs(xml: string, syntax: En16931Syntax, times: number): Promise<number> {
  const input = { syntax: syntax === 'UBL' ? 'IN_DP_E1_UBL_INVOICE' : 'IN_DP_E1_CII_16B', fileName: 'f.xml', content: Buffer.from(xml) };
  for (let i = 0; i < 20; i++) await readFlow(input);
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) await readFlow(input);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / times;
}

/** A CII invoice as the platform writes it (EN 16931 profile), `lines` lines of 2 × 10.00 at 20 %. */
function largeCiiInvoice(lines: number): string {
  const net = (20 * lines).toFixed(2);
  const vat = (4 * lines).toFixed(2);
  const gross = (24 * lines).toFixed(2);
  return writeCiiInvoice({
    ...FULL_INVOICE,
    number: `LARGE-${lines}`,
    totals: { totalExclTax: net, totalVat: vat, totalInclTax: gross, amountDue: gross },
    vatBreakdown: [{ rate: '20.00', taxableAmount: net, vatAmount: vat, category: 'S' }],
    lines: Array.from({ length: lines }, (_, i) => ({
      number: String(i + 1),
      description: `Article de fourniture numéro ${i + 1}`,
      quantity: '2.00',
      unitPrice: '10.00',
      netAmount: '20.00',
      vatRate: '20.00',
    })),
  }).toString('utf8');
}

function cpuMs(run: () => unknown, times: number): number {
  for (let i = 0; i < Math.min(times, 20); i++) run();
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / times;
}

async function main(): Promise<void> {
  console.log('document                          bytes   parse ms  native ms (incl. parse)  flow reader ms  artefacts ms');
  for (const [name, syntax, xml] of documents) {
    const parse = cpuMs(() => parseXmlSafely(xml), 200);
    const native = cpuMs(() => validateEn16931(xml, syntax), 200);
    const reader = await flowReaderMs(xml, syntax, 200);
    const artefacts = cpuMs(() => validateWithArtefacts(xml, syntax), 10);
    console.log(
      `${name.padEnd(32)} ${String(Buffer.byteLength(xml)).padStart(6)} ${parse.toFixed(2).padStart(9)} ${native.toFixed(2).padStart(12)} ${reader.toFixed(2).padStart(24)} ${artefacts.toFixed(1).padStart(14)}`,
    );
  }
}

void main();
