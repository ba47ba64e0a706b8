import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { PdfaDocument } from './pdfa';

/** A minimal flowing layout on A4 pages: text with wrapping, columns, rules, page breaks. */

export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 42;
const FOOTER = 36;
const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.75, 0.75, 0.75);

export interface Column {
  /** Width in points. */
  width: number;
  align?: 'left' | 'right';
}

/** Text as the fonts can show it: no control characters (tabs and line breaks become spaces). */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
export const printable = (value: string): string => value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');

/**
 * Text widths from per-character advances, cached per font for the process: pdf-lib's widthOfTextAtSize
 * runs a full OpenType layout on every call (most of the rendering time when wrapping word by word),
 * while the glyphs it draws are placed by their advances alone, so the sum is the drawn width.
 */
const advances = new Map<string, Map<string, number>>();

export function textWidth(font: PDFFont, text: string, size: number): number {
  let widths = advances.get(font.name.replace(/^[A-Z]{6}\+/, ''));
  if (!widths) {
    widths = new Map();
    advances.set(font.name.replace(/^[A-Z]{6}\+/, ''), widths);
  }
  let total = 0;
  for (const char of text) {
    let width = widths.get(char);
    if (width === undefined) {
      width = font.widthOfTextAtSize(char, 1000);
      widths.set(char, width);
    }
    total += width;
  }
  return (total * size) / 1000;
}

export class Layout {
  private page!: PDFPage;
  private y = 0;
  readonly width = A4[0] - 2 * MARGIN;
  private readonly pages: PDFPage[] = [];

  constructor(
    private readonly pdf: PdfaDocument,
    private readonly footer: string,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.pdf.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - MARGIN;
  }

  /** Breaks the page unless `height` points are left. */
  ensure(height: number): void {
    if (this.y - height < MARGIN + FOOTER) this.newPage();
  }

  space(points: number): void {
    this.y -= points;
  }

  /** Splits text into lines that fit `width` at `size`. */
  wrap(text: string, width: number, size: number, font: PDFFont = this.pdf.regular): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r\n|\r|\n/)) {
      let current = '';
      for (const word of printable(paragraph).split(' ')) {
        const candidate = current ? `${current} ${word}` : word;
        if (textWidth(font, candidate, size) <= width) {
          current = candidate;
          continue;
        }
        if (current) lines.push(current);
        current = word;
        // A word longer than the width is cut.
        while (textWidth(font, current, size) > width && current.length > 1) {
          let cut = current.length - 1;
          while (cut > 1 && textWidth(font, current.slice(0, cut), size) > width) cut--;
          lines.push(current.slice(0, cut));
          current = current.slice(cut);
        }
      }
      lines.push(current);
    }
    return lines;
  }

  /** A paragraph at the left margin (or `x`), wrapped to `width`. */
  text(value: string, options: { size?: number; bold?: boolean; grey?: boolean; x?: number; width?: number } = {}): void {
    const size = options.size ?? 9;
    const font = options.bold ? this.pdf.bold : this.pdf.regular;
    for (const line of this.wrap(value, options.width ?? this.width, size, font)) {
      this.ensure(size * 1.35);
      this.y -= size * 1.35;
      this.page.drawText(line, { x: MARGIN + (options.x ?? 0), y: this.y, size, font, color: options.grey ? GREY : undefined });
    }
  }

  /** Blocks side by side (e.g. seller and buyer), each a list of lines; the first line bold. */
  blocks(blocks: readonly (readonly string[])[], size = 9): void {
    const width = this.width / blocks.length;
    const wrapped = blocks.map((lines) => lines.flatMap((line, i) => this.wrap(line, width - 10, size, i === 0 ? this.pdf.bold : this.pdf.regular).map((text) => ({ text, bold: i === 0 }))));
    const height = Math.max(...wrapped.map((b) => b.length)) * size * 1.35;
    this.ensure(height);
    wrapped.forEach((lines, column) => {
      lines.forEach((line, i) => {
        this.page.drawText(line.text, {
          x: MARGIN + column * width,
          y: this.y - (i + 1) * size * 1.35,
          size,
          font: line.bold ? this.pdf.bold : this.pdf.regular,
        });
      });
    });
    this.y -= height;
  }

  /** A table row: cells wrapped to their column; `header` rows are bold with a rule below. */
  row(columns: readonly Column[], cells: readonly string[], options: { header?: boolean; size?: number } = {}): void {
    const size = options.size ?? 8.5;
    const font = options.header ? this.pdf.bold : this.pdf.regular;
    const wrapped = cells.map((cell, i) => this.wrap(cell, columns[i]!.width - 6, size, font));
    const height = Math.max(...wrapped.map((w) => w.length)) * size * 1.3 + 3;
    this.ensure(height);
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      const column = columns[i]!;
      lines.forEach((line, j) => {
        const lineWidth = textWidth(font, line, size);
        const left = column.align === 'right' ? x + column.width - 3 - lineWidth : x + 3;
        this.page.drawText(line, { x: left, y: this.y - (j + 1) * size * 1.3, size, font });
      });
      x += column.width;
    });
    this.y -= height;
    if (options.header) this.rule();
  }

  rule(): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + this.width, y: this.y }, thickness: 0.5, color: RULE });
    this.y -= 2;
  }

  /** Writes the footer and page numbers on every page; call once at the end. */
  finish(): void {
    const total = this.pages.length;
    this.pages.forEach((page, i) => {
      const text = printable(`${this.footer} — page ${i + 1}/${total}`);
      page.drawText(text, { x: MARGIN, y: MARGIN - 10, size: 7, font: this.pdf.regular, color: GREY });
    });
  }
}

/** "1234567.5" → "1 234 567,50" (French grouping, two decimals at least; the text's own decimals kept). */
export function frenchNumber(value: string, minDecimals = 2): string {
  const negative = value.startsWith('-');
  const [integer = '0', fraction = ''] = value.replace(/^[+-]/, '').split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const decimals = trimmed.length >= minDecimals ? trimmed : trimmed.padEnd(minDecimals, '0');
  const grouped = (integer.replace(/^0+(?=\d)/, '') || '0').replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${negative ? '-' : ''}${grouped}${decimals ? `,${decimals}` : ''}`;
}

/** "2026-03-15" → "15/03/2026". */
export const frenchDate = (isoDate: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : isoDate;
};
