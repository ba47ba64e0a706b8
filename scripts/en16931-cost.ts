// The CPU cost of EN 16931 validation per document, native rules vs the official artefacts (saxon-js),
// warm (after 20 unmeasured runs). Run: node -r @swc-node/register scripts/en16931-cost.ts
// Figures go to docs/benchmarks.md ("EN 16931 validation"). Single process, no server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { largeUblInvoice } from '../src/lib/einvoice/__fixtures__/en16931-mutations';
import { validateWithArtefacts } from '../test/support/en16931-artefacts';
import type { En16931Syntax } from '../src/lib/einvoice/en16931/findings';
import { validateEn16931 } from '../src/lib/einvoice/en16931/validate';
import { parseXmlSafely } from '../src/lib/einvoice/safe-xml';

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
];

function cpuMs(run: () => unknown, times: number): number {
  for (let i = 0; i < Math.min(times, 20); i++) run();
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / times;
}

console.log('document                          bytes   parse ms  native ms (incl. parse)  artefacts ms');
for (const [name, syntax, xml] of documents) {
  const parse = cpuMs(() => parseXmlSafely(xml), 200);
  const native = cpuMs(() => validateEn16931(xml, syntax), 200);
  const artefacts = cpuMs(() => validateWithArtefacts(xml, syntax), 10);
  console.log(
    `${name.padEnd(32)} ${String(Buffer.byteLength(xml)).padStart(6)} ${parse.toFixed(2).padStart(9)} ${native.toFixed(2).padStart(12)} ${artefacts.toFixed(1).padStart(24)}`,
  );
}
