import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const PROGRAM = path.join(ROOT, 'test/compile/client-request-bodies.ts');

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: [],
};

/** Compiles files (on disk, plus `extra` in memory beside the program) and returns the diagnostics as text. */
function compile(extra?: { name: string; source: string }): string[] {
  const host = ts.createCompilerHost(OPTIONS);
  const extraPath = extra ? path.join(path.dirname(PROGRAM), extra.name) : undefined;
  if (extra) {
    const read = host.readFile.bind(host);
    const exists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (file) => (file === extraPath ? extra.source : read(file));
    host.fileExists = (file) => file === extraPath || exists(file);
    host.getSourceFile = (file, language, onError) =>
      file === extraPath ? ts.createSourceFile(file, extra.source, language) : getSourceFile(file, language, onError);
  }
  const program = ts.createProgram(extraPath ? [PROGRAM, extraPath] : [PROGRAM], OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * An integrator's program against the client generated from openapi/openapi.json (test/generated/liasse-api.d.ts,
 * written by `npm run openapi`): every optional field of the structure, service and invoice bodies, with the
 * values one sends (a nullable text: a string or null; `{label: "Siège"}` as the docs write it).
 */
describe('the generated client types', () => {
  jest.setTimeout(120_000);

  it('compile a program that fills every optional field of the structure, service and invoice bodies', () => {
    expect(compile()).toEqual([]);
  });

  it('refuse what the API refuses: a number for a text, a body missing an optional field under Complete<>', () => {
    const diagnostics = compile({
      name: '__wrong-bodies.ts',
      source: [
        "import type { components } from '../generated/liasse-api';",
        "type Complete<T> = T extends object ? { [K in keyof T]-?: Complete<T[K]> } : T;",
        "export const wrongType: components['schemas']['UpdateStructureDto'] = { label: 42 };",
        "export const incomplete: Complete<components['schemas']['CreateServiceDto']> = { code: 'A', label: 'B', activationStart: '2026-01-01' };",
      ].join('\n'),
    });
    expect(diagnostics).toEqual([
      expect.stringMatching(/__wrong-bodies\.ts:3 .*number.*not assignable to type 'string'/s),
      expect.stringMatching(/__wrong-bodies\.ts:4 .*missing the following properties.*description/s),
    ]);
  });
});
