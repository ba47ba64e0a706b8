import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location?: Array<{ pointer?: string }> }>;
}

/** `redocly lint` with the repository's redocly.yaml (recommended ruleset), as a JSON report. */
async function lint(file = path.join(ROOT, 'openapi/openapi.json')): Promise<LintReport> {
  const args = [CLI, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format=json'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  // Exit status 1 when problems are found: the report is on stdout either way.
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(stdout.slice(stdout.indexOf('{'))) as LintReport;
}

const summary = (report: LintReport): string[] =>
  report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer ?? ''}: ${p.message}`);

/** The published document passes Redocly's recommended lint with no error, no warning and nothing ignored. */
describe('openapi/openapi.json under Redocly lint', () => {
  jest.setTimeout(120_000);

  it('has no problem at all', async () => {
    const report = await lint();
    expect(summary(report)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it('would report a public operation without `security: []` (the lint runs, and fails)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liasse-lint-'));
    try {
      const file = path.join(dir, 'bad.json');
      writeFileSync(
        file,
        JSON.stringify({
          openapi: '3.0.0',
          info: { title: 't', version: '1', license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' } },
          servers: [{ url: 'https://liasse.example' }],
          paths: { '/x': { get: { operationId: 'x', summary: 'x', responses: { '200': { description: 'ok' }, '400': { description: 'bad' } } } } },
        }),
      );
      const report = await lint(file);
      expect(report.problems.map((p) => p.ruleId)).toContain('security-defined');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
