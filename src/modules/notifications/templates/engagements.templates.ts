import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

type Templates = { [K in keyof MailTemplateData as K extends `engagements.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

export const engagementsTemplates: Templates = {
  'engagements.engagement-received': (d) => ({
    subject: `Liasse — nouvel engagement ${d.engagementNumber} de ${d.issuerName}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `${d.issuerName} a enregistré l'engagement ${d.engagementNumber} (${d.amount} ${d.currency} TTC) pour ${d.structureName}.`,
      "Indiquez ce numéro d'engagement sur les factures correspondantes : elles seront imputées sur ce qu'il en reste.",
    ],
    action: { label: "Voir l'engagement", url: d.link },
  }),
};
