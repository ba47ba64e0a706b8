import { randomBytes } from 'node:crypto';
import { DomainError } from '../domain/domain-error';
import { base64File } from '../../modules/piste/domain/readers';
import { findInvalidText } from './text-rule';
import { FileFieldOutcome, FileFieldSink, JsonFileFieldScanner } from './json-file-fields';

/** What a handler ends up with for one file member: the bytes, or the error's reason, or the text rule's field. */
type Result = { json: 'invalid' } | { textRule: string } | { file: string } | { error: string };

class Collector implements FileFieldSink {
  readonly files = new Map<string, { chunks: Buffer[]; outcome?: FileFieldOutcome }>();
  private current: Buffer[] | null = null;
  begin(field: string) {
    this.current = [];
    this.files.set(field, { chunks: this.current });
  }
  bytes(bytes: Buffer) {
    this.current!.push(Buffer.from(bytes));
  }
  end(field: string, outcome: FileFieldOutcome) {
    this.files.get(field)!.outcome = outcome;
    this.current = null;
  }
  drop(field: string) {
    this.files.delete(field);
    this.current = null;
  }
}

function reasonOf(run: () => Buffer): { file: string } | { error: string } {
  try {
    return { file: run().toString('hex') };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { error: `${error.code} ${String((error.params as { reason?: string }).reason ?? '')}` };
  }
}

/** The readers on the whole body: what the API did before streaming. */
function expected(body: Buffer, field: string): Result {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { json: 'invalid' };
  }
  const path = findInvalidText(parsed);
  if (path !== undefined) return { textRule: path };
  return reasonOf(() => base64File(parsed, field));
}

/** The scanner fed in `chunks`, then the readers on the residual with the streamed file. */
function streamed(chunks: Buffer[], field: string): Result {
  const sink = new Collector();
  const scanner = new JsonFileFieldScanner(new Set([field, 'other']), sink);
  for (const chunk of chunks) scanner.write(chunk);
  const residual = scanner.end();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(residual.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { json: 'invalid' };
  }
  const path = findInvalidText(parsed);
  if (path !== undefined) return { textRule: path };
  const file = sink.files.get(field);
  if (!file?.outcome) return reasonOf(() => base64File(parsed, field));
  expect(parsed[field]).toBe('-');
  if (file.outcome.kind === 'invalid') return { error: 'PISTE.FIELD_INVALID contenu base64 attendu' };
  const content = Buffer.concat(file.chunks);
  expect(content.length).toBe(file.outcome.size);
  if (content.length === 0) return { error: 'PISTE.FIELD_INVALID fichier vide' };
  return { file: content.toString('hex') };
}

/** Every way of cutting `body` in two, and in one-byte chunks. */
function splits(body: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[body], [...body].map((b) => Buffer.from([b]))];
  for (let at = 1; at < body.length; at++) ways.push([body.subarray(0, at), body.subarray(at)]);
  return ways;
}

function check(text: string | Buffer, field = 'f') {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const want = expected(body, field);
  for (const chunks of splits(body)) expect({ cut: chunks.map((c) => c.length), ...streamed(chunks, field) }).toEqual({ cut: chunks.map((c) => c.length), ...want });
  return want;
}

describe('JsonFileFieldScanner: the file member of a JSON body read as it arrives, as the readers read the whole body', () => {
  it('decodes plain base64 with the other members left in the residual', () => {
    expect(check('{"a":1,"f":"JVBERi0xLjQK","b":{"f":"x"}}')).toEqual({ file: Buffer.from('%PDF-1.4\n').toString('hex') });
  });

  it.each([
    ['missing padding', '{"f":"JVBERi0xLjQ"}'],
    ['URL-safe alphabet', '{"f":"-_-_AAAA"}'],
    ['blanks everywhere', '{"f":"  JVBE Ri0x\\nLjQK\\r\\n\\t "}'],
    ['a data: URL', '{"f":"data:application/pdf;base64,JVBERi0xLjQK"}'],
    ['a data: URL with blanks before', '{"f":" \\n data:x,JVBE"}'],
    ['"data" that is data', '{"f":"datadata"}'],
    ['"dat" alone', '{"f":"dat"}'],
    ['"data:" without its comma', '{"f":"data:AAAA"}'],
    ['escaped slashes', '{"f":"ab\\/cd\\/"}'],
    ['a \\u escape of a letter', '{"f":"\\u0041AAA"}'],
    ['a lone trailing character', '{"f":"AAAAA"}'],
    ['one character', '{"f":"A"}'],
    ['padding then a blank', '{"f":"AA== "}'],
    ['padding in the middle', '{"f":"AA==AA"}'],
    ['three pads', '{"f":"A==="}'],
    ['"A="', '{"f":"A="}'],
    ['invalid characters', '{"f":"AAAA*AAA"}'],
    ['an escaped quote', '{"f":"AA\\"AA"}'],
    ['an escaped backslash', '{"f":"AA\\\\AA"}'],
    ['DEL', '{"f":"AA\u007fAA"}'],
    ['no-break spaces (JS blanks)', '{"f":"\u00a0AAAA\u2028\u3000\ufeffAAAA\u00a0"}'],
    ['escaped no-break spaces', '{"f":"\\u00a0AAAA\\u2028"}'],
    ['other non-ASCII', '{"f":"AAAé"}'],
    ['a character beyond the BMP', '{"f":"AA😀AA"}'],
    ['an escaped surrogate pair', '{"f":"AA\\ud83d\\ude00AA"}'],
    ['blank only', '{"f":"  \\n "}'],
    ['empty', '{"f":""}'],
    ['"data:,"', '{"f":"data:,"}'],
    ['a number', '{"f":12}'],
    ['null', '{"f":null}'],
    ['an object form', '{"f":{"f":"AAAA"}}'],
    ['a list', '{"f":["AAAA"]}'],
    ['nested only', '{"x":{"f":"AAAA"}}'],
    ['a top-level list', '[{"f":"AAAA"}]'],
    ['a key written with escapes', '{"\\u0066":"AAAA"}'],
    ['a longer key', '{"ff":"AAAA","f":"BBBB"}'],
    ['duplicates, the last wins', '{"f":"AAAA","f":"BBBB"}'],
    ['duplicates, the last not a string', '{"f":"AAAA","f":7}'],
    ['duplicates, the last blank', '{"f":"AAAA","f":" "}'],
    ['strings with braces and quotes before', '{"a":"}{\\"f\\":","f":"AAAA"}'],
    ['a BOM before the document', '\ufeff{"f":"AAAA"}'],
    ['the file member under another name too', '{"other":"QUJD","f":"REVG"}'],
  ])('%s', (_, body) => {
    check(body);
  });

  it.each([
    ['an escaped NUL', '{"f":"AA\\u0000AA"}'],
    ['an escaped control character', '{"f":"AA\\u001fAA"}'],
    ['\\b', '{"f":"AA\\bAA"}'],
    ['\\f', '{"f":"AA\\fAA"}'],
    ['a lone high surrogate', '{"f":"AA\\ud83dAA"}'],
    ['a lone high surrogate at the end', '{"f":"AA\\ud83d"}'],
    ['two high surrogates', '{"f":"\\ud83d\\ud83d\\ude00"}'],
    ['a lone low surrogate', '{"f":"AA\\ude00AA"}'],
    ['an escaped control character in a data: prefix', '{"f":"data:\\u0001,AAAA"}'],
    ['invalid text after invalid base64', '{"f":"**\\u0000"}'],
    ['invalid text in a later member', '{"f":"AAAA","g":"\\u0000"}'],
  ])('refuses with the text rule, the field named: %s', (_, body) => {
    const want = check(body);
    expect(want).toHaveProperty('textRule');
  });

  it.each([
    ['a raw line feed', '{"f":"AA\nAA"}'],
    ['a raw tab', '{"f":"AA\tAA"}'],
    ['a bad escape', '{"f":"AA\\xAA"}'],
    ['a bad \\u escape', '{"f":"AA\\u00g0AA"}'],
    ['a cut value', '{"f":"AAAA'],
    ['a cut escape', '{"f":"AAAA\\'],
    ['a missing colon', '{"f" "AAAA"}'],
    ['a missing brace', '{"f":"AAAA"'],
    ['trailing garbage', '{"f":"AAAA"}x'],
    ['a bad key', '{"f\\x":"AAAA"}'],
    ['nothing after the colon', '{"f":}'],
  ])('leaves a document the parser refuses, as the body was: %s', (_, body) => {
    expect(check(body)).toEqual({ json: 'invalid' });
  });

  it('treats invalid UTF-8 as the parser does (U+FFFD, not base64)', () => {
    for (const bytes of [[0xc3], [0xe2, 0x80], [0xc0, 0xa0], [0xe0, 0x82, 0xa0], [0xed, 0xa0, 0x80], [0xff], [0x80]]) {
      check(Buffer.concat([Buffer.from('{"f":"AAAA'), Buffer.from(bytes), Buffer.from('AAAA"}')]));
      check(Buffer.concat([Buffer.from('{"f":"AAAA'), Buffer.from(bytes), Buffer.from('"}')]));
    }
  });

  it('decodes a large random file the same whatever the chunk sizes', () => {
    const content = randomBytes(300_001);
    const base64 = content.toString('base64');
    const variants = [
      base64,
      base64.replace(/(.{76})/g, '$1\\r\\n'), // MIME line breaks, escaped in JSON
      base64.replace(/\//g, '\\/'), // PHP's json_encode
      base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), // URL-safe, unpadded
    ];
    for (const variant of variants) {
      const body = Buffer.from(`{"nomFichier":"a.pdf","f":"${variant}","formatDepot":"PDF_NON_SIGNE"}`);
      for (const size of [1, 3, 7, 64, 1000, 65536]) {
        const chunks: Buffer[] = [];
        for (let at = 0; at < body.length; at += size) chunks.push(body.subarray(at, at + size));
        expect(streamed(chunks, 'f')).toEqual({ file: content.toString('hex') });
      }
    }
  });

  it('keeps the residual small: the file is not in it', () => {
    const sink = new Collector();
    const scanner = new JsonFileFieldScanner(new Set(['f']), sink);
    scanner.write(Buffer.from(`{"a":"b","f":"${randomBytes(100_000).toString('base64')}","c":[1,2]}`));
    expect(scanner.end().toString()).toBe('{"a":"b","f":"-","c":[1,2]}');
  });

  it('agrees with the readers on random bodies made of tricky pieces', () => {
    const pieces = ['A', 'AB', 'AAAA', '=', ' ', '\\n', '\\/', '\\u0041', '\\u00a0', 'data:', ',', 'é', '*', '\\"', '-', '_', '\\u0000', '\\ud83d', '\\ude00'];
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 400; i++) {
      const value = Array.from({ length: next(8) }, () => pieces[next(pieces.length)]).join('');
      check(`{"x":1,"f":"${value}"}`);
    }
  });
});
