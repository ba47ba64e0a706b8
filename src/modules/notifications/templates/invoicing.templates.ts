import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

type Templates = { [K in keyof MailTemplateData as K extends `invoicing.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

const NEXT_STEP: Record<MailTemplateData['invoicing.invoice-status-changed']['status'], string> = {
  A_RECYCLER: 'Le destinataire indique une erreur d’acheminement (destinataire, service ou numéro d’engagement). Recyclez la facture avec les bonnes informations : elle garde son numéro.',
  SUSPENDUE: 'Le destinataire a suspendu le traitement de la facture. Complétez-la (commentaire et pièces jointes) pour qu’il reprenne son traitement.',
  REJETEE: 'Le destinataire a rejeté la facture ; ce rejet est définitif. Prenez-en connaissance puis émettez, si besoin, une nouvelle facture.',
  MISE_EN_PAIEMENT: 'Le paiement de la facture a été lancé par le comptable public.',
  VALIDEE_1: 'Le valideur (titulaire du marché ou mandataire du groupement) a validé la facture ; elle est transmise au destinataire.',
  REFUSEE_1: 'Le valideur a refusé la facture ; ce refus est définitif et la facture ne sera pas transmise au destinataire. Déposez, si besoin, une facture corrigée.',
};

export const invoicingTemplates: Templates = {
  'invoicing.invoice-to-validate': (d) => ({
    subject: `Liasse — facture ${d.invoiceNumber} à valider`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `${d.supplierName} a déposé la facture ${d.invoiceNumber} (${d.amountDue} ${d.currency} à payer) adressée à ${d.recipientName}, en désignant votre structure comme valideur.`,
      'Validez-la pour qu’elle soit transmise au destinataire, ou refusez-la en indiquant un motif.',
    ],
    action: { label: 'Valider ou refuser la facture', url: d.link },
  }),
  'invoicing.invoice-received': (d) => ({
    subject: `Liasse — nouvelle facture ${d.invoiceNumber} reçue`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `La facture ${d.invoiceNumber} de ${d.supplierName} (${d.amountDue} ${d.currency} à payer) a été mise à disposition de votre structure.`,
      d.paymentDeadline ? `Le délai global de paiement court jusqu’au ${d.paymentDeadline}.` : 'Le délai global de paiement court à compter d’aujourd’hui.',
    ],
    action: { label: 'Traiter la facture', url: d.link },
  }),
  'invoicing.invoice-status-changed': (d) => ({
    subject: `Liasse — facture ${d.invoiceNumber} : ${d.statusLabel}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `La facture ${d.invoiceNumber} adressée à ${d.recipientName} est passée au statut « ${d.statusLabel} ».`,
      ...(d.reason ? [`Motif : ${d.reason}`] : []),
      NEXT_STEP[d.status],
    ],
    action: { label: 'Voir la facture', url: d.link },
  }),
};
