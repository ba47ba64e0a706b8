import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, PDFString, PDFHexString, type PDFObject } from 'pdf-lib';

/** Test helpers: what a rendered PDF holds, read with pdf-lib (independent of the renderers' code paths). */

const streamBytes = (stream: PDFStream): Buffer => {
  const raw = Buffer.from((stream as PDFRawStream).contents);
  const filter = stream.dict.get(PDFName.of('Filter'));
  return filter && filter.toString() === '/FlateDecode' ? inflateSync(raw) : raw;
};

export interface InspectedPdf {
  doc: PDFDocument;
  /** Embedded files by name, with their file specification dictionary. */
  attachments: Map<string, { content: Buffer; spec: PDFDict }>;
  xmp: string;
  /** Font descriptors: which carry an embedded font program (FontFile2/FontFile3). */
  fonts: { name: string; embedded: boolean }[];
  outputIntentIcc: Buffer | undefined;
  hasTrailerId: boolean;
}

export async function inspectPdf(bytes: Buffer): Promise<InspectedPdf> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context, catalog } = doc;
  const lookup = <T extends PDFObject>(value: PDFObject | undefined): T | undefined => (value ? (context.lookup(value) as T) : undefined);

  const attachments = new Map<string, { content: Buffer; spec: PDFDict }>();
  const names = lookup<PDFDict>(catalog.get(PDFName.of('Names')));
  const embedded = lookup<PDFDict>(names?.get(PDFName.of('EmbeddedFiles')));
  const list = lookup<PDFArray>(embedded?.get(PDFName.of('Names')));
  for (let i = 0; list && i < list.size(); i += 2) {
    const name = (list.get(i) as PDFString | PDFHexString).decodeText();
    const spec = lookup<PDFDict>(list.get(i + 1))!;
    const ef = lookup<PDFDict>(spec.get(PDFName.of('EF')))!;
    attachments.set(name, { content: streamBytes(lookup<PDFStream>(ef.get(PDFName.of('F')))!), spec });
  }

  const metadata = lookup<PDFStream>(catalog.get(PDFName.of('Metadata')));
  const xmp = metadata ? streamBytes(metadata).toString('utf8') : '';

  const fonts: { name: string; embedded: boolean }[] = [];
  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : undefined;
    if (!dict || dict.get(PDFName.of('Type'))?.toString() !== '/Font') continue;
    const subtype = dict.get(PDFName.of('Subtype'))?.toString();
    if (subtype === '/Type0') continue; // its descendant carries the descriptor
    const descriptor = lookup<PDFDict>(dict.get(PDFName.of('FontDescriptor')));
    fonts.push({
      name: dict.get(PDFName.of('BaseFont'))?.toString() ?? '?',
      embedded: !!descriptor && (descriptor.has(PDFName.of('FontFile2')) || descriptor.has(PDFName.of('FontFile3')) || descriptor.has(PDFName.of('FontFile'))),
    });
  }

  const intents = lookup<PDFArray>(catalog.get(PDFName.of('OutputIntents')));
  const intent = intents && intents.size() > 0 ? lookup<PDFDict>(intents.get(0)) : undefined;
  const icc = lookup<PDFStream>(intent?.get(PDFName.of('DestOutputProfile')));

  return { doc, attachments, xmp, fonts, outputIntentIcc: icc ? streamBytes(icc) : undefined, hasTrailerId: !!context.trailerInfo.ID };
}
