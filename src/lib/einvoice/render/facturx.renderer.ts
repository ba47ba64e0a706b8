import { AFRelationship } from 'pdf-lib';
import { writeCiiInvoice } from '../cii-invoice.writer';
import type { InvoiceDocument, PostalAddress } from '../invoice-document';
import { vatCategoryOf } from '../writer-values';
import { frenchDate, frenchNumber, Layout, type Column } from './layout';
import { createPdfa, savePdfa } from './pdfa';

/**
 * An invoice → Factur-X 1.0, profile EN 16931: a PDF/A-3b whose page shows the invoice (seller, buyer,
 * numbers, dates, lines, VAT breakdown, totals, payment terms and account) and which carries the CII XML
 * of `writeCiiInvoice` as `factur-x.xml` (AFRelationship Data). Pure: no clock (the date is given), no I/O
 * but the assets read once per process.
 */

export const FACTURX_XML_NAME = 'factur-x.xml';
export const FACTURX_CONFORMANCE_LEVEL = 'EN 16931';

export interface FacturXRenderOptions {
  /** When the document is made (PDF dates, XMP). */
  at: Date;
  /** The payment mode as the portal names it (e.g. "Virement"), shown beside the UNTDID code. */
  paymentModeLabel?: string;
}

const PAYMENT_MEANS_LABELS: Record<string, string> = { '1': 'Autre', '10': 'Espèces', '20': 'Chèque', '30': 'Virement', '31': 'Virement', '49': 'Prélèvement', '58': 'Virement SEPA', '59': 'Prélèvement SEPA' };

function addressLines(address: PostalAddress | undefined): string[] {
  if (!address) return [];
  return [address.line1, address.line2, address.line3, [address.postalCode, address.city].filter(Boolean).join(' '), address.countryCode].filter((l): l is string => !!l);
}

/** "FR76 3000 6000 0112 3456 7890 189": an IBAN in groups of four, as printed on invoices. */
const groupedIban = (iban: string): string => iban.replace(/(.{4})(?=.)/g, '$1 ');

export function facturXTitle(invoice: InvoiceDocument): string {
  return `${invoice.type === 'AVOIR' ? 'Avoir' : 'Facture'} ${invoice.number}`;
}

export async function renderFacturX(invoice: InvoiceDocument, options: FacturXRenderOptions): Promise<Buffer> {
  const xml = writeCiiInvoice(invoice);
  const title = facturXTitle(invoice);
  const pdf = await createPdfa(title, options.at);
  const page = new Layout(pdf, `${title} — Factur-X ${FACTURX_CONFORMANCE_LEVEL} (données structurées jointes : ${FACTURX_XML_NAME})`);
  const currency = invoice.currency;

  page.text(invoice.type === 'AVOIR' ? 'AVOIR' : 'FACTURE', { size: 18, bold: true });
  page.text(`N° ${invoice.number}`, { size: 12, bold: true });
  page.space(4);
  page.text(`Date d'émission : ${frenchDate(invoice.issueDate)}${invoice.dueDate ? `    Échéance : ${frenchDate(invoice.dueDate)}` : ''}    Devise : ${currency}`);
  const references = [
    invoice.engagementNumber ? `Engagement : ${invoice.engagementNumber}` : '',
    invoice.contractNumber ? `Marché : ${invoice.contractNumber}` : '',
    invoice.recipient.serviceCode ? `Service destinataire : ${invoice.recipient.serviceCode}` : '',
  ].filter(Boolean);
  if (references.length > 0) page.text(references.join('    '));
  page.space(10);

  page.blocks([
    ['Fournisseur', invoice.supplier.name ?? '', ...(invoice.supplier.siret ? [`SIRET ${invoice.supplier.siret}`] : []), ...(invoice.supplier.vatNumber ? [`TVA ${invoice.supplier.vatNumber}`] : []), ...addressLines(invoice.supplier.address)],
    ['Client', invoice.recipient.name ?? '', ...(invoice.recipient.siret ? [`SIRET ${invoice.recipient.siret}`] : []), ...(invoice.recipient.vatNumber ? [`TVA ${invoice.recipient.vatNumber}`] : []), ...addressLines(invoice.recipient.address)],
  ]);
  page.space(14);

  if (invoice.lines.length > 0) {
    const w = page.width;
    const columns: Column[] = [
      { width: 26 },
      { width: w - 26 - 60 - 70 - 50 - 80 },
      { width: 60, align: 'right' },
      { width: 70, align: 'right' },
      { width: 50, align: 'right' },
      { width: 80, align: 'right' },
    ];
    page.row(columns, ['N°', 'Désignation', 'Quantité', 'Prix unit. HT', 'TVA', `Montant HT (${currency})`], { header: true });
    for (const line of invoice.lines) {
      const category = vatCategoryOf(line.vatRate, invoice.vatBreakdown);
      const vat = line.vatRate !== undefined && category !== 'O' ? `${frenchNumber(line.vatRate, 0)} %` : category;
      page.row(columns, [line.number, line.description || '-', frenchNumber(line.quantity, 0), frenchNumber(line.unitPrice), vat, frenchNumber(line.netAmount)]);
    }
    page.rule();
    page.space(10);
  }

  if (invoice.vatBreakdown.length > 0) {
    const columns: Column[] = [{ width: 90 }, { width: 60 }, { width: 110, align: 'right' }, { width: 110, align: 'right' }];
    page.text('Récapitulatif de la TVA', { bold: true, size: 10 });
    page.space(2);
    page.row(columns, ['Catégorie', 'Taux', `Base HT (${currency})`, `TVA (${currency})`], { header: true });
    for (const v of invoice.vatBreakdown) {
      page.row(columns, [v.category, v.category === 'O' ? '-' : `${frenchNumber(v.rate, 0)} %`, frenchNumber(v.taxableAmount), frenchNumber(v.vatAmount)]);
    }
    if (invoice.vatBreakdown.some((v) => ['E', 'AE', 'K', 'G', 'O'].includes(v.category))) {
      page.text(`Mention : ${invoice.vatExemptionReason ?? 'voir la catégorie de TVA'}`, { size: 8, grey: true });
    }
    page.space(10);
  }

  const totals: Column[] = [{ width: page.width - 200 }, { width: 110 }, { width: 90, align: 'right' }];
  const t = invoice.totals;
  page.row(totals, ['', 'Total HT', `${frenchNumber(t.totalExclTax)} ${currency}`]);
  page.row(totals, ['', 'Total TVA', `${frenchNumber(t.totalVat)} ${currency}`]);
  page.row(totals, ['', 'Total TTC', `${frenchNumber(t.totalInclTax)} ${currency}`]);
  page.row(totals, ['', 'Net à payer', `${frenchNumber(t.amountDue)} ${currency}`], { header: true });
  page.space(12);

  const payment = [
    invoice.paymentMeansCode ? `Mode de paiement : ${options.paymentModeLabel ?? PAYMENT_MEANS_LABELS[invoice.paymentMeansCode] ?? invoice.paymentMeansCode}` : '',
    invoice.dueDate ? `Date d'échéance : ${frenchDate(invoice.dueDate)}` : '',
    invoice.paymentTerms ? `Conditions : ${invoice.paymentTerms}` : '',
    invoice.iban ? `IBAN : ${groupedIban(invoice.iban)}${invoice.accountName ? ` (${invoice.accountName})` : ''}` : '',
  ].filter(Boolean);
  if (payment.length > 0) {
    page.text('Paiement', { bold: true, size: 10 });
    for (const line of payment) page.text(line);
    page.space(10);
  }
  if (invoice.note) {
    page.text('Note', { bold: true, size: 10 });
    page.text(invoice.note);
  }
  page.finish();

  await pdf.doc.attach(xml, FACTURX_XML_NAME, {
    mimeType: 'text/xml',
    description: `Factur-X ${FACTURX_CONFORMANCE_LEVEL} invoice`,
    creationDate: options.at,
    modificationDate: options.at,
    afRelationship: AFRelationship.Data,
  });
  return savePdfa(pdf, title, options.at, { fileName: FACTURX_XML_NAME, conformanceLevel: FACTURX_CONFORMANCE_LEVEL });
}
