import { scriptOf, shellBlocks } from './doc-blocks';

describe('shellBlocks', () => {
  const doc = [
    '# Guide',
    '```bash',
    'export LIASSE=x',
    '```',
    '```json',
    '{"not": "shell"}',
    '```',
    '<!-- not-run: starts the server -->',
    '',
    '```sh',
    'npm start',
    '```',
    '- a list item:',
    '  ```bash',
    '  curl -sf "$LIASSE/health"',
    '  ```',
  ].join('\n');

  it('finds the shell blocks in order, indented ones dedented, and the reason of a marked one', () => {
    expect(shellBlocks(doc)).toEqual([
      { line: 2, lang: 'bash', code: 'export LIASSE=x', notRun: null },
      { line: 10, lang: 'sh', code: 'npm start', notRun: 'starts the server' },
      { line: 14, lang: 'bash', code: 'curl -sf "$LIASSE/health"', notRun: null },
    ]);
  });

  it('refuses a not-run marker without a reason', () => {
    expect(() => shellBlocks('<!-- not-run: -->\n```bash\nnpm ci\n```')).toThrow(/needs a reason/);
  });

  it('writes one script that stops at the first failure and leaves the marked blocks out', () => {
    const script = scriptOf(shellBlocks(doc));
    expect(script.startsWith('set -euo pipefail\n')).toBe(true);
    expect(script).toContain('export LIASSE=x');
    expect(script).not.toContain('npm start');
    expect(script.indexOf('::doc-block 2::')).toBeLessThan(script.indexOf('::doc-block 14::'));
  });
});
