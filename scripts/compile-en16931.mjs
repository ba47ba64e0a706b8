#!/usr/bin/env node
// Compiles the official EN 16931 validation artefacts (XSLT 2.0, EUPL-1.2) to SaxonJS SEF files, the form
// saxon-js evaluates without recompiling: src/lib/einvoice/en16931/artefacts/EN16931-{UBL,CII}-validation.sef.json.
//
//   node scripts/compile-en16931.mjs [source-dir]
//
// source-dir holds ubl/EN16931-UBL-validation.xslt and cii/EN16931-CII-validation.xslt, as published in
// https://github.com/ConnectingEurope/eInvoicing-EN16931 (release "validation-1.3.16": ubl/xslt/ and cii/xslt/).
// Default: ../shared/standards/en16931 beside the repository. About 20 s of CPU per syntax (xslt3 from devDependencies).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(process.argv[2] ?? join(root, '..', 'shared', 'standards', 'en16931'));
const target = join(root, 'src', 'lib', 'einvoice', 'en16931', 'artefacts');
const xslt3 = join(root, 'node_modules', '.bin', 'xslt3');

for (const [folder, name] of [['ubl', 'EN16931-UBL-validation'], ['cii', 'EN16931-CII-validation']]) {
  const xsl = join(source, folder, `${name}.xslt`);
  if (!existsSync(xsl)) {
    console.error(`missing ${xsl}: pass the folder holding ubl/ and cii/ as the first argument`);
    process.exit(1);
  }
  const out = join(target, `${name}.sef.json`);
  const started = Date.now();
  execFileSync(xslt3, [`-xsl:${xsl}`, `-export:${out}`, '-nogo', '-relocate:on'], { stdio: 'inherit' });
  console.log(`${out}: ${(statSync(out).size / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
