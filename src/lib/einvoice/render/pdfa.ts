import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFHexString, PDFName, PDFString, type PDFFont } from 'pdf-lib';
import { renderAssets } from './assets';

/**
 * What makes a pdf-lib document PDF/A-3b: embedded fonts (DejaVu Sans, subset), an sRGB OutputIntent,
 * XMP metadata matching the document information dictionary (with the Factur-X extension schema when
 * asked), and a file identifier in the trailer.
 */

export const PRODUCER = 'Liasse';

export interface PdfaDocument {
  doc: PDFDocument;
  regular: PDFFont;
  bold: PDFFont;
}

type Font = ReturnType<typeof fontkit.create>;
type Glyphs = ReturnType<Font['layout']>['glyphs'];

/**
 * fontkit parses a font's 750 kB on every `embedFont`; the parsed font is immutable (each document makes
 * its own subset from it), so it is parsed once per process and shared.
 * Its `layout` (OpenType shaping: GSUB/GPOS lookups) ran on every string pdf-lib draws or measures, most
 * of the rendering time. pdf-lib reads only the glyphs of a layout (not the positions), and the text here
 * is Latin business text that needs no shaping, so a string is laid out as its characters, each shaped
 * once per process: the same glyphs, without ligatures (the extracted text is then exactly the text).
 */
function withCharacterLayout(font: Font): Font {
  const shape = font.layout.bind(font);
  const glyphsOf = new Map<string, Glyphs>();
  font.layout = ((text: string) => {
    const glyphs: Glyphs = [];
    for (const char of text) {
      let shaped = glyphsOf.get(char);
      if (!shaped) {
        shaped = shape(char).glyphs;
        glyphsOf.set(char, shaped);
      }
      glyphs.push(...shaped);
    }
    return { glyphs } as ReturnType<Font['layout']>;
  }) as Font['layout'];
  return font;
}

const parsedFonts = new Map<Uint8Array, Font>();
const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create(bytes: Uint8Array, postscriptName?: string) {
    let font = parsedFonts.get(bytes);
    if (!font) {
      font = withCharacterLayout(fontkit.create(bytes, postscriptName));
      parsedFonts.set(bytes, font);
    }
    return font;
  },
};

export async function createPdfa(title: string, created: Date): Promise<PdfaDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);
  const assets = renderAssets();
  const [regular, bold] = await Promise.all([doc.embedFont(assets.regular, { subset: true }), doc.embedFont(assets.bold, { subset: true })]);
  doc.setTitle(title);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  return { doc, regular, bold };
}

export interface FacturXMetadata {
  fileName: string;
  /** EN 16931 for the documents Liasse renders. */
  conformanceLevel: string;
}

const xmlText = (value: string): string => value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** ISO 8601 with seconds and a Z, as XMP wants it (and matching the Info dictionary's dates to the second). */
const xmpDate = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const FACTURX_EXTENSION = `
      <pdfaExtension:schemas>
        <rdf:Bag>
          <rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>fx</pdfaSchema:prefix>
            <pdfaSchema:property>
              <rdf:Seq>
                <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
                <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
                <rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
                <rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
              </rdf:Seq>
            </pdfaSchema:property>
          </rdf:li>
        </rdf:Bag>
      </pdfaExtension:schemas>`;

export function xmpPacket(title: string, created: Date, facturx?: FacturXMetadata): string {
  const date = xmpDate(created);
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
      <pdfaid:part>3</pdfaid:part>
      <pdfaid:conformance>B</pdfaid:conformance>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(title)}</rdf:li></rdf:Alt></dc:title>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
      <xmp:CreatorTool>${PRODUCER}</xmp:CreatorTool>
      <xmp:CreateDate>${date}</xmp:CreateDate>
      <xmp:ModifyDate>${date}</xmp:ModifyDate>
      <xmp:MetadataDate>${date}</xmp:MetadataDate>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
      <pdf:Producer>${PRODUCER}</pdf:Producer>
    </rdf:Description>${
      facturx
        ? `
    <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">${FACTURX_EXTENSION}
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
      <fx:DocumentType>INVOICE</fx:DocumentType>
      <fx:DocumentFileName>${xmlText(facturx.fileName)}</fx:DocumentFileName>
      <fx:Version>1.0</fx:Version>
      <fx:ConformanceLevel>${xmlText(facturx.conformanceLevel)}</fx:ConformanceLevel>
    </rdf:Description>`
        : ''
    }
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Adds the XMP metadata stream (uncompressed), the sRGB OutputIntent and the trailer ID; then saves. */
export async function savePdfa(document: PdfaDocument, title: string, created: Date, facturx?: FacturXMetadata): Promise<Buffer> {
  const { doc } = document;
  const context = doc.context;
  const metadata = context.stream(Buffer.from(xmpPacket(title, created, facturx), 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), context.register(metadata));
  const icc = context.flateStream(renderAssets().srgbIcc, { N: 3 });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: context.register(icc),
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
  const id = createHash('sha256').update(title).update(created.toISOString()).update(String(doc.getPageCount())).digest('hex').slice(0, 32);
  context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  // One pass: a document is a few dozen objects, and pdf-lib's default yields to a 1 ms timer every 50.
  return Buffer.from(await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }));
}
