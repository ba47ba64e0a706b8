/** A fenced shell example of a markdown guide. */
export interface ShellBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** Why the block is not run (the `<!-- not-run: … -->` comment before it), or null: it runs. */
  notRun: string | null;
}

const SHELL = new Set(['bash', 'sh', 'shell', 'console']);
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)(.*)$/;
const NOT_RUN = /^\s*<!--\s*not-run:\s*(.*?)\s*-->\s*$/;

/**
 * The shell blocks of a markdown text, in order (indented ones in lists included, dedented). A block
 * is skipped only when the last non-blank line before its fence is `<!-- not-run: <reason> -->`, with a
 * reason: a block cannot be left out silently, and the reason is shown in the test's summary.
 */
export function shellBlocks(markdown: string): ShellBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence] = open;
    const lang = open[3].toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]);
      if (close && close[2].startsWith(fence[0]) && close[2].length >= fence.length && close[3] === '' && close[4].trim() === '') break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    if (SHELL.has(lang)) {
      let k = i - 1;
      while (k >= 0 && lines[k].trim() === '') k--;
      const marker = k >= 0 ? NOT_RUN.exec(lines[k]) : null;
      if (marker && marker[1] === '') throw new Error(`line ${k + 1}: <!-- not-run: … --> needs a reason`);
      blocks.push({ line: i + 1, lang, code: body.join('\n'), notRun: marker ? marker[1] : null });
    }
    i = j;
  }
  return blocks;
}

/**
 * One bash script running the blocks in order in one shell (a block's variables and functions serve
 * the next ones, as in a reader's terminal), stopping at the first failing command (`set -euo pipefail`).
 * Each block is announced on stdout by `::doc-block <line>::` and its end by `::doc-block-ok <line>::`.
 */
export function scriptOf(blocks: ShellBlock[]): string {
  const parts = ['set -euo pipefail', 'exec 2>&1'];
  for (const block of blocks) {
    if (block.notRun !== null) continue;
    parts.push(`echo '::doc-block ${block.line}::'`, block.code, `echo; echo '::doc-block-ok ${block.line}::'`);
  }
  return `${parts.join('\n')}\n`;
}
