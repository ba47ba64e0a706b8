import { AFRelationship } from 'pdf-lib';
import type { NormalisedTotals } from '../normalised-invoice';
import { frenchDate, frenchNumber, Layout, type Column } from './layout';
import { createPdfa, savePdfa } from './pdfa';

/**
 * The deposit certificate ("accusé de dépôt") of an invoice, for its supplier: what was deposited, when,
 * by whom for whom, for how much, and the SHA-256 fingerprint of every file, so that the supplier can
 * later prove which bytes the platform received. A PDF/A-3b whose page is for people and which carries
 * the same facts for machines as `accuse-de-depot.json` (AFRelationship Data).
 */

export const CERTIFICATE_JSON_NAME = 'accuse-de-depot.json';

export interface CertifiedFile {
  fileName: string;
  /** What the file is to the invoice: deposited main document, additional file, document rendered by the platform. */
  role: string;
  size: number;
  sha256: string;
}

export interface DepositCertificate {
  invoiceNumber: string;
  /** The platform's number of the invoice (API mode idFacture). */
  publicId?: number;
  kind: 'FACTURE' | 'AVOIR';
  /** YYYY-MM-DD (BT-2). */
  issueDate: string;
  depositedAt: Date;
  depositMode: string;
  depositFlowNumber?: string;
  supplier: { name?: string; siret?: string };
  recipient: { name?: string; siret?: string; serviceCode?: string };
  currency: string;
  totals: NormalisedTotals;
  files: readonly CertifiedFile[];
}

/** "2026-03-15T09:12:03Z" shown as 15/03/2026 09:12:03 UTC. */
const utc = (date: Date): string => `${frenchDate(date.toISOString().slice(0, 10))} ${date.toISOString().slice(11, 19)} UTC`;

export async function renderDepositCertificate(certificate: DepositCertificate, options: { at: Date; platform?: string }): Promise<Buffer> {
  const platform = options.platform ?? 'Liasse';
  const title = `Accusé de dépôt — ${certificate.kind === 'AVOIR' ? 'avoir' : 'facture'} ${certificate.invoiceNumber}`;
  const pdf = await createPdfa(title, options.at);
  const page = new Layout(pdf, `${title} — délivré par ${platform} le ${utc(options.at)}`);

  page.text('ACCUSÉ DE DÉPÔT', { size: 18, bold: true });
  page.text(`${certificate.kind === 'AVOIR' ? 'Avoir' : 'Facture'} n° ${certificate.invoiceNumber}`, { size: 12, bold: true });
  page.space(6);
  page.text(
    `${platform} atteste avoir reçu le document décrit ci-dessous le ${utc(certificate.depositedAt)} et l'avoir mis à disposition de son destinataire. ` +
      'Les empreintes SHA-256 identifient chaque fichier octet pour octet.',
  );
  page.space(10);

  const two: Column[] = [{ width: 170 }, { width: page.width - 170 }];
  const facts: [string, string][] = [
    ['Numéro de facture', certificate.invoiceNumber],
    ...(certificate.publicId !== undefined ? ([['Identifiant sur la plateforme', String(certificate.publicId)]] as [string, string][]) : []),
    ["Date d'émission", frenchDate(certificate.issueDate)],
    ['Date et heure de dépôt', utc(certificate.depositedAt)],
    ['Mode de dépôt', certificate.depositMode],
    ...(certificate.depositFlowNumber ? ([['Numéro de flux', certificate.depositFlowNumber]] as [string, string][]) : []),
    ['Fournisseur', [certificate.supplier.name, certificate.supplier.siret ? `SIRET ${certificate.supplier.siret}` : ''].filter(Boolean).join(' — ')],
    ['Destinataire', [certificate.recipient.name, certificate.recipient.siret ? `SIRET ${certificate.recipient.siret}` : ''].filter(Boolean).join(' — ')],
    ...(certificate.recipient.serviceCode ? ([['Service destinataire', certificate.recipient.serviceCode]] as [string, string][]) : []),
    ['Montant HT', `${frenchNumber(certificate.totals.totalExclTax)} ${certificate.currency}`],
    ['Montant TVA', `${frenchNumber(certificate.totals.totalVat)} ${certificate.currency}`],
    ['Montant TTC', `${frenchNumber(certificate.totals.totalInclTax)} ${certificate.currency}`],
    ['Net à payer', `${frenchNumber(certificate.totals.amountDue)} ${certificate.currency}`],
  ];
  for (const [label, value] of facts) page.row(two, [label, value], { size: 9 });
  page.space(12);

  page.text('Fichiers', { bold: true, size: 10 });
  page.space(2);
  if (certificate.files.length === 0) {
    page.text('Aucun fichier : la facture a été saisie (données structurées seulement).');
  } else {
    const columns: Column[] = [{ width: 150 }, { width: 85 }, { width: 60, align: 'right' }, { width: page.width - 295 }];
    page.row(columns, ['Fichier', 'Rôle', 'Octets', 'Empreinte SHA-256'], { header: true });
    for (const file of certificate.files) page.row(columns, [file.fileName, file.role, String(file.size), file.sha256], { size: 7.5 });
  }
  page.finish();
  const machineFacts = { ...certificate, depositedAt: certificate.depositedAt.toISOString(), issuedAt: options.at.toISOString(), platform };
  await pdf.doc.attach(Buffer.from(JSON.stringify(machineFacts, null, 2), 'utf8'), CERTIFICATE_JSON_NAME, {
    mimeType: 'application/json',
    description: 'Deposit certificate facts',
    creationDate: options.at,
    modificationDate: options.at,
    afRelationship: AFRelationship.Data,
  });
  return savePdfa(pdf, title, options.at);
}
