import type { NormalisedInvoice } from '../../../lib/einvoice';
import type { ApiFile, ApiSubmissionFiles } from '../contracts/api-mode';

const MAX_FILE_NAME = 255;

/**
 * The files an invoice read from a flow brings: the Factur-X PDF as its main file, and every document
 * embedded in it (BG-24, EN 16931 BT-125: bytes, file name, MIME code) as an additional file. External
 * references (BT-124, a URI) carry no bytes and stay references; an empty embedded document is skipped.
 */
export function flowInvoiceFiles(invoice: NormalisedInvoice, pdf?: Buffer, pdfName?: string): ApiSubmissionFiles {
  const additional: ApiFile[] = (invoice.attachments ?? []).flatMap((attachment) =>
    attachment.content && attachment.content.length > 0
      ? [
          {
            fileName: (attachment.fileName ?? attachment.id).slice(0, MAX_FILE_NAME),
            mediaType: attachment.mediaType ?? 'application/octet-stream',
            content: attachment.content,
          },
        ]
      : [],
  );
  return {
    ...(pdf ? { main: { fileName: (pdfName ?? `${invoice.number}.pdf`).slice(0, MAX_FILE_NAME), mediaType: 'application/pdf', content: pdf } } : {}),
    ...(additional.length > 0 ? { additional } : {}),
  };
}
